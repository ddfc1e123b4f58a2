"""The quality a JPEG was saved at, estimated from its luminance table against libjpeg's standard one
(the pipeline re-encodes originals saved far above the site's quality)."""

from __future__ import annotations

from collections.abc import Sequence

# libjpeg's standard luminance table, to estimate the quality a JPEG was saved at.
_STD_LUMINANCE = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)  # fmt: skip


def _standard_table_sum(quality: int) -> int:
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    return sum(min(255, max(1, int((q * scale + 50) / 100))) for q in _STD_LUMINANCE)


# Sum of libjpeg's scaled luminance table for each quality 1-100, computed once.
_TABLE_SUMS = {quality: _standard_table_sum(quality) for quality in range(1, 101)}


def estimate_jpeg_quality(qtables: dict[int, Sequence[int]]) -> int | None:
    """The libjpeg quality (1-100) whose luminance table is closest to this file's, or None."""
    luminance = qtables.get(0)
    if not luminance or len(luminance) != 64:
        return None
    total = sum(luminance)
    # Highest quality among the closest: ties happen where tables clamp to 1 near quality 100.
    return min(_TABLE_SUMS, key=lambda quality: (abs(_TABLE_SUMS[quality] - total), -quality))
