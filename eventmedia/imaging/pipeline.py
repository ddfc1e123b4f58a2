"""From untrusted image bytes to a clean original and its renditions.

``process_image`` probes the bytes (``probe``), then takes one of three paths:

- JPEG whose pixels are fine (RGB or grey, within the size box, not stored at a wastefully high
  quality, no colour profile to convert): the original is kept byte for byte minus everything but
  the segments a decoder needs (``jpeg_segments``; a multi-picture JPEG keeps its primary picture) and the
  pixels are decoded only at the scale the largest rendition needs (``draft``: libjpeg decodes at
  1/2, 1/4 or 1/8 scale). This is the fast path for photos.
- Any other still image (PNG, still GIF and WebP, AVIF, HEIF): decoded once, oriented, normalised to
  RGB/L or RGBA/LA, and encoded by policy: opaque becomes JPEG, real transparency stays PNG (or WebP).
- Animated image: kept animated in its own format with metadata dropped, or refused by policy.

Renditions are made largest first, each from the previous one (a cascade), never upscaled. Every
output has its ``info`` cleared before saving, because Pillow copies comments, XMP and EXIF from it.
An embedded colour profile is kept only when it is valid, matches the pixels and is small (``icc``);
a large valid one is converted away. Every output is in one of ``formats.STORED_FORMATS``: anything
else is ``unsupported_format``, raised before a single file is written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from PIL import Image

from . import png_chunks
from .animation import save_animation
from .crops import CENTER, cut_crops, detail_center, make_crops, needed_size
from .errors import ANIMATION_NOT_ALLOWED, MediaError
from .icc import ProfileAction, inspect_profile
from .jpeg_quality import estimate_jpeg_quality
from .jpeg_segments import orientation_exif, read_layout, strip_metadata
from .outputs import EncodedImage, ImagePolicy, ProcessedImage
from .placeholder import placeholder_of
from .probe import ProbedImage, pillow_errors, probe_image
from .specs import RenditionSpec
from .steps import (
    _apply_profile,
    _area,
    _Background,
    _clear_info,
    _displayed_size,
    _encode,
    _load,
    _orient,
    _orientation,
    _renditions,
    _resize,
    _stored_box,
    _targets,
    _too_big,
)

__all__ = [
    "EncodedImage",
    "ImagePolicy",
    "ProcessedImage",
    "crop_renditions",
    "estimate_jpeg_quality",
    "process_image",
]

# The defaults (a frozen value, so one instance serves every call that gives none).
DEFAULT_POLICY = ImagePolicy()

# Re-encode a JPEG original only when it was saved this far above our quality...
REENCODE_QUALITY_MARGIN = 5
# ...and keep the re-encoded copy only when it is at least this much smaller.
REENCODE_MIN_SAVING = 0.10


def process_image(
    data: bytes,
    specs: Sequence[RenditionSpec],
    policy: ImagePolicy = DEFAULT_POLICY,
    focal: tuple[float, float] | None = None,
) -> ProcessedImage:
    """Validate, normalise and encode ``data``; raise ``MediaError`` for anything to refuse.

    Crop specs are cut around ``focal`` (x, y in 0..1 of the upright image), or around the policy's
    default when it is None.
    """
    fits = [spec for spec in specs if not spec.crop]
    crops = [spec for spec in specs if spec.crop]
    processed, source = _process(data, fits, policy, crops)
    with pillow_errors():
        if crops:
            processed = _with_crops(processed, specs, crops, focal, policy, source)
        return replace(processed, placeholder=placeholder_of(processed.smallest().content))


def crop_renditions(
    original: EncodedImage, specs: Sequence[RenditionSpec], focal: tuple[float, float], policy: ImagePolicy
) -> dict[str, EncodedImage]:
    """The crop renditions of a stored original around ``focal`` (what a focal point change remakes)."""
    made = make_crops(original.content, [spec for spec in specs if spec.crop], focal, _crop_encoder(policy))
    return {
        name: EncodedImage(content, fmt, width, height)
        for name, (content, fmt, width, height) in made.items()
    }


class CropSource(NamedTuple):
    """The upright pixels an upload was decoded to, at a scale that covers its crops, and the colour
    profile its outputs embed: the crops are cut from them rather than from the original decoded again."""

    image: Image.Image
    icc: bytes | None


def _with_crops(processed, specs, crops, focal, policy, source: CropSource | None) -> ProcessedImage:
    found = None
    if focal is None:
        found = detail_center(processed.original.content) if policy.focal_default == "detail" else None
        focal = found or CENTER
    if source is None:  # an animation: its first frame, as stored
        cropped = crop_renditions(processed.original, crops, focal, policy)
    else:
        made = cut_crops(source.image, crops, focal, _crop_encoder(policy), source.icc)
        cropped = {name: EncodedImage(*result) for name, result in made.items()}
    every = {**processed.renditions, **cropped}
    ordered = {spec.name: every[spec.name] for spec in specs}  # the configured order
    return replace(processed, renditions=ordered, focal_point=found)


def _crop_encoder(policy: ImagePolicy):
    def encode(image: Image.Image, icc: bytes | None) -> tuple[bytes, str]:
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        fmt = policy.transparent_format if transparent else "JPEG"
        return _encode(image, fmt, policy, icc), fmt

    return encode


def _process(
    data: bytes, specs: Sequence[RenditionSpec], policy: ImagePolicy, crops: Sequence[RenditionSpec] = ()
) -> tuple[ProcessedImage, CropSource | None]:
    probed = probe_image(
        data,
        allowed_formats=policy.allowed_formats,
        max_pixels=policy.max_pixels,
        max_frames=policy.max_frames,
        jpeg_limits=policy.jpeg_limits,
    )
    with pillow_errors():
        if probed.animated:
            if policy.animated != "keep":
                raise MediaError(ANIMATION_NOT_ALLOWED, "animated images are refused by policy")
            return _process_animated(probed, specs, policy), None
        if probed.format == "JPEG":
            return _process_jpeg(probed, data, specs, policy, crops)
        return _process_still(probed, data, specs, policy)


# -- JPEG ---------------------------------------------------------------------------------------------


def _process_jpeg(
    probed: ProbedImage,
    data: bytes,
    specs: Sequence[RenditionSpec],
    policy: ImagePolicy,
    crops: Sequence[RenditionSpec] = (),
) -> tuple[ProcessedImage, CropSource]:
    im = probed.image
    orientation = _orientation(im)
    width, height = _displayed_size(im.size, orientation)
    profile = inspect_profile(im.info.get("icc_profile"), im.mode, max_bytes=policy.max_icc_bytes)
    icc = profile.embedded
    layout = probed.jpeg_layout or read_layout(data, policy.jpeg_limits)
    keep_icc = profile.action is ProfileAction.KEEP
    oversized = _too_big(width, height, policy.max_original_size)
    pixels_ok = im.mode in ("RGB", "L") and not oversized and profile.action is not ProfileAction.CONVERT
    quality = estimate_jpeg_quality(getattr(im, "quantization", None) or {})
    wasteful = (
        quality is not None
        and quality > policy.jpeg_quality + REENCODE_QUALITY_MARGIN
        and width * height <= policy.max_reencode_pixels
    )

    if pixels_ok:
        # A JPEG saved far above our quality is re-encoded from a full decode in a second thread while
        # the renditions come from the reduced decode below, exactly as for any other photo (Pillow
        # releases the GIL in its codecs: on two cores the re-encode hides behind the renditions).
        reencoding = _Background(lambda: _reencode_full(data, orientation, icc, policy)) if wasteful else None
        clean = strip_metadata(data, orientation, layout=layout, keep_icc=keep_icc)
        original, mode = EncodedImage(clean, "JPEG", width, height), "kept"
        targets = _targets(specs, width, height)
        boxes = [*targets.values(), *([needed_size((width, height), crops, CENTER)] if crops else [])]
        if boxes:
            # Decode only as much as the largest rendition (or crop) needs; draft works in stored
            # orientation.
            box = max(boxes, key=_area)
            im.draft(im.mode, _stored_box(box, orientation))
        # Renditions are resized in stored orientation and only the small results are rotated.
        reuse = original if orientation == 1 and not wasteful else None  # upright bytes can stand in
        decoded = _load(im)
        # With a re-encode beside them, the renditions keep to this thread: the re-encode has the other core.
        renditions = _renditions(
            decoded, targets, "JPEG", policy, icc, orientation, reuse=reuse, threads=reencoding is None
        )
        if reencoding is not None:
            encoded = reencoding.result()
            if len(encoded) <= len(data) * (1 - REENCODE_MIN_SAVING):  # else keeping the sender's pays
                original, mode = EncodedImage(encoded, "JPEG", width, height), "reencoded"
        source = CropSource(_orient(decoded, orientation), icc) if crops else None
        return ProcessedImage(original, renditions, original_mode=mode), source

    # CMYK, larger than MAX_ORIGINAL_SIZE, or a colour profile to convert: one decode (reduced to the
    # size cap when that is enough) serves the new original and the renditions.
    target_box = policy.max_original_size if oversized else None
    if target_box:
        # The decoder's own scaling (1/2, 1/4, 1/8) when one fits the box: never a full-size decode
        # of a photo that is only going to be made smaller. The result may be up to half the box.
        im.draft(
            im.mode if im.mode in ("RGB", "L") else None,
            _stored_box(_power_of_two_fit((width, height), target_box), orientation),
        )
    base = _load(im)
    base, icc = _apply_profile(base, profile)
    base = _orient(base, orientation)
    if target_box:
        base = _resize(base, RenditionSpec("original", *target_box).fit(*base.size))
    # The full-size encode and the renditions only read ``base``: the encode runs beside them.
    encoding = _Background(lambda: _encode(base, "JPEG", policy, icc))
    renditions = _renditions(base, _targets(specs, *base.size), "JPEG", policy, icc)
    original = EncodedImage(encoding.result(), "JPEG", base.width, base.height)
    return ProcessedImage(original, renditions, original_mode="reencoded"), CropSource(base, icc)


def _power_of_two_fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """``size`` divided by the smallest of 1, 2, 4, 8 that fits it in ``box`` (8 when none does)."""
    for factor in (1, 2, 4, 8):
        scaled = (-(-size[0] // factor), -(-size[1] // factor))
        if scaled[0] <= box[0] and scaled[1] <= box[1]:
            return scaled
    return (-(-size[0] // 8), -(-size[1] // 8))


def _reencode_full(data: bytes, orientation: int, icc: bytes | None, policy: ImagePolicy) -> bytes:
    """The JPEG ``data`` (RGB or grey, already probed) decoded in full and encoded at our quality.

    The pixels stay in stored orientation and a turned photo keeps its orientation as the minimal EXIF
    a kept original has: turning the pixels upright would hold two full-size copies (12 MP: 96 MB
    instead of 48).
    """
    im = Image.open(io.BytesIO(data), formats=("JPEG",))  # its own file object: this runs in a thread
    exif = orientation_exif(orientation) if orientation != 1 else None  # written by the encoder: no copy
    return _encode(_load(im), "JPEG", policy, icc, exif)


# -- Still PNG, GIF, WebP -----------------------------------------------------------------------------


def _process_still(
    probed: ProbedImage, data: bytes, specs: Sequence[RenditionSpec], policy: ImagePolicy
) -> tuple[ProcessedImage, CropSource]:
    im = _load(probed.image)  # before getexif(): PNG's getexif() loads and would hide decode errors
    orientation = _orientation(im)
    raw_icc = im.info.get("icc_profile")
    base, transparent = normalise_mode(im)
    profile = inspect_profile(raw_icc, base.mode, max_bytes=policy.max_icc_bytes)
    base, icc = _apply_profile(base, profile)
    base = _orient(base, orientation)
    oversized = _too_big(base.width, base.height, policy.max_original_size)
    if oversized:
        base = _resize(base, RenditionSpec("original", *policy.max_original_size).fit(*base.size))
    # An 8-bit PNG whose pixels need no change is kept as sent, minus its metadata chunks (16-bit
    # PNGs are converted: twice the bytes for a precision screens do not show).
    kept_png = None
    converted = profile.action is ProfileAction.CONVERT
    if (
        probed.format == "PNG"
        and orientation == 1
        and not oversized
        and not converted
        and png_chunks.bit_depth(data) <= 8
    ):
        clean = png_chunks.strip_metadata(data, keep_icc=profile.action is ProfileAction.KEEP)
        kept_png = EncodedImage(clean, "PNG", base.width, base.height)
    rendition_format = policy.transparent_format if transparent else "JPEG"

    def choose_original() -> tuple[EncodedImage, str]:
        if transparent and kept_png is not None and rendition_format == "PNG":
            return kept_png, "kept"
        encoded = _encode(base, rendition_format, policy, icc)
        if kept_png is not None and len(kept_png.content) <= len(encoded):
            # Screenshots, diagrams, flat art: the lossless PNG is smaller than any JPEG of it.
            return kept_png, "kept"
        return EncodedImage(encoded, rendition_format, base.width, base.height), "reencoded"

    targets = _targets(specs, *base.size)
    if base.size in targets.values():  # a rendition the size of the original takes its bytes
        original, mode = choose_original()
        renditions = _renditions(base, targets, rendition_format, policy, icc, reuse=original)
    else:  # the full-size encode runs beside the renditions (Pillow releases the GIL in its codecs)
        choosing = _Background(choose_original)
        renditions = _renditions(base, targets, rendition_format, policy, icc)
        original, mode = choosing.result()
    return ProcessedImage(original, renditions, original_mode=mode), CropSource(base, icc)


def normalise_mode(im: Image.Image) -> tuple[Image.Image, bool]:
    """Convert any decoded mode to L/RGB (opaque) or LA/RGBA (real transparency)."""
    mode = im.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit and 32-bit grey: scale to 8 bits; a plain convert("L") clips everything above 255.
        im = im.convert("I") if mode.startswith("I;16") else im
        maximum = 65535 if mode.startswith("I;16") else max(1, im.getextrema()[1])
        im = im.point(lambda value: value * (255 / maximum)).convert("L")
        mode = "L"
    if mode == "1":
        im, mode = im.convert("L"), "L"
    elif mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in im.info
        im = im.convert("RGBA" if has_alpha else "RGB")
    elif mode in ("L", "RGB") and "transparency" in im.info:
        im = im.convert("LA" if mode == "L" else "RGBA")
    elif mode not in ("L", "RGB", "LA", "RGBA"):
        im = im.convert("RGBA" if "A" in mode.upper() else "RGB")
    if im.mode in ("LA", "RGBA"):
        alpha_min, _ = im.getchannel("A").getextrema()
        if alpha_min == 255:
            return im.convert("L" if im.mode == "LA" else "RGB"), False
        return im, True
    return im, False


# -- Animated -----------------------------------------------------------------------------------------


def _process_animated(
    probed: ProbedImage, specs: Sequence[RenditionSpec], policy: ImagePolicy
) -> ProcessedImage:
    im = probed.image
    fmt = probed.format
    params: dict[str, object] = {"save_all": True, "loop": im.info.get("loop", 0)}
    if fmt == "GIF":
        params["comment"] = b""  # Pillow would copy each frame's comment extension otherwise
    elif fmt == "WEBP":
        params["quality"] = policy.webp_quality
    _clear_info(im)
    content, width, height = save_animation(im, fmt, policy.max_original_size, params)
    original = EncodedImage(content, fmt, width, height)
    im.seek(0)
    first, transparent = normalise_mode(im.convert("RGBA"))
    rendition_format = policy.transparent_format if transparent else "JPEG"
    renditions = _renditions(first, _targets(specs, *first.size), rendition_format, policy, None)
    return ProcessedImage(original, renditions, animated=True, original_mode="animated")
