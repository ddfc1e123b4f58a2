"""Walk a GIF's block structure to learn what Pillow will decode, without decoding any LZW data.

Pillow decodes every frame to count frames, so the pixel budget cannot ask it. This walk follows
Pillow's own reading rules, because the budget must count what Pillow will really decode:

- a byte that starts no known block between blocks is skipped, one byte at a time (Pillow does so);
  stopping there would let frames hide behind stray bytes;
- a frame that reaches past the logical screen grows the canvas (Pillow enlarges the image to
  ``x + width`` by ``y + height``), so a 1x1 screen can hold a 13000x13000 frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CORRUPT_IMAGE, MediaError

# The bytes that start a block; anything else between blocks is skipped (found in C, not byte by byte).
_BLOCK_START = re.compile(rb"[\x21\x2c\x3b]")


@dataclass(frozen=True)
class GifCanvas:
    frames: int
    width: int  # the canvas Pillow decodes into: the logical screen grown to hold every frame
    height: int


def walk_gif(data: bytes, *, max_frames: int | None = None) -> GifCanvas:
    """Count frames and the grown canvas; stop early (and report) once ``max_frames`` is passed."""
    size = len(data)
    if size < 13:
        raise MediaError(CORRUPT_IMAGE, "GIF header is truncated")
    width = data[6] | data[7] << 8
    height = data[8] | data[9] << 8
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
            if max_frames is not None and frames > max_frames:
                break
            left = data[pos + 1] | data[pos + 2] << 8
            top = data[pos + 3] | data[pos + 4] << 8
            width = max(width, left + (data[pos + 5] | data[pos + 6] << 8))
            height = max(height, top + (data[pos + 7] | data[pos + 8] << 8))
            packed = data[pos + 9]
            pos += 10
            if packed & 0x80:
                pos += 3 * (2 << (packed & 0x07))
            pos = _skip_sub_blocks(data, pos + 1)
        else:
            found = _BLOCK_START.search(data, pos)  # stray bytes: Pillow skips them and reads on
            if found is None:
                break
            pos = found.start()
    return GifCanvas(max(frames, 1), width, height)


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    size = len(data)
    while pos < size:
        length = data[pos]
        pos += 1 + length
        if length == 0:
            break
    return pos
