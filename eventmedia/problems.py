"""Every refusal eventmedia can answer, in one catalog: code -> HTTP status, message, field.

Codes are the public contract (docs/errors.md): front-ends switch on them, so a code is never
renamed. Each ``Problem`` says once which status it answers, under which key of DRF's full-details
shape it is reported (``data`` for the file a client sent, ``detail`` for the request as a whole) and
what the person reading it is told (translated, with the site's limits filled in).

Code anywhere above the pipeline refuses with ``raise Refusal("code", field=..., **params)``; the API's
exception handler answers it (``eventmedia.api.exceptions``), the admin shows ``Refusal.message``. The
pipeline (no Django) raises ``MediaError`` with one of its codes, which this catalog also describes.
Add-on apps ``register`` their own problems (their codes start with the add-on's name).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .conf import media_settings
from .imaging import MediaError
from .imaging import errors as media
from .units import binary_size


@dataclass(frozen=True)
class Problem:
    """One refusal: its stable ``code``, HTTP ``status``, ``message`` and the ``field`` it is keyed by.

    ``variants`` are the messages of the same refusal in another situation (a whole request over the
    size limit, say, rather than one file), chosen by name where it is raised.
    """

    code: str
    status: int
    message: Any  # a lazy translation; ``text()`` fills it in
    field: str = "detail"
    variants: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def text(self, variant: str = "", **params: Any) -> str:
        """The translated message (or its ``variant``) with ``params`` and the site's limits filled in."""
        template = self.variants[variant] if variant else self.message
        return str(template).format(**{**site_limits(), **params})


_catalog: dict[str, Problem] = {}


def register(*problems: Problem) -> None:
    """Add problems to the catalog; a code registered twice with another meaning is a mistake."""
    for problem in problems:
        known = _catalog.get(problem.code)
        if known is not None and known != problem:
            raise ImproperlyConfigured(f"Two meanings for the eventmedia error code {problem.code!r}.")
        _catalog[problem.code] = problem


def problem(code: str) -> Problem:
    """The problem of ``code``; ``LookupError`` for a code nothing registered."""
    try:
        return _catalog[code]
    except KeyError:
        raise LookupError(f"No eventmedia problem has the code {code!r}.") from None


def catalog() -> dict[str, Problem]:
    """Every registered problem by code (the core's and the installed add-ons')."""
    return dict(_catalog)


def site_limits() -> dict[str, Any]:
    """The values messages may name: the site's limits as people read them."""
    return {
        "max_size": binary_size(media_settings.MAX_UPLOAD_BYTES),
        "formats": ", ".join(media_settings.ALLOWED_IMAGE_FORMATS),
        "max_pixels": round(media_settings.MAX_PIXELS / 1_000_000, 1),
        "max_frames": media_settings.MAX_FRAMES,
    }


class Refusal(Exception):
    """A request refused with a problem of the catalog, reported under ``field`` (the problem's own
    by default) with ``params`` filled into its message. ``status`` overrides the problem's only
    where one code has two statuses (``file_too_large``: a field over the limit, or a whole body).
    ``retry_after``: seconds the client should wait (an answer's ``Retry-After``), when known."""

    def __init__(
        self,
        code: str,
        *,
        field: str | None = None,
        status: int | None = None,
        variant: str = "",
        retry_after: int | None = None,
        **params: Any,
    ):
        self.retry_after = retry_after
        self.problem = problem(code)
        if variant and variant not in self.problem.variants:
            raise LookupError(f"The eventmedia problem {code!r} has no variant {variant!r}.")
        self.code = code
        self.field = field or self.problem.field
        self.status = status or self.problem.status
        self.variant = variant
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        """What the person is told."""
        return self.problem.text(self.variant, **self.params)


def media_message(
    error: MediaError, *, max_bytes: int | None = None, formats: list[str] | None = None
) -> str:
    """The message for a pipeline refusal, with the limits of the field that carried the file."""
    params: dict[str, Any] = {}
    if max_bytes is not None:
        params["max_size"] = binary_size(max_bytes)
    if formats is not None:
        params["formats"] = ", ".join(formats)
    return refusal_of(error, **params).message


def refusal_of(error: MediaError, field: str = "data", **params: Any) -> Refusal:
    """A pipeline refusal as a ``Refusal`` of the field that carried the file."""
    extra = str(error.params.get("extra", ""))
    variant = "needs_extra" if extra and error.code == media.UNSUPPORTED_FORMAT else ""
    return Refusal(error.code, field=field, variant=variant, **{**error.params, **params})


register(
    # The pipeline's refusals (``eventmedia.imaging.errors``), keyed by the field that carried the file.
    Problem(
        media.INVALID_DATA_URI,
        400,
        _('Send the file as a data URI: "data:<media type>;base64,<data>".'),
        "data",
    ),
    Problem(
        media.INVALID_BASE64,
        400,
        _("The data is not valid base64. Encode the file with standard base64."),
        "data",
    ),
    Problem(media.EMPTY_FILE, 400, _("The file is empty."), "data"),
    Problem(
        media.FILE_TOO_LARGE,
        400,
        _("The file is too large. The largest accepted size is {max_size}."),
        "data",
        # A whole body over the limit answers 413, before anything is read.
        {"request": _("The request is too large. The largest accepted upload is {max_size}.")},
    ),
    Problem(
        media.UNSUPPORTED_FORMAT,
        400,
        _("This file type is not accepted. Send one of: {formats}."),
        "data",
        # The format needs an optional part the server lacks.
        {
            "needs_extra": _(
                "This server cannot read this file type yet (it needs the {extra} extra installed). "
                "Send a JPEG or PNG."
            )
        },
    ),
    Problem(
        media.CORRUPT_IMAGE, 400, _("The file is not a valid image: it is damaged or truncated."), "data"
    ),
    Problem(
        media.TOO_MANY_PIXELS,
        400,
        _(
            "The image has too many pixels (at most {max_pixels} megapixels over all frames). "
            "Scale it down and try again."
        ),
        "data",
    ),
    Problem(
        media.TOO_MANY_FRAMES,
        400,
        _("The animation has too many frames (at most {max_frames}). Shorten it."),
        "data",
    ),
    Problem(
        media.ANIMATION_NOT_ALLOWED, 400, _("Animated images are not accepted. Send a still image."), "data"
    ),
    # What a request carries.
    Problem(
        "required",
        400,
        _('Send the file as "data" (a base64 data URI) or as a multipart "file".'),
        "data",
        {
            "field": _("This field is required."),
            "event_model": _("The event model requires this field, which cannot be set through this API."),
        },
    ),
    Problem("both", 400, _('Send either "data" or "file", not both.'), "data"),
    Problem(
        "immutable",
        400,
        _("A stored file cannot be replaced here: upload a new one and delete this one."),
        "data",
        {"slides": _("Upload the slides again as a new slide.")},
    ),
    Problem("too_many_files", 400, _("Too many files in one request (at most {limit})."), "files"),
    Problem(
        "request_too_large",
        413,
        _("The request is too large for this endpoint (at most {limit} bytes)."),
        "detail",
    ),
    Problem("too_many_values", 400, _("The JSON body holds too many values (at most {limit})."), "detail"),
    Problem("too_many_fields", 400, _("Too many form fields in one request (at most {limit})."), "detail"),
    Problem("invalid_choice", 400, _("Unknown {name}. Use one of: {choices}.")),
    Problem("invalid", 400, _("The event model refused these values.")),
    # Open Event clients: URLs that name uploads.
    Problem(
        "not_an_upload",
        400,
        _("Set this to a URL that {endpoint} answered you (uploads expire after a day)."),
        "original_image_url",
    ),
    Problem("image_url_refused", 400, _("This image could not be fetched ({reason})."), "original_image_url"),
    # JSON:API documents.
    Problem(
        "invalid_document",
        400,
        _('Send a JSON:API document: {{"data": {{"type": ..., "attributes": {{...}}}}}}.'),
    ),
    Problem("type_conflict", 409, _("The resource type does not match this endpoint.")),
    # Rows and the server.
    Problem("not_found", 404, _("Not found.")),
    Problem(
        "no_longer_allowed",
        403,
        _("Stopped: you may no longer change this event's media (it changed hands or was removed)."),
    ),
    Problem("server_busy", 503, _("The server is busy with other uploads. Try again in a moment.")),
    Problem("storage_unavailable", 503, _("Files cannot be stored right now. Try again in a minute.")),
)
