"""Sniff slide documents (PDF, PPTX, ODP) from their bytes, never from their names.

PDF is recognised by its ``%PDF-`` header and its ``%%EOF`` trailer near the end. PPTX and ODP are ZIP
packages: PPTX must hold ``[Content_Types].xml`` and ``ppt/presentation.xml``; ODP's first entry is an
uncompressed ``mimetype`` file naming the OpenDocument presentation type. Only the ZIP directory and
that one tiny entry are read, so a zip bomb costs nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .errors import EMPTY_FILE, FILE_TOO_LARGE, UNSUPPORTED_FORMAT, MediaError

ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"

DOCUMENT_TYPES = {
    "PDF": ("application/pdf", "pdf"),
    "PPTX": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "ODP": ("application/vnd.oasis.opendocument.presentation", "odp"),
}


@dataclass(frozen=True)
class SniffedDocument:
    format: str  # "PDF", "PPTX" or "ODP"

    @property
    def content_type(self) -> str:
        return DOCUMENT_TYPES[self.format][0]

    @property
    def extension(self) -> str:
        return DOCUMENT_TYPES[self.format][1]


def sniff_document(data: bytes, *, allowed_formats: tuple[str, ...], max_bytes: int) -> SniffedDocument:
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
        return "PDF" if b"%%EOF" in data[-1024:] else None
    if not data.startswith(b"PK\x03\x04"):
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
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        return None
    return None
