"""JPEG files at the segment level: a bounded structure check, and lossless removal of private data.

``read_layout`` walks the marker segments once, before Pillow sees the file, and refuses structures
no camera writes but that cost a decoder dearly: more than ``max_scans`` scans (a progressive JPEG is
decoded once per scan: 10,000 repeated scans of a small file take a minute) or more than
``max_segments`` segments or ``max_metadata_bytes`` of APPn/COM payload (Pillow reads every APP
segment into a list in Python: two million empty ones take seconds and a gigabyte). It stops at the
first end-of-image marker: what follows (the secondary pictures of a multi-picture JPEG, a polyglot
payload) is never part of the picture.

Re-encoding a 12-megapixel JPEG costs more than everything else in the pipeline together and loses
quality, so a JPEG whose pixels are fine is kept as sent, minus everything that can carry private
data. ``strip_metadata`` keeps an allow-list, by content and not only by marker:

- APP0 ``JFIF``, cut to its 14 fixed bytes with the thumbnail size set to 0 (a JFXX extension or a
  JFIF thumbnail can embed a picture with its own EXIF and GPS);
- APP2 ``ICC_PROFILE`` (colours; dropped as well when the pipeline finds the profile unusable);
- APP14 ``Adobe``, cut to its 12 fixed bytes (it tells the decoder how the channels are encoded);
- the segments the decoder needs: SOFn, DHT, DAC, DQT, DRI, DNL, SOS and the entropy-coded data.

Everything else goes: APP1 (EXIF with GPS and serials, XMP), APP2 FlashPix and MPF, APP3-APP13 (IPTC),
APP15, COM, JPGn and any unknown marker. When the orientation is not 1, a minimal EXIF segment with
only the orientation tag is added, so browsers still show the photo upright without a re-encode.

Inside entropy-coded data every 0xFF byte is followed by 0x00 (stuffing) or a restart marker, so the
first other marker ends a scan.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from .errors import CORRUPT_IMAGE, MediaError

SOI = b"\xff\xd8"
EOI_MARKER = 0xD9
SOS_MARKER = 0xDA
APP0, APP2, APP14, COM = 0xE0, 0xE2, 0xEE, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 carry no length
# SOF0-3, 5-7, 9-11, 13-15; DHT, DAC, DQT, DRI, DNL and SOS: what a decoder needs besides APP14.
_DECODER_MARKERS = {*range(0xC0, 0xD0)} - {0xC8} | {0xDA, 0xDB, 0xDC, 0xDD}
_JFIF_LENGTH = 14  # "JFIF\0", version, units, densities, thumbnail width and height
_ADOBE_LENGTH = 12  # "Adobe", version, flags0, flags1, transform
_ICC_SIGNATURE = b"ICC_PROFILE\x00"
# A marker inside entropy-coded data: 0xFF then a byte that is not stuffing, fill or a restart marker.
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


@dataclass(frozen=True)
class JpegLimits:
    """Bounds no real camera file comes near; see the module docstring for what each one prevents."""

    max_scans: int = 100
    max_segments: int = 1000
    max_metadata_bytes: int = 8 * 1024 * 1024


@dataclass(frozen=True)
class Segment:
    marker: int
    start: int  # offset of the segment's 0xFF
    payload: int  # offset of the payload, after the 2-byte length (== end for standalone markers)
    end: int  # offset after the segment; after the entropy-coded data for SOS


@dataclass(frozen=True)
class JpegLayout:
    segments: tuple[Segment, ...]  # from the first segment after SOI up to, not including, EOI
    end: int  # offset after the first EOI marker: where the primary picture ends
    scans: int


def read_layout(data: bytes, limits: JpegLimits = JpegLimits()) -> JpegLayout:
    """Walk the segments up to the first EOI; raise ``MediaError`` for a broken or hostile structure."""
    if not data.startswith(SOI):
        raise MediaError(CORRUPT_IMAGE, "JPEG does not start with SOI")
    segments: list[Segment] = []
    pos, size, scans, metadata = 2, len(data), 0, 0
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise MediaError(CORRUPT_IMAGE, "JPEG segment list is broken")
        start = pos
        while pos < size and data[pos] == 0xFF:  # any number of fill bytes may precede a marker
            pos += 1
        if pos >= size:
            raise MediaError(CORRUPT_IMAGE, "JPEG ends inside a marker")
        marker = data[pos]
        pos += 1
        if marker == EOI_MARKER:
            return JpegLayout(tuple(segments), pos, scans)
        if len(segments) >= limits.max_segments:
            raise MediaError(CORRUPT_IMAGE, "too many JPEG segments", limit=limits.max_segments)
        if marker in _STANDALONE:
            segments.append(Segment(marker, start, pos, pos))
            continue
        if pos + 2 > size:
            raise MediaError(CORRUPT_IMAGE, "JPEG ends inside a segment header")
        (length,) = struct.unpack_from(">H", data, pos)
        end = pos + length
        if length < 2 or end > size:
            raise MediaError(CORRUPT_IMAGE, "JPEG segment overruns the file")
        if _is_metadata(marker):
            metadata += length
            if metadata > limits.max_metadata_bytes:
                raise MediaError(CORRUPT_IMAGE, "too much JPEG metadata", limit=limits.max_metadata_bytes)
        payload = pos + 2
        if marker == SOS_MARKER:
            scans += 1
            if scans > limits.max_scans:
                raise MediaError(CORRUPT_IMAGE, "too many JPEG scans", limit=limits.max_scans)
            found = _SCAN_END.search(data, end)
            if found is None:
                raise MediaError(CORRUPT_IMAGE, "JPEG scan has no end")
            end = found.start()
        segments.append(Segment(marker, start, payload, end))
        pos = end


def strip_metadata(
    data: bytes, orientation: int = 1, *, layout: JpegLayout | None = None, keep_icc: bool = True
) -> bytes:
    """``data`` up to its first EOI with only the allow-listed segments (see the module docstring).

    An orientation-only EXIF segment is added when ``orientation != 1``; ``keep_icc=False`` drops the
    ICC profile too (for a profile the pipeline found broken or mismatched).
    """
    layout = layout or read_layout(data)
    view = memoryview(data)  # slices of a view are not copies; only the final join copies
    out: list[bytes | memoryview] = [SOI]
    if orientation != 1:
        out.append(_orientation_exif_segment(orientation))
    for segment in layout.segments:
        marker = segment.marker
        if marker in _DECODER_MARKERS or marker in _STANDALONE:
            out.append(view[segment.start : segment.end])
        elif marker == APP0 and _payload_startswith(view, segment, b"JFIF\x00", _JFIF_LENGTH):
            jfif = bytes(view[segment.payload : segment.payload + _JFIF_LENGTH - 2]) + b"\x00\x00"
            out.append(_segment(APP0, jfif))
        elif marker == APP2 and keep_icc and _payload_startswith(view, segment, _ICC_SIGNATURE, 14):
            out.append(view[segment.start : segment.end])
        elif marker == APP14 and _payload_startswith(view, segment, b"Adobe", _ADOBE_LENGTH):
            out.append(_segment(APP14, bytes(view[segment.payload : segment.payload + _ADOBE_LENGTH])))
    out.append(b"\xff\xd9")
    return b"".join(out)


def _is_metadata(marker: int) -> bool:
    return 0xE0 <= marker <= 0xEF or marker == COM


def _payload_startswith(view: memoryview, segment: Segment, prefix: bytes, minimum: int) -> bool:
    length = segment.end - segment.payload
    return length >= minimum and view[segment.payload : segment.payload + len(prefix)] == prefix


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def orientation_exif(orientation: int) -> bytes:
    """The payload of an EXIF segment that holds the orientation and nothing else."""
    # TIFF header (big-endian), one IFD with one SHORT entry: tag 0x0112 Orientation.
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(">I", 0)  # no next IFD
    return b"Exif\x00\x00" + tiff


def _orientation_exif_segment(orientation: int) -> bytes:
    return _segment(0xE1, orientation_exif(orientation))
