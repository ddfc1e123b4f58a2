"""Delete a row's files after the deletion commits, however the row was deleted.

A ``post_delete`` receiver covers ``instance.delete()``, queryset deletes, admin bulk deletes and
cascades (deleting an event deletes its images' files too). The files go in ``on_commit``, so a
deletion that is rolled back keeps its files.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from .models import DocumentUpload, EventImage, ImageUpload, Slide, StoredFile, UserImage
from .storage import delete_on_commit

MODELS_WITH_FILES: tuple[type[StoredFile], ...] = (
    EventImage,
    UserImage,
    Slide,
    ImageUpload,
    DocumentUpload,
)


def delete_files_of_deleted_row(sender: type[StoredFile], instance: StoredFile, **kwargs: Any) -> None:
    delete_on_commit(instance.file_names(), instance.file.storage)


def connect() -> None:
    for model in MODELS_WITH_FILES:
        post_delete.connect(
            delete_files_of_deleted_row, sender=model, dispatch_uid=f"eventmedia-files-{model.__name__}"
        )
