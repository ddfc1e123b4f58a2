"""Uploads not attached to anything yet (``/upload/image``, ``/upload/files``): storing and finding them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser

from ..imaging import ProcessedImage
from ..imaging.documents import SniffedDocument
from ..models import DocumentUpload, ImageUpload, StoredFile
from .files import write_document_file, write_image_files
from .unit_of_work import UnitOfWork


def save_uploaded_image(*, processed: ProcessedImage, user: AbstractBaseUser) -> ImageUpload:
    """Store an image sent to ``/upload/image`` as an ``ImageUpload`` of ``user``."""
    with UnitOfWork() as work:
        facts = write_image_files(work, processed, work.folder("uploads"))
        return work.replace(ImageUpload(uploaded_by=user), facts.fields())


def save_uploaded_documents(
    *, documents: list[tuple[bytes, SniffedDocument]], user: AbstractBaseUser
) -> list[DocumentUpload]:
    """Store several documents all or nothing."""
    with UnitOfWork() as work:
        rows = [
            DocumentUpload(uploaded_by=user, **write_document_file(work, data, sniffed, "documents"))
            for data, sniffed in documents
        ]
        with work.locked():
            for row in rows:
                work.save(row)
    return rows


class UploadNotFound(Exception):
    """A URL that is not one of the user's own uploads (still kept): nothing is fetched for it."""


def find_upload(url: str, *, user: AbstractBaseUser, model: type[StoredFile]) -> StoredFile:
    """The upload of ``user`` (an ``ImageUpload`` or ``DocumentUpload``) that ``url`` points at.

    ``url`` is what ``/upload/image`` or ``/upload/files`` answered: its path is compared with the
    path of each candidate's URL (the host and a signed URL's query may differ), candidates being the
    user's uploads whose folder the URL names. ``UploadNotFound`` for anything else.
    """
    path = urlsplit(str(url or "")).path
    folder = re.search(r"/([0-9a-f]{32})/[^/]+$", path)
    if folder is None:
        raise UploadNotFound(url)
    for upload in model.objects.filter(uploaded_by=user, file__contains=f"/{folder.group(1)}/"):
        if upload.file and urlsplit(upload.url).path == path:
            return upload
    raise UploadNotFound(url)
