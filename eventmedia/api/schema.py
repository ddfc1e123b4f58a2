"""OpenAPI support through drf-spectacular, when the site has it installed (optional).

``document`` is ``extend_schema`` or a no-op, so views can be annotated without making drf-spectacular a
dependency. The field extensions show ``data`` fields as strings with a data-URI description and
``file`` fields as binary (a file picker in Swagger), instead of drf-spectacular's "unknown field"
warning.
"""

from __future__ import annotations

from ..problems import catalog
from .jsonapi import MEDIA_TYPE as JSONAPI_MEDIA_TYPE
from .jsonapi import SERVED_AS_JSONAPI_TOO

try:
    from drf_spectacular.extensions import OpenApiSerializerFieldExtension
    from drf_spectacular.openapi import AutoSchema
    from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
except ImportError:  # pragma: no cover - optional dependency
    OpenApiSerializerFieldExtension = AutoSchema = OpenApiExample = None

    def extend_schema(*args, **kwargs):
        return lambda target: target

    def extend_schema_field(*args, **kwargs):
        return lambda target: target


document = extend_schema
document_field = extend_schema_field


def data_uri_example(media_type: str, payload: str) -> list:
    """The JSON example of an upload: ``data`` alone (Swagger's own example would send ``data`` and
    ``file`` both, which is refused); a multipart request sends ``file`` instead."""
    if OpenApiExample is None:  # pragma: no cover - optional dependency
        return []
    value = {"data": f"data:{media_type};base64,{payload}"}
    return [OpenApiExample("A data URI", value=value, request_only=True, media_type="application/json")]

DATA_URI_DESCRIPTION = (
    'A base64 data URI, e.g. "data:image/png;base64,iVBORw0..." (JSON); the real format is sniffed '
    'from the bytes. Send either this or "file", not both.'
)
FILE_DESCRIPTION = (
    'The file itself (multipart/form-data); the real format is sniffed from the bytes. Send either '
    'this or "data", not both.'
)


if OpenApiSerializerFieldExtension is not None:

    class _Base64FieldExtension(OpenApiSerializerFieldExtension):
        def map_serializer_field(self, auto_schema, direction):
            # "file" carries the file itself (Swagger's "Try it out" offers a file picker for it);
            # "data" the data URI. A request sends one of them.
            if getattr(self.target, "field_name", "") == "file":
                return {"type": "string", "format": "binary", "description": FILE_DESCRIPTION}
            return {"type": "string", "description": DATA_URI_DESCRIPTION}

    class ImageBytesFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.ImageBytesField"
        match_subclasses = True  # Base64ImageField too

    class Base64FileFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.Base64FileField"


# The error answers of eventmedia's operations: what a client may meet besides success, with the
# stable codes of each status (the catalog's, and DRF's own for authentication, throttling, parsing).
PROBLEM = {"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}
ERROR_BODY = {
    "type": "object",
    "description": 'A refusal of the request as a whole: {"detail": {"message", "code"}}; of '
    'attributes: {"<attribute>": [{"message", "code"}]}. Codes are stable (docs/errors.md).',
    "properties": {"detail": PROBLEM},
    "additionalProperties": {"type": "array", "items": PROBLEM},
}
# DRF's own codes, and catalog codes answered with another status than their usual one.
OTHER_CODES = {
    400: ["parse_error", "invalid", "required"],
    401: ["not_authenticated", "authentication_failed"],
    403: ["permission_denied"],
    413: ["file_too_large"],  # a whole request over the upload's size (its "request" variant)
    415: ["unsupported_media_type"],
    429: ["throttled"],
}
WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 429, 503)
# JSON:API's error document, for requests sent as application/vnd.api+json (docs/open-event.md).
JSONAPI_ERRORS = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "status": {"type": "string"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "source": {"type": "object", "properties": {"pointer": {"type": "string"}}},
                },
            },
        }
    },
}
JSONAPI_REFUSED = {
    "description": "A JSON:API request (Content-Type application/vnd.api+json) whose attributes are "
    "refused: one error object per refusal, with its stable code and the attribute's "
    'source.pointer (e.g. "/data/attributes/original-image-url"); the codes of a 400. A '
    "malformed JSON:API request stays 400, in the same document shape.",
    "content": {JSONAPI_MEDIA_TYPE: {"schema": JSONAPI_ERRORS}},
}


def error_statuses(method: str, path: str) -> list[int]:
    """The error statuses an operation may answer: every refusal for a write, not-found and
    throttling for a read (``404`` where the path names a row)."""
    statuses = [429] if method in ("GET", "HEAD", "OPTIONS") else list(WRITE_ERRORS)
    if "{" in path:
        statuses.append(404)
    return sorted(statuses)


def error_response(status: int) -> dict:
    """The documented answer of ``status``: the error body, and the codes it may carry."""
    usual = (problem.code for problem in catalog().values() if problem.status == status)
    codes = sorted({*OTHER_CODES.get(status, []), *usual})
    return {
        "description": "Codes: " + ", ".join(codes) if codes else "Refused.",
        "content": {"application/json": {"schema": ERROR_BODY}},
    }


if AutoSchema is not None:

    class MediaAutoSchema(AutoSchema):
        """drf-spectacular's schema of an operation, with the error answers it may give."""

        def _get_response_bodies(self, direction="response"):
            responses = super()._get_response_bodies(direction)
            for status in error_statuses(self.method, self.path):
                responses.setdefault(str(status), error_response(status))
            if type(self.view) in SERVED_AS_JSONAPI_TOO and self.method in ("POST", "PUT", "PATCH"):
                responses.setdefault("422", JSONAPI_REFUSED)
            return responses
else:  # pragma: no cover - optional dependency
    MediaAutoSchema = None
