"""RQ worker processes for the tests: `make worker`'s command, on this test's database and media."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database as a DATABASE_URL, for a process outside the test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"  # an absolute path: sqlite:////...
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def environment(settings, media_root: Path, redis_url: str) -> dict[str, str]:
    """The demo's environment pointed at this test's database, media folder, Redis and Instagram."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "project.settings",
        # The same key as this test process: the worker decrypts the tokens the test stored.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": redis_url,
        # The event model of this test process: the worker shares its database.
        "EVENTMEDIA_EVENT_MODEL": getattr(settings, "EVENTMEDIA_EVENT_MODEL", "eventmedia.Event"),
    }
    for key, value in settings.EVENTMEDIA.get("INSTAGRAM", {}).items():
        if isinstance(value, bool):
            value = "1" if value else "0"
        elif isinstance(value, (list, tuple)):
            value = ",".join(value)
        env[f"INSTAGRAM_{key}"] = str(value)
    return env


def use_rq(settings, redis_url: str) -> None:
    """Make this test process enqueue to RQ on ``redis_url``, as the demo does with REDIS_URL."""
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


class Worker:
    """``manage.py rqworker`` as `make worker` runs it."""

    def __init__(self, env: dict[str, str], *, scheduler: bool = False):
        command = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        if scheduler:
            command.append("--with-scheduler")  # runs tasks enqueued with run_after
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to clean up anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
