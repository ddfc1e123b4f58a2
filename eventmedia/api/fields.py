"""DRF fields that take a base64 data URI (or an uploaded file).

``ImageBytesField`` parses and sizes an image (its bytes: eventmedia's own serializers use it and
its views run the pipeline through the services); ``Base64ImageField`` also runs the pipeline, for
sites that use it in their own serializers::

    class SpeakerSerializer(serializers.ModelSerializer):
        photo = Base64ImageField(renditions="avatar", write_only=True)

where a valid value becomes a ``ProcessedImage`` that ``eventmedia.services`` stores.
``Base64FileField`` gives a ``DocumentContent`` (bytes and the sniffed format). Errors use
``default_error_messages`` keyed by the stable codes of the pipeline, so API clients get
``{"data": [{"message": "...", "code": "too_many_pixels"}]}`` in DRF's full-details shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import services
from ..conf import media_settings
from ..imaging import MediaError, parse_data_uri
from ..imaging import errors as codes
from ..imaging.documents import SniffedDocument

MEDIA_ERROR_MESSAGES = {
    codes.INVALID_DATA_URI: _('Send the file as a data URI: "data:<media type>;base64,<data>".'),
    codes.INVALID_BASE64: _("The data is not valid base64. Encode the file with standard base64."),
    codes.EMPTY_FILE: _("The file is empty."),
    codes.FILE_TOO_LARGE: _("The file is too large. The largest accepted size is {max_size}."),
    codes.UNSUPPORTED_FORMAT: _("This file type is not accepted. Send one of: {formats}."),
    codes.CORRUPT_IMAGE: _("The file is not a valid image: it is damaged or truncated."),
    codes.TOO_MANY_PIXELS: _(
        "The image has too many pixels (at most {max_pixels} megapixels over all frames). "
        "Scale it down and try again."
    ),
    codes.TOO_MANY_FRAMES: _("The animation has too many frames (at most {max_frames}). Shorten it."),
    codes.ANIMATION_NOT_ALLOWED: _("Animated images are not accepted. Send a still image."),
}
# Same code as UNSUPPORTED_FORMAT; said when the format needs an optional part the server lacks.
NEEDS_EXTRA_MESSAGE = _(
    "This server cannot read this file type yet (it needs the {extra} extra installed). Send a JPEG or PNG."
)


def media_error_message(
    code: str, *, max_bytes: int | None = None, formats: list[str] | None = None, extra: str = ""
) -> str:
    """The translated message for a pipeline error code, with its limits filled in."""
    needs_extra = extra and code == codes.UNSUPPORTED_FORMAT
    template = NEEDS_EXTRA_MESSAGE if needs_extra else MEDIA_ERROR_MESSAGES[code]
    return str(template).format(
        max_size=filesizeformat(max_bytes or media_settings.MAX_UPLOAD_BYTES),
        formats=", ".join(formats or media_settings.ALLOWED_IMAGE_FORMATS),
        max_pixels=round(media_settings.MAX_PIXELS / 1_000_000, 1),
        max_frames=media_settings.MAX_FRAMES,
        extra=extra,
    )


def error_message(error: MediaError) -> str:
    """The translated message for a refusal, with the site's limits filled in."""
    return media_error_message(error.code, extra=str(error.params.get("extra", "")))


def read_upload(upload: UploadedFile, max_bytes: int) -> bytes:
    """The bytes of an uploaded file; ``file_too_large`` past ``max_bytes``, read no further than that."""
    if upload.size is not None and upload.size > max_bytes:
        raise MediaError(codes.FILE_TOO_LARGE, "uploaded file over the limit")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise MediaError(codes.FILE_TOO_LARGE, "uploaded file over the limit")
    return data


@dataclass(frozen=True)
class DocumentContent:
    data: bytes
    sniffed: SniffedDocument


class _MediaField(serializers.Field):
    """Shared parsing: a data URI string, bare base64 (if allowed) or an uploaded file."""

    default_error_messages = {
        **MEDIA_ERROR_MESSAGES,
        "invalid": MEDIA_ERROR_MESSAGES[codes.INVALID_DATA_URI],
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
        allow_bare = (
            media_settings.ALLOW_BARE_BASE64 if self.allow_bare_base64 is None else self.allow_bare_base64
        )
        if isinstance(value, UploadedFile):
            return read_upload(value, self.max_bytes())
        if isinstance(value, str):
            return parse_data_uri(value, max_bytes=self.max_bytes(), allow_bare=allow_bare).content
        raise MediaError(codes.INVALID_DATA_URI, "neither a string nor a file")

    def fail_media(self, error: MediaError):
        """Raise the field's ``ValidationError`` for ``error``, its message filled with this field's
        limits."""
        message = media_error_message(
            error.code,
            max_bytes=self.max_bytes(),
            formats=self.allowed_formats(),
            extra=str(error.params.get("extra", "")),
        )
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
