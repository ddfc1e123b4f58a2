"""Sniff slide documents (PDF, PPTX, ODP, legacy PPT) from their bytes, never from their names.

PDF is recognised by its ``%PDF-`` header and an ``%%EOF`` marker (anywhere: incremental updates and
tools append bytes after the last one). PPTX and ODP are ZIP packages: PPTX must hold
``[Content_Types].xml`` and ``ppt/presentation.xml``; ODP's first entry is an uncompressed
``mimetype`` file naming the OpenDocument presentation type. Only the ZIP directory (at most
``MAX_ZIP_ENTRIES`` entries, counted from the end record before Python parses it) and that one tiny
entry are read, so a zip bomb costs nothing. An encrypted entry, an unknown compression method or a
broken deflate, bzip2 or LZMA stream is "not an allowed document", never an exception. A legacy
PowerPoint file (PPT) is an OLE2 compound file holding a ``PowerPoint Document`` stream, read by
olefile (a directory walk, no stream is decompressed); any other compound file is refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

import olefile

from .errors import EMPTY_FILE, FILE_TOO_LARGE, UNSUPPORTED_FORMAT, MediaError

ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
# A legacy PowerPoint file is an OLE2 compound file with this stream (MS-PPT).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PPT_STREAM = "PowerPoint Document"
# A real presentation has a few hundred entries; Python parses the whole central directory.
MAX_ZIP_ENTRIES = 10_000
_ZIP_END = b"PK\x05\x06"

DOCUMENT_TYPES = {
    "PDF": ("application/pdf", "pdf"),
    "PPTX": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "ODP": ("application/vnd.oasis.opendocument.presentation", "odp"),
    "PPT": ("application/vnd.ms-powerpoint", "ppt"),
}


@dataclass(frozen=True)
class SniffedDocument:
    format: str  # "PDF", "PPTX", "ODP" or "PPT"

    @property
    def content_type(self) -> str:
        """The media type the document is stored with."""
        return DOCUMENT_TYPES[self.format][0]

    @property
    def extension(self) -> str:
        """The file name extension the document is stored with."""
        return DOCUMENT_TYPES[self.format][1]


def sniff_document(data: bytes, *, allowed_formats: tuple[str, ...], max_bytes: int) -> SniffedDocument:
    """The document's real format from its bytes (PDF, a PPTX or ODP package, or a legacy PPT);
    ``MediaError`` otherwise."""
    if not data:
        raise MediaError(EMPTY_FILE, "no bytes")
    if len(data) > max_bytes:
        raise MediaError(FILE_TOO_LARGE, "document over the limit", limit=max_bytes)
    fmt = _detect(data)
    if fmt is None or fmt not in allowed_formats:
        raise MediaError(UNSUPPORTED_FORMAT, "not an allowed document format")
    return SniffedDocument(fmt)


def _detect(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "PDF" if data.rfind(b"%%EOF") != -1 else None
    if data.startswith(OLE_SIGNATURE):
        return _legacy_powerpoint(data)
    if not data.startswith(b"PK\x03\x04") or _zip_entries(data) > MAX_ZIP_ENTRIES:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
                return "PPTX"
            first = infos[0] if infos else None
            if first is not None and first.filename == "mimetype" and first.file_size <= 100:
                if package.read(first).strip() == ODP_MIMETYPE:
                    return "ODP"
    except Exception:  # noqa: BLE001 - encrypted entries, unknown methods, broken streams: not a document
        return None
    return None


def _legacy_powerpoint(data: bytes) -> str | None:
    """ "PPT" for an OLE2 compound file that holds a PowerPoint stream (a legacy .ppt), read by olefile;
    None for any other compound file (a Word or Excel file, an installer) or a broken one."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as compound:
            return "PPT" if compound.exists(PPT_STREAM) else None
    except Exception:  # noqa: BLE001 - olefile's errors for damaged or hostile structures: not a document
        return None


def _zip_entries(data: bytes) -> int:
    """Entries the ZIP's end record announces (0 when there is none: zipfile will refuse it)."""
    end = data.rfind(_ZIP_END, max(0, len(data) - 65_557))  # the record plus the longest comment
    if end == -1 or end + 22 > len(data):
        return 0
    return struct.unpack_from("<H", data, end + 10)[0]
