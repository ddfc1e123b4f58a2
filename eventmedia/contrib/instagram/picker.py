"""Shared by the demo page and the admin panel: list recent posts for a picker, import the chosen ones.

Returns template context and user-facing messages; the callers render and redirect.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import background
from ...models import BackgroundTask, EventImage
from . import services
from .client import InstagramError, Throttled
from .models import SOURCE


def picker_context(user, after: str | None, task: str | None = None, event=None) -> dict:
    """The picker's posts, the ones already imported into ``event``, and the import ``task`` of
    ``user`` to show the progress of (if any)."""
    if not services.is_configured():
        return {}
    context: dict = {}
    if task and BackgroundTask.objects.filter(pk=task, user=user).exists():
        context["eventmedia_task"] = task
    if event is not None:
        imported = EventImage.objects.filter(event_id=event.pk, source=SOURCE)
        context["instagram_imported"] = set(imported.values_list("external_id", flat=True))
    try:
        return {**context, "instagram_page": services.recent_media(user=user, after=after)}
    except services.NotConnected as error:
        if error.needs_reconnect:
            return {**context, "instagram_error": _("Instagram needs to be connected again.")}
        return context
    except Throttled:
        return {
            **context,
            "instagram_error": _("Instagram asks us to slow down; try again in a few minutes."),
        }
    except InstagramError:
        return {
            **context,
            "instagram_error": _("Instagram could not be reached; try again in a few minutes."),
        }


def import_and_describe(user, event, media_ids: list[str]) -> tuple[bool, str, str | None]:
    """Import, or with a task worker start the import; return (success, message, task id or None)."""
    if not media_ids:
        return False, _("Choose at least one post to import."), None
    if not background.runs_in_process():
        try:
            services.usable_account(user)
        except services.NotConnected:
            return False, _("Instagram needs to be connected again."), None
        record = background.start(
            kind="instagram_import",
            user=user,
            arguments={"event": str(event.pk), "media_ids": media_ids},
            total=len(media_ids),
        )
        count = len(media_ids)
        message = ngettext(
            "Importing %(n)d post in the background.", "Importing %(n)d posts in the background.", count
        ) % {"n": count}
        return True, message, record.pk
    try:
        result = services.import_media(user=user, event=event, media_ids=media_ids)
    except services.NotConnected:
        return False, _("Instagram needs to be connected again."), None
    except InstagramError:
        return False, _("Instagram could not be reached; try again in a few minutes."), None
    message = ngettext("Imported %(n)d image from Instagram.", "Imported %(n)d images from Instagram.",
                       len(result.imported)) % {"n": len(result.imported)}  # fmt: skip
    if result.skipped:
        message += " " + _("Skipped: %(items)s.") % {
            "items": ", ".join(f"{item['id']} ({item['reason']})" for item in result.skipped)
        }
    return bool(result.imported), message, None
