"""Rendition specs: a name and a box that an image is fitted into, never upscaled.

A spec written ``(width, height, "crop")`` is a crop rendition instead: the image is cut to the box's
aspect ratio around its focal point (``imaging.crops``), then fitted into the box, still never
upscaled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RenditionSpec:
    name: str
    max_width: int | None
    max_height: int | None
    crop: bool = False

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """The size of a ``width`` x ``height`` image fitted into this box, aspect kept, never larger."""
        scale = 1.0
        if self.max_width and width > self.max_width:
            scale = min(scale, self.max_width / width)
        if self.max_height and height > self.max_height:
            scale = min(scale, self.max_height / height)
        if scale >= 1.0:
            return width, height
        return max(1, round(width * scale)), max(1, round(height * scale))


def parse_rendition_specs(value: Mapping[str, Iterable[int | None]]) -> list[RenditionSpec]:
    """``{"large": (1300, None), ...}`` -> specs, largest box first (the order they are made in)."""
    specs = []
    for name, box in value.items():
        width, height, *mode = tuple(box)
        specs.append(RenditionSpec(str(name), width or None, height or None, crop=mode == ["crop"]))
    return sorted(specs, key=_box_area, reverse=True)


def _box_area(spec: RenditionSpec) -> float:
    # An open side counts as unbounded so that a box open on one side sorts before a bounded one.
    width = spec.max_width or float("inf")
    height = spec.max_height or float("inf")
    return min(width, 10**9) * min(height, 10**9)
