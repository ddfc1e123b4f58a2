"""Background work on real RQ workers: a real redis-server and worker processes started (and killed)
by the tests, the same database and media folder as the test, the Instagram stand-in over sockets."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from eventmedia import background
from eventmedia.models import BackgroundTask, Event, EventImage
from tests import accounts, servers, workers
from tests.paths import ROOT

pytestmark = pytest.mark.django_db(transaction=True)
POSTS = ["17900000000000001", "17900000000000002", "17900000000000006"]  # three plain photos


@pytest.fixture
def redis(tmp_path):
    with servers.redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def worker_env(redis, instagram, media_root, settings):
    """The environment of `make worker`, pointed at this test's database, media, Redis and stand-in."""
    workers.use_rq(settings, redis)
    return workers.environment(settings, media_root, redis)


@pytest.fixture
def start_worker(worker_env):
    started = []

    def start() -> workers.Worker:
        worker = workers.Worker(worker_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def account(user, instagram):
    return accounts.connect(user, instagram)


def poll(api, task_id, until, timeout=60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/v1/tasks/{task_id}").json()
        if until(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} never reached the state; last answer {body}")


def stored_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def referenced_files() -> set[str]:
    return {name for image in EventImage.objects.all() for name in image.file_names()}


def test_an_import_runs_on_a_worker_with_progress_for_its_owner_only(
    api, account, instagram, start_worker, user, other_user
):
    event = Event.objects.create(name="PyCon", owner=user)
    posts = POSTS
    response = api.post(f"/v1/events/{event.pk}/instagram-import", {"media_ids": posts}, format="json")
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    waiting = api.get(f"/v1/tasks/{task_id}").json()
    assert waiting["status"] == "READY" and waiting["progress"] == {"done": 0, "total": 3}
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert stranger.get(f"/v1/tasks/{task_id}").status_code == 404  # not theirs
    start_worker()
    done = poll(api, task_id, lambda body: body["status"] in ("SUCCESSFUL", "FAILED"))
    assert done["status"] == "SUCCESSFUL", done
    assert done["progress"] == {"done": 3, "total": 3}
    assert sorted(done["result"]["imported"]) == sorted(EventImage.objects.values_list("pk", flat=True))
    assert EventImage.objects.filter(event=event).count() == 3


def test_a_worker_killed_mid_import_is_resumed_without_duplicates_or_orphans(
    api, account, instagram, start_worker, user, media_root, worker_env
):
    event = Event.objects.create(name="PyCon", owner=user)
    posts = POSTS
    # Each download takes a while (under the fixture's 3 s MEDIA_DEADLINE): time to kill the worker.
    instagram.image_delay = 2
    task_id = api.post(f"/v1/events/{event.pk}/instagram-import", {"media_ids": posts}, format="json").json()[
        "task_id"
    ]
    worker = start_worker()
    poll(api, task_id, lambda body: body["progress"]["done"] >= 1, timeout=60)
    worker.kill()  # SIGKILL: no clean-up of any kind in the worker
    assert EventImage.objects.filter(event=event).count() < 3
    instagram.image_delay = 0
    dead_attempt = BackgroundTask.objects.get(pk=task_id).task_result_id
    resumed = subprocess.run(
        [sys.executable, "manage.py", "eventmedia_resume_tasks", "--quiet-for", "0"],
        cwd=ROOT,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert BackgroundTask.objects.get(pk=task_id).task_result_id not in ("", dead_attempt)  # a new attempt
    start_worker()
    done = poll(api, task_id, lambda body: body["status"] in ("SUCCESSFUL", "FAILED"))
    assert done["status"] == "SUCCESSFUL", done
    assert EventImage.objects.filter(event=event).count() == 3  # each post once
    assert sorted(EventImage.objects.values_list("external_id", flat=True)) == sorted(posts)
    assert stored_files(media_root) == referenced_files()  # no file of the dead attempt is left


def test_resuming_removes_files_an_attempt_wrote_but_never_committed(user, media_root):
    record = BackgroundTask.objects.create(id="t1", user=user, kind="instagram_import", arguments={}, total=1)
    folder = "eventmedia/events/ab/abandoned"
    (media_root / folder).mkdir(parents=True)
    (media_root / folder / "original.jpg").write_bytes(b"written, then the worker died")
    (media_root / folder / "large.jpg").write_bytes(b"written, then the worker died")
    BackgroundTask.objects.filter(pk=record.pk).update(pending_folders=[folder])
    assert background.remove_unreferenced_folders([folder]) == 2
    assert stored_files(media_root) == set()


def test_the_token_refresh_runs_on_a_schedule_without_cron(worker_env, user, instagram, settings):
    SCHEDULE_ID = "schedule-instagram_token_refresh"  # the job's record (background.start_schedule)

    # A long-lived token five days from expiry: due for a refresh.
    account = accounts.connect(user, instagram, issued_at=timezone.now() - timedelta(days=55))
    old_token = account.token
    schedule = [sys.executable, "manage.py", "eventmedia_schedule_token_refresh", "--every", "2"]
    first = subprocess.run(schedule, cwd=ROOT, env=worker_env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    chain = BackgroundTask.objects.get(pk=SCHEDULE_ID).task_result_id
    again = subprocess.run(schedule, cwd=ROOT, env=worker_env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    # The chain's first run is still waiting: a second start enqueues nothing more.
    assert chain and BackgroundTask.objects.get(pk=SCHEDULE_ID).task_result_id == chain
    worker = workers.Worker(worker_env, scheduler=True)
    try:
        runs = set()
        deadline = time.monotonic() + 30
        while len(runs) < 3 and time.monotonic() < deadline:  # the first run and two scheduled ones
            runs.add(BackgroundTask.objects.get(pk=SCHEDULE_ID).task_result_id)
            time.sleep(0.2)
        assert len(runs) >= 3, runs
    finally:
        worker.stop()
    account.refresh_from_db()
    assert account.token != old_token and account.token_expires_at > timezone.now() + timedelta(days=50)


def test_slide_previews_are_made_by_the_worker(api, worker_env, start_worker, user):
    from tests import documents, images

    event = Event.objects.create(name="Slides Conf", owner=user)
    response = api.post(
        f"/v1/events/{event.pk}/slides/",
        {"title": "Talk", "data": images.data_uri(documents.pdf())},
        format="json",
    )
    assert response.status_code == 201 and response.json()["preview"] is None  # not in the request
    start_worker()
    slide_url = f"/v1/events/{event.pk}/slides/{response.json()['id']}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and api.get(slide_url).json()["preview"] is None:
        time.sleep(0.2)
    preview = api.get(slide_url).json()["preview"]
    assert preview and preview["width"] == 1300


def test_rendition_rebuilds_from_the_admin_are_queued_for_the_worker(worker_env, start_worker, client, user):
    from eventmedia import services
    from tests import images

    user.is_staff = user.is_superuser = True
    user.save()
    event = Event.objects.create(name="Rebuild Conf", owner=user)
    image = services.save_event_image(event=event, processed=services.process_image_bytes(images.jpeg()))
    before = dict(image.renditions)
    client.force_login(user)
    response = client.post(
        "/admin/eventmedia/eventimage/",
        {"action": "rebuild_renditions", "_selected_action": [image.pk]},
        follow=True,
    )
    assert "Queued the rebuild of 1 image." in response.content.decode()
    assert EventImage.objects.get(pk=image.pk).renditions == before  # nothing done in the request
    start_worker()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and EventImage.objects.get(pk=image.pk).renditions == before:
        time.sleep(0.2)
    after = EventImage.objects.get(pk=image.pk).renditions
    assert after != before and set(after) == set(before)  # new files, same renditions
