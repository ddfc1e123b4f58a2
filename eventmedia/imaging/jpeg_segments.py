"""Lossless removal of private metadata from a JPEG file, by editing its segment list.

Re-encoding a 12-megapixel JPEG costs more than everything else in the pipeline together and loses
quality, so a JPEG whose pixels are fine is kept as sent, minus the segments that carry private data:

- dropped: APP1 (EXIF with GPS and camera serials, XMP), APP3-APP13 (APP13 is Photoshop IPTC),
  APP15, COM (comments), and anything after the end-of-image marker (polyglot payloads);
- kept: APP0 (JFIF), APP2 (ICC colour profile, needed for correct colours), APP14 (Adobe: tells the
  decoder how the channels are encoded), and every segment the decoder needs (DQT, SOF, DHT, DRI, SOS);
- added when the orientation is not 1: a minimal EXIF segment with only the orientation tag, so
  browsers still show the photo upright without re-encoding it.

The entropy-coded data after each SOS is copied as is. Inside it every 0xFF byte is followed by 0x00
(stuffing) or a restart marker, so the first other marker ends the scan.
"""

from __future__ import annotations

import re
import struct

from .errors import CORRUPT_IMAGE, MediaError

SOI = b"\xff\xd8"
EOI_MARKER = 0xD9
SOS_MARKER = 0xDA
_KEPT_APP_MARKERS = {0xE0, 0xE2, 0xEE}  # APP0 JFIF, APP2 ICC, APP14 Adobe
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 carry no length
# A marker inside entropy-coded data: 0xFF then a byte that is not stuffing, fill or a restart marker.
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def strip_metadata(data: bytes, orientation: int = 1) -> bytes:
    """Return ``data`` without private segments; add an orientation-only EXIF when ``orientation != 1``."""
    if not data.startswith(SOI):
        raise MediaError(CORRUPT_IMAGE, "JPEG does not start with SOI")
    view = memoryview(data)  # slices of a view are not copies; only the final join copies
    out: list[bytes | memoryview] = [SOI]
    if orientation != 1:
        out.append(_orientation_exif_segment(orientation))
    pos = 2
    size = len(data)
    while True:
        # Skip fill bytes (any number of 0xFF before a marker is allowed).
        if pos >= size or data[pos] != 0xFF:
            raise MediaError(CORRUPT_IMAGE, "JPEG segment list is broken")
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            raise MediaError(CORRUPT_IMAGE, "JPEG ends inside a marker")
        marker = data[pos]
        pos += 1
        if marker == EOI_MARKER:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if pos + 2 > size:
            raise MediaError(CORRUPT_IMAGE, "JPEG ends inside a segment header")
        (length,) = struct.unpack_from(">H", data, pos)
        end = pos + length
        if length < 2 or end > size:
            raise MediaError(CORRUPT_IMAGE, "JPEG segment overruns the file")
        if _is_private(marker):
            pos = end
            continue
        out.append(view[pos - 2 : end])
        pos = end
        if marker == SOS_MARKER:
            found = _SCAN_END.search(data, pos)
            if found is None:
                raise MediaError(CORRUPT_IMAGE, "JPEG scan has no end")
            out.append(view[pos : found.start()])
            pos = found.start()


def _is_private(marker: int) -> bool:
    if marker == 0xFE:  # COM
        return True
    return 0xE0 <= marker <= 0xEF and marker not in _KEPT_APP_MARKERS


def _orientation_exif_segment(orientation: int) -> bytes:
    # TIFF header (big-endian), one IFD with one SHORT entry: tag 0x0112 Orientation.
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(">I", 0)  # no next IFD
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
