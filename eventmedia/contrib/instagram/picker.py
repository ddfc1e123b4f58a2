"""Shared by the demo page and the admin panel: list recent posts for a picker, import the chosen ones.

Returns template context and user-facing messages; the callers render and redirect.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import background
from ...models import BackgroundTask, EventImage
from . import problems, services
from .client import InstagramError
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
        if not error.needs_reconnect:
            return context  # the connect button says what to do
        return {**context, "instagram_error": problems.describe(error).message}
    except InstagramError as error:
        return {**context, "instagram_error": problems.describe(error).message}


def import_and_describe(user, event, media_ids: list[str]) -> tuple[bool, str, str | None]:
    """Import, or with a task worker start the import; return (success, message, task id or None)."""
    if not media_ids:
        return False, _("Choose at least one post to import."), None
    try:
        if not background.runs_in_process():
            record = services.start_import_task(user=user, event=event, media_ids=media_ids)
            count = len(media_ids)
            message = ngettext(
                "Importing %(n)d post in the background.", "Importing %(n)d posts in the background.", count
            ) % {"n": count}
            return True, message, record.pk
        result = services.import_media(user=user, event=event, media_ids=media_ids)
    except (services.NotConnected, InstagramError) as error:
        return False, str(problems.describe(error).message), None
    message = ngettext("Imported %(n)d image from Instagram.", "Imported %(n)d images from Instagram.",
                       len(result.imported)) % {"n": len(result.imported)}  # fmt: skip
    if result.skipped:
        message += " " + _("Skipped: %(items)s.") % {
            "items": ", ".join(f"{item['id']} ({item['reason']})" for item in result.skipped)
        }
    return bool(result.imported), message, None
