"""Instagram use cases: connect, refresh, disconnect, honour Meta's callbacks, import posts.

Views, tasks and commands call these; these call the HTTP client, the safe downloader and the media
services, and own the transactions. The token is read from the account only here and handed to the
client; it is never returned, logged or put in a message.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ... import background
from ... import services as media_services
from ...conf import media_settings
from ...imaging import MediaError
from ...models import EventImage, ImageKind
from .client import InstagramClient, InstagramConfig, InstagramError, MediaItem, Throttled, TokenInvalid
from .conf import instagram_settings
from .download import DownloadPolicy, DownloadRefused, fetch
from .models import SOURCE, InstagramAccount, InstagramDataDeletion

logger = logging.getLogger(__name__)

REQUIRED_SCOPE = "instagram_business_basic"
MIN_TOKEN_AGE = timedelta(hours=24)  # Instagram refuses to refresh younger tokens


class NotConnected(Exception):
    """The user has no usable Instagram account: never connected, disconnected, or needs reconnect."""

    def __init__(self, needs_reconnect: bool = False):
        super().__init__("needs reconnect" if needs_reconnect else "not connected")
        self.needs_reconnect = needs_reconnect


class MissingPermission(Exception):
    pass


def config() -> InstagramConfig:
    s = instagram_settings()
    return InstagramConfig(
        client_id=s["CLIENT_ID"],
        client_secret=s["CLIENT_SECRET"],
        redirect_uri=s["REDIRECT_URI"],
        scopes=tuple(s["SCOPES"]),
        authorize_url=s["AUTHORIZE_URL"],
        token_url=s["TOKEN_URL"],
        graph_url=s["GRAPH_URL"].rstrip("/"),
        graph_version=s["GRAPH_VERSION"],
        timeout=s["TIMEOUT"],
        retries=s["RETRIES"],
        backoff=s["BACKOFF"],
    )


def is_configured() -> bool:
    return config().configured


def client() -> InstagramClient:
    return InstagramClient(config())


def download_policy() -> DownloadPolicy:
    s = instagram_settings()
    return DownloadPolicy(
        hosts=tuple(s["MEDIA_HOSTS"]),
        require_https=s["MEDIA_REQUIRE_HTTPS"],
        max_bytes=min(s["MEDIA_MAX_BYTES"], media_settings.MAX_UPLOAD_BYTES),
        timeout=s["TIMEOUT"],
        deadline=s["MEDIA_DEADLINE"],
    )


# -- Connecting ------------------------------------------------------------------------------------


# Tokens and codes live in these functions' locals: Django's error reports show them as stars.
@sensitive_variables("code", "short", "long_lived")
def connect(*, user, code: str) -> InstagramAccount:
    """Code -> short-lived token -> long-lived token -> profile -> the stored account (one per user)."""
    api = client()
    short = api.exchange_code(code)
    if REQUIRED_SCOPE not in short.permissions:
        raise MissingPermission(REQUIRED_SCOPE)
    long_lived = api.long_lived_token(short.access_token)
    profile = api.me(long_lived.access_token)
    now = timezone.now()
    with transaction.atomic():
        account, _ = InstagramAccount.objects.select_for_update().get_or_create(user=user)
        account.instagram_user_id = profile.user_id or short.user_id
        account.app_scoped_id = profile.app_scoped_id
        account.username = profile.username
        account.account_type = profile.account_type
        account.scopes = list(short.permissions)
        account.token = long_lived.access_token
        account.token_issued_at = now
        account.token_expires_at = now + timedelta(seconds=long_lived.expires_in)
        account.needs_reconnect = False
        account.save()
    return account


def disconnect(*, user) -> bool:
    with transaction.atomic():
        deleted, _ = InstagramAccount.objects.filter(user=user).delete()
    return bool(deleted)


def usable_account(user) -> InstagramAccount:
    account = InstagramAccount.objects.filter(user=user).first()
    if account is None or not account.encrypted_token:
        raise NotConnected(needs_reconnect=account is not None)
    if account.needs_reconnect or not account.token:
        raise NotConnected(needs_reconnect=True)
    return account


def mark_needs_reconnect(account: InstagramAccount) -> None:
    InstagramAccount.objects.filter(pk=account.pk).update(needs_reconnect=True, updated_at=timezone.now())
    account.needs_reconnect = True


# -- Token refresh ---------------------------------------------------------------------------------


@dataclass
class RefreshReport:
    refreshed: int = 0
    needs_reconnect: int = 0
    failed: int = 0


def accounts_due_for_refresh():
    now = timezone.now()
    window = timedelta(days=instagram_settings()["REFRESH_WITHIN_DAYS"])
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
    # Which id Meta sends is not documented; match both the account id and the app-scoped id.
    from django.db.models import Q

    return InstagramAccount.objects.filter(
        Q(instagram_user_id=instagram_user_id) | Q(app_scoped_id=instagram_user_id)
    )


def forget_token(instagram_user_id: str) -> int:
    """Deauthorize: the user removed the app. Forget the token; the account shows "reconnect"."""
    with transaction.atomic():
        return _accounts_of(instagram_user_id).update(
            encrypted_token="", needs_reconnect=True, updated_at=timezone.now()
        )


def delete_user_data(instagram_user_id: str) -> InstagramDataDeletion:
    """Data deletion: delete the accounts (token, username, ids) and the captions we copied."""
    with transaction.atomic():
        accounts = list(_accounts_of(instagram_user_id))
        users = [account.user_id for account in accounts]
        deleted, _ = _accounts_of(instagram_user_id).delete()
        # Images the organizers imported stay with their events (they are the events' media now),
        # but the text copied from Instagram goes.
        EventImage.objects.filter(source=SOURCE, uploaded_by_id__in=users).update(caption="")
        return InstagramDataDeletion.objects.create(
            confirmation_code=secrets.token_hex(10),
            instagram_user_id=str(instagram_user_id),
            accounts_deleted=deleted,
        )


def urls_mounted() -> bool:
    """True when the site includes ``eventmedia.instagram.urls`` (its connect page can be reversed)."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("eventmedia-instagram:connect")
    except NoReverseMatch:
        return False
    return True


# -- Browsing and importing ------------------------------------------------------------------------


def recent_media(*, user, after: str | None = None, limit: int = 24):
    account = usable_account(user)
    try:
        return client().media_page(account.token, after=after, limit=limit)
    except TokenInvalid:
        mark_needs_reconnect(account)
        raise NotConnected(needs_reconnect=True) from None


@dataclass
class ImportResult:
    imported: list[EventImage] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


@sensitive_variables("token")
def import_media(*, user, event, media_ids: list[str], tracking: str | None = None) -> ImportResult:
    """Copy the chosen posts into the event (carousels give their children, videos their thumbnail).

    Each image goes through the upload pipeline and is stored on its own, so one bad item is reported
    in ``skipped`` while the others import. Importing a post twice for one event yields one image.
    The first image imported becomes the event's background. With ``tracking`` (a ``BackgroundTask``
    id), progress is reported after each post and every folder is journalled before it is written.
    """
    account = usable_account(user)
    api = client()
    token = account.token
    policy = download_policy()
    result = ImportResult()
    wanted = list(dict.fromkeys(str(m) for m in media_ids))[: instagram_settings()["MAX_IMPORT"]]
    journal = background.journal(tracking)
    background.progress(tracking, 0, len(wanted))
    for position, media_id in enumerate(wanted):
        if position:
            background.progress(tracking, position)
        if not media_id.isdigit():
            result.skipped.append({"id": media_id, "reason": "invalid_id"})
            continue
        try:
            item = api.media_item(token, media_id)
            targets = api.children(token, media_id) if item.media_type == "CAROUSEL_ALBUM" else [item]
        except TokenInvalid:
            mark_needs_reconnect(account)
            raise NotConnected(needs_reconnect=True) from None
        except Throttled:
            result.skipped += [{"id": m, "reason": "throttled"} for m in wanted[position:]]
            break
        except InstagramError:
            result.skipped.append({"id": media_id, "reason": "not_found"})
            continue
        for target in targets or [item]:
            image = _import_one(
                event, user, target, caption=item.caption, policy=policy, result=result, journal=journal
            )
            if image is not None:
                result.imported.append(image)
    if result.imported:
        media_services.change_event_image(result.imported[0], kind=ImageKind.BACKGROUND)
    return result


def _import_one(
    event, user, target: MediaItem, *, caption: str, policy, result, journal=None
) -> EventImage | None:
    existing = EventImage.objects.filter(event=event, source=SOURCE, external_id=target.id).first()
    if existing is not None:
        return existing
    if not target.image_url:
        result.skipped.append({"id": target.id, "reason": "no_image"})
        return None
    try:
        data = fetch(target.image_url, policy)
        processed = media_services.process_image_bytes(data, "event")
    except DownloadRefused as refused:
        result.skipped.append({"id": target.id, "reason": refused.code})
        return None
    except MediaError as error:
        result.skipped.append({"id": target.id, "reason": error.code})
        return None
    try:
        return media_services.save_event_image(
            event=event,
            processed=processed,
            kind=ImageKind.GALLERY,
            caption=caption[:500],
            user=user,
            source=SOURCE,
            external_id=target.id,
            journal=journal,
        )
    except IntegrityError:  # the same post imported concurrently: keep the other request's image
        return EventImage.objects.filter(event=event, source=SOURCE, external_id=target.id).first()
