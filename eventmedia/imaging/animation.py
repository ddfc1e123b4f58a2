"""Animated images (GIF, APNG, WebP) saved again in their own format, every frame within a size box.

An animation larger than ``MAX_ORIGINAL_SIZE`` is scaled frame by frame, timing and looping kept, as a
still is scaled: the probe has already bounded width x height x frames (``MAX_PIXELS``), so holding
the scaled frames costs no more than decoding the original did.
"""

from __future__ import annotations

import io

from PIL import Image, ImageSequence


def fitted_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """``(width, height)`` scaled down to fit ``box``, aspect ratio kept (unchanged when it fits)."""
    scale = min(1.0, box[0] / width, box[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def save_animation(im: Image.Image, fmt: str, box: tuple[int, int], params: dict) -> tuple[bytes, int, int]:
    """``im`` (opened, all frames) saved as ``fmt`` with ``params``, scaled to fit ``box``; its bytes
    and size."""
    buffer = io.BytesIO()
    size = fitted_size(im.width, im.height, box)
    if size == im.size:
        im.save(buffer, fmt, **params)
        return buffer.getvalue(), im.width, im.height
    frames, durations = [], []
    for frame in ImageSequence.Iterator(im):
        rgba = frame.convert("RGBA")  # decodes the frame: WebP sets its duration only then
        durations.append(frame.info.get("duration", 100))
        frames.append(rgba.resize(size, Image.Resampling.LANCZOS))
    extra = {"disposal": 2} if fmt == "GIF" else {}  # each scaled frame is whole: clear before the next
    frames[0].save(buffer, fmt, append_images=frames[1:], duration=durations, **extra, **params)
    return buffer.getvalue(), size[0], size[1]
