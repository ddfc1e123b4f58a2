"""eventmedia's tasks run on the task framework Django ships when it has one (6.0+), else the backport."""

import django
import pytest

from eventmedia import task_framework, tasks
from eventmedia.contrib.instagram import tasks as instagram_tasks


def test_the_tasks_are_the_frameworks_own_for_this_django():
    if django.VERSION >= (6, 0):
        from django.tasks import Task

        assert task_framework.FRAMEWORK == "django.tasks" and task_framework.APPS == []
    else:
        from django_tasks.base import Task

        assert task_framework.FRAMEWORK == "django_tasks" and task_framework.APPS == ["django_tasks"]
    for defined in (
        tasks.import_from_source,
        tasks.rebuild_renditions,
        instagram_tasks.import_instagram_media,
    ):
        assert isinstance(defined, Task), defined


@pytest.mark.django_db
def test_the_configured_backend_is_the_frameworks_own(settings):
    backend = task_framework.task_backends["default"]
    assert type(backend).__module__.startswith(task_framework.FRAMEWORK)
    assert isinstance(backend, task_framework.IN_PROCESS_BACKENDS)
