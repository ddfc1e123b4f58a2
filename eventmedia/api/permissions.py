"""Who may do what: public reads, writes by the event's owner or staff, avatars by their user.

An event decides who manages its media: ``event.can_manage_media(user)`` when the (possibly swapped)
event model defines it, otherwise its ``owner`` (``owner_id``) or staff.
"""

from __future__ import annotations

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from ..access import can_manage_event
from ..conf import media_settings
from ..models import get_event_model

__all__ = ["EventMediaPermission", "can_manage_event", "create_permission"]


class EventMediaPermission(permissions.BasePermission):
    """Anyone reads; an authenticated user creates; the event's managers change and delete.

    Views that hang off an event (images, slides) set ``view.event``; the check uses it. A refusal
    says who may act (DRF answers ``message`` with the 403).
    """

    message = _("Only the event's owner or staff may change its media.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "create" and getattr(view, "creates_events", False):
            self.message = _("This site does not let you create events.")
            return create_permission().has_permission(request, view)
        event = getattr(view, "event", None)
        return event is None or can_manage_event(request.user, event)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        event = getattr(view, "event", None) or obj
        return can_manage_event(request.user, event)


def create_permission() -> permissions.BasePermission:
    """Who may create events through the API (``EVENTMEDIA["EVENT_CREATE_PERMISSION"]``)."""
    if media_settings.EVENT_CREATE_PERMISSION:
        return import_string(media_settings.EVENT_CREATE_PERMISSION)()
    if get_event_model()._meta.label == "eventmedia.Event":
        return permissions.IsAuthenticated()
    return permissions.IsAdminUser()  # a site's own events are usually made elsewhere
