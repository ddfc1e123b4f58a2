"""Lossless removal of metadata from a PNG file, by filtering its chunk list.

Like ``jpeg_segments`` for JPEG: a PNG whose pixels need no change is kept as sent (often better
compressed than Pillow would redo it, and without an encode on the request path), minus:

- text chunks (tEXt, zTXt, iTXt: comments, XMP, software and author names), eXIf (camera data, GPS),
  tIME, and any chunk this list does not know (private chunks such as Adobe's);
- anything after IEND (polyglot payloads).

Kept: the chunks that make the pixels (IHDR, PLTE, tRNS, IDAT, IEND) and the ones that say how to
show them (gAMA, cHRM, sRGB, iCCP, sBIT, pHYs, bKGD).

``check_chunk_count`` runs before Pillow opens a PNG: Pillow reads every chunk in a Python loop, so a
file of nearly a million empty chunks ties a worker up for seconds. Real PNGs have a few dozen chunks
(a few thousand for an APNG, or an encoder that writes small IDATs).
"""

from __future__ import annotations

import struct

from .errors import CORRUPT_IMAGE, MediaError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_KEPT = {
    b"IHDR",
    b"PLTE",
    b"tRNS",
    b"IDAT",
    b"IEND",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"pHYs",
    b"bKGD",
}


def strip_metadata(data: bytes, *, keep_icc: bool = True) -> bytes:
    """``data`` up to IEND with only the chunks in ``_KEPT``; ``keep_icc=False`` drops iCCP too."""
    if not data.startswith(SIGNATURE):
        raise MediaError(CORRUPT_IMAGE, "not a PNG signature")
    out = [SIGNATURE]
    pos = len(SIGNATURE)
    size = len(data)
    while pos + 12 <= size:
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size:
            raise MediaError(CORRUPT_IMAGE, "PNG chunk overruns the file")
        if kind in _KEPT and (keep_icc or kind != b"iCCP"):
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            return b"".join(out)
    raise MediaError(CORRUPT_IMAGE, "PNG has no IEND")


MAX_CHUNKS = 20_000


def check_chunk_count(data: bytes, limit: int = MAX_CHUNKS) -> None:
    """Raise ``MediaError`` when the file holds more than ``limit`` chunks before IEND."""
    pos, size, count = len(SIGNATURE), len(data), 0
    while pos + 12 <= size:
        count += 1
        if count > limit:
            raise MediaError(CORRUPT_IMAGE, "too many PNG chunks", limit=limit)
        (length,) = struct.unpack_from(">I", data, pos)
        if data[pos + 4 : pos + 8] == b"IEND":
            return
        pos += 12 + length


def bit_depth(data: bytes) -> int:
    """Bits per sample from IHDR (byte 24 of a PNG file)."""
    return data[24] if len(data) > 24 else 0
