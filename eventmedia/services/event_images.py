"""Images of an event: stored, attached from an upload, changed (kind, caption, focal point), re-cut."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction

from .. import jobs
from ..imaging import ProcessedImage
from ..imaging.crops import CENTER, FocalPoint
from ..imaging.pipeline import EncodedImage, crop_renditions
from ..models import SINGLE_KINDS, UPLOADED, EventImage, ImageKind, ImageUpload, StoredImage
from ..renditions import Renditions
from ..storage import read_stored
from .files import write_image_files, write_renditions
from .processing import image_policy, rendition_specs
from .unit_of_work import UnitOfWork


def store_image(
    instance: StoredImage,
    processed: ProcessedImage,
    *,
    folder: str,
    journal: Callable[[str], None] | None = None,
) -> StoredImage:
    """Point ``instance`` (new or existing) at freshly written files for ``processed`` and save it.

    The files go to a new folder of kind ``folder``; ``journal`` (used by background tasks) is told
    that folder before anything is written in it. An existing row's previous files (read under a row
    lock) are deleted once the change commits. Raises ``Gone`` when the row or its event was deleted
    meanwhile; the new files are removed then.
    """
    with UnitOfWork(journal=journal) as work:
        facts = write_image_files(work, processed, work.folder(folder))
        if isinstance(instance, EventImage):
            return work.replace(
                instance, facts.fields(), event_pk=instance.event_id, before_save=release_single_kind
            )
        return work.replace(instance, facts.fields())


def release_single_kind(image: EventImage) -> None:
    """An event has one background and one logo: the previous holder moves to the gallery.

    The caller holds the event row's lock, so two requests making different images the background
    queue up instead of one of them tripping the unique constraint.
    """
    if image.kind in SINGLE_KINDS:
        holders = EventImage.objects.filter(event_id=image.event_id, kind=image.kind)
        if image.pk:
            holders = holders.exclude(pk=image.pk)
        holders.update(kind=ImageKind.GALLERY)


def save_event_image(
    *,
    event: models.Model,
    processed: ProcessedImage,
    kind: str = ImageKind.GALLERY,
    caption: str = "",
    user: AbstractBaseUser | None = None,
    source: str = UPLOADED,
    external_id: str = "",
    journal: Callable[[str], None] | None = None,
) -> EventImage:
    """Store ``processed`` as an image of ``event`` (files first, then the row).

    Importers pass their ``source`` name and the image's ``external_id`` there; an event holds one image
    per (source, external_id), so a second save of the same post raises ``IntegrityError``.
    """
    image = EventImage(
        event=event,
        kind=kind,
        caption=caption,
        uploaded_by=user,
        source=source,
        external_id=external_id,
        # The site's "detail" default, if it found one.
        focal_point=FocalPoint(*processed.focal_point).to_json() if processed.focal_point else None,
    )
    return store_image(image, processed, folder="events", journal=journal)


def attach_image_upload(
    upload: ImageUpload, *, event: models.Model, kind: str, user: AbstractBaseUser | None = None
) -> EventImage:
    """Make ``upload`` an image of ``event`` of ``kind`` without decoding it again: the new row takes
    over the upload's files (already processed with the event renditions) and the upload row goes.
    The previous background or logo moves to the gallery."""
    with UnitOfWork() as work, work.locked(event_pk=event.pk):
        current = work.reread(upload)  # Gone when it expired or was attached meanwhile
        image = EventImage(event=event, kind=kind, uploaded_by=user or current.uploaded_by)
        work.replace(image, current.facts.fields(), before_save=release_single_kind)
        work.take_over(current)
    return image


def change_event_image(image: EventImage, **changes: Any) -> EventImage:
    """Change kind, caption or focal point; taking the background or logo kind moves the old holder
    to the gallery, and a new focal point has the crop renditions remade by a task after commit
    (the job ``remake_crops``).

    Raises ``Gone`` when the image was deleted meanwhile (a PATCH racing a DELETE).
    """
    with UnitOfWork() as work, work.locked(event_pk=image.event_id):
        current = work.reread(image)
        moved = "focal_point" in changes and changes["focal_point"] != current.focal_point
        for name, value in changes.items():
            setattr(image, name, value)
        release_single_kind(image)
        fields = [name for name in ("kind", "caption", "focal_point") if name in changes]
        work.save(image, fields or ["kind", "caption"])
        if moved and any(spec.crop for spec in rendition_specs(image.rendition_group)):
            jobs.after_commit("remake_crops", image.pk)
    return image


def remake_crops(image_id: int) -> bool:
    """Cut the crop renditions of an event image again around its focal point; the old crop files go
    after commit. False when the image is gone (or has no crop renditions)."""
    image = EventImage.objects.filter(pk=image_id).first()
    crops = [spec for spec in rendition_specs("event") if spec.crop]
    if image is None or not crops:
        return False
    data = read_stored(image.file.name, image.file.storage)
    original = EncodedImage(data, image.format.upper(), image.width, image.height)
    made = crop_renditions(original, crops, image.focal or CENTER, image_policy())
    with UnitOfWork() as work:  # Gone when deleted meanwhile: the new files are removed
        fresh = write_renditions(work, made, work.folder("renditions"))

        def in_place_of_the_old_crops(current: EventImage) -> dict[str, Any]:
            # In the old crops' order; crops the image never had go last.
            new = dict(fresh)
            merged = [new.pop(name, r) for name, r in current.renditions.items()] + list(new.values())
            return {"renditions": Renditions(merged)}

        def old_crops(current: EventImage) -> list[str]:
            return [n for name, r in current.renditions.items() if name in made for n in r.storage_names()]

        work.replace(image, in_place_of_the_old_crops, unused=old_crops, fields=["rendition_data"])
    return True


@dataclass(frozen=True)
class ImageChange:
    """What one write of an event does to its single image of ``kind`` (background, logo): take an
    upload's files over, store an image the pipeline made (``source`` and ``external_id`` say where
    it came from: an image there already is reused), or ``remove`` it."""

    kind: str
    upload: ImageUpload | None = None
    processed: ProcessedImage | None = None
    source: str = UPLOADED
    external_id: str = ""
    remove: bool = False


def apply_image_changes(event: models.Model, changes: Iterable[ImageChange], *, user=None) -> None:
    """Apply ``changes`` to ``event``'s single images in one transaction, whole or not at all: removals
    first, then uploads taken over, then images stored (the only step that writes files, last)."""
    changes = list(changes)
    with transaction.atomic():
        for change in changes:
            if change.remove:
                current = EventImage.objects.filter(event_id=event.pk, kind=change.kind).first()
                if current is not None:
                    current.delete()  # its files go after commit (signals)
        for change in changes:
            if change.upload is not None:
                attach_image_upload(change.upload, event=event, kind=change.kind, user=user)
        for change in changes:
            if change.processed is not None:
                _store_or_reuse(event, change, user)


def _store_or_reuse(event: models.Model, change: ImageChange, user) -> EventImage:
    same = {"source": change.source, "external_id": change.external_id}
    existing = EventImage.objects.filter(event_id=event.pk, **same).first() if change.external_id else None
    if existing is None:
        try:
            with transaction.atomic():
                return save_event_image(
                    event=event, processed=change.processed, kind=change.kind, user=user, **same
                )
        except IntegrityError:  # the same image stored by another request meanwhile
            existing = EventImage.objects.get(event_id=event.pk, **same)
    return change_event_image(existing, kind=change.kind)
