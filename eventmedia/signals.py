"""Signals: a row's files deleted after its deletion commits, and what sites may listen to.

A ``post_delete`` receiver covers ``instance.delete()``, queryset deletes, admin bulk deletes and
cascades (deleting an event deletes its images' files too). The files go in ``on_commit``, so a
deletion that is rolled back keeps its files.

Public signals, sent after the change commits (a receiver that fails is logged, never undoes it):

- ``image_stored(sender=<model>, instance=<image>, pk=<its pk>)``: an event image, avatar or upload
  was stored, or its files replaced (a new file, renditions rebuilt or re-cut);
- ``image_deleted(sender=<model>, instance=<image>, pk=<the pk it had>)``: an image row and its files
  were deleted (``instance.pk`` is None by then); not sent for an upload whose files another row
  took over.

Background work is asked for through ``eventmedia.jobs``, never here.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal

from .models import (
    DocumentUpload,
    EventImage,
    ImageUpload,
    KeptFile,
    Slide,
    StoredFile,
    StoredImage,
    UserImage,
)
from .storage import delete_on_commit

logger = logging.getLogger(__name__)

image_stored = Signal()
image_deleted = Signal()

MODELS_WITH_FILES: tuple[type[StoredFile], ...] = (
    EventImage,
    UserImage,
    Slide,
    ImageUpload,
    DocumentUpload,
    KeptFile,
)


# Set on an upload row whose files another row took over (an upload attached to an event, say):
# deleting that row must leave its files.
FILES_TAKEN_OVER = "_eventmedia_files_taken_over"


def send_after_commit(signal: Signal, instance: StoredFile) -> None:
    """Send ``signal`` for ``instance`` once the current transaction commits."""
    model, pk = type(instance), instance.pk
    transaction.on_commit(lambda: _send(signal, model, instance, pk))


def _send(signal: Signal, model: type, instance: StoredFile, pk: object) -> None:
    for _receiver, outcome in signal.send_robust(sender=model, instance=instance, pk=pk):
        if isinstance(outcome, Exception):
            logger.error("eventmedia: a receiver of %s failed: %r", model.__name__, outcome, exc_info=outcome)


def delete_files_of_deleted_row(sender: type[StoredFile], instance: StoredFile, **kwargs: Any) -> None:
    """Delete a deleted row's files once its deletion commits (unless another row took them over)."""
    if getattr(instance, FILES_TAKEN_OVER, False):
        return
    delete_on_commit(instance.file_names(), instance.file.storage)
    if isinstance(instance, StoredImage):
        send_after_commit(image_deleted, instance)


def connect() -> None:
    """Connect the file deletion receivers (from the app's ``ready()``)."""
    for model in MODELS_WITH_FILES:
        post_delete.connect(
            delete_files_of_deleted_row, sender=model, dispatch_uid=f"eventmedia-files-{model.__name__}"
        )
