"""eventmedia's default settings: the one place each limit, size and lifetime is written.

Plain data, no Django: ``eventmedia.conf`` merges the site's ``EVENTMEDIA`` over these, and the pure
layers (``imaging``) take their own defaults from here, so a number is never written twice.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Decoded bytes of one uploaded image (a 48 MP phone photo is 12-20 MB); the cap on the base64
    # text and the request body follow from it.
    "MAX_UPLOAD_BYTES": 25 * 1024 * 1024,
    # Decoded bytes of one uploaded document (slides are often bigger than images).
    "MAX_DOCUMENT_BYTES": 20 * 1024 * 1024,
    # width x height x frames, checked from the header before any pixel is decoded.
    "MAX_PIXELS": 50_000_000,
    # Frames of one animated GIF, PNG or WebP, however small each one is.
    "MAX_FRAMES": 1000,
    # Largest embedded colour profile copied into stored files; a larger valid one is converted to sRGB.
    "MAX_ICC_BYTES": 128 * 1024,
    # AVIF needs a Pillow with libavif (PyPI wheels have it); HEIF needs the eventmedia[heif] extra.
    "ALLOWED_IMAGE_FORMATS": ["JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF"],
    # PPT: legacy PowerPoint (an OLE2 compound file with a PowerPoint stream).
    "ALLOWED_DOCUMENT_FORMATS": ["PDF", "PPTX", "ODP", "PPT"],
    "JPEG_QUALITY": 85,
    # Renditions also made as AVIF and/or WebP, by group ({"event": ["AVIF", "WEBP"]}), by a task after
    # the image is stored (about 70 ms of AVIF and 60 ms of WebP for a 1300 px rendition here): off
    # by default, for sites with a task worker to enable.
    "RENDITION_FORMATS": {},
    "AVIF_QUALITY": 60,
    "WEBP_QUALITY": 80,
    # Progressive and optimized JPEGs are ~10 % smaller but cost 2.5-6x the encode time.
    "JPEG_PROGRESSIVE": False,
    "JPEG_OPTIMIZE": False,
    # Output format for images with real transparency: "PNG" or "WEBP".
    "TRANSPARENT_FORMAT": "PNG",
    # Animated GIF/WebP/PNG: "keep" (animation kept, within MAX_PIXELS) or "refuse".
    "ANIMATED_IMAGES": "keep",
    # An upper bound on stored originals: larger ones are scaled down (and so re-encoded), by a power
    # of two where a JPEG's decoder can do it, so an original may end up to half the box.
    "MAX_ORIGINAL_SIZE": (8192, 8192),
    # JPEGs saved far above JPEG_QUALITY are re-encoded up to this many pixels; larger ones are kept as
    # sent (minus metadata): a full decode of a 48 MP photo alone needs 190 MB.
    "MAX_REENCODE_PIXELS": 16_000_000,
    # Uploads one process works on at once; past it, 503 server_busy with Retry-After (None: no bound).
    "MAX_CONCURRENT_UPLOADS": None,
    # A PDF slide's preview is rendered in a child process with these limits, or skipped.
    "PREVIEW_TIMEOUT": 30,
    "PREVIEW_MAX_MEMORY": 1024 * 1024 * 1024,
    # The largest request body of an endpoint that takes no file (events, users, imports: JSON:API
    # documents are a few kB), and the most structural characters ({ [ , :) any JSON body may hold:
    # bounds what parsing costs (a data URI has none of them).
    "MAX_BODY_BYTES": 1024 * 1024,
    "MAX_JSON_VALUES": 10_000,
    # Accept plain base64 without the "data:<type>;base64," prefix in the API fields.
    "ALLOW_BARE_BASE64": False,
    # Hosts a client may name in an image URL (Open Event's original-image-url...) besides its own
    # uploads: entries as in INSTAGRAM's MEDIA_HOSTS (".example.com" for subdomains). Empty: none.
    "IMAGE_URL_HOSTS": [],
    "IMAGE_URL_REQUIRE_HTTPS": True,
    # Every such host must connect to a public address on port 443 (or 80 without https); networks
    # listed here ("10.0.0.0/8", an intranet mirror's) are reached too, on any port. Empty: none.
    "IMAGE_URL_PRIVATE_NETWORKS": [],
    # Seconds per connect and read, and for the whole download of such a URL.
    "IMAGE_URL_TIMEOUT": 10,
    "IMAGE_URL_DEADLINE": 30,
    # Seconds an upload to /upload/image or /upload/files that nothing attached is kept (None: for
    # ever); eventmedia_cleanup --delete, or its scheduled job, removes older ones, rows and files.
    "UPLOAD_LIFETIME": 24 * 3600,
    # Where crop renditions (a spec written (width, height, "crop")) centre when an image has no focal
    # point: "center", or "detail" (the centre of its edges, see eventmedia.imaging.crops).
    "FOCAL_POINT_DEFAULT": "center",
    "RENDITIONS": {
        # banner: 3:1, cut around the focal point (a wide page header).
        "event": {
            "large": (1300, None),
            "banner": (1920, 640, "crop"),
            "thumbnail": (500, None),
            "icon": (75, None),
        },
        "avatar": {"thumbnail": (500, None), "small": (50, None), "icon": (35, None)},
    },
    # A key of Django's STORAGES setting.
    "STORAGE": "default",
    # Folder inside the storage under which every eventmedia file is written.
    "UPLOAD_PREFIX": "eventmedia",
    # Dotted path of the serializer /v1/events/ uses instead of the default (name, dates, owner,
    # background, logo), and of the DRF permission for creating events there. None: any signed-in
    # user with eventmedia's own Event model, staff only with a site's own model.
    "EVENT_SERIALIZER": None,
    # The event model's field that holds its public identifier (Open Event's clients call
    # /v1/events/{identifier}); events whose model has no such field are keyed by primary key.
    "EVENT_IDENTIFIER_FIELD": "identifier",
    "EVENT_CREATE_PERMISSION": None,
}
