"""The pipeline over a public corpus of real, odd and fuzzed images: Pillow's own test images.

Pillow's source distribution carries about a thousand files in ``Tests/images``: camera photos
(MPO, CMYK, EXIF oddities), every format Pillow reads, and the crash, timeout and out-of-memory
reproducers its fuzzers found. The corpus is fetched once from PyPI (the same Pillow version as the
one installed) into ``.cache/`` and reused. Each file must get an answer, accepted or a ``MediaError``
with a stable code, within 3 s; never any other exception. Known-good photos must be accepted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import PIL
import pytest

from eventmedia.imaging import ImagePolicy, MediaError, parse_rendition_specs, process_image
from eventmedia.imaging.formats import heif_available
from tests.paths import ROOT

pytestmark = pytest.mark.slow

CACHE = ROOT / ".cache" / f"pillow-{PIL.__version__}-images"
SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})
SECONDS_PER_FILE = 3.0
KNOWN_GOOD = {
    "hopper.jpg": "JPEG",
    "hopper.png": "JPEG",  # an opaque photo: the smaller JPEG wins
    "hopper.gif": "JPEG",  # a still GIF is a photo too
    "hopper.webp": "JPEG",
    "flower.jpg": "JPEG",
    "exif_gps.jpg": "JPEG",
    "pil_sample_cmyk.jpg": "JPEG",
    "sugarshack.mpo": "JPEG",
    "frozenpond.mpo": "JPEG",
    "fujifilm.mpo": "JPEG",
    "avif/hopper.avif": "JPEG",
    "exif_imagemagick_orientation.png": "JPEG",
    "apng/single_frame.png": "PNG",
    "transparent.webp": "PNG",
}


def _fetch_corpus() -> Path:
    """Download Pillow's sdist and keep only ``Tests/images``; return that folder."""
    if CACHE.is_dir():
        return CACHE
    with tempfile.TemporaryDirectory() as download:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        command += [f"pillow=={PIL.__version__}", "--dest", download]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        (archive,) = Path(download).glob("*.tar.gz")
        staging = Path(tempfile.mkdtemp(dir=CACHE.parent if CACHE.parent.exists() else None))
        with tarfile.open(archive) as sdist:
            members = [m for m in sdist.getmembers() if "/Tests/images/" in m.name and m.isfile()]
            sdist.extractall(staging, members=members, filter="data")
        (images,) = staging.glob("*/Tests/images")
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        images.rename(CACHE)  # whole or not at all: a half-extracted cache is never reused
    return CACHE


@pytest.fixture(scope="module")
def corpus() -> Path:
    try:
        return _fetch_corpus()
    except (subprocess.SubprocessError, OSError, ValueError) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"could not fetch Pillow's test images: {error}")
        pytest.skip(f"Pillow's test images could not be fetched (offline?): {error}")


def test_every_corpus_file_gets_an_answer_in_time(corpus):
    files = sorted(path for path in corpus.rglob("*") if path.is_file())
    assert len(files) > 500
    unexpected, slow, answers = [], [], {}
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            result = process_image(data, SPECS, ImagePolicy())
            answer = f"stored as {result.original.format}"
        except MediaError as error:
            answer = error.code
        except Exception as error:  # noqa: BLE001 - the point: report every one, not just the first
            unexpected.append(f"{path.relative_to(corpus)}: {type(error).__name__}: {error}")
            continue
        elapsed = time.perf_counter() - started
        if elapsed > SECONDS_PER_FILE:
            slow.append(f"{path.relative_to(corpus)}: {elapsed:.1f} s")
        answers[str(path.relative_to(corpus))] = answer
    assert unexpected == []
    assert slow == []
    expected = dict(KNOWN_GOOD)
    if heif_available():
        expected["avif/hopper.heif"] = "JPEG"
    assert {name: answers.get(name) for name in expected} == {
        name: f"stored as {fmt}" for name, fmt in expected.items()
    }
