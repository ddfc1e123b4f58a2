"""Signals: deleting a row's files after its deletion commits, and asking for background work.

A ``post_delete`` receiver covers ``instance.delete()``, queryset deletes, admin bulk deletes and
cascades (deleting an event deletes its images' files too). The files go in ``on_commit``, so a
deletion that is rolled back keeps its files.

``preview_wanted`` (with ``slide_id``) is sent by the services once a PDF slide is committed, and
``crops_stale`` (with ``image_id``) once an image's focal point changed; the tasks module answers
them by enqueueing the work, so the services never import the tasks.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import Signal

from .models import DocumentUpload, EventImage, ImageUpload, Slide, StoredFile, UserImage
from .storage import delete_on_commit

preview_wanted = Signal()
# Sent with ``image_id`` once a new focal point is committed: the crop renditions must be remade.
crops_stale = Signal()
# Sent with ``label`` and ``pk`` once an image is committed whose group has other formats to make.
formats_wanted = Signal()

MODELS_WITH_FILES: tuple[type[StoredFile], ...] = (
    EventImage,
    UserImage,
    Slide,
    ImageUpload,
    DocumentUpload,
)


# Set on an upload row whose files another row took over (an upload attached to an event, say):
# deleting that row must leave its files.
FILES_TAKEN_OVER = "_eventmedia_files_taken_over"


def delete_files_of_deleted_row(sender: type[StoredFile], instance: StoredFile, **kwargs: Any) -> None:
    """Delete a deleted row's files once its deletion commits (unless another row took them over)."""
    if not getattr(instance, FILES_TAKEN_OVER, False):
        delete_on_commit(instance.file_names(), instance.file.storage)


def connect() -> None:
    from . import tasks

    preview_wanted.connect(tasks.enqueue_slide_preview, dispatch_uid="eventmedia-slide-preview")
    crops_stale.connect(tasks.enqueue_remake_crops, dispatch_uid="eventmedia-remake-crops")
    formats_wanted.connect(tasks.enqueue_make_formats, dispatch_uid="eventmedia-make-formats")
    for model in MODELS_WITH_FILES:
        post_delete.connect(
            delete_files_of_deleted_row, sender=model, dispatch_uid=f"eventmedia-files-{model.__name__}"
        )
