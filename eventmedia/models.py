"""Events and the media stored for them.

Every stored item is a row plus files: the row records the storage name, format, size and pixel
dimensions of the original and of each rendition, so building a URL never needs a storage call. Files
are written before their row exists and deleted only after the row's deletion commits (see
``storage`` and ``signals``), so no row ever points at a missing file.

``Event`` is swappable: a site that has its own event model points the top-level setting
``EVENTMEDIA_EVENT_MODEL`` at it (as Django's ``AUTH_USER_MODEL``: its swappable machinery reads only
top-level settings), and ``EventImage`` and ``Slide`` then hang off that model. It is read with a
default and never written.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import media_settings
from .imaging.crops import FocalPoint
from .renditions import ImageFacts, Rendition, Renditions
from .storage import get_media_storage
from .task_records import BackgroundTask  # noqa: F401 - a model of this app, imported from here

EVENT_MODEL_SETTING = "EVENTMEDIA_EVENT_MODEL"
DEFAULT_EVENT_MODEL = "eventmedia.Event"


def event_model_label() -> str:
    """``app_label.Model`` of the event model in use (``eventmedia.Event`` unless the site swapped it)."""
    return getattr(settings, EVENT_MODEL_SETTING, DEFAULT_EVENT_MODEL)


def get_event_model() -> type[models.Model]:
    """The event model in use (``eventmedia.Event`` unless the site swapped it)."""
    return apps.get_model(event_model_label(), require_ready=False)


def event_identifier_field(model: type[models.Model] | None = None) -> str | None:
    """The field that holds an event's public identifier (``EVENT_IDENTIFIER_FIELD``, ``identifier`` by
    default), or None when the event model has no such field: events are then keyed by primary key."""
    model = model or get_event_model()
    name = media_settings.EVENT_IDENTIFIER_FIELD
    return name if name and any(field.name == name for field in model._meta.concrete_fields) else None


def find_event(key: object, queryset: models.QuerySet | None = None) -> models.Model | None:
    """The event ``key`` names, by its identifier or else by its primary key; None when none does."""
    events = queryset if queryset is not None else get_event_model()._default_manager.all()
    field = event_identifier_field(events.model)
    if field:
        found = events.filter(**{field: str(key)}).first()
        if found is not None:
            return found
    try:
        pk = events.model._meta.pk.to_python(key)
    except Exception:  # noqa: BLE001 - ValidationError, ValueError: not a primary key of this model
        return None
    return events.filter(pk=pk).first()


class ImageKind(models.TextChoices):
    BACKGROUND = "background", _("Background")
    LOGO = "logo", _("Logo")
    BANNER = "banner", _("Banner")
    GALLERY = "gallery", _("Gallery")


# Kinds an event has at most one of; setting one moves the previous holder to the gallery.
SINGLE_KINDS = (ImageKind.BACKGROUND, ImageKind.LOGO)


# ``EventImage.source`` of images uploaded to the site; importers (add-on apps) use their own name,
# such as "instagram", with the id the image has there in ``external_id``.
UPLOADED = "upload"


class StoredFile(models.Model):
    """A file in the media storage with the facts about it."""

    file = models.FileField(_("file"), storage=get_media_storage, max_length=255, editable=False)
    format = models.CharField(_("format"), max_length=10, editable=False)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True

    def file_names(self) -> list[str]:
        """Every storage name this row owns (deleted with it)."""
        return [self.file.name] if self.file else []

    @property
    def url(self) -> str:
        """The stored file's URL ("" without a file)."""
        return self.file.url if self.file else ""


class StoredImage(StoredFile):
    """An image original plus its renditions (``renditions``, typed; see ``eventmedia.renditions``)."""

    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    # The stored form of ``renditions``; read and written only through ``Renditions``.
    rendition_data = models.JSONField(
        _("renditions"), default=dict, blank=True, editable=False, db_column="renditions"
    )

    # {"thumbhash", "color"} shown until the image loads ({} for rows stored before placeholders).
    placeholder = models.JSONField(_("placeholder"), default=dict, blank=True, editable=False)

    # Which EVENTMEDIA["RENDITIONS"] group applies; subclasses override.
    rendition_group = "event"

    class Meta:
        abstract = True

    @property
    def renditions(self) -> Renditions:
        """The renditions by name, each with its size, format, storage name and URL."""
        return Renditions.from_json(self.rendition_data, self.file.storage)

    @renditions.setter
    def renditions(self, value: Renditions) -> None:
        self.rendition_data = value.to_json()

    @property
    def facts(self) -> ImageFacts:
        """The stored image's facts as one value (what another row takes over with its files)."""
        return ImageFacts(
            file=self.file.name,
            format=self.format,
            file_size=self.file_size,
            width=self.width,
            height=self.height,
            renditions=self.renditions,
            placeholder=self.placeholder or {},
        )

    def file_names(self) -> list[str]:
        return super().file_names() + self.renditions.storage_names()

    def rendition_url(self, name: str) -> str:
        """The URL of the named rendition, "" when the image has none of that name."""
        rendition = self.renditions.get(name)
        return rendition.url if rendition else ""

    def __str__(self) -> str:
        return f"{self.format} {self.width}x{self.height}"


def _uploaded_by(*, kept: bool) -> models.ForeignKey:
    """The user who sent a stored item: a ``kept`` item stays (without them) when they are deleted."""
    deletion = (
        {"on_delete": models.SET_NULL, "null": True, "blank": True} if kept else {"on_delete": models.CASCADE}
    )
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), related_name="+", **deletion
    )


class Uploaded(models.Model):
    """Who sent a stored item. An event's images and slides stay when that user is deleted (without
    them); their pending uploads (``PendingUpload``) go with them."""

    uploaded_by = _uploaded_by(kept=True)

    class Meta:
        abstract = True


class PendingUpload(Uploaded):
    """An upload nothing is attached to yet: always someone's, deleted with them (and after
    ``UPLOAD_LIFETIME``)."""

    uploaded_by = _uploaded_by(kept=False)

    class Meta:
        abstract = True


class AbstractEvent(models.Model):
    """The fields eventmedia needs of an event; subclass it for your own swappable event model.

    Made to be added to a model that already has rows: every field it adds has a default (so
    ``makemigrations`` asks nothing), and it sets no ``ordering`` (your model keeps its own).
    Existing rows have no ``owner``: fill it in a data migration, or define
    ``can_manage_media(user)`` on your model; until then only staff manage their media.
    """

    name = models.CharField(_("name"), max_length=200, default="")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # A callable default rather than auto_now_add: rows that exist when this is added get "now".
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def background(self) -> EventImage | None:
        """The event's background image, or None."""
        return EventImage.objects.filter(event_id=self.pk, kind=ImageKind.BACKGROUND).first()

    @property
    def logo(self) -> EventImage | None:
        """The event's logo, or None."""
        return EventImage.objects.filter(event_id=self.pk, kind=ImageKind.LOGO).first()


def new_event_identifier() -> str:
    """An event's public key: 8 hex characters, as Open Event makes them."""
    return uuid.uuid4().hex[:8]


class Event(AbstractEvent):
    # What Open Event's clients key events by (``/v1/events/{identifier}``): made on create, read-only.
    identifier = models.CharField(
        _("identifier"), max_length=16, unique=True, default=new_event_identifier, editable=False
    )

    class Meta(AbstractEvent.Meta):
        ordering = ("-starts_at", "name")
        swappable = EVENT_MODEL_SETTING
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventImage(Uploaded, StoredImage):
    event = models.ForeignKey(
        event_model_label(),
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="media_images",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImageKind.choices, default=ImageKind.GALLERY)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=20, default=UPLOADED)
    external_id = models.CharField(_("id at the source"), max_length=64, blank=True)
    # {"x", "y"} in 0..1 of the upright image, or None: what crop renditions are cut around.
    focal_point = models.JSONField(_("focal point"), null=True, blank=True, default=None)

    @property
    def focal(self) -> FocalPoint | None:
        """The focal point as a value (None: the site's default, ``FOCAL_POINT_DEFAULT``)."""
        return FocalPoint.from_json(self.focal_point)

    class Meta:
        verbose_name = _("event image")
        verbose_name_plural = _("event images")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("event", "kind"),
                condition=Q(kind__in=["background", "logo"]),
                name="eventmedia_one_background_and_logo_per_event",
            ),
            models.UniqueConstraint(
                fields=("event", "source", "external_id"),
                condition=~Q(external_id=""),
                name="eventmedia_imported_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.event_id} ({self.width}x{self.height})"


class UserImage(StoredImage):
    """A user's avatar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="eventmedia_avatar",
    )
    rendition_group = "avatar"

    class Meta:
        verbose_name = _("avatar")
        verbose_name_plural = _("avatars")

    def __str__(self) -> str:
        return f"Avatar of {self.user_id} ({self.width}x{self.height})"


class Slide(Uploaded, StoredFile):
    """A talk's slides: a PDF, PPTX or ODP document, with an optional preview image of page one."""

    event = models.ForeignKey(
        event_model_label(),
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="media_slides",
    )
    title = models.CharField(_("title"), max_length=300)
    session = models.CharField(_("session"), max_length=300, blank=True)
    # The stored form of ``preview`` (a rendition's facts, {} without one); read through ``preview``.
    preview_data = models.JSONField(
        _("preview"), default=dict, blank=True, editable=False, db_column="preview"
    )

    class Meta:
        verbose_name = _("slide")
        verbose_name_plural = _("slides")
        ordering = ("-created_at", "-id")

    @property
    def preview(self) -> Rendition | None:
        """The image of a PDF's first page, None until it is made (or for other formats)."""
        return Rendition.from_json("preview", self.preview_data, self.file.storage)

    @preview.setter
    def preview(self, value: Rendition | None) -> None:
        self.preview_data = value.to_json() if value is not None else {}

    def file_names(self) -> list[str]:
        return super().file_names() + ([self.preview.storage_name] if self.preview else [])

    def __str__(self) -> str:
        return self.title


class ImageUpload(PendingUpload, StoredImage):
    """An image sent to ``POST /upload/image`` that is not (yet) attached to anything."""

    class Meta:
        verbose_name = _("uploaded image")
        verbose_name_plural = _("uploaded images")
        ordering = ("-created_at", "-id")


class DocumentUpload(PendingUpload, StoredFile):
    """A document sent to ``POST /upload/files``."""

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.format} ({self.file_size} bytes)"


class KeptFile(Uploaded, StoredImage):
    """The files of an upload that a record of the site names by URL (``api.fields.UploadURLField``):
    kept while that record's ``attribute`` names them, deleted after it stops (or the record goes).

    A document keeps ``width``/``height`` 0 and no renditions; an image keeps its renditions."""

    holder_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("held by"), on_delete=models.CASCADE, related_name="+"
    )
    holder_id = models.CharField(_("holder's key"), max_length=64)
    attribute = models.CharField(_("attribute"), max_length=100)

    class Meta:
        verbose_name = _("kept file")
        verbose_name_plural = _("kept files")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["holder_type", "holder_id", "attribute"], name="eventmedia_kept_holder")
        ]

    def __str__(self) -> str:
        return f"{self.format} ({self.file_size} bytes) for {self.attribute}"
