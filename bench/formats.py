"""``make bench`` (third part): bytes saved by the AVIF and WebP renditions, in RESULTS.md.

The 12 MP photo and the PNG screenshot go through eventmedia's pipeline with the default event
renditions; each rendition is then encoded as the task does (``encode_alternates``), and the bytes
and time of each format are compared with the JPEG or PNG rendition.
"""

from __future__ import annotations

import base64
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import inputs  # noqa: E402
from bench.run import machine, update_section  # noqa: E402
from eventmedia.defaults import DEFAULTS  # noqa: E402
from eventmedia.imaging import ImagePolicy, parse_rendition_specs, process_image  # noqa: E402
from eventmedia.imaging.alternates import encode_alternates  # noqa: E402

CASES = ("photo_12mp", "screenshot_png")
SPECS = parse_rendition_specs(DEFAULTS["RENDITIONS"]["event"])


def main() -> None:
    paths = inputs.write_all(ROOT / "var" / "bench")
    lines = [
        "## AVIF and WebP renditions",
        "",
        f"Run on {date.today().isoformat()}: {machine()}",
        "",
        "Each default event rendition as stored (an opaque PNG becomes JPEG), then as AVIF",
        f"(quality {DEFAULTS['AVIF_QUALITY']}, speed 8) and WebP",
        f"(quality {DEFAULTS['WEBP_QUALITY']}), encoded by the task. Regenerate with `make bench`.",
        "",
    ]
    for case in CASES:
        data = base64.b64decode(paths[case].read_text().split(",", 1)[1])
        processed = process_image(data, SPECS, ImagePolicy())
        lines += [
            f"### {inputs.CASES[case]}",
            "",
            "| rendition | stored bytes | AVIF bytes (saved) | WebP bytes (saved) | AVIF + WebP ms |",
            "|---|---|---|---|---|",
        ]
        totals = {"stored": 0, "AVIF": 0, "WEBP": 0}
        for name, rendition in processed.renditions.items():
            started = time.perf_counter()
            made = encode_alternates(
                rendition.content,
                ("AVIF", "WEBP"),
                avif_quality=DEFAULTS["AVIF_QUALITY"],
                webp_quality=DEFAULTS["WEBP_QUALITY"],
            )
            elapsed = (time.perf_counter() - started) * 1000
            stored = len(rendition.content)
            totals["stored"] += stored
            cells = []
            for fmt in ("AVIF", "WEBP"):
                size = len(made[fmt])
                totals[fmt] += size
                cells.append(f"{size:,} ({1 - size / stored:.0%})")
            lines.append(
                f"| {name} {rendition.width}x{rendition.height} {rendition.format} | {stored:,} | "
                f"{cells[0]} | {cells[1]} | {elapsed:.0f} |"
            )
        saved = {
            fmt: f"{totals[fmt]:,} ({1 - totals[fmt] / totals['stored']:.0%})" for fmt in ("AVIF", "WEBP")
        }
        lines += [f"| all | {totals['stored']:,} | {saved['AVIF']} | {saved['WEBP']} | |", ""]
    update_section("formats", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
