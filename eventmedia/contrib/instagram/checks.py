"""System checks of ``EVENTMEDIA["INSTAGRAM"]``: reported by ``manage.py check``, never by a 500."""

from __future__ import annotations

import ipaddress

from django.core.checks import Error, Tags, Warning, register

from ...conf import media_settings
from . import services as instagram
from .conf import instagram_settings
from .defaults import DEFAULTS


@register(Tags.compatibility)
def check_instagram_settings(app_configs=None, **kwargs):
    """Unknown keys of ``EVENTMEDIA['INSTAGRAM']`` (E014) and scopes Instagram Login does not know (E012)."""
    errors = []
    instagram = media_settings.user_settings.get("INSTAGRAM") or {}
    for key in instagram if isinstance(instagram, dict) else []:
        if key not in DEFAULTS:
            errors.append(
                Error(
                    f"Unknown EVENTMEDIA['INSTAGRAM'] setting {key!r}.",
                    id="eventmedia_instagram.E001",
                    hint=f"Known settings: {', '.join(sorted(DEFAULTS))}.",
                )
            )
    errors.extend(_check_scopes())
    return errors


@register(Tags.compatibility)
def check_instagram_urls(app_configs=None, **kwargs):
    """The Connect Instagram pages must be mounted for the button to work."""
    warnings = []
    if instagram.is_configured() and not instagram.urls_mounted():
        warnings.append(
            Warning(
                "EVENTMEDIA['INSTAGRAM'] is configured but its pages are not in your URLs.",
                hint='Add path("instagram/", include("eventmedia.contrib.instagram.urls")) to your '
                "urlpatterns; until then the Connect Instagram button says it is not available.",
                id="eventmedia_instagram.W001",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_instagram_deploy(app_configs=None, **kwargs):
    """``check --deploy``: download and redirect settings that are fine for a stand-in, not for Meta."""
    if not instagram.is_configured():
        return []
    config = instagram_settings()
    warnings = []
    if not config.MEDIA_REQUIRE_HTTPS:
        warnings.append(
            Warning(
                "EVENTMEDIA['INSTAGRAM']['MEDIA_REQUIRE_HTTPS'] is False: media may come over plain http.",
                id="eventmedia_instagram.W002",
            )
        )
    local = [host for host in config.MEDIA_HOSTS if _is_local_host(host)]
    if local:
        warnings.append(
            Warning(
                f"EVENTMEDIA['INSTAGRAM']['MEDIA_HOSTS'] allows local hosts: {', '.join(local)}.",
                hint="Exact entries are trusted as named and skip the public-address check; in "
                'production keep Meta\'s CDN suffixes only (".cdninstagram.com", ".fbcdn.net").',
                id="eventmedia_instagram.W003",
            )
        )
    if str(config.REDIRECT_URI).startswith("http://"):
        warnings.append(
            Warning(
                "EVENTMEDIA['INSTAGRAM']['REDIRECT_URI'] is http://: Instagram requires https in production.",
                id="eventmedia_instagram.W004",
            )
        )
    return warnings


def _is_local_host(host: str) -> bool:
    name = host.lstrip(".").lower()
    if name in ("localhost",) or name.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return not ipaddress.ip_address(name).is_global
    except ValueError:
        return False


# The Instagram API with Instagram Login knows only these scopes; the Basic Display API's
# (user_profile, user_media) were retired with it in December 2024 and are refused at authorize time.
INSTAGRAM_LOGIN_SCOPES = {
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_messages",
    "instagram_business_manage_comments",
    "instagram_business_manage_insights",
}


def _check_scopes():
    scopes = instagram_settings().SCOPES or []
    unknown = [scope for scope in scopes if scope not in INSTAGRAM_LOGIN_SCOPES]
    if not unknown:
        return []
    return [
        Error(
            f"EVENTMEDIA['INSTAGRAM']['SCOPES'] has scopes unknown to Instagram Login: {', '.join(unknown)}.",
            hint="Use instagram_business_basic (what Connect Instagram needs); user_profile and user_media "
            "belonged to the retired Basic Display API.",
            id="eventmedia_instagram.E002",
        )
    ]
