"""How the API's URLs are written: the event key's path converter, routes with or without a slash,
and the JSON:API views beside the plain ones.

Open Event's clients call ``/v1/events/1`` where DRF's habit is ``/v1/events/1/``; every route answers
both for every method (without an alias, Django's ``APPEND_SLASH`` cannot redirect a PATCH and fails
in debug mode). The alias is left out of the OpenAPI schema, which documents each route once. A route
with a ``jsonapi`` view sends JSON:API requests (``jsonapi.wants_jsonapi``) there, others to ``view``.
"""

import functools

from django.db import models
from django.urls import path

from ..models import event_identifier_field, get_event_model
from .jsonapi import SERVED_AS_JSONAPI_TOO, wants_jsonapi


def event_converter() -> str:
    """``int``, ``uuid`` or ``str``: the converter that matches the event model's primary key (a
    site's swapped model may use UUIDs), or ``str`` when events also have an identifier."""
    if event_identifier_field():
        return "str"
    pk = get_event_model()._meta.pk
    if isinstance(pk, (models.AutoField, models.BigAutoField, models.IntegerField)):
        return "int"
    if isinstance(pk, models.UUIDField):
        return "uuid"
    return "str"


EVENT = event_converter()


def route(pattern: str, view, name: str, *, jsonapi=None) -> list:
    """``pattern`` (named ``name``) and its other form, with the trailing slash added or dropped."""
    if jsonapi is not None:
        SERVED_AS_JSONAPI_TOO.add(view.cls)
        view = _negotiated(view, jsonapi)
    other = pattern[:-1] if pattern.endswith("/") else pattern + "/"
    return [path(pattern, view, name=name), path(other, _alias(view))]


def _negotiated(view, jsonapi_view):
    """``view``, except for JSON:API requests, which ``jsonapi_view`` answers. It looks like ``view``
    to the schema (which documents the plain API)."""

    def negotiated(request, *args, **kwargs):
        return (jsonapi_view if wants_jsonapi(request) else view)(request, *args, **kwargs)

    return functools.update_wrapper(negotiated, view)


def _alias(view):
    """The same view under another URL, hidden from the schema (which lists views that have ``cls``)."""

    def aliased(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    aliased.csrf_exempt = getattr(view, "csrf_exempt", False)  # DRF checks CSRF itself, as for the view
    return aliased
