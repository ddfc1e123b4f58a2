"""Which image formats the pipeline reads and writes, and how a file announces its format.

Pillow names formats by its plugin ids. The pipeline reads the ids in ``SUPPORTED_FORMATS``; a file is
stored as one of ``STORED_FORMATS`` (an extension and a Content-Type for each). Formats read but never
stored as such (HEIF, AVIF, the secondary pictures of a multi-picture JPEG) are converted; the mapping
lives in ``pipeline``. HEIF needs the optional ``pillow-heif`` plugin (``pip install eventmedia[heif]``);
it is registered with Pillow on import when installed.
"""

from __future__ import annotations

import re

# Formats this pipeline knows how to normalise; settings may allow a subset.
SUPPORTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF")

# Formats an original or a rendition may be stored in: Pillow id -> (extension, Content-Type).
STORED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
    # Only as an extra format of a rendition (``alternates``), never as an original.
    "AVIF": ("avif", "image/avif"),
}

# Formats a rendition may also be made in, for browsers that take them (``<picture>`` sources).
ALTERNATE_FORMATS = ("AVIF", "WEBP")

# Formats whose extra frames or pictures are not an animation: only the primary picture is used.
# Pillow opens a multi-picture JPEG (phones' depth and gain maps, 3D cameras) as "MPO".
PRIMARY_PICTURE_FORMATS = {"MPO": "JPEG", "AVIF": "AVIF", "HEIF": "HEIF"}

HEIF_EXTRA = "eventmedia[heif]"

# ISO base media file brands (the "ftyp" box) of HEIF and AVIF files.
_AVIF_BRANDS = {b"avif", b"avis"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}

# The first pillow-heif whose libheif refuses a file that declares a smaller picture than it codes
# before decoding it; older ones decode such bombs in full, so they are not used at all.
HEIF_MINIMUM_VERSION = (1, 4)


def heif_version_usable(version: str) -> bool:
    """Whether pillow-heif ``version`` ("1.8.1") is recent enough to be used."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    return numbers >= HEIF_MINIMUM_VERSION


HEIF_TOO_OLD = ""  # the version of an installed pillow-heif left unused, if any
try:  # optional: HEIC/HEIF photos from iPhones
    import pillow_heif
except ImportError:  # pragma: no cover - depends on the extra being installed
    pillow_heif = None
else:
    if heif_version_usable(pillow_heif.__version__):
        pillow_heif.register_heif_opener()
    else:  # pragma: no cover - the matrix installs 1.4 or newer
        HEIF_TOO_OLD, pillow_heif = pillow_heif.__version__, None


def heif_available() -> bool:
    """True when the HEIF plugin is installed and registered with Pillow."""
    return pillow_heif is not None


def signature_format(data: bytes) -> str | None:
    """The format the first bytes announce, for telling a damaged file from a foreign one."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in _AVIF_BRANDS:
            return "AVIF"
        if brand in _HEIF_BRANDS:
            return "HEIF"
    return None
