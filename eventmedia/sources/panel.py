"""A source's section of the admin's event media panel: its connect part, the picker, the import.

The import view is an admin URL of the event's ModelAdmin (``<path>/media/<source>/``), so it runs with
the admin's permission checks and leaves the organizer on the panel with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.urls import path

from ..extensions import AdminPanelSection, admin_url_name
from .base import Source
from .picker import import_and_describe, picker_context


def admin_section(source: Source) -> AdminPanelSection:
    """The panel section of ``source``."""
    action = f"media_{source.name}"

    def context(model_admin, request, event) -> dict:
        picked = picker_context(
            source, request.user, request.GET.get("after"), request.GET.get("task"), event
        )
        return {**picked, "import_url": model_admin.admin_url(action, event)}

    def urls(model_admin) -> list:
        def import_view(request, object_id):
            """Import the items ticked in the panel's picker."""
            event, refused = model_admin.event_for_change(request, object_id)
            if refused:
                return refused
            ids = request.POST.getlist("media_ids")
            ok, message, task = import_and_describe(source, request.user, event, ids)
            model_admin.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
            return model_admin.back_to_panel(event, task=task)

        view = model_admin.admin_site.admin_view(import_view)
        return [
            path(f"<path:object_id>/media/{source.name}/", view, name=admin_url_name(model_admin, action))
        ]

    return AdminPanelSection(
        name=source.name, template="eventmedia/sources/admin_panel.html", context=context, urls=urls
    )
