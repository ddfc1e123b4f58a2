"""The demo's event in the admin, with eventmedia's media panel (as a site's own model gets it)."""

from django.contrib import admin

from eventmedia.admin_media import EventMediaAdminMixin

from .models import Event


@admin.register(Event)
class EventAdmin(EventMediaAdminMixin, admin.ModelAdmin):
    list_display = ("name", "identifier", "state", "starts_at", "ends_at", "owner")
    list_filter = ("state", "privacy")
    search_fields = ("name", "identifier")
    readonly_fields = ("identifier", "created_at")
