"""``make load``: the demo under gunicorn on loopback, loaded with uploads; writes bench/LOAD.md.

For 1 and then 2 gunicorn workers (threaded, one upload at a time per process, ``make serve``'s
defaults), and for a 2 MP and a 12 MP JPEG: ``concurrency`` client threads send uploads back to back
for a fixed time at each level (1, 4, 16, 64), and wait as told by ``Retry-After`` after a 503, as
a well-behaved client does. Every answer is recorded: throughput of accepted
uploads, latency percentiles, answers by status, and the peak RSS of each worker process. Afterwards
every accepted upload's URLs are fetched (each must serve its file) and ``eventmedia_cleanup``
checks that storage holds no file that no row references. Bounded in time: each level runs for
``--seconds`` and every request has a timeout. Loopback only.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import inputs  # noqa: E402
from bench.through_api import DemoServer, status_mb  # noqa: E402

LEVELS = (1, 4, 16, 64)
SIZES = {"2 MP": (1600, 1200), "12 MP": (4000, 3000)}
SCALING_GOAL = 1.7
SCALING_GOALS = {"12 MP": 1.8}  # 2 workers over 1, best level each
RSS_GOALS_MB = {"12 MP": 200}  # peak RSS of any worker over every level
CROWD_GOAL = 0.9  # the most crowded level keeps this share of the best level's throughput
BUSY_LATENCY_GOAL_S = 1.0


def _body(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    inputs._photo(size).save(buffer, "JPEG", quality=90)
    data_uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
    return ('{"data": "' + data_uri + '"}').encode()


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes ``pids`` have used so far (all their threads)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def run_level(url: str, token: str, body: bytes, concurrency: int, seconds: float) -> dict:
    """``concurrency`` threads sending uploads back to back for ``seconds``."""
    results: list[tuple[int, float, dict | None]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def client() -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            wait = 0.0
            try:
                response = session.post(f"{url}/v1/upload/image", data=body, headers=headers, timeout=60)
                status = response.status_code
                answer = response.json() if status == 201 else None
                if status == 503:
                    wait = float(response.headers.get("Retry-After", "1"))
            except requests.RequestException:
                status, answer = 0, None  # no answer at all: counted as an error
            with lock:
                results.append((status, time.perf_counter() - started, answer))
            time.sleep(max(0.0, min(wait, deadline - time.monotonic())))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    accepted = [latency for status, latency, _ in results if status == 201]
    busy = [latency for status, latency, _ in results if status == 503]
    return {
        "concurrency": concurrency,
        "throughput": len(accepted) / elapsed,
        "statuses": Counter(status for status, _, _ in results),
        "p50": _percentile(accepted, 50),
        "p95": _percentile(accepted, 95),
        "p99": _percentile(accepted, 99),
        "busy_max": max(busy) if busy else 0.0,
        "answers": [answer for status, _, answer in results if status == 201],
        "elapsed": elapsed,
    }


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def check_files(url: str, answers: list[dict], server: DemoServer) -> tuple[int, int]:
    """(URLs that did not serve their file, orphan files in storage)."""
    broken = 0
    session = requests.Session()
    for answer in answers:
        for item in [answer, *answer["renditions"].values()]:
            path = item["url"].split("/media/", 1)[1]
            response = session.get(f"{url}/media/{path}", timeout=30)
            if response.status_code != 200 or not response.content:
                broken += 1
    manage = [sys.executable, str(ROOT / "manage.py"), "eventmedia_cleanup", "--min-age", "0"]
    done = subprocess.run(manage, cwd=ROOT, env=server.env, capture_output=True, text=True, check=True)
    orphans = int(re.search(r"(\d+) orphan file", done.stdout).group(1))
    return broken, orphans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--output", default=str(HERE / "LOAD.md"))
    args = parser.parse_args()
    rows, checks, memory, throughput = [], [], {}, {}
    bodies = {label: _body(size) for label, size in SIZES.items()}
    with DemoServer(ROOT / "var" / "bench-load") as server:
        for workers in (1, 2):
            for label, body in bodies.items():
                command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "project/gunicorn.conf.py"]
                server.start(
                    [*command, "project.wsgi"],
                    WEB_BIND=f"127.0.0.1:{server.port}",
                    WEB_CONCURRENCY=str(workers),
                    WEB_THREADS=str(args.threads),
                    UPLOADS_PER_PROCESS="1",
                    DJANGO_DEBUG="0",
                    DJANGO_ALLOWED_HOSTS="127.0.0.1",
                    MALLOC_ARENA_MAX="2",
                )
                pids = _workers(server.process.pid)
                for concurrency in LEVELS:
                    cpu_before = _cpu_seconds(pids)
                    result = run_level(server.url, server.token, body, concurrency, args.seconds)
                    cpu = _cpu_seconds(pids) - cpu_before
                    result["cores"] = cpu / result["elapsed"]
                    result["cpu_ms"] = cpu * 1000 / max(1, len(result["answers"]))
                    broken, orphans = check_files(server.url, result["answers"], server)
                    rows.append((workers, label, result))
                    checks.append((workers, label, concurrency, broken, orphans))
                    throughput[(workers, label, concurrency)] = result["throughput"]
                    print(f"{workers} worker(s), {label}, c={concurrency}: {result['throughput']:.2f}/s "
                          f"{dict(result['statuses'])}", file=sys.stderr)  # fmt: skip
                memory[(workers, label)] = [status_mb(pid, "VmHWM") for pid in pids]
                server.stop()
    Path(args.output).write_text(render(rows, checks, memory, throughput, args))
    print(Path(args.output).read_text())


def render(rows, checks, memory, throughput, args) -> str:
    lines = [
        "# Load: uploads to the demo under gunicorn",
        "",
        f"Run on {date.today().isoformat()} on this 2-core machine with `make load`,",
        f"{args.seconds:.0f} s per level. gunicorn `gthread` workers with {args.threads} threads and one",
        "upload processed at a time per process (`UPLOADS_PER_PROCESS=1`; more at once answer 503",
        "`server_busy` with a `Retry-After` turn, which the clients honour), SQLite, local files. The client",
        "threads run on the same 2 cores: they cost CPU too.",
        "",
        "Workers' CPU is the user and system time of the worker processes over the level: cores busy on",
        "average, and per accepted upload (refused ones included in it).",
        "",
        "| workers | photo | clients | accepted/s | p50 ms | p95 ms | p99 ms | answers | slowest 503 ms "
        "| workers' CPU: cores | CPU ms an upload |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workers, label, r in rows:
        statuses = ", ".join(
            f"{status or 'none'}: {count}" for status, count in sorted(r["statuses"].items())
        )
        lines.append(
            f"| {workers} | {label} | {r['concurrency']} | {r['throughput']:.2f} | {r['p50'] * 1000:.0f} | "
            f"{r['p95'] * 1000:.0f} | {r['p99'] * 1000:.0f} | {statuses} | {r['busy_max'] * 1000:.0f} | "
            f"{r['cores']:.2f} | {r['cpu_ms']:.0f} |"
        )
    lines += ["", "Peak RSS per worker process (MB), over all levels:", ""]
    for (workers, label), values in memory.items():
        lines.append(f"- {workers} worker(s), {label}: " + ", ".join(f"{value:.0f}" for value in values))
    lines += ["", "## Goals", ""]
    for (workers, label), values in memory.items():
        if label in RSS_GOALS_MB:
            worst, goal = max(values), RSS_GOALS_MB[label]
            verdict = "met" if worst <= goal else "NOT met"
            lines.append(
                f"- {label}, {workers} worker(s): peak RSS of a worker {worst:.0f} MB "
                f"(goal at most {goal} MB): {verdict}"
            )
    for workers in (1, 2):
        for label in SIZES:
            best = max(throughput[(workers, label, c)] for c in LEVELS)
            crowded = throughput[(workers, label, LEVELS[-1])]
            share = crowded / best if best else float("nan")
            verdict = "met" if share >= CROWD_GOAL else "NOT met"
            lines.append(
                f"- {label}, {workers} worker(s): {LEVELS[-1]} clients get {crowded:.2f}/s, {share:.0%} of "
                f"the best level's {best:.2f}/s (goal at least {CROWD_GOAL:.0%}): {verdict}"
            )
    for label in SIZES:
        best_one = max(throughput[(1, label, c)] for c in LEVELS)
        best_two = max(throughput[(2, label, c)] for c in LEVELS)
        ratio = best_two / best_one if best_one else float("nan")
        goal = SCALING_GOALS.get(label, SCALING_GOAL)
        verdict = "met" if ratio >= goal else "NOT met"
        one = max((r for w, lab, r in rows if w == 1 and lab == label), key=lambda r: r["throughput"])
        lines.append(
            f"- {label}: 2 workers accept {best_two:.2f}/s, 1 worker {best_one:.2f}/s at best: "
            f"{ratio:.2f}x (goal {goal}x): {verdict}. One worker at its best level already kept "
            f"{one['cores']:.2f} of the {os.cpu_count()} cores busy ({one['cpu_ms']:.0f} ms of CPU an "
            f"upload): the CPU of this machine allows at most {os.cpu_count() / one['cores']:.2f}x"
        )
    errors = sum(
        count for _, _, r in rows for status, count in r["statuses"].items() if status not in (201, 503)
    )
    lines.append(f"- answers other than 201 and 503 (5xx, resets, time-outs): {errors} (goal 0): "
                 f"{'met' if errors == 0 else 'NOT met'}")  # fmt: skip
    slowest = max(r["busy_max"] for _, _, r in rows)
    lines.append(
        f"- slowest 503: {slowest * 1000:.0f} ms (goal under {BUSY_LATENCY_GOAL_S * 1000:.0f} ms): "
        f"{'met' if slowest < BUSY_LATENCY_GOAL_S else 'NOT met'}"
    )
    broken = sum(check[3] for check in checks)
    orphans = sum(check[4] for check in checks)
    verdict = "met" if broken == 0 and orphans == 0 else "NOT met"
    lines.append(
        f"- accepted uploads whose URLs did not serve their file: {broken}; orphan files in storage: "
        f"{orphans} (goal 0 and 0): {verdict}"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
