"""``make bench`` (second part): what a placeholder costs, in RESULTS.md.

For every input of the pipeline benchmark, the image is processed once (eventmedia's pipeline, the
event renditions), then ``placeholder_of`` (ThumbHash and dominant colour of the smallest output)
is timed on its own, in this process, many times: the median must stay under 2 ms.
"""

from __future__ import annotations

import base64
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import inputs  # noqa: E402
from bench.run import machine, update_section  # noqa: E402
from eventmedia.imaging import ImagePolicy, parse_rendition_specs, process_image  # noqa: E402
from eventmedia.imaging.placeholder import placeholder_of  # noqa: E402

SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})
RUNS = 50
GOAL_MS = 2.0


def measure(path: Path) -> dict:
    text = path.read_text()
    data = base64.b64decode(text.split(",", 1)[1])
    smallest = process_image(data, SPECS, ImagePolicy()).smallest()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        placeholder_of(smallest.content)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(times),
        "max": max(times),
        "input": f"{smallest.width}x{smallest.height}",
    }


def main() -> None:
    paths = inputs.write_all(ROOT / "var" / "bench")
    lines = [
        "## Placeholder cost",
        "",
        f"Run on {date.today().isoformat()}: {machine()}",
        "",
        f"ThumbHash and dominant colour of each stored image, from its smallest output; {RUNS} runs each,",
        "in one process, after the image was processed. Regenerate with `make bench`.",
        "",
        "| input | smallest output | median ms | max ms |",
        "|---|---|---|---|",
    ]
    medians = []
    for case, label in inputs.CASES.items():
        result = measure(paths[case])
        medians.append(result["median"])
        lines.append(f"| {label} | {result['input']} | {result['median']:.2f} | {result['max']:.2f} |")
    worst = max(medians)
    verdict = "met" if worst < GOAL_MS else "NOT met"
    lines += ["", f"Goal: under {GOAL_MS:g} ms per image: worst median {worst:.2f} ms, {verdict}.", ""]
    update_section("placeholders", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
