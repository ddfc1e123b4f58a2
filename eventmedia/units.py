"""Byte sizes as people read them, in the binary units the settings are written in (25 MiB is
``25 * 1024 * 1024``): "25 MiB", "1.5 MiB", "640 KiB", "512 bytes"."""

from __future__ import annotations

UNITS = (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024))


def binary_size(size: int) -> str:
    """``size`` bytes in the largest binary unit it reaches, one decimal when not whole."""
    for unit, factor in UNITS:
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
