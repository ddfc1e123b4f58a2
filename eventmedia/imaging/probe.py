"""Open image bytes safely: real format sniffed, structure and pixel budget checked before decoding.

Pillow is asked to try only the allowed formats (``Image.open(..., formats=...)``), never its whole
plugin list: EPS runs Ghostscript, PSD, TIFF and FITS are large attack surfaces. The client's declared
media type plays no part. Before a single pixel is decoded:

- a JPEG's segment structure is walked and bounded (``jpeg_segments.read_layout``: scans, segments,
  metadata), so the decoder never sees ten thousand scans or two million APP segments; a PNG's
  chunks are counted (``png_chunks.check_chunk_count``) for the same reason;
- width x height x frames is checked against the budget, counting what Pillow will really decode: a
  GIF's canvas grows to hold every frame and stray bytes between frames are skipped (``gif_blocks``);
- animations may have at most ``max_frames`` frames, however small each one is.

A multi-picture JPEG (Pillow's "MPO") is a JPEG photo: only its primary picture counts and is used.
HEIF and AVIF files may hold several pictures (bursts, depth maps, AVIF sequences): only the primary
one is used. A file Pillow opens in a format the pipeline does not store or convert is refused as
``unsupported_format``; a HEIF photo without the optional plugin is refused with a hint naming it.

Pillow raises a zoo of exceptions on hostile input (OSError, SyntaxError, ValueError, struct.error,
EOFError, IndexError, ZeroDivisionError, DecompressionBombError...); ``pillow_errors`` turns every one
of them into a ``MediaError`` with a stable code.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from ..defaults import DEFAULTS
from .av1_header import coded_sizes
from .errors import (
    CORRUPT_IMAGE,
    EMPTY_FILE,
    TOO_MANY_FRAMES,
    TOO_MANY_PIXELS,
    UNSUPPORTED_FORMAT,
    MediaError,
)
from .formats import (
    HEIF_EXTRA,
    PRIMARY_PICTURE_FORMATS,
    SUPPORTED_FORMATS,
    heif_available,
    signature_format,
)
from .gif_blocks import walk_gif
from .jpeg_segments import JpegLayout, JpegLimits, read_layout
from .png_chunks import check_chunk_count


@dataclass
class ProbedImage:
    image: Image.Image  # opened lazily: header read, pixels not decoded
    format: str  # the pipeline's name: one of SUPPORTED_FORMATS ("JPEG" for a multi-picture JPEG)
    width: int
    height: int
    frames: int
    jpeg_layout: JpegLayout | None = None  # the walked segment list of a JPEG, reused to strip it

    @property
    def animated(self) -> bool:
        """More than one frame."""
        return self.frames > 1


@contextmanager
def pillow_errors() -> Iterator[None]:
    """Map anything Pillow raises while reading untrusted bytes to a ``MediaError``."""
    try:
        with warnings.catch_warnings():
            # Our own pixel budget is the guard; Pillow's bomb warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    except MediaError:
        raise
    except Image.DecompressionBombError:
        raise MediaError(TOO_MANY_PIXELS, "Pillow decompression bomb guard") from None
    except UnidentifiedImageError:
        raise MediaError(UNSUPPORTED_FORMAT, "not an image in an allowed format") from None
    except MemoryError:
        raise MediaError(TOO_MANY_PIXELS, "image needs too much memory") from None
    except Exception as exc:  # noqa: BLE001 - every decoder failure on hostile input is a 4xx
        raise MediaError(CORRUPT_IMAGE, f"{type(exc).__name__}: {exc}") from None


def check_coded_size(data: bytes, width: int, height: int, max_pixels: int) -> None:
    """Refuse an AVIF whose AV1 streams are coded larger than it declares, or than the budget: the
    decoder allocates for the coded size (``av1_header``)."""
    try:
        coded = coded_sizes(data)
    except ValueError as error:
        raise MediaError(CORRUPT_IMAGE, f"unreadable AV1 sequence header ({error})") from None
    for coded_width, coded_height in coded:
        if coded_width * coded_height > max_pixels:
            raise MediaError(TOO_MANY_PIXELS, "AV1 stream coded too large", pixels=coded_width * coded_height)
        if coded_width > width or coded_height > height:
            raise MediaError(CORRUPT_IMAGE, "AV1 stream coded larger than the file declares")


def probe_image(
    data: bytes,
    *,
    allowed_formats: tuple[str, ...],
    max_pixels: int,
    max_frames: int = DEFAULTS["MAX_FRAMES"],
    jpeg_limits: JpegLimits | None = None,
) -> ProbedImage:
    """Open ``data`` as one of ``allowed_formats``; enforce structure limits and the pixel budget."""
    if not data:
        raise MediaError(EMPTY_FILE, "no bytes")
    Image.init()
    formats = tuple(f for f in allowed_formats if f in SUPPORTED_FORMATS and f in Image.OPEN)
    announced = signature_format(data)
    if announced == "HEIF" and "HEIF" in allowed_formats and not heif_available():
        raise MediaError(UNSUPPORTED_FORMAT, "HEIF needs the optional plugin", extra=HEIF_EXTRA)
    layout = None
    if announced == "JPEG" and "JPEG" in formats:
        layout = read_layout(data, jpeg_limits or JpegLimits())  # before Pillow parses a single segment
    elif announced == "PNG" and "PNG" in formats:
        check_chunk_count(data)
    with pillow_errors():
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except UnidentifiedImageError:
            if announced in formats:
                # It starts like an allowed format but Pillow cannot read it: damaged, not foreign.
                raise MediaError(CORRUPT_IMAGE, "broken header of an allowed format") from None
            raise
        fmt = "JPEG" if image.format == "MPO" else image.format
        if fmt not in formats:
            raise MediaError(UNSUPPORTED_FORMAT, f"Pillow opened it as {image.format}")
        width, height = image.size
        if width < 1 or height < 1:
            raise MediaError(CORRUPT_IMAGE, "image has no pixels")
        if fmt == "AVIF":
            check_coded_size(data, width, height, max_pixels)
        # Check one frame first: counting frames must not be the expensive part of a bomb.
        if width * height > max_pixels:
            raise MediaError(TOO_MANY_PIXELS, "frame too large", pixels=width * height)
        frames = 1
        if fmt == "GIF":
            canvas = walk_gif(data, max_frames=max_frames)
            frames, canvas_pixels = canvas.frames, canvas.width * canvas.height
            if canvas_pixels > max_pixels:
                raise MediaError(TOO_MANY_PIXELS, "GIF frames grow the canvas", pixels=canvas_pixels)
            width, height = max(width, canvas.width), max(height, canvas.height)
        elif image.format not in PRIMARY_PICTURE_FORMATS:
            frames = getattr(image, "n_frames", 1)
        if frames > max_frames:
            raise MediaError(TOO_MANY_FRAMES, "too many frames", frames=frames, limit=max_frames)
        if width * height * frames > max_pixels:
            raise MediaError(TOO_MANY_PIXELS, "too many pixels over all frames", frames=frames)
    return ProbedImage(image, fmt, width, height, frames, jpeg_layout=layout)
