"""Tracked tasks (``eventmedia.background``): what ``GET /v1/tasks/{id}`` says while a task runs, and
which tasks ``eventmedia_resume_tasks`` resumes."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from eventmedia import background, jobs
from eventmedia.models import BackgroundTask
from eventmedia.storage import media_storage
from eventmedia.task_framework import DummyBackend, TaskResultStatus, default_task_backend

pytestmark = pytest.mark.django_db(transaction=True)


class ResultKeepingBackend(DummyBackend):
    """The dummy backend, answering for the results it keeps (as RQ's and the database's do)."""

    supports_get_result = True


@pytest.fixture
def backend(settings):
    settings.TASKS = {"default": {"BACKEND": "tests.services.test_background.ResultKeepingBackend"}}
    default_task_backend.clear()
    return default_task_backend


def record_of(user, kind: str = "url_import", **fields) -> BackgroundTask:
    return BackgroundTask.objects.create(id=uuid.uuid4().hex, user=user, kind=kind, total=2, **fields)


def with_status(backend, result_id: str, status: TaskResultStatus, value=None) -> None:
    index = next(i for i, result in enumerate(backend.results) if result.id == result_id)
    changed = dataclasses.replace(backend.results[index], status=status)
    object.__setattr__(changed, "_return_value", value)
    backend.results[index] = changed


def test_successful_only_once_the_backend_has_the_result(backend, user):
    queued = jobs.tracked_task("url_import").enqueue("unused")
    # The task finished its work a moment ago; the backend has not recorded its result yet.
    record = record_of(user, task_result_id=queued.id, finished=True, done=2)
    for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        with_status(backend, queued.id, status)
        answer = background.describe(record)
        assert answer["status"] == status.name and "result" not in answer
    with_status(backend, queued.id, TaskResultStatus.SUCCESSFUL, {"imported": [1, 2], "skipped": []})
    answer = background.describe(record)
    assert answer["status"] == "SUCCESSFUL" and answer["result"] == {"imported": [1, 2], "skipped": []}


def test_only_tasks_quiet_for_long_enough_are_resumed_and_their_folders_cleared(backend, user):
    folders = {}
    for name in ("abandoned", "busy"):
        folders[name] = f"eventmedia/events/aa/{uuid.uuid4().hex}"
        media_storage.save(f"{folders[name]}/original.jpg", ContentFile(b"half written"))
    abandoned = record_of(user, pending_folders=[folders["abandoned"]])
    busy = record_of(user, pending_folders=[folders["busy"]])
    BackgroundTask.objects.filter(pk=abandoned.pk).update(heartbeat=timezone.now() - timedelta(hours=1))
    BackgroundTask.objects.filter(pk=busy.pk).update(heartbeat=timezone.now() - timedelta(minutes=2))
    assert background.resume_abandoned(quiet_for=timedelta(minutes=10)) == [abandoned.pk]
    assert not media_storage.exists(f"{folders['abandoned']}/original.jpg")
    assert media_storage.exists(f"{folders['busy']}/original.jpg")  # its worker is still writing there
    busy.refresh_from_db()
    assert busy.pending_folders == [folders["busy"]] and busy.task_result_id == ""
    assert [result.args for result in backend.results] == [[abandoned.pk]]


def test_a_schedule_starts_once_and_again_only_after_its_chain_ended(backend):
    assert background.start_schedule("expire_uploads", 3600) is True
    record = BackgroundTask.objects.get(pk="schedule-expire_uploads")
    (queued,) = backend.results
    assert (record.kind, record.arguments, record.user_id) == (
        "schedule:expire_uploads",
        {"seconds": 3600},
        None,
    )
    assert record.task_result_id == queued.id and queued.args == ["expire_uploads", 3600]
    assert queued.task.name == "run_scheduled"
    for waiting in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        with_status(backend, queued.id, waiting)
        assert background.start_schedule("expire_uploads", 60) is False  # one chain at a time
    with_status(backend, queued.id, TaskResultStatus.FAILED)  # the chain broke: a deploy starts it again
    assert background.start_schedule("expire_uploads", 60) is True
    record.refresh_from_db()
    assert len(backend.results) == 2 and record.task_result_id == backend.results[1].id


def test_a_tasks_status_is_the_backends_or_none():
    assert background.task_status("") is None and background.task_status("unknown") is None


def test_status_is_read_from_a_backend_that_keeps_results(backend):
    queued = jobs.tracked_task("url_import").enqueue("unused")
    assert background.task_status(queued.id) == "READY"
    with_status(backend, queued.id, TaskResultStatus.FAILED)
    assert background.task_status(queued.id) == "FAILED"
