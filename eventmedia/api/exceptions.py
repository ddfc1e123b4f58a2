"""Error responses in one shape: DRF's full details, with the codes of ``eventmedia.problems``.

eventmedia's views use this handler whatever the site's ``EXCEPTION_HANDLER`` is, so the error codes
front-ends switch on (docs/errors.md) are always there. Everything eventmedia refuses is a
``problems.Refusal``; the exceptions of Django, the pipeline and the storage that mean a refusal are
translated to one here (``REFUSALS``), so a body over the size limit is a 413 ``file_too_large``
instead of Django's HTML error page and a pipeline error that escapes a serializer is a 400, never a 500.

The shape: a refusal keyed by a field is ``{"<field>": [{"message", "code"}]}`` (as DRF reports field
errors); one about the request as a whole is ``{"detail": {"message", "code"}}`` (as DRF reports
``parse_error`` or ``not_authenticated``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..imaging import MediaError
from ..problems import Refusal, refusal_of
from ..services import Gone
from ..storage import StorageUnavailable

# What other layers raise that is a refusal, and which one.
REFUSALS: tuple[tuple[type[BaseException], Callable[[BaseException], Refusal]], ...] = (
    (Refusal, lambda exc: exc),
    (Http404, lambda exc: Refusal("not_found")),
    (Gone, lambda exc: Refusal("not_found")),
    (MediaError, refusal_of),
    (
        RequestDataTooBig,
        lambda exc: Refusal(
            "file_too_large", status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, variant="request"
        ),
    ),
    (StorageUnavailable, lambda exc: Refusal("storage_unavailable")),
    (TooManyFilesSent, lambda exc: Refusal("too_many_files", limit=settings.DATA_UPLOAD_MAX_NUMBER_FILES)),
    (TooManyFieldsSent, lambda exc: Refusal("too_many_fields", limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)),
)


class RefusalResponse(exceptions.APIException):
    """A ``Refusal`` as DRF answers it: its status, and its message and code under its field."""

    def __init__(self, refusal: Refusal):
        self.status_code = refusal.status
        self.wait = refusal.retry_after  # DRF's handler answers it as Retry-After
        detail = exceptions.ErrorDetail(refusal.message, code=refusal.code)
        super().__init__(
            detail if refusal.field == "detail" else {refusal.field: [detail]}, code=refusal.code
        )


def as_api_exception(exc: BaseException) -> BaseException:
    """``exc`` as DRF can answer it: a refusal's response, DRF's own 403, or ``exc`` itself."""
    for kind, translate in REFUSALS:
        if isinstance(exc, kind):
            return RefusalResponse(translate(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def full_details_exception_handler(exc, context):
    """DRF's handler, then every error in the full-details shape with a stable code (see the module)."""
    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        details = exc.get_full_details()
        # Field errors keep their field keys; a plain error goes under "detail", as DRF puts it.
        response.data = details if isinstance(exc.detail, dict) else {"detail": details}
    return response
