"""Shared by the demo page and the admin panel: list recent posts for a picker, import the chosen ones.

Returns template context and user-facing messages; the callers render and redirect.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .client import InstagramError, Throttled


def picker_context(user, after: str | None) -> dict:
    if not services.is_configured():
        return {}
    try:
        return {"instagram_page": services.recent_media(user=user, after=after)}
    except services.NotConnected as error:
        if error.needs_reconnect:
            return {"instagram_error": _("Instagram needs to be connected again.")}
        return {}
    except Throttled:
        return {"instagram_error": _("Instagram asks us to slow down; try again in a few minutes.")}
    except InstagramError:
        return {"instagram_error": _("Instagram could not be reached; try again in a few minutes.")}


def import_and_describe(user, event, media_ids: list[str]) -> tuple[bool, str]:
    """Import; return (success, message for the user)."""
    if not media_ids:
        return False, _("Choose at least one post to import.")
    try:
        result = services.import_media(user=user, event=event, media_ids=media_ids)
    except services.NotConnected:
        return False, _("Instagram needs to be connected again.")
    except InstagramError:
        return False, _("Instagram could not be reached; try again in a few minutes.")
    message = ngettext("Imported %(n)d image from Instagram.", "Imported %(n)d images from Instagram.",
                       len(result.imported)) % {"n": len(result.imported)}  # fmt: skip
    if result.skipped:
        message += " " + _("Skipped: %(items)s.") % {
            "items": ", ".join(f"{item['id']} ({item['reason']})" for item in result.skipped)
        }
    return bool(result.imported), message
