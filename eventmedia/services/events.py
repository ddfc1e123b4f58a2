"""Events: created, changed and deleted (their images and slides cascade, files after commit)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

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
