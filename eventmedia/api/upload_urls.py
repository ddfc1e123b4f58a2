"""A URL attribute of the site's own records that names an upload: ``UploadURLField``.

Open Event's clients upload first (``POST /v1/upload/image`` or ``/v1/upload/files`` answer
``{"url"}``) and then set that URL on a record: a speaker's ``photo-url``, a sponsor's ``logo-url``, a
session's ``slides-url``. A site's serializer declares such attributes with ``UploadURLField`` and
mixes in ``KeepsUploadsMixin``::

    class SpeakerSerializer(KeepsUploadsMixin, serializers.ModelSerializer):
        photo_url = UploadURLField(kind="image")

        class Meta:
            model = Speaker
            fields = ["id", "name", "photo_url"]

What the field accepts (docs/open-event.md, "URL attributes of your own records"):

- the signed-in user's own upload URL: stored as sent; on save the record takes the upload's files
  over (a ``KeptFile``), so they never expire, and the files the attribute named before are deleted
  after commit;
- null (or ""): clears the attribute, and its kept files go after commit;
- the attribute's current value (clients send every attribute back): changes nothing;
- an image on a host the site allows (``IMAGE_URL_HOSTS``, ``kind="image"``): fetched under the
  download guard and through the pipeline, stored as an upload of the user, kept like one;
- anything else: refused with ``not_an_upload`` (or ``image_url_refused`` with the guard's reason).

Fields nested in lists and child serializers (a session's ``slides: [{"name", "link"}]``) work the
same. Deleting the record deletes what it kept; records deleted without signals (a raw ``DELETE``)
leave kept files that the hourly ``expire_uploads`` job sweeps.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.db.models.signals import post_delete
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from .. import problems, services
from ..conf import media_settings
from ..imaging import MediaError
from ..models import DocumentUpload, ImageUpload
from ..storage import same_file
from .serializers import absolute_url

# What each kind of attribute names: the upload model and the endpoint that makes one.
UPLOADS = {
    "image": (ImageUpload, "/v1/upload/image"),
    "document": (DocumentUpload, "/v1/upload/files"),
}


class UploadURL(str):
    """A URL the field accepted; ``upload`` is the upload it names when newly named (else None)."""

    upload = None

    @classmethod
    def naming(cls, url: str, upload=None) -> UploadURL:
        value = cls(url)
        value.upload = upload
        return value


class UploadURLField(serializers.CharField):
    """The URL of an upload of the signed-in user (``kind``: ``"image"`` or ``"document"``), kept with
    the record by ``KeepsUploadsMixin``. Images fetched from allowed hosts go through the pipeline with
    the ``renditions`` group."""

    default_error_messages = {
        "not_an_upload": problems.problem("not_an_upload").message,
        "image_url_refused": problems.problem("image_url_refused").message,
    }

    def __init__(self, *, kind: str = "image", renditions: str = "event", **kwargs):
        if kind not in UPLOADS:
            raise ValueError(f"kind must be one of {sorted(UPLOADS)}, not {kind!r}")
        self.kind, self.rendition_group = kind, renditions
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> UploadURL | str:
        url = super().to_internal_value(data)
        if url == "":
            return url
        # The value the record holds, sent back (a signed URL may come back with a fresh signature).
        current = next((held for held in self._current_urls() if same_file(url, held)), None)
        if current is not None:
            return UploadURL.naming(current)
        model, endpoint = UPLOADS[self.kind]
        user = self.context["request"].user
        if not user.is_authenticated:  # no one's upload: the view lets anonymous writes through
            self.fail("not_an_upload", endpoint=endpoint)
        try:
            return UploadURL.naming(url, services.find_upload(url, user=user, model=model))
        except services.UploadNotFound:
            pass
        if self.kind != "image" or not services.image_url_allowed(url):
            self.fail("not_an_upload", endpoint=endpoint)
        return self._fetched(url, user)

    def _fetched(self, url: str, user) -> UploadURL:
        """An image from an allowed host, stored as the user's upload (kept on save like one)."""
        try:
            data = services.fetch_image_url(url)
        except services.ImageURLRefused as refused:
            self.fail("image_url_refused", reason=refused.reason)
        try:
            processed = services.process_image_bytes(data, self.rendition_group)
        except MediaError as error:
            message = problems.media_message(
                error, max_bytes=media_settings.MAX_UPLOAD_BYTES, formats=media_settings.ALLOWED_IMAGE_FORMATS
            )
            raise serializers.ValidationError(message, code=error.code) from None
        upload = services.save_uploaded_image(processed=processed, user=user)
        return UploadURL.naming(absolute_url(self.context.get("request"), upload.url), upload)

    def _current_urls(self) -> set[str]:
        """Every URL the record's attribute holds now (the field may sit in a list of objects)."""
        attribute = self
        while attribute.parent is not None and attribute.parent is not self.root:
            attribute = attribute.parent
        instance = getattr(self.root, "instance", None)
        if instance is None or isinstance(instance, (list, tuple)) or attribute.source == "*":
            return set()
        return set(_leaves(getattr(instance, attribute.source, None), str))


def _leaves(value, kind: type) -> Iterator:
    """Every value of ``kind`` in ``value``, however deep in lists and objects."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item, kind)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item, kind)


def _holds_upload_urls(field) -> bool:
    """Whether ``field`` is an ``UploadURLField`` or holds one (a list of them, a child serializer)."""
    if isinstance(field, UploadURLField):
        return True
    child = getattr(field, "child", None)
    if child is not None and _holds_upload_urls(child):
        return True
    return isinstance(field, serializers.Serializer) and any(
        _holds_upload_urls(inner) for inner in field.fields.values()
    )


class KeepsUploadsMixin:
    """For a ``ModelSerializer`` with ``UploadURLField`` attributes: saving the record keeps the
    uploads it now names and lets go of those it stopped naming, in the record's transaction; deleting
    the record deletes what it kept."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = getattr(getattr(cls, "Meta", None), "model", None)
        if model is not None:
            post_delete.connect(
                _release_holder, sender=model, weak=False, dispatch_uid=f"eventmedia-kept-{model._meta.label}"
            )

    def save(self, **kwargs):
        with transaction.atomic():
            instance = super().save(**kwargs)
            fields = [field for field in self.fields.values() if _holds_upload_urls(field)]
            new = [
                (field, url)
                for field in fields
                if not field.read_only and field.source in self.validated_data
                for url in _leaves(self.validated_data[field.source], UploadURL)
                if url.upload is not None
            ]
            # What the record names now, sent or not (a partial update keeps the other attributes).
            named = [url for field in fields for url in _leaves(getattr(instance, field.source, None), str)]
            try:
                services.hold_files(
                    instance, [services.NamedFile(f.source, str(url), url.upload) for f, url in new], named
                )
            except services.Gone:  # an upload expired or was taken by another request meanwhile
                raise ValidationError(_gone(new)) from None
        return instance


def _gone(new: list) -> dict:
    """The error on the attribute whose upload is gone (the write's savepoint is rolled back)."""
    field = next(f for f, url in new if not type(url.upload).objects.filter(pk=url.upload.pk).exists())
    message = problems.problem("not_an_upload").message.format(endpoint=UPLOADS[_kind(field)][1])
    return {field.field_name: [ErrorDetail(message, code="not_an_upload")]}


def _kind(field) -> str:
    if isinstance(field, UploadURLField):
        return field.kind
    for inner in [getattr(field, "child", None), *getattr(field, "fields", {}).values()]:
        if inner is not None and _holds_upload_urls(inner):
            return _kind(inner)
    return "image"


def _release_holder(sender, instance, **kwargs) -> None:
    services.release_holder(instance)
