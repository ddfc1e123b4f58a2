"""System checks: a misconfigured EVENTMEDIA dict is reported by ``manage.py check``, not by a 500."""

from __future__ import annotations

import importlib.util
import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from PIL import features

from .conf import DEFAULTS, media_settings, settings_sections
from .imaging import formats
from .imaging.documents import DOCUMENT_TYPES
from .imaging.formats import ALTERNATE_FORMATS, HEIF_EXTRA, SUPPORTED_FORMATS, heif_available
from .models import EventImage, get_event_model

# Pillow features each output or input format needs.
_PILLOW_FEATURES = {"JPEG": "jpg", "PNG": "zlib", "WEBP": "webp"}


@register(Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    """Errors for unknown keys and bad values of ``EVENTMEDIA`` (E001-E010), and the request size warning
    W001."""
    errors = []
    user = settings.EVENTMEDIA if hasattr(settings, "EVENTMEDIA") else {}
    if not isinstance(user, dict):
        return [Error("EVENTMEDIA must be a dict.", id="eventmedia.E001")]
    known = {**DEFAULTS, **settings_sections()}
    for key in user:
        if key == "EVENT_MODEL":
            errors.append(
                Error(
                    "EVENTMEDIA['EVENT_MODEL'] is no longer read: the event model is the top-level setting "
                    "EVENTMEDIA_EVENT_MODEL.",
                    id="eventmedia.E017",
                    hint=f"Set EVENTMEDIA_EVENT_MODEL = {user[key]!r} beside EVENTMEDIA (as AUTH_USER_MODEL) "
                    "and remove EVENT_MODEL from EVENTMEDIA.",
                )
            )
        elif key not in known:
            errors.append(
                Error(
                    f"Unknown EVENTMEDIA setting {key!r}.",
                    id="eventmedia.E002",
                    hint=f"Known settings: {', '.join(sorted(known))}. An add-on's section (such as "
                    "INSTAGRAM) is known once its app (eventmedia.contrib.instagram) is in INSTALLED_APPS.",
                )
            )
    for key in (
        "MAX_UPLOAD_BYTES",
        "MAX_DOCUMENT_BYTES",
        "MAX_PIXELS",
        "MAX_FRAMES",
        "MAX_ICC_BYTES",
        "PREVIEW_TIMEOUT",
        "PREVIEW_MAX_MEMORY",
    ):
        value = media_settings.as_dict().get(key)
        if not isinstance(value, int) or value <= 0:
            errors.append(Error(f"EVENTMEDIA[{key!r}] must be a positive integer.", id="eventmedia.E003"))
    for key in ("JPEG_QUALITY", "WEBP_QUALITY"):
        value = media_settings.as_dict().get(key)
        if not isinstance(value, int) or not 1 <= value <= 100:
            errors.append(Error(f"EVENTMEDIA[{key!r}] must be 1-100.", id="eventmedia.E004"))
    for fmt in media_settings.ALLOWED_IMAGE_FORMATS:
        if fmt not in SUPPORTED_FORMATS:
            errors.append(
                Error(
                    f"Image format {fmt!r} is not supported.",
                    id="eventmedia.E005",
                    hint=f"Choose from {', '.join(SUPPORTED_FORMATS)}.",
                )
            )
    for fmt in media_settings.ALLOWED_DOCUMENT_FORMATS:
        if fmt not in DOCUMENT_TYPES:
            errors.append(
                Error(
                    f"Document format {fmt!r} is not supported.",
                    id="eventmedia.E006",
                    hint=f"Choose from {', '.join(DOCUMENT_TYPES)}.",
                )
            )
    if media_settings.TRANSPARENT_FORMAT not in ("PNG", "WEBP"):
        errors.append(
            Error("EVENTMEDIA['TRANSPARENT_FORMAT'] must be 'PNG' or 'WEBP'.", id="eventmedia.E007")
        )
    if media_settings.ANIMATED_IMAGES not in ("keep", "refuse"):
        errors.append(
            Error("EVENTMEDIA['ANIMATED_IMAGES'] must be 'keep' or 'refuse'.", id="eventmedia.E008")
        )
    errors.extend(_check_image_url_hosts())
    errors.extend(_check_rendition_formats())
    errors.extend(_check_renditions())
    errors.extend(_check_pillow())
    if media_settings.STORAGE not in settings.STORAGES:
        errors.append(
            Error(
                f"EVENTMEDIA['STORAGE'] names {media_settings.STORAGE!r}, which is not in STORAGES.",
                id="eventmedia.E010",
            )
        )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and limit < media_settings.max_request_bytes:
        errors.append(
            Warning(
                "DATA_UPLOAD_MAX_MEMORY_SIZE is smaller than a base64 upload of the largest file "
                "eventmedia accepts (MAX_UPLOAD_BYTES or MAX_DOCUMENT_BYTES, whichever is larger).",
                hint=f"Set DATA_UPLOAD_MAX_MEMORY_SIZE = {media_settings.max_request_bytes} "
                "(that size x 4/3 plus room for the JSON), or lower the limits; "
                "larger bodies are answered 413.",
                id="eventmedia.W001",
            )
        )
    return errors


@register(Tags.compatibility)
def check_site_setup(app_configs=None, **kwargs):
    """What a site installing eventmedia tends to miss: where files go."""
    warnings = []
    backend = settings.STORAGES.get(media_settings.STORAGE, {}).get("BACKEND", "")
    if backend.endswith("FileSystemStorage") and (not settings.MEDIA_ROOT or not settings.MEDIA_URL):
        warnings.append(
            Warning(
                "eventmedia stores files on the file system, but MEDIA_ROOT or MEDIA_URL is not set.",
                hint='Set MEDIA_ROOT (a folder outside your code) and MEDIA_URL (e.g. "/media/"); '
                "without them files land in the working folder and their URLs do not resolve.",
                id="eventmedia.W005",
            )
        )
    return warnings


@register(Tags.database)
def check_event_model_unchanged(app_configs=None, databases=None, **kwargs):
    """EVENT_MODEL set (or changed) after eventmedia's tables were made for another event table."""
    errors = []
    expected = get_event_model()._meta.db_table
    for alias in databases or []:
        connection = connections[alias]
        table = EventImage._meta.db_table
        try:
            with connection.cursor() as cursor:
                if table not in connection.introspection.table_names(cursor):
                    continue
                relations = connection.introspection.get_relations(cursor, table)
        except Exception:  # noqa: BLE001 - a database that cannot be read is another check's business
            continue
        target = relations.get(EventImage._meta.get_field("event").column)
        if target is not None and target[1] != expected:
            errors.append(
                Error(
                    f"eventmedia's tables point at the event table {target[1]!r}, but EVENT_MODEL is now "
                    f"{get_event_model()._meta.label} ({expected!r}).",
                    hint="EVENT_MODEL cannot change after eventmedia's migrations ran. Set it back, run "
                    "`manage.py migrate eventmedia zero` (drops eventmedia's tables and rows; files stay), "
                    "then set the new model and migrate again. See docs/site.md, 'Your own event model'.",
                    id="eventmedia.E013",
                )
            )
    return errors


@register(Tags.database)
def check_sqlite_locking(app_configs=None, databases=None, **kwargs):
    """Concurrent uploads on SQLite need transactions that take the write lock when they begin."""
    warnings = []
    for alias, config in settings.DATABASES.items():
        if databases is not None and alias not in databases:
            continue
        options = config.get("OPTIONS") or {}
        if config.get("ENGINE", "").endswith("sqlite3") and options.get("transaction_mode") != "IMMEDIATE":
            warnings.append(
                Warning(
                    f"Database {alias!r} is SQLite without transaction_mode IMMEDIATE.",
                    hint='Add "OPTIONS": {"transaction_mode": "IMMEDIATE"}: otherwise two uploads at '
                    "once can fail with 'database is locked' instead of waiting their turn.",
                    id="eventmedia.W004",
                )
            )
    return warnings


def _check_renditions():
    errors = []
    groups = media_settings.RENDITIONS
    if not isinstance(groups, dict):
        return [Error("EVENTMEDIA['RENDITIONS'] must be a dict of groups.", id="eventmedia.E009")]
    # The "event" and "avatar" groups are always there: a site's groups are merged over the defaults.
    for group, specs in groups.items():
        for name, box in (specs or {}).items():
            if not _valid_box(box) or name == "original":
                errors.append(
                    Error(
                        f"Rendition {group}.{name} must be (max_width, max_height) with at least one "
                        "positive side, or (width, height, 'crop') with both, and not be called "
                        "'original'.",
                        id="eventmedia.E009",
                    )
                )
    return errors


def _valid_box(box) -> bool:
    """``(w, h)`` with one side at least, or ``(w, h, "crop")`` with both (a crop needs a ratio)."""
    if not isinstance(box, (list, tuple)) or len(box) not in (2, 3):
        return False
    sides, mode = box[:2], box[2:]
    if not all(side is None or (isinstance(side, int) and side > 0) for side in sides) or not any(sides):
        return False
    return not mode or (mode == type(box)(["crop"]) and all(sides))


def _check_rendition_formats():
    groups = media_settings.RENDITION_FORMATS
    valid = isinstance(groups, dict) and all(
        isinstance(formats, (list, tuple)) and all(fmt in ALTERNATE_FORMATS for fmt in formats)
        for formats in groups.values()
    )
    if not valid:
        return [
            Error(
                "EVENTMEDIA['RENDITION_FORMATS'] must map rendition groups to lists of "
                f"{', '.join(ALTERNATE_FORMATS)}.",
                id="eventmedia.E016",
            )
        ]
    wanted = {fmt for formats in groups.values() for fmt in formats}
    missing = [fmt for fmt in sorted(wanted) if not features.check({"AVIF": "avif", "WEBP": "webp"}[fmt])]
    if missing:
        return [
            Error(
                f"EVENTMEDIA['RENDITION_FORMATS'] asks for {', '.join(missing)}, which this Pillow "
                "cannot write.",
                hint="Install Pillow from its wheels (they include libavif and libwebp).",
                id="eventmedia.E016",
            )
        ]
    return []


def _check_image_url_hosts():
    hosts = media_settings.IMAGE_URL_HOSTS
    if not isinstance(hosts, (list, tuple)) or not all(isinstance(h, str) and h.strip(".") for h in hosts):
        return [Error("EVENTMEDIA['IMAGE_URL_HOSTS'] must be a list of host names.", id="eventmedia.E015")]
    if not _networks(media_settings.IMAGE_URL_PRIVATE_NETWORKS):
        return [
            Error(
                "EVENTMEDIA['IMAGE_URL_PRIVATE_NETWORKS'] must be a list of networks such as '10.0.0.0/8'.",
                id="eventmedia.E015",
            )
        ]
    if hosts and importlib.util.find_spec("requests") is None:
        return [
            Error(
                "EVENTMEDIA['IMAGE_URL_HOSTS'] names hosts, but requests is not installed.",
                hint='pip install "eventmedia[fetch]"',
                id="eventmedia.E015",
            )
        ]
    return []


def _networks(value) -> bool:
    """Whether ``value`` is a list of IP networks (``"10.0.0.0/8"``, ``"fd00::/8"``, ``"127.0.0.1"``)."""
    if not isinstance(value, (list, tuple)):
        return False
    try:
        for network in value:
            ipaddress.ip_network(network, strict=False)
    except (TypeError, ValueError):
        return False
    return True


def _check_pillow():
    needed = set(media_settings.ALLOWED_IMAGE_FORMATS) | {"JPEG", media_settings.TRANSPARENT_FORMAT}
    optional = _check_optional_formats()
    return optional + [
        Error(
            f"Pillow was built without {fmt} support.",
            id="eventmedia.E011",
            hint="Install a Pillow wheel from PyPI or build it with the library.",
        )
        for fmt in sorted(needed)
        if fmt in _PILLOW_FEATURES and not features.check(_PILLOW_FEATURES[fmt])
    ]


def _check_optional_formats():
    """AVIF and HEIF need optional libraries: warn only when a site lists them itself.

    The defaults allow both so that a site gets them by installing the library; without it, such
    uploads are refused as ``unsupported_format`` (HEIF with a hint naming the extra).
    """
    user = getattr(settings, "EVENTMEDIA", None) or {}
    listed = set(user.get("ALLOWED_IMAGE_FORMATS", ())) if isinstance(user, dict) else set()
    warnings = []
    if formats.HEIF_TOO_OLD:
        minimum = ".".join(map(str, formats.HEIF_MINIMUM_VERSION))
        warnings.append(
            Warning(
                f"pillow-heif {formats.HEIF_TOO_OLD} is installed but not used: versions before {minimum} "
                "decode HEIC files that declare a smaller picture than they hold.",
                hint=f"pip install '{HEIF_EXTRA}' (pillow-heif>={minimum}); until then HEIC/HEIF uploads "
                "are refused.",
                id="eventmedia.W006",
            )
        )
    if "HEIF" in listed and not heif_available():
        warnings.append(
            Warning(
                "EVENTMEDIA['ALLOWED_IMAGE_FORMATS'] lists HEIF but pillow-heif is not installed.",
                hint=f"pip install {HEIF_EXTRA}; until then HEIC/HEIF uploads are refused.",
                id="eventmedia.W002",
            )
        )
    if "AVIF" in listed and not features.check("avif"):
        warnings.append(
            Warning(
                "EVENTMEDIA['ALLOWED_IMAGE_FORMATS'] lists AVIF but Pillow was built without AVIF.",
                hint="Install a Pillow wheel from PyPI (11.3 or newer ships libavif).",
                id="eventmedia.W003",
            )
        )
    return warnings
