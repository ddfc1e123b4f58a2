"""The path converter of the event model's primary key, shared by every API URL under an event."""

from django.db import models

from ..models import get_event_model


def event_converter() -> str:
    """``int``, ``uuid`` or ``str``: the converter that matches the event model's primary key (a
    site's swapped model may use UUIDs)."""
    pk = get_event_model()._meta.pk
    if isinstance(pk, (models.AutoField, models.BigAutoField, models.IntegerField)):
        return "int"
    if isinstance(pk, models.UUIDField):
        return "uuid"
    return "str"


EVENT = event_converter()
