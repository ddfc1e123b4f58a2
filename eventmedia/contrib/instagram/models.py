"""The Instagram accounts users connected, and Meta's data deletion requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .redaction import Secret
from .tokens import decrypt, encrypt

# ``EventImage.source`` of imported posts (their media id is the image's ``external_id``).
SOURCE = "instagram"


class InstagramAccount(models.Model):
    """A user's connected Instagram professional account. The token is encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="eventmedia_instagram",
    )
    # Every id Meta gives for the account, so that a deauthorize or data-deletion callback matches
    # whichever one Meta signs: /me's user_id (the professional account), /me's id (app-scoped) and
    # the user_id of the token answer.
    instagram_user_id = models.CharField(_("Instagram user id"), max_length=64, db_index=True)
    app_scoped_id = models.CharField(_("app-scoped id"), max_length=64, blank=True, db_index=True)
    token_user_id = models.CharField(_("token user id"), max_length=64, blank=True, db_index=True)
    username = models.CharField(_("username"), max_length=100, blank=True)
    account_type = models.CharField(_("account type"), max_length=40, blank=True)
    # Fernet token (see ``tokens``); "" once the token is forgotten.
    encrypted_token = models.TextField(editable=False, blank=True)
    token_issued_at = models.DateTimeField(_("token issued"), null=True, blank=True)
    token_expires_at = models.DateTimeField(_("token expires"), null=True, blank=True)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    needs_reconnect = models.BooleanField(_("needs reconnect"), default=False)
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Instagram account")
        verbose_name_plural = _("Instagram accounts")

    def __str__(self) -> str:
        return f"@{self.username}" if self.username else self.instagram_user_id

    def __repr__(self) -> str:  # never the token
        return f"<InstagramAccount {self.pk} @{self.username}>"

    @property
    def token(self) -> str:
        """The decrypted token, as a ``Secret``: error reports show it as stars."""
        return Secret(decrypt(self.encrypted_token)) if self.encrypted_token else ""

    @token.setter
    def token(self, value: str) -> None:
        self.encrypted_token = encrypt(value) if value else ""


class InstagramDataDeletion(models.Model):
    """A data deletion request from Meta, with the code its status page is found by.

    It records what was deleted and kept, never whose data it was: no Instagram id outlives the
    request.
    """

    confirmation_code = models.CharField(_("confirmation code"), max_length=40, unique=True)
    accounts_deleted = models.PositiveIntegerField(_("accounts deleted"), default=0)
    captions_cleared = models.PositiveIntegerField(_("captions deleted"), default=0)
    # Imported images stay: they became the organizers' event media.
    images_kept = models.PositiveIntegerField(_("imported images kept"), default=0)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("Instagram data deletion")
        verbose_name_plural = _("Instagram data deletions")
        ordering = ("-requested_at",)

    def __str__(self) -> str:
        return self.confirmation_code
