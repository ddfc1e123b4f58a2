"""Serializers: what the API accepts (data URIs, files) and how stored media is shown (absolute URLs)."""

from __future__ import annotations

import functools

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..conf import media_settings
from ..models import EventImage, Slide, StoredFile, StoredImage
from ..renditions import Rendition
from .fields import Base64FileField, Base64ImageField
from .schema import RenditionMapField, RenditionSerializer, document_field


def absolute_url(request, url: str) -> str | None:
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def rendition_object(rendition: Rendition, request) -> dict:
    """``{"url", "width", "height"}`` of one rendition (no storage call beyond its URL)."""
    return {"url": absolute_url(request, rendition.url), "width": rendition.width, "height": rendition.height}


def rendition_urls(image: StoredImage, request) -> dict:
    """``{name: {"url", "width", "height"}}`` of every rendition of ``image``."""
    return {name: rendition_object(rendition, request) for name, rendition in image.renditions.items()}


def image_urls(image: StoredImage, request) -> dict:
    """The shared part of every image object: original URL, facts, and the renditions map."""
    return {
        "url": absolute_url(request, image.url),
        "width": image.width,
        "height": image.height,
        "format": image.format,
        "bytes": image.file_size,
        "renditions": rendition_urls(image, request),
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


# -- Resources -------------------------------------------------------------------------------------


class EventImageSerializer(serializers.ModelSerializer):
    """The image object (see the README); ``data`` or ``file`` to create; kind, caption to change."""

    data = Base64ImageField(required=False, allow_null=True)
    file = Base64ImageField(required=False, allow_null=True)

    class Meta:
        model = EventImage
        fields = (
            "id", "kind", "url", "width", "height", "format", "bytes", "renditions", "source",
            "instagram_media_id", "caption", "created_at", "data", "file",
        )  # fmt: skip
        read_only_fields = ("source", "created_at")

    url = serializers.SerializerMethodField()
    # The post's id for images imported from Instagram, "" otherwise: the field the API has always had
    # (the model keeps any importer's id in ``external_id``).
    instagram_media_id = serializers.SerializerMethodField()
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    format = serializers.CharField(read_only=True)
    bytes = serializers.IntegerField(source="file_size", read_only=True)
    renditions = serializers.SerializerMethodField()

    def get_instagram_media_id(self, image) -> str:
        return image.external_id if image.source == "instagram" else ""

    def get_url(self, image) -> str | None:
        return absolute_url(self.context.get("request"), image.url)

    @document_field(RenditionMapField)
    def get_renditions(self, image) -> dict:
        return rendition_urls(image, self.context.get("request"))

    def validate(self, attrs):
        if self.instance is None:  # create: the file is required, from exactly one source
            attrs = _OneSourceMixin.validate(self, attrs)
        elif attrs.get("data") is not None or attrs.get("file") is not None:
            raise serializers.ValidationError(
                {"data": [_("To replace an image's file, upload a new image and delete this one.")]},
                code="immutable",
            )
        return attrs

    default_error_messages = _OneSourceMixin.default_error_messages


class AvatarSerializer(serializers.Serializer):
    data = Base64ImageField(renditions="avatar", required=False, allow_null=True)
    file = Base64ImageField(renditions="avatar", required=False, allow_null=True)

    default_error_messages = _OneSourceMixin.default_error_messages
    validate = _OneSourceMixin.validate


def avatar_object(avatar, request) -> dict:
    return {"id": avatar.pk, **image_urls(avatar, request), "created_at": avatar.created_at}


class SlideSerializer(serializers.ModelSerializer):
    data = Base64FileField(required=False, allow_null=True)
    file = Base64FileField(required=False, allow_null=True)
    url = serializers.SerializerMethodField()
    format = serializers.CharField(read_only=True)
    bytes = serializers.IntegerField(source="file_size", read_only=True)
    preview = serializers.SerializerMethodField()

    class Meta:
        model = Slide
        fields = ("id", "title", "session", "url", "format", "bytes", "preview", "created_at", "data", "file")
        read_only_fields = ("created_at",)

    default_error_messages = _OneSourceMixin.default_error_messages

    def get_url(self, slide) -> str | None:
        return absolute_url(self.context.get("request"), slide.url)

    @document_field(RenditionSerializer(allow_null=True))
    def get_preview(self, slide) -> dict | None:
        return rendition_object(slide.preview, self.context.get("request")) if slide.preview else None

    def validate(self, attrs):
        if self.instance is None:
            return _OneSourceMixin.validate(self, attrs)
        if attrs.get("data") is not None or attrs.get("file") is not None:
            raise serializers.ValidationError(
                {"data": [_("To replace the slides' file, upload them again.")]}, code="immutable"
            )
        return attrs


# The fields of a site's own event model that /v1/events/ shows and takes by default: its name and
# dates under the usual names. Anything else (a venue, internal notes...) stays private unless the
# site names its own serializer in EVENTMEDIA["EVENT_SERIALIZER"].
EVENT_API_FIELDS = (
    "name", "title", "slug", "starts_at", "ends_at", "starts_on", "ends_on", "start", "end", "date",
)  # fmt: skip


def event_serializer_class():
    """The serializer of ``/v1/events/``: ``EVENTMEDIA["EVENT_SERIALIZER"]`` when set, else the default."""
    if media_settings.EVENT_SERIALIZER:
        return import_string(media_settings.EVENT_SERIALIZER)
    return default_event_serializer_class()


@functools.cache
def default_event_serializer_class():
    """The event model's name and dates (``EVENT_API_FIELDS``), its owner read-only, background, logo."""
    from ..models import get_event_model

    model = get_event_model()
    plain = {f.name for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key}
    basic = [name for name in EVENT_API_FIELDS if name in plain]
    if any(f.name == "owner" for f in model._meta.concrete_fields):
        basic.insert(1, "owner")
    if "created_at" in plain:
        basic.append("created_at")

    class EventSerializer(serializers.ModelSerializer):
        background = serializers.SerializerMethodField()
        logo = serializers.SerializerMethodField()

        class Meta:
            fields = ["id", *basic, "background", "logo"]
            read_only_fields = [name for name in ("owner", "created_at") if name in basic]
            # AbstractEvent gives ``name`` a default only so it can be added to existing rows.
            extra_kwargs = {"name": {"required": True, "allow_blank": False}} if "name" in basic else {}

        def _single(self, event, kind):
            prefetched = getattr(event, "_eventmedia_singles", None)
            if prefetched is not None:
                image = next((i for i in prefetched if i.kind == kind), None)
            else:
                image = EventImage.objects.filter(event_id=event.pk, kind=kind).first()
            return EventImageSerializer(image, context=self.context).data if image else None

        @document_field(EventImageSerializer(allow_null=True, read_only=True))
        def get_background(self, event) -> dict | None:
            return self._single(event, "background")

        @document_field(EventImageSerializer(allow_null=True, read_only=True))
        def get_logo(self, event) -> dict | None:
            return self._single(event, "logo")

    EventSerializer.Meta.model = model
    return EventSerializer
