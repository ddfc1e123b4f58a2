"""Instagram use cases: connect, refresh, disconnect, honour Meta's callbacks, list posts.

Views, tasks and commands call these; these call the HTTP client, the safe downloader and the media
services, and own the transactions. The token is read from the account only here and handed to the
client; it is never returned, logged or put in a message.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ...conf import media_settings
from ...download import DownloadPolicy
from ...models import EventImage
from ...sources import ImportResult, import_items, start_import
from ...sources import get as get_source
from .client import (
    InstagramClient,
    InstagramConfig,
    InstagramError,
    MediaPage,
    PermissionMissing,
    TokenInvalid,
)
from .conf import instagram_settings
from .models import SOURCE, InstagramAccount, InstagramDataDeletion

logger = logging.getLogger(__name__)

REQUIRED_SCOPE = "instagram_business_basic"
IMPORT_KIND = "instagram_import"  # the BackgroundTask kind of imports
MIN_TOKEN_AGE = timedelta(hours=24)  # Instagram refuses to refresh younger tokens


class NotConnected(Exception):
    """The user has no usable Instagram account: never connected, disconnected, or needs reconnect."""

    def __init__(self, needs_reconnect: bool = False):
        super().__init__("needs reconnect" if needs_reconnect else "not connected")
        self.needs_reconnect = needs_reconnect


class MissingPermission(Exception):
    pass


def config() -> InstagramConfig:
    """The client's configuration from ``EVENTMEDIA['INSTAGRAM']``."""
    s = instagram_settings()
    return InstagramConfig(
        client_id=s.CLIENT_ID,
        client_secret=s.CLIENT_SECRET,
        redirect_uri=s.REDIRECT_URI,
        scopes=tuple(s.SCOPES),
        authorize_url=s.AUTHORIZE_URL,
        token_url=s.TOKEN_URL,
        graph_url=s.GRAPH_URL.rstrip("/"),
        graph_version=s.GRAPH_VERSION,
        timeout=s.TIMEOUT,
        retries=s.RETRIES,
        backoff=s.BACKOFF,
    )


def is_configured() -> bool:
    """Whether the site has an Instagram app set up."""
    return config().configured


def client() -> InstagramClient:
    """An ``InstagramClient`` for the site's app."""
    return InstagramClient(config())


def download_policy() -> DownloadPolicy:
    """The media download rules from the settings; the byte cap is never above ``MAX_UPLOAD_BYTES``."""
    s = instagram_settings()
    return DownloadPolicy(
        hosts=tuple(s.MEDIA_HOSTS),
        require_https=s.MEDIA_REQUIRE_HTTPS,
        trusted_networks=tuple(s.MEDIA_PRIVATE_NETWORKS),
        max_bytes=min(s.MEDIA_MAX_BYTES, media_settings.MAX_UPLOAD_BYTES),
        timeout=s.TIMEOUT,
        deadline=s.MEDIA_DEADLINE,
    )


# -- Connecting ------------------------------------------------------------------------------------


# Tokens and codes live in these functions' locals: Django's error reports show them as stars.
@sensitive_variables("code", "short", "long_lived")
def connect(*, user, code: str) -> InstagramAccount:
    """Code -> short-lived token -> long-lived token -> profile -> the stored account (one per user).

    Meta's token answer may leave out ``permissions``; then reading the profile is the test of the
    grant (a token without ``instagram_business_basic`` cannot read ``/me``).
    """
    api = client()
    short = api.exchange_code(code)
    if short.permissions is not None and REQUIRED_SCOPE not in short.permissions:
        raise MissingPermission(REQUIRED_SCOPE)
    long_lived = api.long_lived_token(short.access_token)
    try:
        profile = api.me(long_lived.access_token)
    except PermissionMissing:
        raise MissingPermission(REQUIRED_SCOPE) from None
    now = timezone.now()
    with transaction.atomic():
        account, _ = InstagramAccount.objects.select_for_update().get_or_create(user=user)
        account.instagram_user_id = profile.user_id or short.user_id
        account.app_scoped_id = profile.app_scoped_id
        account.token_user_id = short.user_id
        account.username = profile.username
        account.account_type = profile.account_type
        account.scopes = list(short.permissions or ())  # [] when Meta did not say
        account.token = long_lived.access_token
        account.token_issued_at = now
        account.token_expires_at = now + timedelta(seconds=long_lived.expires_in)
        account.needs_reconnect = False
        account.save()
    return account


def disconnect(*, user) -> bool:
    """Forget the account (token and ids) and the captions copied from its posts.

    The captions go now, not when Meta's data deletion request arrives: by then no record would say
    which site user the Instagram account was, and keeping one would keep the Instagram id.
    """
    with transaction.atomic():
        deleted, _ = InstagramAccount.objects.filter(user=user).delete()
        if deleted:
            _imported_by([user.pk]).update(caption="")
    return bool(deleted)


def _imported_by(user_ids: list):
    return EventImage.objects.filter(source=SOURCE, uploaded_by_id__in=user_ids)


CONNECTED, RECONNECT, ABSENT = "connected", "reconnect", "absent"


def account_status(account: InstagramAccount | None) -> str:
    """``connected`` while a usable token is held; ``reconnect`` when the account exists but its
    token was forgotten (deauthorized), refused by Instagram, expired or unreadable with our key;
    ``absent`` without an account. The one rule the API, pages and button follow."""
    if account is None:
        return ABSENT
    expired = account.token_expires_at is not None and account.token_expires_at <= timezone.now()
    if not account.encrypted_token or account.needs_reconnect or expired or not account.token:
        return RECONNECT
    return CONNECTED


def usable_account(user) -> InstagramAccount:
    """The user's account when its status is ``connected``; ``NotConnected`` otherwise."""
    account = InstagramAccount.objects.filter(user=user).first()
    status = account_status(account)
    if status != CONNECTED:
        raise NotConnected(needs_reconnect=status == RECONNECT)
    return account


def mark_needs_reconnect(account: InstagramAccount) -> None:
    """Remember that Instagram refused the account's token: the user must connect again."""
    InstagramAccount.objects.filter(pk=account.pk).update(needs_reconnect=True, updated_at=timezone.now())
    account.needs_reconnect = True


# -- Token refresh ---------------------------------------------------------------------------------


@dataclass
class RefreshReport:
    refreshed: int = 0
    needs_reconnect: int = 0
    failed: int = 0


def accounts_due_for_refresh():
    """Accounts whose token is at least a day old and expires within ``REFRESH_WITHIN_DAYS``, soonest
    first."""
    now = timezone.now()
    window = timedelta(days=instagram_settings().REFRESH_WITHIN_DAYS)
    return (
        InstagramAccount.objects.exclude(encrypted_token="")
        .filter(
            needs_reconnect=False,
            token_issued_at__lte=now - MIN_TOKEN_AGE,
            token_expires_at__lte=now + window,
        )
        .order_by("token_expires_at")
    )


@sensitive_variables("fresh")
def refresh_tokens() -> RefreshReport:
    """Refresh every long-lived token that is at least 24 h old and close to its expiry."""
    report = RefreshReport()
    api = client()
    for account in accounts_due_for_refresh():
        try:
            fresh = api.refresh_token(account.token)
        except TokenInvalid:
            mark_needs_reconnect(account)
            report.needs_reconnect += 1
            continue
        except InstagramError:
            report.failed += 1
            continue
        now = timezone.now()
        with transaction.atomic():
            # The user may have reconnected (a new token) or disconnected while we asked Meta: the
            # account row is locked and read again, and an old token never overwrites a newer one.
            current = InstagramAccount.objects.select_for_update().filter(pk=account.pk).first()
            if current is None or current.encrypted_token != account.encrypted_token:
                continue
            current.token = fresh.access_token
            current.token_issued_at = now
            current.token_expires_at = now + timedelta(seconds=fresh.expires_in)
            current.save(
                update_fields=["encrypted_token", "token_issued_at", "token_expires_at", "updated_at"]
            )
        report.refreshed += 1
    return report


# -- Meta's callbacks --------------------------------------------------------------------------------


def _accounts_of(instagram_user_id: str):
    # Which id Meta signs is not documented: match every id we were given for the account.
    return InstagramAccount.objects.filter(
        Q(instagram_user_id=instagram_user_id)
        | Q(app_scoped_id=instagram_user_id)
        | Q(token_user_id=instagram_user_id)
    )


def forget_token(instagram_user_id: str) -> int:
    """Deauthorize: the user removed the app. Forget the token; the account shows "reconnect"."""
    with transaction.atomic():
        return _accounts_of(instagram_user_id).update(
            encrypted_token="", needs_reconnect=True, updated_at=timezone.now()
        )


def delete_user_data(instagram_user_id: str) -> InstagramDataDeletion:
    """Data deletion: delete the accounts (token, username, ids) and the captions we copied.

    A user who disconnected here already had both deleted then (``disconnect``), so nothing is found
    and the record says so. The record keeps counts, not the Instagram id.
    """
    with transaction.atomic():
        users = list(_accounts_of(instagram_user_id).values_list("user_id", flat=True))
        deleted, _ = _accounts_of(instagram_user_id).delete()
        # Images the organizers imported stay with their events (they are the events' media now),
        # but the text copied from Instagram goes.
        imported = _imported_by(users)
        cleared = imported.exclude(caption="").update(caption="")
        return InstagramDataDeletion.objects.create(
            confirmation_code=secrets.token_hex(10),
            accounts_deleted=deleted,
            captions_cleared=cleared,
            images_kept=imported.count(),
        )


def urls_mounted() -> bool:
    """True when the site includes ``eventmedia.contrib.instagram.urls`` (its connect page reverses)."""
    try:
        reverse("eventmedia-instagram:connect")
    except NoReverseMatch:
        return False
    return True


# -- Browsing --------------------------------------------------------------------------------------


def media_page(account: InstagramAccount, *, after: str | None = None, limit: int = 24) -> MediaPage:
    """One page of the account's recent posts, kept ``MEDIA_CACHE_SECONDS`` in Django's cache.

    Rendering the picker again (a reload, the page after an import) then spends none of the app's
    Graph rate budget. The key names the token's issue time, so a reconnect never sees old posts.
    Raises ``InstagramError`` (a dead token also marks the account for a reconnect).
    """
    seconds = instagram_settings().MEDIA_CACHE_SECONDS
    issued = account.token_issued_at.timestamp() if account.token_issued_at else 0
    key = f"eventmedia-instagram:media:{account.pk}:{issued}:{limit}:{after or ''}"
    if seconds and (page := cache.get(key)) is not None:
        return page
    try:
        page = client().media_page(account.token, after=after, limit=limit)
    except TokenInvalid:
        mark_needs_reconnect(account)
        raise
    if seconds:
        cache.set(key, page, seconds)
    return page


# -- Importing (the loop is the core's: eventmedia.sources) -----------------------------------------


def import_media(*, user, event, media_ids: list[str], tracking: str | None = None) -> ImportResult:
    """Copy the chosen posts into the event (carousels give their children, videos their thumbnail),
    through the core's import loop (``eventmedia.sources.import_items``)."""
    return import_items(get_source(SOURCE), user=user, event=event, item_ids=media_ids, tracking=tracking)


def start_import_task(*, user, event, media_ids: list[str]):
    """Start ``import_media`` on the task worker as a tracked ``BackgroundTask``."""
    return start_import(get_source(SOURCE), user=user, event=event, item_ids=media_ids)
