"""Open Event's ``session`` resource, the demo's (docs/open-event.md): a site's own record whose slides
are upload URLs, built on eventmedia's ``UploadURLField`` the way a site builds its speakers or sponsors.

- ``POST /v1/sessions``: a session of the event named by ``relationships.event`` (its id or identifier);
- ``GET``, ``PATCH``, ``DELETE /v1/sessions/{id}``;
- ``GET /v1/events/{id}/sessions``: an event's sessions, paged as JSON:API lists are.

``slides-url`` names a document that ``POST /v1/upload/files`` answered, and ``slides`` a list of
``{"name", "link"}`` (the frontend's session form); the session keeps their files. Those who manage the
event (its owner, staff) write its sessions; anyone reads the sessions of a published event.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from eventmedia.api import jsonapi
from eventmedia.api.exceptions import full_details_exception_handler
from eventmedia.api.permissions import can_manage_event
from eventmedia.api.upload_urls import KeepsUploadsMixin, UploadURLField
from eventmedia.models import event_identifier_field, find_event

from .fields import TextAttribute
from .models import Event, Session


class SlideLinkSerializer(serializers.Serializer):
    """One of the session form's documents; a row added but not uploaded yet has an empty link."""

    name = TextAttribute(max_length=200)
    link = UploadURLField(kind="document")


class SessionSerializer(KeepsUploadsMixin, serializers.ModelSerializer):
    subtitle = TextAttribute(max_length=300)
    short_abstract = TextAttribute(max_length=20000)
    long_abstract = TextAttribute(max_length=20000)
    slides_url = UploadURLField(kind="document", required=False)
    slides = serializers.ListField(
        child=SlideLinkSerializer(), required=False, allow_null=True, max_length=50
    )

    class Meta:
        model = Session
        fields = [
            "id", "title", "subtitle", "short_abstract", "long_abstract", "starts_at", "ends_at", "state",
            "slides_url", "slides", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]

    def validate_slides(self, slides):
        return slides or []  # null: no documents


def session_document(session: Session, request) -> dict:
    data = SessionSerializer(session, context={"request": request}).data
    field = event_identifier_field(Event)
    event_key = getattr(session.event, field) if field else session.event_id
    link = request.build_absolute_uri(f"/v1/sessions/{session.pk}")
    document = jsonapi.resource("session", data, {"self": link})
    document["relationships"] = {"event": {"data": {"type": "event", "id": str(event_key)}}}
    return document


def may_read(user, event: Event) -> bool:
    return event.state == Event.State.PUBLISHED or can_manage_event(user, event)


def managed_event(user, event: Event) -> Event:
    if not can_manage_event(user, event):
        raise PermissionDenied(_("Only the event's owner or staff may change its sessions."))
    return event


class SessionView(jsonapi.JSONAPIViewMixin, APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    schema = None  # the demo's resource, not part of eventmedia's documented API

    def get_exception_handler(self):
        return full_details_exception_handler  # eventmedia's error shape: {"field": [{message, code}]}


class SessionList(SessionView):
    """``POST /v1/sessions``: a session of the event its ``relationships.event`` names."""

    def post(self, request):
        values = jsonapi.attributes(request.data, "session")
        event_ref = ((request.data["data"].get("relationships") or {}).get("event") or {}).get("data") or {}
        event = find_event(str(event_ref.get("id", "")), Event.objects.all()) if event_ref else None
        if event is None:
            message = _("Name the session's event in relationships.event.")
            raise serializers.ValidationError({"event": [ErrorDetail(message, code="required")]})
        serializer = SessionSerializer(data=values, context={"request": request})
        serializer.is_valid(raise_exception=True)
        session = serializer.save(event=managed_event(request.user, event))
        return Response({"data": session_document(session, request)}, status=status.HTTP_201_CREATED)


class SessionDetail(SessionView):
    """``GET``, ``PATCH``, ``DELETE /v1/sessions/{id}``."""

    def session(self, pk: int) -> Session:
        session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
        if not may_read(self.request.user, session.event):
            raise NotFound()
        return session

    def get(self, request, pk: int):
        return Response({"data": session_document(self.session(pk), request)})

    def patch(self, request, pk: int):
        session = self.session(pk)
        managed_event(request.user, session.event)
        values = jsonapi.attributes(request.data, "session", [session.pk])
        serializer = SessionSerializer(session, data=values, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response({"data": session_document(session, request)})

    def delete(self, request, pk: int):
        session = self.session(pk)
        managed_event(request.user, session.event)
        session.delete()  # the files it kept follow after commit
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventSessions(SessionView):
    """``GET /v1/events/{id}/sessions``: the event's sessions, paged."""

    def get(self, request, key: str):
        event = find_event(key, Event.objects.all())
        if event is None or not may_read(request.user, event):
            raise NotFound()
        paginator = jsonapi.JSONAPIPagination()
        page = paginator.paginate_queryset(event.sessions.select_related("event"), request, self)
        return paginator.get_paginated_response([session_document(s, request) for s in page])


# Mounted under "v1/" before eventmedia's API (whose event routes would take "sessions" otherwise).
urlpatterns = [
    path(route, view.as_view())
    for pattern, view in (
        ("sessions", SessionList),
        ("sessions/<int:pk>", SessionDetail),
        ("events/<str:key>/sessions", EventSessions),
    )
    for route in (pattern, pattern + "/")
]
