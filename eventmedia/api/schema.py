"""OpenAPI support through drf-spectacular, when the site has it installed (optional).

``document`` is ``extend_schema`` or a no-op, so views can be annotated without making drf-spectacular a
dependency. The field extensions show the base64 fields as strings with a data-URI description (or a
binary file in multipart requests) instead of drf-spectacular's "unknown field" warning.
"""

from __future__ import annotations

from rest_framework import serializers

try:
    from drf_spectacular.extensions import OpenApiSerializerFieldExtension
    from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
except ImportError:  # pragma: no cover - optional dependency
    OpenApiSerializerFieldExtension = None

    def extend_schema(*args, **kwargs):
        return lambda target: target

    def extend_schema_field(*args, **kwargs):
        return lambda target: target

    inline_serializer = None


document = extend_schema
document_field = extend_schema_field

DATA_URI_DESCRIPTION = (
    'A base64 data URI, e.g. "data:image/png;base64,iVBORw0..."; the real format is sniffed from the '
    "bytes. In multipart requests send the file itself instead."
)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionMapField(serializers.DictField):
    """``{name: {"url", "width", "height"}}``, documented as such."""

    child = RenditionSerializer()


class UploadedImageSerializer(serializers.Serializer):
    """The answer of ``POST /upload/image``."""

    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    bytes = serializers.IntegerField()
    renditions = RenditionMapField()


class UploadedDocumentSerializer(serializers.Serializer):
    """The answer of ``POST /upload/files``."""

    url = serializers.URLField()
    format = serializers.CharField()
    bytes = serializers.IntegerField()


class AvatarObjectSerializer(UploadedImageSerializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ErrorItemSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField()


if OpenApiSerializerFieldExtension is not None:

    class _Base64FieldExtension(OpenApiSerializerFieldExtension):
        def map_serializer_field(self, auto_schema, direction):
            return {"type": "string", "description": DATA_URI_DESCRIPTION}

    class Base64ImageFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.Base64ImageField"

    class Base64FileFieldExtension(_Base64FieldExtension):
        target_class = "eventmedia.api.fields.Base64FileField"


class TaskProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class TaskStatusSerializer(serializers.Serializer):
    """``GET /tasks/{id}``: Django's task statuses; ``result`` once SUCCESSFUL, ``error`` once FAILED."""

    id = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=["READY", "RUNNING", "SUCCESSFUL", "FAILED"])
    progress = TaskProgressSerializer()
    result = serializers.JSONField(required=False)
    error = serializers.CharField(required=False)
