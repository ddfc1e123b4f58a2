"""The core's background work, on Django's task framework (the ``django-tasks`` backport).

Each task runs one service and is registered in ``eventmedia.jobs`` under the name the services ask
for it by (``jobs.after_commit("make_slide_preview", slide_id)``), so the services never import this
module. With the default immediate backend these run in-process right after the request's
transaction commits; point ``TASKS`` at a worker backend (the demo uses RQ when ``REDIS_URL`` is set)
to move them out of the request. The task functions keep their names: a site's queue may hold them
across a deploy.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import background, jobs, problems, services, sources
from .access import can_manage_event
from .models import BackgroundTask, get_event_model
from .task_framework import task


@task()
def make_slide_preview(slide_id: int) -> bool:
    """Render page one of a PDF slide as its preview image."""
    return services.make_slide_preview(slide_id)


@task()
def remake_crops(image_id: int) -> bool:
    """Cut an event image's crop renditions around its (new) focal point."""
    return services.remake_crops(image_id)


@task()
def make_formats(model_label: str, pk) -> int:
    """Encode an image's renditions in its group's other formats (AVIF, WebP): its alternates."""
    return services.make_alternates(model_label, pk)


@task()
def resume_formats(journal_id: str) -> int:
    """Make the AVIF/WebP copies of a journalled attempt that a killed worker left unfinished."""
    return services.resume_alternates(journal_id)


@task()
def rebuild_renditions(model_label: str, pk: int) -> bool:
    """Remake the renditions of one stored image with the current ``RENDITIONS``."""
    return services.rebuild_renditions_by_key(model_label, pk)


@task()
def import_from_source(record_id: str) -> dict:
    """The import of a ``BackgroundTask`` from the source its kind names, run by a worker; safe to run
    again after a crash (what was imported is skipped)."""
    record = BackgroundTask.objects.get(pk=record_id)
    source = sources.by_task_kind(record.kind)
    user = get_user_model().objects.filter(pk=record.user_id, is_active=True).first()
    event = get_event_model().objects.filter(pk=record.arguments["event"]).first()
    # Asked again now: the event may have changed hands (or gone) since the import was queued.
    if user is None or event is None or not can_manage_event(user, event):
        refusal = problems.problem("no_longer_allowed")
        background.refuse(record_id, refusal.code, refusal.message)
        return {"imported": [], "skipped": [], "refused": refusal.code}
    result = sources.import_items(
        source, user=user, event=event, item_ids=record.arguments["media_ids"], tracking=record_id
    )
    imported = [image.pk for image in result.imported]
    # Throttled: the items left are tried again once the wait the source asked for has passed.
    if (
        result.stopped
        and result.retry_after
        and background.defer(record_id, result.stopped, result.retry_after)
    ):
        return {"imported": imported, "skipped": result.skipped, "retry_after": result.retry_after}
    background.finish(record_id)
    return {"imported": imported, "skipped": result.skipped}


@task()
def run_scheduled(job: str, seconds: int):
    """Run the scheduled ``job`` now, then enqueue itself ``seconds`` later: a schedule without cron.

    Needs a worker that runs scheduled tasks (``make worker`` starts RQ's with ``--with-scheduler``).
    ``background.start_schedule`` starts the chain once; each run records the next one's id on the
    job's ``BackgroundTask`` (``schedule-<job>``), which is how a second start knows one is waiting.
    """
    report = jobs.scheduled(job)()
    following = run_scheduled.using(run_after=timezone.now() + timedelta(seconds=seconds)).enqueue(
        job, seconds
    )
    BackgroundTask.objects.filter(pk=f"schedule-{job}").update(task_result_id=str(following.id))
    return report


jobs.register("make_slide_preview", make_slide_preview)
jobs.register("remake_crops", remake_crops)
jobs.register("make_alternates", make_formats)
jobs.register_tracked(services.ALTERNATES_KIND, "eventmedia.tasks.resume_formats")
jobs.register("rebuild_renditions", rebuild_renditions)
jobs.register(jobs.RUN_SCHEDULED, run_scheduled)
