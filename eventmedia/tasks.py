"""Background work, on Django's task framework (the ``django-tasks`` backport).

With the default immediate backend these run in-process right after the request's transaction
commits; point ``TASKS`` at a worker backend (the demo uses RQ when ``REDIS_URL`` is set) to move them
out of the request. Tasks only call services.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def make_slide_preview(slide_id: int) -> bool:
    """Render page one of a PDF slide as its preview image."""
    return services.make_slide_preview(slide_id)


@task()
def rebuild_renditions(model_label: str, pk: int) -> bool:
    """Remake the renditions of one stored image with the current ``RENDITIONS``."""
    return services.rebuild_renditions_by_key(model_label, pk)


@task()
def refresh_instagram_tokens() -> dict:
    """Refresh long-lived Instagram tokens that are 24 h old and near expiry (schedule it daily)."""
    from .instagram import services as instagram

    report = instagram.refresh_tokens()
    return {"refreshed": report.refreshed, "needs_reconnect": report.needs_reconnect, "failed": report.failed}


@task()
def import_instagram_media(record_id: str) -> dict:
    """The Instagram import of a ``BackgroundTask``, run by a worker; safe to run again after a crash."""
    from django.contrib.auth import get_user_model

    from . import background
    from .instagram import services as instagram
    from .models import BackgroundTask, get_event_model

    record = BackgroundTask.objects.get(pk=record_id)
    user = get_user_model().objects.get(pk=record.user_id)
    event = get_event_model().objects.get(pk=record.arguments["event"])
    result = instagram.import_media(
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
    from datetime import timedelta

    from django.utils import timezone

    from .models import BackgroundTask

    report = refresh_instagram_tokens.call()
    run_after = timezone.now() + timedelta(seconds=seconds)
    following = refresh_instagram_tokens_every.using(run_after=run_after).enqueue(seconds)
    BackgroundTask.objects.filter(pk=SCHEDULE_ID).update(task_result_id=str(following.id))
    return report


def schedule_token_refresh(seconds: int) -> bool:
    """Start the refresh chain unless one is already waiting or running; True when it started one."""
    from . import background
    from .models import BackgroundTask

    record, _created = BackgroundTask.objects.get_or_create(
        pk=SCHEDULE_ID, defaults={"kind": "instagram_token_refresh", "arguments": {"seconds": seconds}}
    )
    if background.task_status(record.task_result_id) in ("READY", "RUNNING"):
        return False
    first = refresh_instagram_tokens_every.enqueue(seconds)
    BackgroundTask.objects.filter(pk=SCHEDULE_ID).update(task_result_id=str(first.id))
    return True


# Tasks started through ``background.start``, by kind: they take the BackgroundTask id.
TRACKED = {"instagram_import": import_instagram_media}


def runs_in_process() -> bool:
    """True when tasks run inside the request (the immediate backend), False with a real worker."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)
