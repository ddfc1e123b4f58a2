"""The task framework eventmedia's background work runs on: Django's own ``django.tasks`` (Django 6.0
and later) or, on Django 5.2, the ``django-tasks`` backport it came from, which has the same API.

Everything of eventmedia that defines, enqueues or looks up a task imports it from here, so a site on
Django 6 configures ``TASKS`` with Django's backends (``IMMEDIATE_BACKEND`` is the right dotted path for
the version in use) and a site on 5.2 with the backport's. Backends built on the backport, such as
``django_tasks_rq.RQBackend``, work under both: their results and errors are recognised here too.
"""

from __future__ import annotations

try:  # Django 6.0+
    from django.tasks import (
        DEFAULT_TASK_BACKEND_ALIAS,
        TaskResultStatus,
        default_task_backend,
        task,
        task_backends,
    )
    from django.tasks.backends.dummy import DummyBackend
    from django.tasks.backends.immediate import ImmediateBackend
    from django.tasks.exceptions import TaskResultDoesNotExist

    FRAMEWORK = "django.tasks"
except ImportError:  # Django 5.2: the backport
    from django_tasks import (
        DEFAULT_TASK_BACKEND_ALIAS,
        TaskResultStatus,
        default_task_backend,
        task,
        task_backends,
    )
    from django_tasks.backends.dummy import DummyBackend
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks.exceptions import TaskResultDoesNotExist

    FRAMEWORK = "django_tasks"

try:  # the backport beside Django's framework: backends built on it (RQ's) raise its own errors
    from django_tasks.backends.immediate import ImmediateBackend as BackportImmediateBackend
    from django_tasks.exceptions import TaskResultDoesNotExist as BackportTaskResultDoesNotExist
except ImportError:  # pragma: no cover - Django 6 without the backport installed
    BackportImmediateBackend = ImmediateBackend
    BackportTaskResultDoesNotExist = TaskResultDoesNotExist

# What ``except`` and ``isinstance`` take, whichever framework the backend was built on.
RESULT_NOT_FOUND = (TaskResultDoesNotExist, BackportTaskResultDoesNotExist)
IN_PROCESS_BACKENDS = (ImmediateBackend, BackportImmediateBackend)

# What a site's settings name for the framework in use: its app (the backport is one; Django's own
# framework needs none) and its ``TASKS`` backends.
APPS = ["django_tasks"] if FRAMEWORK == "django_tasks" else []
IMMEDIATE_BACKEND = f"{FRAMEWORK}.backends.immediate.ImmediateBackend"
DUMMY_BACKEND = f"{FRAMEWORK}.backends.dummy.DummyBackend"

__all__ = [
    "APPS",
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DUMMY_BACKEND",
    "FRAMEWORK",
    "IMMEDIATE_BACKEND",
    "IN_PROCESS_BACKENDS",
    "RESULT_NOT_FOUND",
    "DummyBackend",
    "ImmediateBackend",
    "TaskResultDoesNotExist",
    "TaskResultStatus",
    "default_task_backend",
    "task",
    "task_backends",
]
