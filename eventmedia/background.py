"""Work a user starts that runs in a task worker: tracked, visible to its owner, resumable.

``start`` records a ``BackgroundTask`` (who started it, with which arguments) and enqueues its first
attempt; the task reports ``progress`` as it goes and calls ``finish`` at the end. ``describe`` is
what ``GET /v1/tasks/{id}`` answers: the task framework's status of the current attempt (``READY``,
``RUNNING``, ``SUCCESSFUL``, ``FAILED``), the progress, and the result or a short error.

A worker can die in the middle of a task (SIGKILL, out of memory, a deploy). ``resume_abandoned``
finds unfinished tasks that have made no progress for a while: it deletes the files their dead
attempt wrote but never committed (the folders the attempt recorded with ``journal`` before writing,
when no row points into them) and enqueues a new attempt. The tasks themselves are idempotent (an
import skips posts already imported), so a resumed task finishes the work without duplicates.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import jobs
from .models import BackgroundTask
from .signals import MODELS_WITH_FILES
from .storage import delete_files, media_storage
from .task_framework import DEFAULT_TASK_BACKEND_ALIAS, IN_PROCESS_BACKENDS, RESULT_NOT_FOUND, task_backends

logger = logging.getLogger(__name__)

# What a finished task's result may show its owner (no tracebacks, no internals).
ERROR_TEXT_LIMIT = 200


def start(*, kind: str, user, arguments: dict[str, Any], total: int) -> BackgroundTask:
    """Record a task for ``user`` and enqueue its first attempt (after the transaction commits)."""
    record = BackgroundTask.objects.create(
        id=uuid.uuid4().hex, user=user, kind=kind, arguments=arguments, total=total
    )
    transaction.on_commit(lambda: _enqueue(record.pk))
    return record


def open_journal(kind: str, arguments: dict[str, Any]) -> BackgroundTask:
    """A record of work that runs on its own (no user, nobody polls it), kept only while the work
    writes: the folders it writes are journalled in it, so a worker killed before the commit leaves
    a record ``resume_abandoned`` finds (its files removed, the work run again). The work deletes it
    in the transaction that commits (``close_journal``)."""
    return BackgroundTask.objects.create(id=uuid.uuid4().hex, user=None, kind=kind, arguments=arguments)


def close_journal(record_id: str) -> None:
    """The work committed (or failed and removed its files): nothing to resume."""
    BackgroundTask.objects.filter(pk=record_id).delete()


def _enqueue(record_id: str, task=None, run_after=None) -> None:
    """Queue the record's next attempt (after ``run_after`` when given); its id is the current one."""
    if task is None:
        # The app that starts tasks of this kind registered the task that runs them.
        task = jobs.tracked_task(BackgroundTask.objects.get(pk=record_id).kind)
    queued = (task.using(run_after=run_after) if run_after else task).enqueue(record_id)
    BackgroundTask.objects.filter(pk=record_id).update(task_result_id=str(queued.id))


def progress(record_id: str | None, done: int, total: int | None = None) -> None:
    """Record that ``done`` of ``total`` items are finished (and that the task is alive)."""
    if record_id is None:
        return
    changes: dict[str, Any] = {"done": done, "heartbeat": timezone.now()}
    if total is not None:
        changes["total"] = total
    BackgroundTask.objects.filter(pk=record_id).update(**changes)


def journal(record_id: str | None):
    """A callback for ``services.store_image``: records a folder before files are written in it."""
    if record_id is None:
        return None

    def record(folder: str) -> None:
        """Note ``folder`` in the task's journal before anything is written in it."""
        with transaction.atomic():
            task = BackgroundTask.objects.select_for_update().filter(pk=record_id).first()
            if task is not None:
                task.pending_folders = [*task.pending_folders, folder]
                task.save(update_fields=["pending_folders", "heartbeat"])

    return record


def defer(record_id: str, item_ids: list[str], seconds: int) -> bool:
    """Run the task again for ``item_ids`` in ``seconds`` (a source asked us to wait); False when the
    task backend cannot run work later (the in-process one), and nothing was deferred."""
    record = BackgroundTask.objects.filter(pk=record_id).first()
    task = jobs.tracked_task(record.kind) if record is not None else None
    if task is None or not getattr(task_backends[task.backend], "supports_defer", False):
        return False
    arguments = {**record.arguments, "media_ids": list(item_ids)}
    BackgroundTask.objects.filter(pk=record_id).update(arguments=arguments, pending_folders=[])
    _enqueue(record_id, task, run_after=timezone.now() + timedelta(seconds=seconds))
    return True


def finish(record_id: str | None) -> None:
    """Mark the task finished: all done, nothing pending."""
    if record_id is not None:
        BackgroundTask.objects.filter(pk=record_id).update(
            finished=True, done=F("total"), pending_folders=[], heartbeat=timezone.now()
        )


def refuse(record_id: str | None, code: str, message: str) -> None:
    """End the task without acting: what it was asked to do is no longer allowed (``describe`` shows
    it as FAILED with the refusal's ``code`` and message)."""
    if record_id is not None:
        BackgroundTask.objects.filter(pk=record_id).update(
            finished=True, pending_folders=[], refusal={"code": code, "message": str(message)}
        )


def describe(record: BackgroundTask) -> dict[str, Any]:
    """The answer of ``GET /v1/tasks/{id}``."""
    result = _task_result(record.task_result_id)
    # Progress is read after the status: a task that finished in between shows its final progress.
    record.refresh_from_db(fields=["done", "total", "finished", "refusal"])
    answer: dict[str, Any] = {
        "id": record.pk,
        "kind": record.kind,
        "status": "READY",
        "progress": {"done": record.done, "total": record.total},
    }
    if result is not None:
        answer["status"] = result.status.name if hasattr(result.status, "name") else str(result.status)
        if answer["status"] == "SUCCESSFUL":
            answer["result"] = result.return_value
        elif answer["status"] == "FAILED":
            errors = getattr(result, "errors", None) or []
            last = errors[-1] if errors else None
            answer["error"] = str(getattr(last, "exception_class_path", "task failed"))[:ERROR_TEXT_LIMIT]
    if record.refusal:  # the task ran and refused to act: whatever the backend says, it did nothing
        answer.pop("result", None)
        answer.update(status="FAILED", error=record.refusal["message"], code=record.refusal["code"])
    elif record.finished and result is None:
        # A backend that keeps no results (the in-process one) still has the task's own word for it.
        # With one that does, its status stands: a task that finished its work a moment ago is
        # RUNNING until the backend has its result, so SUCCESSFUL always comes with ``result``.
        answer["status"] = "SUCCESSFUL"
    return answer


def task_status(task_result_id: str) -> str | None:
    """The task framework's status of one attempt ("READY", ..., "FAILED"), None when unknown."""
    result = _task_result(task_result_id)
    status = getattr(result, "status", None)
    return getattr(status, "name", None) if status is not None else None


def _task_result(task_result_id: str):
    if not task_result_id:
        return None
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not getattr(backend, "supports_get_result", False):
        return None
    try:
        return backend.get_result(task_result_id)
    except RESULT_NOT_FOUND:
        return None


def resume_abandoned(*, quiet_for: timedelta) -> list[str]:
    """Resume unfinished tasks with no progress for ``quiet_for``; return their ids."""
    cutoff = timezone.now() - quiet_for
    resumed = []
    # Only kinds an installed app runs: a schedule's own record (a refresh chain) is not a user's task.
    stale = BackgroundTask.objects.filter(finished=False, heartbeat__lt=cutoff, kind__in=jobs.tracked_kinds())
    for record in stale:
        result = _task_result(record.task_result_id)
        status = getattr(getattr(result, "status", None), "name", "")
        if status == "SUCCESSFUL":
            continue
        remove_unreferenced_folders(record.pending_folders)
        BackgroundTask.objects.filter(pk=record.pk).update(pending_folders=[], heartbeat=timezone.now())
        logger.warning(
            "eventmedia: resuming %s %s (last attempt %s)", record.kind, record.pk, status or "lost"
        )
        _enqueue(record.pk)
        resumed.append(record.pk)
    return resumed


def remove_unreferenced_folders(folders: list[str]) -> int:
    """Delete the files in those ``folders`` that no row points into; the number of files deleted."""
    deleted = 0
    for folder in folders:
        if any(model.objects.filter(file__startswith=f"{folder}/").exists() for model in MODELS_WITH_FILES):
            continue
        try:
            _directories, names = media_storage.listdir(folder)
        except (FileNotFoundError, OSError):
            continue
        delete_files([f"{folder}/{name}" for name in names])
        deleted += len(names)
    return deleted


def runs_in_process() -> bool:
    """True when tasks run inside the request (the immediate backend), False with a real worker."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], IN_PROCESS_BACKENDS)


def start_schedule(job: str, seconds: int) -> bool:
    """Start ``job``'s chain of ``tasks.run_scheduled`` runs every ``seconds``, unless a run is already
    waiting or running; True when it started one. Idempotent: run it at every deploy."""
    record_id = f"schedule-{job}"
    record, _created = BackgroundTask.objects.get_or_create(
        pk=record_id, defaults={"kind": f"schedule:{job}", "arguments": {"seconds": seconds}}
    )
    if task_status(record.task_result_id) in ("READY", "RUNNING"):
        return False
    first = jobs.enqueue(jobs.RUN_SCHEDULED, job, seconds)
    BackgroundTask.objects.filter(pk=record_id).update(task_result_id=str(first.id))
    return True
