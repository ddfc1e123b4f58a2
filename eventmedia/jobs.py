"""Work that runs later, named in one registry: after a commit, tracked for a user, or on a schedule.

The code that wants work done names it; the code that does it registers under that name. So the
services never import the tasks (which call the services), and an add-on adds its own work without
the core knowing it.

- ``register(name, task)``: a task of Django's task framework that runs the job ``name``;
  ``enqueue(name, *args)`` queues it now and ``after_commit(name, *args)`` once the current
  transaction commits (a row the job reads is then there for the worker to read).
  ``eventmedia.tasks`` registers the core's jobs when the app is ready.
- ``register_tracked(kind, task_path)``: the task a ``BackgroundTask`` of ``kind`` runs (it takes the
  record's id), started by ``background.start`` and resumed by ``eventmedia_resume_tasks``.
- ``register_scheduled(name, function_path)``: a function a site runs every so often
  (``background.start_schedule``), run by the ``run_scheduled`` job at each turn.

Tasks given as dotted paths are imported when first used, so the order in which apps become ready
does not matter.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


class _Registry:
    """Names and what they stand for (an object, or its dotted path imported when first used)."""

    def __init__(self, what: str, initial: dict[str, Any] | None = None):
        self.what, self.entries = what, dict(initial or {})

    def add(self, name: str, target: Any) -> None:
        self.entries[name] = target

    def get(self, name: str) -> Any:
        """What ``name`` stands for; ``LookupError`` when no installed app registered it."""
        if name not in self.entries:
            raise LookupError(f"No installed app has {self.what} called {name!r}.")
        found = self.entries[name]
        return import_string(found) if isinstance(found, str) else found

    def names(self) -> list[str]:
        return list(self.entries)


_tasks = _Registry("a job")
_tracked = _Registry("background tasks of the kind")
_scheduled = _Registry("a scheduled job", {"expire_uploads": "eventmedia.services.expire_uploads"})

# The job that runs a scheduled function and queues its next turn (registered by eventmedia.tasks).
RUN_SCHEDULED = "run_scheduled"


def register(name: str, task: Any) -> None:
    """Let ``name`` be run later by ``task`` (a task of the task framework, or its dotted path)."""
    _tasks.add(name, task)


def task(name: str) -> Any:
    """The task that runs the job ``name``; ``LookupError`` when no installed app registered it."""
    return _tasks.get(name)


def enqueue(name: str, *args: Any) -> Any:
    """Queue the job ``name`` now; the task framework's result of that attempt."""
    return task(name).enqueue(*args)


def after_commit(name: str, *args: Any) -> None:
    """Queue the job ``name`` once the current transaction commits (at once outside of one); nothing
    is queued when it rolls back."""
    transaction.on_commit(lambda: enqueue(name, *args))


def register_tracked(kind: str, task_path: str) -> None:
    """Run the task at ``task_path`` (dotted) for ``BackgroundTask`` records of ``kind``."""
    _tracked.add(kind, task_path)


def tracked_task(kind: str) -> Any:
    """The task for ``kind``; ``LookupError`` when no installed app registered it."""
    return _tracked.get(kind)


def tracked_kinds() -> list[str]:
    """The background task kinds an installed app runs."""
    return _tracked.names()


def register_scheduled(name: str, function_path: str) -> None:
    """Let ``name`` be scheduled: the function at ``function_path`` (dotted) runs at each turn and
    returns a JSON-able report."""
    _scheduled.add(name, function_path)


def scheduled(name: str) -> Any:
    """The function of the scheduled job ``name``; ``LookupError`` when no installed app has it."""
    return _scheduled.get(name)


def scheduled_names() -> list[str]:
    """The jobs a site may schedule."""
    return _scheduled.names()
