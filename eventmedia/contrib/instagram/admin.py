"""Admin pages of Connect Instagram: connected accounts and data deletion requests.

Importing from the event media panel is a panel section (``panel``), registered by the app config.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import InstagramAccount, InstagramDataDeletion


@admin.register(InstagramAccount)
class InstagramAccountAdmin(admin.ModelAdmin):
    """Connected accounts; the token itself is never shown (it is not a field of any form here)."""

    list_display = (
        "username",
        "user",
        "instagram_user_id",
        "token_expires_at",
        "needs_reconnect",
        "updated_at",
    )
    list_filter = ("needs_reconnect",)
    search_fields = ("username", "instagram_user_id", "user__username")
    fields = (
        "user", "username", "instagram_user_id", "app_scoped_id", "token_user_id", "account_type", "scopes",
        "token_state", "token_issued_at", "token_expires_at", "needs_reconnect", "connected_at", "updated_at",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["refresh_tokens"]

    def has_add_permission(self, request):
        return False  # accounts are made by Connect Instagram only

    @admin.display(description=_("token"))
    def token_state(self, obj):
        """Whether a token is held; never the token."""
        return _("stored (encrypted)") if obj.encrypted_token else _("none: the user must reconnect")

    @admin.action(description=_("Refresh tokens that are due"))
    def refresh_tokens(self, request, queryset):
        """Refresh every token that is due now (the same rule as the scheduled refresh)."""
        report = services.refresh_tokens()
        self.message_user(
            request,
            _("Refreshed %(ok)d token(s); %(dead)d need a reconnect; %(failed)d failed.")
            % {"ok": report.refreshed, "dead": report.needs_reconnect, "failed": report.failed},
        )


@admin.register(InstagramDataDeletion)
class InstagramDataDeletionAdmin(admin.ModelAdmin):
    list_display = (
        "confirmation_code",
        "accounts_deleted",
        "captions_cleared",
        "images_kept",
        "requested_at",
    )
    readonly_fields = (
        "confirmation_code", "accounts_deleted", "captions_cleared", "images_kept", "requested_at",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False
