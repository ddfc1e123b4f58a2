"""Uploads through the real API: the demo site served by Django's server, measured from outside.

Prepares a database and a token once, then for each measured upload starts a fresh
``manage.py runserver --noreload --nothreading`` on loopback, warms it up with a tiny upload of the
same kind (first-call costs are not what an upload pays), resets the server process's peak-RSS mark
(``/proc/<pid>/clear_refs``), sends ``POST /v1/upload/image`` with the data URI in JSON, and reads the
wall time of the request and the growth of the server's peak RSS (``VmHWM``). The body, the JSON
string, the decoded bytes and the decoded image all live in that one process: this is the memory a
fresh web worker needs for one upload (a warm one may reuse memory freed by earlier uploads).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def status_mb(pid: int | str, field: str) -> float:
    """A ``/proc/<pid>/status`` memory field in MB (``pid`` may be "self")."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DemoServer:
    """The demo site in a child process, with a fresh database and media folder under ``folder``."""

    def __init__(self, folder: Path, settings_module: str = "bench.demo_settings"):
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            # The demo, making the same renditions as the peers it is compared with (or its own
            # default settings: the event group with its banner crop).
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": f"sqlite:///{(folder / 'db.sqlite3').relative_to(ROOT)}",
            "MEDIA_ROOT": str(folder / "media"),
            "PYTHONHASHSEED": "0",
        }
        self.process: subprocess.Popen | None = None
        self.token = ""

    def __enter__(self) -> DemoServer:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, cwd=ROOT, env=self.env)
        script = (
            "from django.contrib.auth import get_user_model\n"
            "from rest_framework.authtoken.models import Token\n"
            "user = get_user_model().objects.create_user('bench', password='bench')\n"
            "print(Token.objects.create(user=user).key)\n"
        )
        shell = [*manage, "shell", "-c", script]
        done = subprocess.run(shell, check=True, cwd=ROOT, env=self.env, capture_output=True, text=True)
        self.token = done.stdout.strip().splitlines()[-1]
        return self

    def start(self, command: list[str] | None = None, **environment: str) -> None:
        """A fresh server process (the previous one, if any, is stopped): Django's runserver, or
        ``command`` (which must listen on ``self.port``) with ``environment`` added."""
        self.stop()
        if command is None:
            command = [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{self.port}"]
            command += ["--noreload", "--nothreading"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **environment},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/v1/schema/", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the demo server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def upload(self, data_uri: str) -> dict:
        """One upload: wall ms, the server's peak RSS growth in MB, and the answer's status."""
        pid = self.process.pid
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := current RSS
        before = status_mb(pid, "VmRSS")
        started = time.perf_counter()
        response = requests.post(
            f"{self.url}/v1/upload/image",
            data=('{"data": "' + data_uri + '"}').encode(),
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
            timeout=120,
        )
        elapsed = (time.perf_counter() - started) * 1000
        return {
            "ms": elapsed,
            "rss_mb": status_mb(pid, "VmHWM") - before,
            "status": response.status_code,
            "bytes": response.json().get("bytes", 0) if response.ok else 0,
        }


def _tiny_like(data_uri: str) -> str:
    """A small image of the same media type, to warm a fresh server up."""
    import base64
    import io

    from PIL import Image

    media = data_uri[5 : data_uri.index(";")]
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(buffer, "PNG" if media == "image/png" else "JPEG")
    return f"data:{media};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def measure(
    paths: dict[str, Path], rounds: int, settings_module: str = "bench.demo_settings"
) -> dict[str, dict]:
    """Median ms and peak RSS growth per case, each of ``rounds`` uploads in a fresh server."""
    results: dict[str, dict] = {}
    with DemoServer(ROOT / "var" / "bench-http", settings_module) as server:
        for case, path in paths.items():
            data_uri = path.read_text()
            warm = _tiny_like(data_uri)
            runs = []
            for _ in range(rounds):
                server.start()
                server.upload(warm)
                runs.append(server.upload(data_uri))
            failed = [run["status"] for run in runs if run["status"] != 201]
            if failed:
                raise RuntimeError(f"{case}: uploads answered {failed}")
            results[case] = {
                "median": statistics.median(run["ms"] for run in runs),
                "min": min(run["ms"] for run in runs),
                "max": max(run["ms"] for run in runs),
                "rss": statistics.median(run["rss_mb"] for run in runs),
                "rss_max": max(run["rss_mb"] for run in runs),
            }
    return results
