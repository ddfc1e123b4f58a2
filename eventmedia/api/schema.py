"""OpenAPI support through drf-spectacular, when the site has it installed (optional).

``document`` is ``extend_schema`` or a no-op, so views can be annotated without making drf-spectacular a
dependency. The field extensions show the base64 fields as strings with a data-URI description (or a
binary file in multipart requests) instead of drf-spectacular's "unknown field" warning.
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
    'A base64 data URI, e.g. "data:image/png;base64,iVBORw0..."; the real format is sniffed from the '
    "bytes. In multipart requests send the file itself instead."
)


if OpenApiSerializerFieldExtension is not None:

    class _Base64FieldExtension(OpenApiSerializerFieldExtension):
        def map_serializer_field(self, auto_schema, direction):
            return {"type": "string", "description": DATA_URI_DESCRIPTION}

    class ImageBytesFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.ImageBytesField"
        match_subclasses = True  # Base64ImageField too

    class Base64FileFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.Base64FileField"
