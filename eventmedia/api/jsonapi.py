"""JSON:API (``application/vnd.api+json``) for Open Event's clients: the media type, documents, errors.

A request whose ``Accept`` or ``Content-Type`` is the JSON:API media type is served by the JSON:API
views (``open_event``); every other request by the plain JSON views, at the same paths. Attribute
names are dasherized on the wire (``original-image-url``) and underscored in serializers. Errors keep
eventmedia's stable codes: ``{"errors": [{"status", "code", "detail", "source": {"pointer"}}]}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.paginator import InvalidPage
from rest_framework import pagination, renderers, status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..problems import Refusal
from .parsers import JSONParser

MEDIA_TYPE = "application/vnd.api+json"

# The plain view classes whose routes also serve JSON:API (``routing.route`` records them): the
# OpenAPI schema, which documents the plain API, adds the JSON:API answers they may give (422).
SERVED_AS_JSONAPI_TOO: set[type] = set()


def wants_jsonapi(request) -> bool:
    """Whether a Django request asks for JSON:API, by its ``Accept`` or its ``Content-Type``."""
    return MEDIA_TYPE in request.META.get("HTTP_ACCEPT", "") or request.META.get(
        "CONTENT_TYPE", ""
    ).startswith(MEDIA_TYPE)


def dasherize(name: str) -> str:
    return name.replace("_", "-")


def underscore(name: str) -> str:
    return name.replace("-", "_")


def resource(type_: str, attributes: dict[str, Any], links: dict[str, str] | None = None) -> dict:
    """A resource object from a serializer's data (its ``id`` becomes the string id)."""
    attributes = dict(attributes)
    identifier = attributes.pop("id")
    document = {
        "type": type_,
        "id": str(identifier),
        "attributes": {dasherize(key): value for key, value in attributes.items()},
    }
    if links:
        document["links"] = links
    return document


class JSONAPIRenderer(renderers.JSONRenderer):
    """Writes documents the views built, and turns eventmedia's error answers into error objects."""

    media_type = MEDIA_TYPE
    format = "vnd.api+json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400 and isinstance(data, dict):
            data = {"errors": error_objects(data, response.status_code)}
        if isinstance(data, dict):
            data = {**data, "jsonapi": {"version": "1.0"}}
        return super().render(data, accepted_media_type, renderer_context)


def error_objects(details: dict, status_code: int) -> list[dict]:
    """``{"field": [{"message", "code"}]}`` (eventmedia's full details) as JSON:API error objects."""
    if "errors" in details:
        return details["errors"]
    objects = []
    for field, items in details.items():
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, dict):
                item = {"message": str(item), "code": "invalid"}
            error = {"status": str(status_code), "code": item.get("code"), "detail": item.get("message")}
            if field not in ("detail", "non_field_errors"):
                error["source"] = {"pointer": f"/data/attributes/{dasherize(field)}"}
            objects.append(error)
    return objects


class JSONAPIParser(JSONParser):
    """Reads a JSON:API document, bounded as every JSON body is; ``attributes`` checks its shape."""

    media_type = MEDIA_TYPE
    renderer_class = JSONAPIRenderer


# Keys of eventmedia's error answers that are about the request, not one of its attributes.
REQUEST_KEYS = ("detail", "non_field_errors", "errors")


def refuses_attributes(data: Any) -> bool:
    """Whether an error answer names at least one attribute (a field error)."""
    return isinstance(data, dict) and any(key not in REQUEST_KEYS for key in data)


class JSONAPIPagination(pagination.PageNumberPagination):
    """JSON:API's ``page[number]`` and ``page[size]`` (at most 200); ``links`` and ``meta.count``."""

    page_query_param = "page[number]"
    page_size_query_param = "page[size]"
    page_size = 50
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        """The page asked for; a page past the last (or not a number) is an empty one, not an error."""
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(request.query_params.get(self.page_query_param) or 1)
        except InvalidPage:
            self.page = None
            return []
        return list(self.page)

    def page_link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return (
            replace_query_param(url, self.page_query_param, number)
            if number > 1
            else remove_query_param(url, self.page_query_param)
        )

    def links(self) -> dict[str, str | None]:
        if self.page is None:
            return {"first": self.page_link(1), "prev": None, "next": None, "last": None}
        last = self.page.paginator.num_pages
        number = self.page.number
        return {
            "self": self.page_link(number),
            "first": self.page_link(1),
            "prev": self.page_link(number - 1) if self.page.has_previous() else None,
            "next": self.page_link(number + 1) if self.page.has_next() else None,
            "last": self.page_link(last),
        }

    def get_paginated_response(self, data):
        count = self.page.paginator.count if self.page is not None else 0
        return Response({"data": data, "links": self.links(), "meta": {"count": count}})


def sort_fields(value: str | None, allowed: set[str]) -> list[str]:
    """JSON:API's ``sort`` (``name,-starts-at``) as ORM ordering, keeping only the ``allowed`` fields
    (unknown ones are ignored, as Open Event's clients send sorts of fields we do not have)."""
    ordering = []
    for item in (value or "").split(","):
        descending, name = item.strip().startswith("-"), underscore(item.strip().lstrip("-"))
        if name in allowed:
            ordering.append(f"-{name}" if descending else name)
    return ordering


class JSONAPIViewMixin:
    """A view that speaks JSON:API. A refused attribute answers 422 Unprocessable Entity, as JSON:API
    recommends and as Ember Data requires to show it on its field (a 400 is only a failed request to
    it); a malformed request stays 400."""

    renderer_classes = [JSONAPIRenderer]
    parser_classes = [JSONAPIParser]

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code == status.HTTP_400_BAD_REQUEST and refuses_attributes(response.data):
            response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        return super().finalize_response(request, response, *args, **kwargs)


def attributes(document: Any, type_: str, ids: Iterable[Any] = ()) -> dict[str, Any]:
    """The attributes of ``document``'s resource, underscored; its ``type`` must be ``type_`` and, on
    a change, its ``id`` (when it has one) one of ``ids`` (an event is named by its id or its
    identifier), 409 ``type_conflict`` otherwise, as JSON:API says."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise Refusal("invalid_document")
    accepted = {str(i) for i in ids}
    if data.get("type") != type_ or (accepted and "id" in data and str(data["id"]) not in accepted):
        raise Refusal("type_conflict")
    values = data.get("attributes") or {}
    if not isinstance(values, dict):
        raise Refusal("invalid_document")
    return {underscore(key): value for key, value in values.items()}
