"""Crop renditions: an image cut to a fixed aspect ratio around its focal point, then scaled down.

At upload they are cut from the pixels the pipeline already decoded (``cut_crops``); when the focal
point moves, from the stored original decoded again (``make_crops``, upright by its EXIF orientation,
in its stored colour profile): the same cut either way, at a scale that covers every crop's output.
The crop is the largest rectangle of the spec's aspect ratio that fits the image, centred on the
focal point as far as the edges allow; the result is fitted into the spec's box and never upscaled.
A focal point is ``(x, y)`` in 0..1 of the upright image; ``detail_center`` offers one without any
face or saliency model: the centre of the image's edges (where its detail is), weighted by their
strength.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from PIL import Image, ImageFilter

from .specs import RenditionSpec
from .steps import _orient, _orientation, _stored_box


class FocalPoint(NamedTuple):
    """Where an image's subject is: ``x`` and ``y`` in 0..1 of the upright image (0, 0: top left).

    The one place a focal point is checked: ``parse`` takes what the API, the admin or a stored row
    holds and refuses anything else with ``ValueError``. A tuple, so the pipeline takes it as it is.
    """

    x: float
    y: float

    @classmethod
    def parse(cls, value: Any) -> FocalPoint:
        """A focal point from ``{"x", "y"}`` or ``(x, y)``; ``ValueError`` unless both are numbers in 0..1."""
        if isinstance(value, Mapping):
            if set(value) != {"x", "y"}:
                raise ValueError("a focal point has exactly x and y")
            value = (value["x"], value["y"])
        try:
            x, y = (float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError("a focal point is two numbers, x and y") from None
        if not all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in (x, y)):
            raise ValueError("x and y of a focal point are between 0 and 1")
        return cls(x, y)

    @classmethod
    def from_json(cls, stored: Any) -> FocalPoint | None:
        """The focal point a row stores (``{"x", "y"}``), None without one (or with a broken one)."""
        if not stored:
            return None
        try:
            return cls.parse(stored)
        except ValueError:
            return None

    def to_json(self) -> dict[str, float]:
        """The stored form, ``{"x", "y"}``."""
        return {"x": self.x, "y": self.y}

    def css_position(self) -> str:
        """The point as a CSS position (``object-position``, ``background-position``)."""
        return f"{self.x * 100:.1f}% {self.y * 100:.1f}%"


CENTER = FocalPoint(0.5, 0.5)


def crop_box(width: int, height: int, aspect: float, focal: tuple[float, float]) -> tuple[int, int, int, int]:
    """``(left, top, right, bottom)`` of the largest ``aspect`` (width / height) rectangle inside a
    ``width`` x ``height`` image, centred on ``focal`` as far as the edges allow."""
    crop_width, crop_height = width, round(width / aspect)
    if crop_height > height:
        crop_width, crop_height = round(height * aspect), height
    crop_width, crop_height = max(1, min(crop_width, width)), max(1, min(crop_height, height))
    x, y = (min(max(float(v), 0.0), 1.0) for v in focal)
    left = min(max(round(x * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(y * height - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def make_crops(
    original: bytes,
    specs: Sequence[RenditionSpec],
    focal: tuple[float, float],
    encode,
) -> dict[str, tuple[bytes, str, int, int]]:
    """The crop renditions of ``original`` (stored bytes): ``{name: (content, format, width, height)}``.

    ``encode(image, icc) -> (content, format)`` writes one (the pipeline's encoder and policy).
    """
    if not specs:
        return {}
    with Image.open(io.BytesIO(original)) as image:
        orientation = _orientation(image)  # a kept JPEG keeps its EXIF orientation
        upright = (image.height, image.width) if orientation >= 5 else image.size
        # A JPEG decodes at the smallest 1/2..1/8 scale that still covers every crop's output.
        image.draft(image.mode, _stored_box(needed_size(upright, specs, focal), orientation))
        image.load()
        icc = image.info.get("icc_profile")
        source = _orient(image.copy(), orientation)
    return cut_crops(source, specs, focal, encode, icc)


def cut_crops(
    source: Image.Image,
    specs: Sequence[RenditionSpec],
    focal: tuple[float, float],
    encode,
    icc: bytes | None,
) -> dict[str, tuple[bytes, str, int, int]]:
    """The crop renditions cut from ``source``: the upright image at any scale of at least
    ``needed_size`` (a smaller one gives smaller crops: never upscaled)."""
    made = {}
    for spec in specs:
        box = crop_box(*source.size, spec.max_width / spec.max_height, focal)
        region = source.crop(box)
        # At least the box: exactly the box (the crop has its ratio, give or take a rounded pixel);
        # smaller: as it is, never upscaled.
        covers = region.width >= spec.max_width and region.height >= spec.max_height
        size = (spec.max_width, spec.max_height) if covers else spec.fit(*region.size)
        if region.size != size:
            region = region.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)  # as the pipeline
        content, fmt = encode(region, icc)
        made[spec.name] = (content, fmt, *region.size)
    return made


def needed_size(size: tuple[int, int], specs: Sequence[RenditionSpec], focal) -> tuple[int, int]:
    """The smallest size of an image of ``size`` at which every crop still covers its output box."""
    width, height = size
    scale = 0.0
    for spec in specs:
        left, top, right, bottom = crop_box(width, height, spec.max_width / spec.max_height, focal)
        scale = max(scale, spec.max_width / (right - left), spec.max_height / (bottom - top))
    scale = min(scale, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def detail_center(content: bytes) -> tuple[float, float]:
    """Where the detail of an image is, upright: the centre of its edges, weighted by strength (0..1 each).

    Computed on a 64 px greyscale copy, so it costs about a millisecond. A plain image gives the centre.
    """
    with Image.open(io.BytesIO(content)) as image:
        orientation = _orientation(image)  # a kept or re-encoded JPEG keeps its EXIF orientation
        image.draft("L", (128, 128))
        small = _orient(image.convert("L"), orientation)
    small.thumbnail((64, 64))
    edges = small.filter(ImageFilter.FIND_EDGES)
    width, height = edges.size
    pixels = edges.load()
    total = weighted_x = weighted_y = 0.0
    for y in range(1, height - 1):  # FIND_EDGES lights up the border itself
        for x in range(1, width - 1):
            value = pixels[x, y]
            total += value
            weighted_x += value * x
            weighted_y += value * y
    if not total:
        return CENTER
    return round((weighted_x / total + 0.5) / width, 3), round((weighted_y / total + 0.5) / height, 3)
