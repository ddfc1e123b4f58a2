"""Render the first page of a PDF to an image with pypdfium2 (PDFium, bundled in the wheel).

PDFium is the PDF engine of Chromium, fuzzed continuously; pypdfium2 ships it inside its wheel, so no
system binary (Ghostscript, poppler) is needed. The page is rendered at a scale that fits
``max_side`` and never more than ``max_pixels``, whatever size the PDF claims. Optional: when
pypdfium2 is not installed, ``render_first_page`` returns None and slides simply have no preview.
"""

from __future__ import annotations

import io

from .errors import CORRUPT_IMAGE, MediaError

try:
    import pypdfium2
except ImportError:  # pragma: no cover - optional dependency
    pypdfium2 = None


def available() -> bool:
    return pypdfium2 is not None


def render_first_page(data: bytes, *, max_side: int = 1300, max_pixels: int = 4_000_000) -> bytes | None:
    """PNG bytes of page one fitted into ``max_side``, or None without pypdfium2."""
    if pypdfium2 is None:
        return None
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            if len(document) == 0:
                raise MediaError(CORRUPT_IMAGE, "PDF has no pages")
            page = document[0]
            width, height = page.get_size()  # points
            if width <= 0 or height <= 0:
                raise MediaError(CORRUPT_IMAGE, "PDF page has no size")
            scale = min(max_side / max(width, height), (max_pixels / (width * height)) ** 0.5)
            image = page.render(scale=scale).to_pil()
        finally:
            document.close()
    except MediaError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium raises its own errors on broken files
        raise MediaError(CORRUPT_IMAGE, f"PDF could not be rendered: {type(exc).__name__}") from None
    buffer = io.BytesIO()
    # Lossless hand-over to the pipeline, which keeps this PNG when it beats a JPEG (text pages do).
    image.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()
