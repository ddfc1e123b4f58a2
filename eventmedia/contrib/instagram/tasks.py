"""Connect Instagram's background work: imports started by users, and the token refresh schedule.

The import runs as a tracked ``BackgroundTask`` (kind ``instagram_import``, registered by the app
config), so its owner sees its progress at ``/v1/tasks/{id}`` and ``eventmedia_resume_tasks`` resumes it
after a worker dies. Tasks only call services.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from ... import background
from ...models import BackgroundTask, get_event_model
from . import services
from .services import IMPORT_KIND  # noqa: F401 - registered by the app config


def refresh_report() -> dict:
    """Refresh the tokens that are due; what was done, as a task result."""
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


SCHEDULE_ID = "schedule-instagram-token-refresh"


@task()
def refresh_instagram_tokens_every(seconds: int) -> dict:
    """Refresh tokens now, then run again in ``seconds``: a schedule without cron.

    Needs a worker that runs scheduled tasks (``make worker`` starts RQ's with ``--with-scheduler``).
    ``schedule_token_refresh`` starts the chain once; each run enqueues the next and records its id.
    """
    report = refresh_report()
    run_after = timezone.now() + timedelta(seconds=seconds)
    following = refresh_instagram_tokens_every.using(run_after=run_after).enqueue(seconds)
    BackgroundTask.objects.filter(pk=SCHEDULE_ID).update(task_result_id=str(following.id))
    return report


def schedule_token_refresh(seconds: int) -> bool:
    """Start the refresh chain unless one is already waiting or running; True when it started one."""
    record, _created = BackgroundTask.objects.get_or_create(
        pk=SCHEDULE_ID, defaults={"kind": "instagram_token_refresh", "arguments": {"seconds": seconds}}
    )
    if background.task_status(record.task_result_id) in ("READY", "RUNNING"):
        return False
    first = refresh_instagram_tokens_every.enqueue(seconds)
    BackgroundTask.objects.filter(pk=SCHEDULE_ID).update(task_result_id=str(first.id))
    return True
