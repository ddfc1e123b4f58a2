"""Template tags for showing event media in a site's own pages: ``{% load eventmedia %}``.

``{% eventmedia_image image "large" %}`` renders a responsive ``<img>``: ``src`` is the named rendition,
``srcset`` lists every rendition by width so the browser picks the smallest that fills the slot,
``width`` and ``height`` are the rendition's (no layout shift), ``alt`` comes from the caption, and it
loads lazily. Extra keyword arguments become attributes (``sizes``, ``class``, ``loading``, ``alt``...).
An image with a focal point gets ``object-position`` there, so a CSS crop keeps its subject in view.
Until it loads, the slot shows the image's placeholder: its dominant colour (``placeholder="color"``,
the default), the decoded ThumbHash over that colour (``placeholder="thumbhash"``, a small inline PNG),
or nothing (``placeholder="none"``); a ``style`` you pass is kept after it.

``{% eventmedia_picture image "large" %}`` wraps that ``<img>`` in a ``<picture>`` whose AVIF and WebP
``<source>`` sets list the renditions made in those formats (``RENDITION_FORMATS``), so a browser takes
the smallest file it can decode.

``{% event_background event %}`` gives the URL of the event's background for CSS (its ``banner`` crop,
else ``large``, unless another is named), or "" when there is none; ``{% event_background_position
event %}`` the matching ``background-position`` at its focal point; ``{% event_background_color
event %}`` and ``{% event_background_thumbhash event %}`` what to paint under it while it loads.
``{{ bytes|binary_size }}`` writes a size as the settings are ("25 MiB").
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join

from .. import units
from ..imaging.crops import FocalPoint, crop_box
from ..imaging.placeholder import thumbhash_data_uri

register = template.Library()

DEFAULT_SIZES = "100vw"


def _rendition(image, name: str) -> tuple[str, int, int]:
    """URL, width and height of the named rendition, falling back to the original."""
    rendition = image.renditions.get(name)
    if rendition is not None:
        return rendition.url, rendition.width, rendition.height
    return image.url, image.width, image.height


@register.simple_tag
def eventmedia_image(image, rendition: str = "large", **attrs) -> str:
    """A responsive ``<img>`` of ``image`` (see the module); "" without an image."""
    if image is None or not getattr(image, "file", None):
        return ""
    src, width, height = _rendition(image, rendition)
    # Only renditions of the same shape stand in for each other (a 3:1 banner crop is not a "large").
    candidates = [(r.width, r.url) for r in image.renditions.by_width() if _same_shape(r, width, height)]
    painted = _placeholder_style(image, attrs.pop("placeholder", "color"))
    style = "; ".join(part for part in (painted, _object_position(image), attrs.pop("style", "")) if part)
    attributes = {
        "src": src,
        "srcset": ", ".join(f"{url} {w}w" for w, url in candidates) if candidates else None,
        "sizes": attrs.pop("sizes", DEFAULT_SIZES) if candidates else None,
        "width": width,
        "height": height,
        "alt": attrs.pop("alt", getattr(image, "caption", "") or ""),
        "loading": attrs.pop("loading", "lazy"),
        "decoding": attrs.pop("decoding", "async"),
        "style": style or None,
        **{key.replace("_", "-"): value for key, value in attrs.items()},
    }
    rendered = format_html_join(
        " ", '{}="{}"', ((key, value) for key, value in attributes.items() if value is not None)
    )
    return format_html("<img {}>", rendered)


def _same_shape(rendition, width: int, height: int) -> bool:
    return abs(rendition.width / rendition.height - width / height) < 0.02 * (width / height)


def _object_position(image) -> str:
    """``object-position`` at the focal point, for an ``<img>`` that CSS crops (``object-fit: cover``)."""
    point = getattr(image, "focal", None)
    return f"object-position: {point.css_position()}" if point else ""


def _placeholder_color(image) -> str:
    """The dominant colour of ``image``'s placeholder (``#rrggbb``), "" without a valid one."""
    color = (getattr(image, "placeholder", None) or {}).get("color", "")
    return color if re.fullmatch(r"#[0-9a-f]{6}", color) else ""


def _placeholder_style(image, kind: str) -> str:
    """CSS painting ``image``'s placeholder behind it; "" without one (or with ``kind`` "none")."""
    placeholder = getattr(image, "placeholder", None) or {}
    color = _placeholder_color(image)
    if kind == "none" or not color:
        return ""
    if kind == "thumbhash" and (uri := thumbhash_data_uri(placeholder.get("thumbhash", ""))):
        return f"background: {color} url({uri}) center / cover no-repeat"
    return f"background-color: {color}"


# <source> types, most compact first: the browser takes the first it can decode.
PICTURE_SOURCES = (("avif", "image/avif"), ("webp", "image/webp"))


@register.simple_tag
def eventmedia_picture(image, rendition: str = "large", **attrs) -> str:
    """``<picture>`` with an AVIF and a WebP ``<source>`` (the renditions of the same shape made in
    those formats, ``RENDITION_FORMATS``) and ``eventmedia_image``'s ``<img>`` as the fallback."""
    img = eventmedia_image(image, rendition, **attrs)
    if not img:
        return ""
    _src, width, height = _rendition(image, rendition)
    sizes = attrs.get("sizes", DEFAULT_SIZES)
    sources = []
    for fmt, media_type in PICTURE_SOURCES:
        candidates = [
            (r.width, r.alternate_urls()[fmt])
            for r in image.renditions.by_width()
            if fmt in r.alternates and _same_shape(r, width, height)
        ]
        if candidates:
            srcset = ", ".join(f"{url} {w}w" for w, url in candidates)
            sources.append(
                format_html('<source type="{}" srcset="{}" sizes="{}">', media_type, srcset, sizes)
            )
    return format_html("<picture>{}{}</picture>", format_html_join("", "{}", ((s,) for s in sources)), img)


@register.simple_tag
def eventmedia_rendition_url(image, name: str) -> str:
    """The URL of one rendition of an image (the original when it has no such rendition)."""
    if image is None:
        return ""
    return _rendition(image, name)[0]


@register.simple_tag
def event_background(event, rendition: str = "") -> str:
    """The URL of the event's background for a page header: its ``banner`` crop (cut around the focal
    point), else its ``large`` rendition, or the ``rendition`` you name; "" without a background."""
    background = getattr(event, "background", None)
    if background is None:
        return ""
    if not rendition:
        rendition = "banner" if "banner" in background.renditions else "large"
    return _rendition(background, rendition)[0]


@register.simple_tag
def event_background_color(event) -> str:
    """The background's dominant colour (``#rrggbb``) to paint under it while it loads, so a title
    over it stays readable; "" without a background or a placeholder."""
    return _placeholder_color(getattr(event, "background", None))


@register.simple_tag
def event_background_thumbhash(event) -> str:
    """The background's ThumbHash as a small PNG data URI, a blurred preview to layer under it; ""."""
    placeholder = getattr(getattr(event, "background", None), "placeholder", None) or {}
    return thumbhash_data_uri(placeholder.get("thumbhash", "")) or ""


@register.simple_tag
def event_background_position(event, rendition: str = "") -> str:
    """``background-position`` at the focal point within the image ``event_background`` serves (the
    same ``rendition``), so a CSS ``background-size: cover`` crop keeps the subject in view. The
    ``banner`` is already cut around the point: the position is where the point fell in that cut, not
    in the original (``50% 50%`` without a focal point)."""
    background = getattr(event, "background", None)
    point = getattr(background, "focal", None)
    if point is None:
        return "50% 50%"
    if not rendition:
        rendition = "banner" if "banner" in background.renditions else "large"
    served = background.renditions.get(rendition)
    if served is None or _same_shape(served, background.width, background.height):
        return point.css_position()
    left, top, right, bottom = crop_box(
        background.width, background.height, served.width / served.height, (point.x, point.y)
    )
    inside = FocalPoint(
        (point.x * background.width - left) / (right - left),
        (point.y * background.height - top) / (bottom - top),
    )
    return inside.css_position()


@register.filter
def binary_size(size) -> str:
    """``{{ bytes|binary_size }}``: "25 MiB", in the binary units eventmedia's settings are written in."""
    return units.binary_size(int(size or 0))
