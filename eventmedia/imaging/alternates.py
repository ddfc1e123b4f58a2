"""A rendition again in a modern format (AVIF, WebP) for browsers that take it: same pixels, fewer bytes.

Made from the rendition as stored (already sized, upright and clean), off the request path: the
services ask a task for it once the image is committed. AVIF is encoded at speed 8 (about 70 ms for
a 1300 px rendition here, against 110 ms at Pillow's default 6, for about the same size); WebP at
``WEBP_QUALITY``. An animated rendition is left alone (its GIF or WebP is what browsers play).
"""

from __future__ import annotations

import io

from PIL import Image

from .formats import ALTERNATE_FORMATS, STORED_FORMATS

AVIF_SPEED = 8


def encode_alternates(
    content: bytes, formats: tuple[str, ...], *, avif_quality: int, webp_quality: int
) -> dict[str, bytes]:
    """``content`` (a stored rendition) in each of ``formats`` it is not already in."""
    with Image.open(io.BytesIO(content)) as image:
        if getattr(image, "n_frames", 1) > 1:
            return {}
        source_format = image.format
        image.load()
        icc = image.info.get("icc_profile")
        pixels = image.convert("RGBA" if _transparent(image) else "RGB")
    made = {}
    for fmt in formats:
        if fmt == source_format or fmt not in ALTERNATE_FORMATS or fmt not in STORED_FORMATS:
            continue
        buffer = io.BytesIO()
        extra = {"icc_profile": icc} if icc else {}
        if fmt == "AVIF":
            pixels.save(buffer, "AVIF", quality=avif_quality, speed=AVIF_SPEED, **extra)
        else:
            pixels.save(buffer, "WEBP", quality=webp_quality, **extra)
        made[fmt] = buffer.getvalue()
    return made


def _transparent(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
