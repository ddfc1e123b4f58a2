"""The pipelines the benchmark compares. Each takes a data URI string and returns the output bytes.

All make the same renditions (the event specs: large 1300, thumbnail 500, icon 75 wide) and keep or
store an original, starting from the data URI text a client sends.

- ``ours``: eventmedia's pipeline, end to end (strict pybase64 decode, probe, policy, renditions).
- ``oes``: Open Event Server's: non-strict base64, write to disk, then for the original and each
  rendition open the file again, convert to RGB, resize from full size, save as JPEG at quality 75.
- ``drf_extra_fields``: drf-extra-fields' ``Base64ImageField`` (stdlib base64, filetype + Django's
  ImageField validation), then renditions the way most projects write them: ``exif_transpose``,
  ``thumbnail()`` on a copy for each size, JPEG q85.
- ``pyvips_kept`` / ``pyvips_reencode``: libvips ``thumbnail_buffer`` (shrink-on-load) per rendition,
  with the original stored as received or re-encoded at q85: the lower bound of this CPU.
"""

from __future__ import annotations

import base64
import io
import os
import tempfile

RENDITIONS = {"large": 1300, "thumbnail": 500, "icon": 75}


def ours(data_uri: str) -> int:
    from eventmedia.imaging import ImagePolicy, parse_data_uri, parse_rendition_specs, process_image

    specs = parse_rendition_specs({name: (width, None) for name, width in RENDITIONS.items()})
    data = parse_data_uri(data_uri, max_bytes=20 * 1024 * 1024).content
    result = process_image(data, specs, ImagePolicy())
    return len(result.original.content) + sum(len(r.content) for r in result.renditions.values())


def oes(data_uri: str) -> int:
    from PIL import Image

    media = data_uri.split(";")[0].split("/")[1]
    data = base64.b64decode(data_uri.split(",")[1])
    fd, path = tempfile.mkstemp(suffix="." + media)
    total = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        for width in (None, *RENDITIONS.values()):
            image = Image.open(path)
            img = image if image.format == "JPEG" else image.convert("RGB")
            if width is not None:
                height = int(img.size[1] * width / img.size[0])
                img = img.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            img.save(buffer, "JPEG")
            total += buffer.tell()
    finally:
        os.unlink(path)
    return total


def drf_extra_fields(data_uri: str) -> int:
    from drf_extra_fields.fields import Base64ImageField
    from PIL import Image, ImageOps

    uploaded = Base64ImageField().to_internal_value(data_uri)
    original = uploaded.read()
    uploaded.seek(0)
    image = ImageOps.exif_transpose(Image.open(uploaded))
    total = len(original)
    for width in RENDITIONS.values():
        copy = image.copy()
        copy.thumbnail((width, width * 10))
        if copy.mode not in ("RGB", "L"):
            copy = copy.convert("RGB")
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=85)
        total += buffer.tell()
    return total


def _pyvips(data_uri: str, reencode: bool) -> int:
    import pybase64
    import pyvips

    data = pybase64.b64decode(data_uri.split(",", 1)[1], validate=True)
    total = len(data)
    if reencode:
        image = pyvips.Image.new_from_buffer(data, "").autorot()  # random access: rotation reads out of order
        total = len(image.write_to_buffer(".jpg[Q=85,strip]"))
    for width in RENDITIONS.values():
        thumb = pyvips.Image.thumbnail_buffer(data, width, height=100_000, size="down")
        suffix = ".png" if thumb.hasalpha() else ".jpg[Q=85,strip]"
        total += len(thumb.write_to_buffer(suffix))
    return total


# The demo's default event renditions: the three above and the 1920x640 banner crop.
BANNER = (1920, 640)


def pyvips_event_group(data_uri: str) -> int:
    """pyvips making the default event group's four renditions (the banner cut at the centre), the
    original kept: the bare peer of an upload through the API with the default settings."""
    import pybase64
    import pyvips

    data = pybase64.b64decode(data_uri.split(",", 1)[1], validate=True)
    total = len(data)
    for width in RENDITIONS.values():
        thumb = pyvips.Image.thumbnail_buffer(data, width, height=100_000, size="down")
        total += len(thumb.write_to_buffer(".jpg[Q=85,strip]"))
    banner = pyvips.Image.thumbnail_buffer(data, BANNER[0], height=BANNER[1], size="down", crop="centre")
    return total + len(banner.write_to_buffer(".jpg[Q=85,strip]"))


def pyvips_kept(data_uri: str) -> int:
    return _pyvips(data_uri, reencode=False)


def pyvips_reencode(data_uri: str) -> int:
    return _pyvips(data_uri, reencode=True)


METHODS = {
    "ours": ours,
    "oes": oes,
    "drf_extra_fields": drf_extra_fields,
    "pyvips_kept": pyvips_kept,
    "pyvips_reencode": pyvips_reencode,
}

# Measured for one comparison only (not a column of every table).
EXTRA_METHODS = {"pyvips_event_group": pyvips_event_group}

LABELS = {
    "ours": "eventmedia",
    "oes": "(a) Open Event Server",
    "drf_extra_fields": "(b) drf-extra-fields + Pillow",
    "pyvips_kept": "(c) pyvips, original kept",
    "pyvips_reencode": "(c) pyvips, original re-encoded",
    "pyvips_event_group": "(c) pyvips, the default event group's four renditions",
}


def setup_django() -> None:
    """drf-extra-fields needs configured Django settings; the others need none."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False, INSTALLED_APPS=[])
        django.setup()
