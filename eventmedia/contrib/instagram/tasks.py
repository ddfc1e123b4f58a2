"""Connect Instagram's background work: imports started by users, and the token refresh schedule.

The import runs as a tracked ``BackgroundTask`` (kind ``instagram_import``, registered by the app
config), so its owner sees its progress at ``/v1/tasks/{id}`` and ``eventmedia_resume_tasks`` resumes it
after a worker dies. Tasks only call services.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from ... import background
from ...models import BackgroundTask, get_event_model
from . import services
from .services import IMPORT_KIND  # noqa: F401 - registered by the app config

REFRESH_JOB = "instagram_token_refresh"  # the scheduled job (background.start_schedule)


def refresh_report() -> dict:
    """Refresh the tokens that are due; what was done (the scheduled job ``instagram_token_refresh``)."""
    report = services.refresh_tokens()
    return {"refreshed": report.refreshed, "needs_reconnect": report.needs_reconnect, "failed": report.failed}


@task()
def import_instagram_media(record_id: str) -> dict:
    """The Instagram import of a ``BackgroundTask``, run by a worker; safe to run again after a crash."""
    record = BackgroundTask.objects.get(pk=record_id)
    user = get_user_model().objects.get(pk=record.user_id)
    event = get_event_model().objects.get(pk=record.arguments["event"])
    result = services.import_media(
        user=user, event=event, media_ids=record.arguments["media_ids"], tracking=record_id
    )
    background.finish(record_id)
    return {"imported": [image.pk for image in result.imported], "skipped": result.skipped}
