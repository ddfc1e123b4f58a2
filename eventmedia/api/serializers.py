"""Serializers: what the API takes, and the shape of each answer.

Each answer has one serializer that both renders it and documents it in the OpenAPI schema; views
never build response dicts by hand. Inputs parse and size their files (``ImageBytesField``,
``Base64FileField``); the image pipeline runs in the services, called by the views inside
``OneFileSerializer.media_errors`` so that a refusal is reported on the field that carried the file.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping

from django.utils.module_loading import import_string
from rest_framework import serializers

from .. import sources
from ..conf import media_settings
from ..imaging import MediaError
from ..imaging.crops import FocalPoint
from ..models import EventImage, Slide, event_identifier_field, get_event_model
from ..problems import problem
from .fields import Base64FileField, ImageBytesField
from .schema import document_field


def absolute_url(request, url: str) -> str | None:
    """``url`` made absolute with ``request`` when there is one; None for no file."""
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


class AbsoluteURLField(serializers.URLField):
    """A stored file's URL, absolute when there is a request, null when there is no file."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self.context.get("request"), value)


# -- Answers ---------------------------------------------------------------------------------------


class FormatURLSerializer(serializers.Serializer):
    url = serializers.URLField()


class RenditionSerializer(serializers.Serializer):
    """One ``Rendition``: ``{"url", "width", "height", "formats"}``; ``formats`` lists the rendition in
    other formats (``{"avif": {"url"}, "webp": {"url"}}``) once a task has made them."""

    # Not read-only, though only ever rendered: a read-only child leaves the schema's maps empty.
    url = AbsoluteURLField(read_only=False, allow_null=False)
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    formats = serializers.SerializerMethodField()

    @document_field(serializers.DictField(child=FormatURLSerializer()))
    def get_formats(self, rendition) -> dict:
        request = self.context.get("request")
        return {fmt: {"url": absolute_url(request, url)} for fmt, url in rendition.alternate_urls().items()}


class RenditionMapField(serializers.DictField):
    """An image's ``Renditions``: ``{name: {"url", "width", "height"}}``."""

    child = RenditionSerializer()

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class PlaceholderSerializer(serializers.Serializer):
    """What a page shows until an image loads: its ThumbHash (standard base64) and dominant colour."""

    thumbhash = serializers.CharField()
    color = serializers.CharField()


@document_field(PlaceholderSerializer(allow_null=True))
class PlaceholderField(serializers.Field):
    """An image's placeholder, or null for an image stored before placeholders existed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> dict | None:
        return dict(value) if value else None


class FocalPointSerializer(serializers.Serializer):
    """Where an image's subject is, ``x`` and ``y`` in 0..1 of the upright image (0, 0: top left);
    checked by ``FocalPoint.parse``, as in the admin. Its value is the stored form, ``{"x", "y"}``."""

    x = serializers.FloatField(min_value=0.0, max_value=1.0)
    y = serializers.FloatField(min_value=0.0, max_value=1.0)

    def validate(self, attrs):
        try:
            return FocalPoint.parse(attrs).to_json()
        except ValueError as error:
            raise serializers.ValidationError(str(error), code="invalid") from None


class SourceIdField(serializers.CharField):
    """An image's id at one source ("" for images from anywhere else); the model keeps it in
    ``external_id``."""

    def __init__(self, source_name: str, **kwargs):
        self.source_name = source_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, image) -> str:
        return image.external_id if image.source == self.source_name else ""


class UploadedDocumentSerializer(serializers.Serializer):
    """A stored document (the answer of ``POST /upload/files``)."""

    url = AbsoluteURLField()
    format = serializers.CharField(read_only=True)
    bytes = serializers.IntegerField(source="file_size", read_only=True)


class StoredImageSerializer(serializers.Serializer):
    """The facts of a stored image (``ImageFacts``) as every answer that shows an image shows them:
    its URL, pixels, format and bytes, its renditions and its placeholder."""

    url = AbsoluteURLField()
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    format = serializers.CharField(read_only=True)
    bytes = serializers.IntegerField(source="file_size", read_only=True)
    renditions = RenditionMapField()
    placeholder = PlaceholderField()


class UploadedImageSerializer(StoredImageSerializer):
    """A stored image with its renditions (the answer of ``POST /upload/image``)."""


class AvatarObjectSerializer(StoredImageSerializer):
    """A user's avatar (``/users/me/avatar``)."""

    id = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        fields = (
            "id",
            "url",
            "width",
            "height",
            "format",
            "bytes",
            "renditions",
            "placeholder",
            "created_at",
        )


class TaskStartedSerializer(serializers.Serializer):
    """202 Accepted: the work runs on a task worker; follow it at ``/tasks/{task_id}``."""

    task_id = serializers.CharField(source="pk", read_only=True)


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


# -- Inputs ------------------------------------------------------------------------------------------


class OneFileSerializer(serializers.Serializer):
    """Exactly one of ``data`` (a data URI) or ``file`` (multipart) is sent.

    ``validated_data`` then holds ``content`` (what the field parsed) and ``content_field`` (which of
    the two it came from). ``media_errors()`` turns a pipeline refusal into a 400 on that field.
    """

    default_error_messages = {code: problem(code).message for code in ("required", "both", "immutable")}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        sent = [key for key in ("data", "file") if attrs.get(key) is not None]
        if not sent:
            self._fail_on_data("required")
        if len(sent) > 1:
            self._fail_on_data("both")
        attrs["content"] = attrs.pop(sent[0])
        attrs["content_field"] = sent[0]
        attrs.pop("data", None)
        attrs.pop("file", None)
        return attrs

    def refuse_file_change(self, data) -> None:
        """A change (PATCH) may not carry a file: refused before the file is even decoded."""
        if isinstance(data, Mapping) and any(data.get(key) not in (None, "") for key in ("data", "file")):
            self._fail_on_data("immutable")

    def _fail_on_data(self, key: str):
        raise serializers.ValidationError({"data": [self.error_messages[key]]}, code=key)

    @contextlib.contextmanager
    def media_errors(self):
        """Report a ``MediaError`` raised inside as a 400 on the field that carried the file."""
        try:
            yield
        except MediaError as error:
            name = self.validated_data["content_field"]
            try:
                self.fields[name].fail_media(error)
            except serializers.ValidationError as refused:
                raise serializers.ValidationError({name: refused.detail}) from None


class ImageUploadSerializer(OneFileSerializer):
    data = ImageBytesField(required=False, allow_null=True)
    file = ImageBytesField(required=False, allow_null=True)


class AvatarSerializer(ImageUploadSerializer):
    """A new avatar: the image is made into the ``avatar`` renditions."""


class DocumentUploadSerializer(OneFileSerializer):
    data = Base64FileField(required=False, allow_null=True)
    file = Base64FileField(required=False, allow_null=True)


# -- Resources -------------------------------------------------------------------------------------


class EventImageSerializer(OneFileSerializer, StoredImageSerializer, serializers.ModelSerializer):
    """The image object (docs/api.md): the stored image's facts, with its kind, caption, focal point
    and source; ``data`` or ``file`` to create; kind, caption, focal point to change."""

    data = ImageBytesField(required=False, allow_null=True)
    file = ImageBytesField(required=False, allow_null=True)
    # Crop renditions are cut around it; null: the site's default (FOCAL_POINT_DEFAULT).
    focal_point = FocalPointSerializer(required=False, allow_null=True)

    class Meta:
        model = EventImage
        fields = (
            "id", "kind", "url", "width", "height", "format", "bytes", "renditions", "placeholder",
            "focal_point", "source", "caption", "created_at", "data", "file",
        )  # fmt: skip
        read_only_fields = ("source", "created_at")

    def get_fields(self):
        # Each installed source that names one adds the field with an image's id there, after
        # ``source``.
        fields = {}
        for name, field in super().get_fields().items():
            fields[name] = field
            if name == "source":
                for source in sources.all_sources():
                    if source.id_field:
                        fields[source.id_field] = SourceIdField(source.name)
        return fields

    def to_internal_value(self, data):
        if self.instance is not None:
            self.refuse_file_change(data)
        return super().to_internal_value(data)

    def validate(self, attrs):
        if self.instance is not None:  # a change: kind and caption only
            return attrs
        return super().validate(attrs)


class SlideSerializer(OneFileSerializer, serializers.ModelSerializer):
    """A talk's slides; ``data`` or ``file`` to create; title and session to change."""

    data = Base64FileField(required=False, allow_null=True)
    file = Base64FileField(required=False, allow_null=True)
    url = AbsoluteURLField()
    format = serializers.CharField(read_only=True)
    bytes = serializers.IntegerField(source="file_size", read_only=True)
    preview = RenditionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Slide
        fields = ("id", "title", "session", "url", "format", "bytes", "preview", "created_at", "data", "file")
        read_only_fields = ("created_at",)

    def to_internal_value(self, data):
        if self.instance is not None:
            self.refuse_file_change(data)
        return super().to_internal_value(data)

    def validate(self, attrs):
        if self.instance is not None:
            return attrs
        return super().validate(attrs)


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
    model = get_event_model()
    plain = {f.name for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key}
    basic = [name for name in EVENT_API_FIELDS if name in plain]
    identifier = event_identifier_field(model)  # what Open Event's clients key events by
    if identifier:
        basic.insert(1 if basic else 0, identifier)
    if any(f.name == "owner" for f in model._meta.concrete_fields):
        basic.insert(1, "owner")
    if "created_at" in plain:
        basic.append("created_at")

    class EventSerializer(serializers.ModelSerializer):
        background = serializers.SerializerMethodField()
        logo = serializers.SerializerMethodField()

        class Meta:
            fields = ["id", *basic, "background", "logo"]
            read_only_fields = [
                name for name in (identifier, "owner", "created_at") if name and name in basic
            ]
            # AbstractEvent gives ``name`` a default only so it can be added to existing rows.
            extra_kwargs = {"name": {"required": True, "allow_blank": False}} if "name" in basic else {}

        def _single(self, event, kind) -> dict | None:
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
