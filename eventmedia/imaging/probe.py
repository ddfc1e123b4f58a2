"""Open image bytes safely: real format sniffed, pixel budget checked from the header, errors mapped.

Pillow is asked to try only the allowed formats (``Image.open(..., formats=...)``), never its whole
plugin list: EPS runs Ghostscript, PSD, TIFF and FITS are large attack surfaces. The client's declared
media type plays no part. Width x height x frames is checked against the budget before a single pixel
is decoded, so a 30000 x 30000 PNG of a few hundred bytes is refused in microseconds. Frame counts come
from the container headers; for GIF we walk the block structure ourselves because Pillow decodes
every frame to count them.

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

from .errors import (
    CORRUPT_IMAGE,
    EMPTY_FILE,
    TOO_MANY_PIXELS,
    UNSUPPORTED_FORMAT,
    MediaError,
)

# Formats this pipeline knows how to normalise; settings may allow a subset.
SUPPORTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


@dataclass
class ProbedImage:
    image: Image.Image  # opened lazily: header read, pixels not decoded
    format: str  # Pillow's name: "JPEG", "PNG", "GIF", "WEBP"
    width: int
    height: int
    frames: int

    @property
    def animated(self) -> bool:
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


def probe_image(data: bytes, *, allowed_formats: tuple[str, ...], max_pixels: int) -> ProbedImage:
    """Open ``data`` as one of ``allowed_formats`` and enforce the pixel budget without decoding."""
    if not data:
        raise MediaError(EMPTY_FILE, "no bytes")
    formats = tuple(f for f in allowed_formats if f in SUPPORTED_FORMATS)
    with pillow_errors():
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except UnidentifiedImageError:
            if signature_format(data) in formats:
                # It starts like an allowed format but Pillow cannot read it: damaged, not foreign.
                raise MediaError(CORRUPT_IMAGE, "broken header of an allowed format") from None
            raise
        width, height = image.size
        if width < 1 or height < 1:
            raise MediaError(CORRUPT_IMAGE, "image has no pixels")
        # Check one frame first: counting frames must not be the expensive part of a bomb.
        if width * height > max_pixels:
            raise MediaError(TOO_MANY_PIXELS, "frame too large", pixels=width * height)
        frames = count_gif_frames(data) if image.format == "GIF" else getattr(image, "n_frames", 1)
        if width * height * frames > max_pixels:
            raise MediaError(TOO_MANY_PIXELS, "too many pixels over all frames", frames=frames)
    return ProbedImage(image=image, format=image.format, width=width, height=height, frames=frames)


def signature_format(data: bytes) -> str | None:
    """The format the first bytes announce, for telling a damaged file from a foreign one."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def count_gif_frames(data: bytes) -> int:
    """Count image descriptors in a GIF by walking its blocks, without decoding any LZW data."""
    size = len(data)
    if size < 13:
        raise MediaError(CORRUPT_IMAGE, "GIF header is truncated")
    pos = 13
    packed = data[10]
    if packed & 0x80:  # global colour table
        pos += 3 * (2 << (packed & 0x07))
    frames = 0
    while pos < size:
        block = data[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image descriptor: 9 bytes, local colour table, LZW code size, sub-blocks
            if pos + 10 > size:
                break
            frames += 1
            packed = data[pos + 9]
            pos += 10
            if packed & 0x80:
                pos += 3 * (2 << (packed & 0x07))
            pos = _skip_sub_blocks(data, pos + 1)
        else:
            break  # junk after the last frame: Pillow stops there too
    return max(frames, 1)


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    size = len(data)
    while pos < size:
        length = data[pos]
        pos += 1 + length
        if length == 0:
            break
    return pos
