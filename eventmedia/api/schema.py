"""OpenAPI support through drf-spectacular, when the site has it installed (optional).

``document`` is ``extend_schema`` or a no-op, so views can be annotated without making drf-spectacular a
dependency. The field extensions show ``data`` fields as strings with a data-URI description and
``file`` fields as binary (a file picker in Swagger), instead of drf-spectacular's "unknown field"
warning.
"""

from __future__ import annotations

try:
    from drf_spectacular.extensions import OpenApiSerializerFieldExtension
    from drf_spectacular.utils import extend_schema, extend_schema_field
except ImportError:  # pragma: no cover - optional dependency
    OpenApiSerializerFieldExtension = None

    def extend_schema(*args, **kwargs):
        return lambda target: target

    def extend_schema_field(*args, **kwargs):
        return lambda target: target


document = extend_schema
document_field = extend_schema_field

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
