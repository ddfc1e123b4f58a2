"""A source's picker, for the admin panel and any site page: recent items, import the chosen ones.

Returns template context and the message a person reads; the callers render and redirect. The
template is ``eventmedia/sources/picker.html`` (included with ``picker`` and ``import_url``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import background
from ..models import BackgroundTask, EventImage
from ..problems import Refusal
from .base import Source
from .importer import import_items, start_import


def picker_context(source: Source, user: Any, after: str | None, task: str | None = None, event=None) -> dict:
    """``{"source", "page", "error", "imported", "task", "task_items"}``: a page of the user's items,
    an error to show instead, the ids already imported into ``event``, and ``user``'s import ``task``
    to follow with the ids it imports (the page marks them once it has finished)."""
    context: dict[str, Any] = {
        "source": source, "page": None, "error": "", "imported": set(), "task": None, "task_items": [],
    }
    if not source.available():
        return context
    record = BackgroundTask.objects.filter(pk=task, user=user).first() if task else None
    if record is not None:
        context["task"] = task
        context["task_items"] = [str(item) for item in record.arguments.get("media_ids", [])]
    if event is not None:
        imported = EventImage.objects.filter(event_id=event.pk, source=source.name)
        context["imported"] = set(imported.values_list("external_id", flat=True))
    try:
        context["page"] = source.session(user).page(after)
    except Refusal as refusal:
        if refusal.code != source.connect_code:  # "not connected" is the connect part's to say
            context["error"] = refusal.message
    return context


def import_and_describe(
    source: Source, user: Any, event: Any, item_ids: list[str]
) -> tuple[bool, str, str | None]:
    """Import, or with a task worker start the import; (success, message, task id or None)."""
    if not item_ids:
        return False, _("Choose at least one item to import."), None
    try:
        if not background.runs_in_process():
            record = start_import(source, user=user, event=event, item_ids=item_ids)
            count = len(item_ids)
            message = ngettext(
                "Importing %(n)d item in the background.", "Importing %(n)d items in the background.", count
            ) % {"n": count}
            return True, message, record.pk
        result = import_items(source, user=user, event=event, item_ids=item_ids)
    except Refusal as refusal:
        return False, refusal.message, None
    count = len(result.imported)
    message = ngettext(
        "Imported %(n)d image from %(source)s.", "Imported %(n)d images from %(source)s.", count
    ) % {"n": count, "source": source.label}
    if result.skipped:
        message += " " + _("Skipped: %(items)s.") % {
            "items": ", ".join(f"{item['id']} ({item['reason']})" for item in result.skipped)
        }
    return bool(result.imported), message, None
