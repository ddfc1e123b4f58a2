"""The base of every eventmedia API view: errors in the full-details shape, body limits checked before
anything is read, the per-process bound on uploads, token authentication, schema error answers."""

from __future__ import annotations

import re

from django.apps import apps
from django.utils.safestring import SafeString, mark_safe
from rest_framework import parsers, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from .. import memory
from . import payload, throttle
from .exceptions import full_details_exception_handler
from .parsers import JSONParser, body_limit, too_large
from .schema import MediaAutoSchema


class JSONAPIBodyParser(JSONParser):
    """A JSON body sent with the JSON:API media type (an upload is not a JSON:API document)."""

    media_type = "application/vnd.api+json"


class AnswerInKind(DefaultContentNegotiation):
    """Answers JSON even to a client that only accepts the JSON:API media type, instead of 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


# ``code`` in a docstring, shown as code in the docs and as plain words in the browsable API.
RST_LITERAL = re.compile(r"``(.+?)``")


class MediaViewMixin:
    """For all of eventmedia's views: full-details errors, an early 413 for oversized bodies (an
    upload's size for views that ``takes_files``, ``MAX_BODY_BYTES`` for the others), and the
    per-process bound on uploads at once (``throttle``)."""

    takes_files = False
    if MediaAutoSchema is not None:
        schema = MediaAutoSchema()  # each operation's error answers, with their codes

    parser_classes = [JSONParser, parsers.MultiPartParser, parsers.FormParser]
    _admitted_at: float | None = None

    def get_exception_handler(self):
        return full_details_exception_handler

    def get_view_description(self, html=False):
        # The browsable API shows docstrings as they are: without reStructuredText's double backticks.
        description = super().get_view_description(html)
        cleaned = RST_LITERAL.sub(r"\1", description)
        return mark_safe(cleaned) if isinstance(description, SafeString) else cleaned  # already escaped

    def get_authenticators(self):
        # `Authorization: Token ...` works on eventmedia's API whenever the site has DRF's token app,
        # whatever its DEFAULT_AUTHENTICATION_CLASSES say (the guide's curl examples rely on it).
        authenticators = super().get_authenticators()
        if apps.is_installed("rest_framework.authtoken") and not any(
            isinstance(a, TokenAuthentication) for a in authenticators
        ):
            authenticators.append(TokenAuthentication())
        return authenticators

    def finalize_response(self, request, response, *args, **kwargs):
        if self._admitted_at is not None:
            admitted_at, self._admitted_at = self._admitted_at, None
            throttle.leave(admitted_at)
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 503 and "Retry-After" not in response:  # a known wait is kept
            detail = response.data.get("detail") if isinstance(response.data, dict) else None
            busy = isinstance(detail, dict) and detail.get("code") == "server_busy"
            response["Retry-After"] = "1" if busy else "60"
        return response

    def initial(self, request, *args, **kwargs):
        # DRF reads JSON bodies straight from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE:
        # refuse by Content-Length before anything is read.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(self):
            raise too_large(self, request.META.get("CONTENT_TYPE", ""))
        self._admitted_at = throttle.enter(request)  # past the bound: 503, before anything is read
        if self.takes_files and request.method in ("POST", "PUT", "PATCH"):
            memory.mark_upload(payload.request_payload(request))  # let go of once the request has finished
        super().initial(request, *args, **kwargs)


class MediaAPIView(MediaViewMixin, APIView):
    permission_classes = [permissions.IsAuthenticated]
