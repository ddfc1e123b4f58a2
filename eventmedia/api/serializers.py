"""Serializers: what the API accepts (data URIs, files) and how stored media is shown (absolute URLs)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import StoredFile, StoredImage
from .fields import Base64FileField, Base64ImageField


def absolute_url(request, url: str) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def image_urls(image: StoredImage, request) -> dict:
    """The shared part of every image object: original URL, facts, and the renditions map."""
    storage = image.file.storage
    return {
        "url": absolute_url(request, image.url),
        "width": image.width,
        "height": image.height,
        "format": image.format,
        "bytes": image.file_size,
        "renditions": {
            name: {
                "url": absolute_url(request, storage.url(r["name"])),
                "width": r["width"],
                "height": r["height"],
            }
            for name, r in (image.renditions or {}).items()
        },
    }


def document_urls(document: StoredFile, request) -> dict:
    return {
        "url": absolute_url(request, document.url),
        "format": document.format,
        "bytes": document.file_size,
    }


class _OneSourceMixin:
    """Exactly one of ``data`` (data URI) or ``file`` (multipart) must be sent."""

    default_error_messages = {
        "required": _('Send the file as "data" (a base64 data URI) or as a multipart "file".'),
        "both": _('Send either "data" or "file", not both.'),
    }

    def validate(self, attrs):
        sent = [key for key in ("data", "file") if attrs.get(key) is not None]
        if not sent:
            raise serializers.ValidationError({"data": [self.error_messages["required"]]}, code="required")
        if len(sent) > 1:
            raise serializers.ValidationError({"data": [self.error_messages["both"]]}, code="both")
        attrs["content"] = attrs.pop(sent[0])
        attrs.pop("data", None)
        attrs.pop("file", None)
        return attrs


class ImageUploadSerializer(_OneSourceMixin, serializers.Serializer):
    data = Base64ImageField(required=False, allow_null=True)
    file = Base64ImageField(required=False, allow_null=True)


class DocumentUploadSerializer(_OneSourceMixin, serializers.Serializer):
    data = Base64FileField(required=False, allow_null=True)
    file = Base64FileField(required=False, allow_null=True)
