"""A task that acts for a user asks again, when it runs, whether the user may still do it; a
throttled one runs again for the rest once the wait Meta asked for has passed.

An import is queued by the event's owner; a worker that runs it later (delayed, or resumed after a
crash) finds the event handed to someone else, the user deactivated, or the event gone: it imports
nothing and says so in ``GET /v1/tasks/{id}``.
"""

import pytest

from eventmedia import background, tasks
from eventmedia.contrib.instagram import services
from eventmedia.models import BackgroundTask, EventImage
from eventmedia.task_framework import DUMMY_BACKEND, default_task_backend
from tests import accounts

pytestmark = pytest.mark.django_db

POSTS = ["17900000000000001", "17900000000000003"]


@pytest.fixture
def queued(user, instagram, event, settings, django_capture_on_commit_callbacks):
    """An import the owner queued on a worker that has not run it yet."""
    settings.TASKS = {"default": {"BACKEND": DUMMY_BACKEND}}
    accounts.connect(user, instagram)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.start_import_task(user=user, event=event, media_ids=POSTS)
    assert [result.args for result in default_task_backend.results] == [[record.pk]]
    return record


def run(record) -> dict:
    """What the worker does with the queued task, then what its owner reads."""
    tasks.import_from_source.call(record.pk)
    return background.describe(BackgroundTask.objects.get(pk=record.pk))


def test_the_owner_still_in_charge_imports(queued, event):
    answer = run(queued)
    assert answer["status"] == "SUCCESSFUL" and EventImage.objects.filter(event_id=event.pk).count() == 2


@pytest.mark.parametrize("change", ["event changed hands", "user deactivated", "event deleted"])
def test_a_task_whose_user_may_no_longer_act_refuses_and_does_nothing(
    queued, event, user, other_user, change
):
    if change == "event changed hands":
        event.owner = other_user
        event.save()
    elif change == "user deactivated":
        user.is_active = False
        user.save()
    else:
        event.delete()
    answer = run(queued)
    assert (answer["status"], answer["code"]) == ("FAILED", "no_longer_allowed")
    assert "no longer" in answer["error"] and "result" not in answer
    assert not EventImage.objects.exists()


def test_a_throttled_import_runs_again_for_the_rest_after_the_wait_meta_asked(queued, instagram, event):
    from datetime import timedelta

    from django.utils import timezone

    instagram.throttle_next = 1  # the first post's read is throttled: nothing can be imported now
    result = tasks.import_from_source.call(queued.pk)
    throttled = [{"id": post, "reason": "throttled"} for post in POSTS]
    assert result == {"imported": [], "skipped": throttled, "retry_after": 300}
    record = BackgroundTask.objects.get(pk=queued.pk)
    assert not record.finished and record.arguments["media_ids"] == POSTS
    again = default_task_backend.results[-1]
    assert again.args == [queued.pk] and str(again.id) == record.task_result_id
    expected = timezone.now() + timedelta(seconds=300)
    assert abs((again.task.run_after - expected).total_seconds()) < 30
    assert tasks.import_from_source.call(queued.pk)["imported"]  # when it runs, the rest import
    assert EventImage.objects.filter(event_id=event.pk).count() == 2
