"""Error responses in one shape: DRF's full details, ``{"field": [{"message", "code"}]}``.

eventmedia's views use this handler whatever the site's ``EXCEPTION_HANDLER`` is, so the error codes
front-ends switch on (README, "Errors") are always there. Bodies over the size limit answer 413
with code ``file_too_large`` instead of Django's HTML error page; a pipeline error that escapes a
serializer still becomes a 400, never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..conf import media_settings
from ..imaging import MediaError
from ..services import Gone
from ..storage import StorageUnavailable
from .fields import error_message


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Files cannot be stored right now. Try again in a minute.")
    default_code = "storage_unavailable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large. The largest accepted upload is {max_size}.")
    default_code = "file_too_large"

    def __init__(self, max_size: str):
        super().__init__(
            {
                "data": [
                    exceptions.ErrorDetail(
                        str(self.default_detail).format(max_size=max_size), code=self.default_code
                    )
                ]
            }
        )


def full_details_exception_handler(exc, context):
    """DRF's handler, then every error in the full-details shape with a stable code (see the module)."""
    if isinstance(exc, (Http404, Gone)):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(filesizeformat(media_settings.MAX_UPLOAD_BYTES))
    elif isinstance(exc, StorageUnavailable):
        exc = ServiceUnavailable()
    elif isinstance(exc, TooManyFilesSent):
        message = _("Too many files in one request (at most %(limit)s).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
        exc = exceptions.ValidationError({"files": [exceptions.ErrorDetail(message, code="too_many_files")]})
    elif isinstance(exc, TooManyFieldsSent):
        message = _("Too many form fields in one request (at most %(limit)s).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
        exc = exceptions.ValidationError(
            {"detail": [exceptions.ErrorDetail(message, code="too_many_fields")]}
        )
    elif isinstance(exc, MediaError):
        message = error_message(exc)
        exc = exceptions.ValidationError({"data": [exceptions.ErrorDetail(message, code=exc.code)]})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        details = exc.get_full_details()
        # Field errors keep their field keys; a plain error goes under "detail", as DRF puts it.
        response.data = details if isinstance(exc.detail, dict) else {"detail": details}
    return response
