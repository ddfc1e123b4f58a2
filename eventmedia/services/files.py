"""Writing what the pipeline made into a unit of work's folder; the field values that describe it."""

from __future__ import annotations

from typing import Any

from ..imaging import ProcessedImage
from ..imaging.documents import SniffedDocument
from ..imaging.pipeline import EncodedImage
from ..renditions import ImageFacts, Rendition, Renditions
from .unit_of_work import UnitOfWork


def write_image_files(work: UnitOfWork, processed: ProcessedImage, folder: str) -> ImageFacts:
    """Store an original and its renditions in ``folder``; the facts of the stored image."""
    original = processed.original
    name = work.write(f"{folder}/original.{original.extension}", original.content, original.content_type)
    return ImageFacts(
        file=name,
        format=original.format.lower(),
        file_size=len(original.content),
        width=original.width,
        height=original.height,
        renditions=write_renditions(work, processed.renditions, folder),
        placeholder=placeholder_of(processed),
    )


def write_renditions(work: UnitOfWork, made: dict[str, EncodedImage], folder: str) -> Renditions:
    """Store each of the renditions ``made`` (by name) in ``folder``."""
    return Renditions([write_rendition(work, name, encoded, folder) for name, encoded in made.items()])


def write_rendition(work: UnitOfWork, name: str, encoded: EncodedImage, folder: str) -> Rendition:
    """Store one encoded image as the rendition ``name`` in ``folder``."""
    stored = work.write(f"{folder}/{name}.{encoded.extension}", encoded.content, encoded.content_type)
    return Rendition(
        name=name,
        storage_name=stored,
        width=encoded.width,
        height=encoded.height,
        bytes=len(encoded.content),
        format=encoded.format.lower(),
    )


def placeholder_of(processed: ProcessedImage) -> dict:
    """The stored form of the image's placeholder ({} when the pipeline made none)."""
    return processed.placeholder.to_json() if processed.placeholder else {}


def write_document_file(work: UnitOfWork, data: bytes, sniffed: SniffedDocument, kind: str) -> dict[str, Any]:
    """Store a sniffed document in a new folder of ``kind``; the field values that describe it."""
    name = work.write(f"{work.folder(kind)}/document.{sniffed.extension}", data, sniffed.content_type)
    return {"file": name, "format": sniffed.format.lower(), "file_size": len(data)}
