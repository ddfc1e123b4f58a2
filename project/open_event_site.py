"""The least of Open Event's own server that its frontend needs before it renders: the demo's, not
eventmedia's (docs/open-event.md, "With open-event-frontend"). Each answer is the emptiest a page
accepts: a public ``setting`` resource, empty lists of the site's other resources, and
``has-streams`` as plain JSON. Nothing here is stored or configurable.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import path, re_path

JSONAPI = "application/vnd.api+json"


def _document(data, status: int = 200) -> JsonResponse:
    body = {"data": data, "jsonapi": {"version": "1.0"}}
    if isinstance(data, list):
        body["meta"] = {"count": len(data)}
    return JsonResponse(body, status=status, content_type=JSONAPI)


def settings(request, *args, **kwargs) -> JsonResponse:
    """The public site settings the frontend awaits before any page (``GET /v1/settings``)."""
    attributes = {
        "app-name": "eventmedia demo",
        "tagline": "Event media",
        "frontend-url": request.build_absolute_uri("/"),
    }
    return _document({"type": "setting", "id": "1", "attributes": attributes})


def empty_list(request, *args, **kwargs) -> JsonResponse:
    """A list of a resource the demo does not have (groups, pages, event types, speakers...)."""
    return _document([])


def has_streams(request, *args, **kwargs) -> JsonResponse:
    """Whether an event has video streams: never, in the demo (plain JSON, as Open Event answers it)."""
    return JsonResponse({"exists": False, "can_access": False})


# Mounted under "v1/" before eventmedia's API: its event route would read "upcoming" as an identifier.
urlpatterns = [
    path("settings", settings),
    *[
        path(name, empty_list)
        for name in ("events/upcoming", "groups", "pages", "event-types", "event-topics")
    ],
    re_path(r"^events/[^/]+/(?:speakers|exhibitors)/?$", empty_list),
    re_path(r"^events/[^/]+/has-streams/?$", has_streams),
]
