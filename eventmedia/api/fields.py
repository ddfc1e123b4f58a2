"""DRF fields that take a base64 data URI (or an uploaded file).

``ImageBytesField`` parses and sizes an image (its bytes: eventmedia's own serializers use it and
its views run the pipeline through the services); ``Base64ImageField`` also runs the pipeline, for
sites that use it in their own serializers::

    class SpeakerSerializer(serializers.ModelSerializer):
        photo = Base64ImageField(renditions="avatar", write_only=True)

where a valid value becomes a ``ProcessedImage`` that ``eventmedia.services`` stores.
``Base64FileField`` gives a ``DocumentContent`` (bytes and the sniffed format). Errors use
``default_error_messages`` keyed by the stable codes of the pipeline (their messages come from
``eventmedia.problems``), so API clients get ``{"data": [{"message": "...", "code": "too_many_pixels"}]}``
in DRF's full-details shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework import serializers

from .. import memory, problems, services
from ..conf import media_settings
from ..imaging import MediaError
from ..imaging import errors as codes
from ..imaging.documents import SniffedDocument
from ..reading import read_sent_file
from . import payload


@dataclass(frozen=True)
class DocumentContent:
    data: bytes
    sniffed: SniffedDocument


class _MediaField(serializers.Field):
    """Shared parsing: a data URI string, bare base64 (if allowed) or an uploaded file."""

    default_error_messages = {
        **{code: problems.problem(code).message for code in codes.CODES},
        "invalid": problems.problem(codes.INVALID_DATA_URI).message,
    }

    def __init__(self, *, allow_bare_base64: bool | None = None, **kwargs):
        self.allow_bare_base64 = allow_bare_base64
        super().__init__(**kwargs)

    # Subclasses set these.
    def max_bytes(self) -> int:
        raise NotImplementedError

    def allowed_formats(self) -> list[str]:
        raise NotImplementedError

    def to_bytes(self, value) -> bytes:
        """The bytes ``value`` carries (a data URI, bare base64 when allowed, or a file), within
        ``max_bytes()``."""
        request = self.context.get("request")
        if request is not None:  # the serializer and the request hold the upload: let go of it afterwards
            memory.mark_upload(payload.serializer_payload(self.root), payload.request_payload(request))
        return read_sent_file(value, self.max_bytes(), allow_bare_base64=self.allow_bare_base64)

    def fail_media(self, error: MediaError):
        """Raise the field's ``ValidationError`` for ``error``, its message filled with this field's
        limits."""
        message = problems.media_message(error, max_bytes=self.max_bytes(), formats=self.allowed_formats())
        raise serializers.ValidationError(message, code=error.code)

    def to_representation(self, value):
        # Write-only by nature: the stored file is represented by the serializer's URL fields.
        return None


class ImageBytesField(_MediaField):
    """An image as a data URI or a file: its bytes, within ``MAX_UPLOAD_BYTES`` (nothing decoded)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("write_only", True)
        super().__init__(**kwargs)

    def max_bytes(self) -> int:
        return media_settings.MAX_UPLOAD_BYTES

    def allowed_formats(self) -> list[str]:
        return list(media_settings.ALLOWED_IMAGE_FORMATS)

    def to_internal_value(self, value):
        try:
            return self.to_bytes(value)
        except MediaError as error:
            self.fail_media(error)


class Base64ImageField(ImageBytesField):
    """An image as a data URI or a file, validated, normalised and rendered by the pipeline into the
    ``renditions`` group: a ``ProcessedImage``."""

    def __init__(self, *, renditions: str = "event", **kwargs):
        self.rendition_group = renditions
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        data = super().to_internal_value(value)
        try:
            return services.process_image_bytes(data, self.rendition_group)
        except MediaError as error:
            self.fail_media(error)


class Base64FileField(_MediaField):
    """A document (PDF, PPTX, ODP) as a data URI or a file, its real format sniffed from the bytes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("write_only", True)
        super().__init__(**kwargs)

    def max_bytes(self) -> int:
        return media_settings.MAX_DOCUMENT_BYTES

    def allowed_formats(self) -> list[str]:
        return list(media_settings.ALLOWED_DOCUMENT_FORMATS)

    def to_internal_value(self, value):
        try:
            data = self.to_bytes(value)
            return DocumentContent(data, services.check_document_bytes(data))
        except MediaError as error:
            self.fail_media(error)
