"""The "From Instagram" section of the admin's event media panel: connect button, picker, import.

Registered with ``eventmedia.extensions.register_admin_panel`` by the app config; the import view is
an admin URL of the event's ModelAdmin, so it runs with the admin's permission checks.
"""

from __future__ import annotations

from django.contrib import messages
from django.urls import path

from ...extensions import AdminPanelSection, admin_url_name
from . import picker


def _context(model_admin, request, event) -> dict:
    return {
        "eventmedia_instagram_url": model_admin.admin_url("media_instagram", event),
        **picker.picker_context(request.user, request.GET.get("after"), request.GET.get("task"), event=event),
    }


def _urls(model_admin) -> list:
    def import_view(request, object_id):
        """Import the posts ticked in the panel's Instagram picker."""
        event, refused = model_admin.event_for_change(request, object_id)
        if refused:
            return refused
        ok, message, task = picker.import_and_describe(request.user, event, request.POST.getlist("media_ids"))
        model_admin.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
        return model_admin.back_to_panel(event, task=task)

    return [
        path(
            "<path:object_id>/media/instagram/",
            model_admin.admin_site.admin_view(import_view),
            name=admin_url_name(model_admin, "media_instagram"),
        )
    ]


SECTION = AdminPanelSection(
    name="instagram", template="eventmedia/instagram/admin_panel.html", context=_context, urls=_urls
)
