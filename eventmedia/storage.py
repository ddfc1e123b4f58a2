"""Writing and deleting eventmedia's files through the configured Django storage, rollback-safe.

``media_storage`` forwards every call to ``storages[EVENTMEDIA["STORAGE"]]`` at call time, so a test or
a site that changes ``STORAGES`` or the alias is honoured without re-importing models. ``FileWriter``
writes files under server-made names with an explicit Content-Type and removes everything it wrote if
the block it guards fails; ``delete_on_commit`` removes files only once the transaction that stopped
using them has committed (django-cleanup's rule), so a rolled-back delete never loses a file.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from types import TracebackType
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.deconstruct import deconstructible

from .conf import media_settings

logger = logging.getLogger(__name__)


@deconstructible(path="eventmedia.storage.MediaStorage")
class MediaStorage(Storage):
    """A storage that is whatever ``EVENTMEDIA["STORAGE"]`` names, looked up on each call."""

    @property
    def target(self) -> Storage:
        """The storage ``EVENTMEDIA['STORAGE']`` names now."""
        return storages[media_settings.STORAGE]

    def _open(self, name, mode="rb"):
        return self.target.open(name, mode)

    def _save(self, name, content):
        return self.target.save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.target.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.target.generate_filename(filename)

    def delete(self, name):
        return self.target.delete(name)

    def exists(self, name):
        return self.target.exists(name)

    def listdir(self, path):
        return self.target.listdir(path)

    def size(self, name):
        return self.target.size(name)

    def url(self, name):
        return self.target.url(name)

    def get_modified_time(self, name):
        return self.target.get_modified_time(name)

    def path(self, name):
        return self.target.path(name)


media_storage = MediaStorage()


def same_file(url: object, current: object) -> bool:
    """Whether ``url`` names the file ``current`` does: the same path, whatever the host or the query
    (a storage's signed URLs change their signature and expiry on every answer)."""
    if not isinstance(url, str) or not isinstance(current, str) or not current:
        return False
    return url == current or urlsplit(url).path == urlsplit(current).path


def get_media_storage() -> Storage:
    """The callable given to ``FileField(storage=...)``; migrations record its path, not an instance."""
    return media_storage


def new_folder(kind: str) -> str:
    """A fresh, unguessable folder for one stored item: ``<prefix>/<kind>/<ab>/<uuid>``."""
    token = uuid.uuid4().hex
    return f"{media_settings.UPLOAD_PREFIX}/{kind}/{token[:2]}/{token}"


class StorageUnavailable(OSError):
    """The storage refused a read or a write (disk full, S3 down, a file gone): the request cannot be
    served now. An ``OSError``, as the backends' own failures mostly are."""


def read_stored(name: str, storage: Storage | None = None) -> bytes:
    """The bytes of the stored file ``name``; ``StorageUnavailable`` whatever the backend raised (the
    HTTP layer answers 503 ``storage_unavailable``, never a 500)."""
    storage = storage or media_storage
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except Exception as exc:  # noqa: BLE001 - OSError, botocore errors...: all mean "not readable now"
        logger.exception("eventmedia could not read %s", name)
        raise StorageUnavailable(name) from exc


class FileWriter:
    """Write files; if the ``with`` block raises, delete every file written in it.

    A storage that fails a write raises ``StorageUnavailable`` (the HTTP layer answers 503
    ``storage_unavailable``), whatever the backend's own exception was.
    """

    def __init__(self, storage: Storage | None = None):
        self.storage = storage or media_storage
        self.written: list[str] = []

    def write(self, name: str, content: bytes, content_type: str) -> str:
        """Save ``content`` under ``name`` (or a free name next to it); the name it was saved under."""
        upload = ContentFile(content, name=name.rsplit("/", 1)[-1])
        # S3Storage and other remote backends send this as the object's Content-Type.
        upload.content_type = content_type
        try:
            saved = self.storage.save(name, upload)
        except Exception as exc:  # noqa: BLE001 - OSError, botocore errors...: all mean "not stored"
            logger.exception("eventmedia could not write %s", name)
            raise StorageUnavailable(name) from exc
        self.written.append(saved)
        return saved

    def discard(self) -> None:
        """Delete every file written so far."""
        delete_files(self.written, self.storage)
        self.written = []

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.discard()


def delete_files(names: Iterable[str], storage: Storage | None = None) -> None:
    """Delete ``names`` (blanks skipped); a storage error is logged, never raised."""
    storage = storage or media_storage
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - a storage hiccup must not turn a finished request into a 500
            logger.exception("eventmedia could not delete %s", name)


def delete_on_commit(names: Iterable[str], storage: Storage | None = None) -> None:
    """Delete ``names`` after the current transaction commits (immediately when there is none)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names, storage))
