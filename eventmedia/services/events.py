"""Events: created, changed and deleted (their images and slides cascade, files after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from .event_images import ImageChange, apply_image_changes
from .unit_of_work import change_fields


def create_event(model: type[models.Model], **values: Any) -> models.Model:
    """Create an event of ``model`` from field values; many-to-many values are set once it exists
    (as DRF's ``ModelSerializer.create`` does)."""
    many = {f.name for f in model._meta.many_to_many}
    related = {name: values.pop(name) for name in list(values) if name in many}
    with transaction.atomic():
        event = model._default_manager.create(**values)
        for name, items in related.items():
            getattr(event, name).set(items)
    return event


def create_event_with_images(
    model: type[models.Model], values: dict[str, Any], images: Iterable[ImageChange] = (), *, user=None
) -> models.Model:
    """``create_event`` and ``apply_image_changes`` in one transaction: the event exists with its
    images, or nothing was written."""
    with transaction.atomic():
        event = create_event(model, **values)
        apply_image_changes(event, images, user=user)
    return event


def change_event_with_images(
    event: models.Model, changes: dict[str, Any], images: Iterable[ImageChange] = (), *, user=None
) -> models.Model:
    """``change_event`` and ``apply_image_changes`` in one transaction, whole or not at all."""
    with transaction.atomic():
        change_event(event, **changes)
        apply_image_changes(event, images, user=user)
    return event


def add_event(event: models.Model) -> models.Model:
    """Insert a new event row (the admin's add form)."""
    with transaction.atomic():
        event.save(force_insert=True)
    return event


def change_event(event: models.Model, **changes: Any) -> models.Model:
    """Change an event's own fields; ``Gone`` when it was deleted meanwhile (a PATCH racing a DELETE)."""
    return change_fields(event, changes)


def delete_event(event: models.Model) -> None:
    """Delete an event; its images and slides cascade and their files go after commit."""
    with transaction.atomic():
        event.delete()
