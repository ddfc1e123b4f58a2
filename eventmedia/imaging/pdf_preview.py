"""Render the first page of a PDF to an image with pypdfium2, in a child process with hard limits.

PDFium is the PDF engine of Chromium, fuzzed continuously; pypdfium2 ships it inside its wheel, so no
system binary (Ghostscript, poppler) is needed. The page is rendered at a scale that fits
``max_side`` and never more than ``max_pixels``, whatever size the PDF claims.

A PDF is a program: a 2 KB file of nested form XObjects makes PDFium draw billions of times and take
minutes and gigabytes. So the rendering never runs in the calling process, whatever task backend runs
it: ``render_first_page`` starts ``python -m eventmedia.imaging.pdf_preview``, which sets its own
address-space and CPU limits (``resource.setrlimit``) before it imports PDFium, reads the PDF on
stdin and writes a PNG on stdout. Past ``timeout`` seconds the child is killed. Any failure is a
``MediaError``: the caller stores the slide without a preview. Optional: without pypdfium2,
``render_first_page`` returns None and slides simply have no preview.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys

from .errors import CORRUPT_IMAGE, MediaError

# Exit code of a child that rendered nothing because the PDF is broken (not because of a limit).
_BROKEN_PDF = 3


def available() -> bool:
    """Whether PDF previews can be made (pypdfium2, the ``pdf`` extra, is installed)."""
    return importlib.util.find_spec("pypdfium2") is not None


def render_first_page(
    data: bytes,
    *,
    max_side: int = 1300,
    max_pixels: int = 4_000_000,
    timeout: float = 30,
    max_memory: int = 1024 * 1024 * 1024,
) -> bytes | None:
    """PNG bytes of page one fitted into ``max_side``, or None without pypdfium2.

    Raises ``MediaError`` when the PDF is broken or its rendering passes ``timeout`` seconds or
    ``max_memory`` bytes of address space.
    """
    if not available():
        return None
    command = [sys.executable, "-m", __name__, str(max_side), str(max_pixels), str(max_memory), str(timeout)]
    try:
        # The child imports this package the way the caller did, wherever it was found.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise MediaError(CORRUPT_IMAGE, f"PDF preview took longer than {timeout} s") from None
    if done.returncode == _BROKEN_PDF:
        raise MediaError(CORRUPT_IMAGE, f"PDF could not be rendered: {done.stderr.decode(errors='replace')}")
    if done.returncode != 0 or not done.stdout:
        # Killed by a limit (SIGKILL/SIGXCPU, MemoryError) or crashed: skip the preview, do not retry.
        raise MediaError(CORRUPT_IMAGE, f"PDF preview stopped by its limits (exit {done.returncode})")
    return done.stdout


def _limit_self(max_memory: int, seconds: float) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX: the parent's timeout still applies
        return
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    cpu = max(1, int(seconds) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _render(data: bytes, max_side: int, max_pixels: int) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if len(document) == 0:
            raise ValueError("PDF has no pages")
        page = document[0]
        width, height = page.get_size()  # points
        if width <= 0 or height <= 0:
            raise ValueError("PDF page has no size")
        scale = min(max_side / max(width, height), (max_pixels / (width * height)) ** 0.5)
        image = page.render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    # Lossless hand-over to the pipeline, which keeps this PNG when it beats a JPEG (text pages do).
    image.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def _main(argv: list[str]) -> int:
    max_side, max_pixels, max_memory = (int(value) for value in argv[:3])
    _limit_self(max_memory, float(argv[3]))
    data = sys.stdin.buffer.read()
    try:
        png = _render(data, max_side, max_pixels)
    except MemoryError:
        return 1
    except Exception as exc:  # noqa: BLE001 - PDFium raises its own errors on broken files
        sys.stderr.write(type(exc).__name__)
        return _BROKEN_PDF
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
