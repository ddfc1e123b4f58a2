"""How the API's URLs are written: the event key's path converter, and routes with or without a slash.

Open Event's clients call ``/v1/events/1`` where DRF's habit is ``/v1/events/1/``; every route answers
both for every method (without an alias, Django's ``APPEND_SLASH`` cannot redirect a PATCH and fails
in debug mode). The alias is left out of the OpenAPI schema, which documents each route once.
"""

from django.db import models
from django.urls import path

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


def route(pattern: str, view, name: str) -> list:
    """``pattern`` (named ``name``) and its other form, with the trailing slash added or dropped."""
    other = pattern[:-1] if pattern.endswith("/") else pattern + "/"
    return [path(pattern, view, name=name), path(other, _alias(view))]


def _alias(view):
    """The same view under another URL, hidden from the schema (which lists views that have ``cls``)."""

    def aliased(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    aliased.csrf_exempt = getattr(view, "csrf_exempt", False)  # DRF checks CSRF itself, as for the view
    return aliased
