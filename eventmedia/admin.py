"""The Django admin for event media: previews from renditions, uploads through the same pipeline.

Lists show the ``icon`` rendition (never the original: a list of 12-megapixel photos would be megabytes
a page). Add and change forms take a file, which goes through ``services`` exactly like an API upload,
so the admin can store nothing the API would refuse.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import background, jobs, services
from .admin_media import EventMediaAdminMixin
from .conf import media_settings
from .imaging import MediaError
from .models import (
    DocumentUpload,
    EventImage,
    ImageKind,
    ImageUpload,
    KeptFile,
    Slide,
    StoredFile,
    StoredImage,
    UserImage,
    get_event_model,
)
from .problems import media_message
from .reading import read_upload
from .units import binary_size


def _preview(image: StoredImage | None, rendition: str = "icon", height: int = 40) -> str:
    if image is None or not image.file:
        return "-"
    url = image.rendition_url(rendition) or image.url
    return format_html(
        '<img src="{}" alt="" style="max-height:{}px;max-width:{}px;object-fit:contain">',
        url,
        height,
        height * 3,
    )


class StoredFileAdmin(admin.ModelAdmin):
    """Shared columns and read-only facts for every model with files."""

    date_hierarchy = "created_at"

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj: StoredFile) -> str:
        return binary_size(obj.file_size)

    @admin.display(description=_("file"))
    def file_link(self, obj: StoredFile) -> str:
        if not obj.file:
            return "-"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.url, obj.file.name)


@admin.action(description=_("Rebuild renditions of the selected images"))
def rebuild_renditions(modeladmin, request, queryset):
    """After a change of RENDITIONS: remake renditions from the stored originals, and say how it went.

    With a task worker the rebuilds are queued (one task an image) instead of run in the request.
    """
    if not background.runs_in_process():
        label = queryset.model._meta.label
        for pk in queryset.values_list("pk", flat=True):
            jobs.enqueue("rebuild_renditions", label, pk)
        count = queryset.count()
        modeladmin.message_user(
            request,
            ngettext("Queued the rebuild of %d image.", "Queued the rebuild of %d images.", count) % count,
            messages.SUCCESS,
        )
        return
    rebuilt, failed = 0, []
    for image in queryset:
        try:
            services.rebuild_renditions(image)
            rebuilt += 1
        except (MediaError, OSError):
            failed.append(str(image.pk))
    if rebuilt:
        modeladmin.message_user(
            request,
            ngettext("Rebuilt the renditions of %d image.", "Rebuilt the renditions of %d images.", rebuilt)
            % rebuilt,
            messages.SUCCESS,
        )
    if failed:
        modeladmin.message_user(
            request,
            _("Could not rebuild: %(ids)s (the original is missing or unreadable).")
            % {"ids": ", ".join(failed)},
            messages.ERROR,
        )


class StoredImageAdmin(StoredFileAdmin):
    actions = [rebuild_renditions]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj: StoredImage) -> str:
        return _preview(obj)

    @admin.display(description=_("preview"))
    def large_preview(self, obj: StoredImage) -> str:
        return _preview(obj, "thumbnail", height=300)

    @admin.display(description=_("dimensions"))
    def dimensions(self, obj: StoredImage) -> str:
        return f"{obj.width} × {obj.height}" if obj.width else "-"

    @admin.display(description=_("renditions"))
    def rendition_list(self, obj: StoredImage) -> str:
        renditions = obj.renditions
        if not renditions:
            return "-"
        return format_html_join(
            ", ",
            '<a href="{}" target="_blank" rel="noopener">{}</a> ({}×{})',
            ((r.url, name, r.width, r.height) for name, r in renditions.items()),
        )


class ImageUploadForm(forms.ModelForm):
    """A model form with an ``upload`` file that is validated by the image pipeline."""

    upload = forms.FileField(label=_("Image"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed = None
        self.fields["upload"].required = self.instance.pk is None
        if self.instance.pk:
            self.fields["upload"].help_text = _("Choose a file to replace the current image.")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return upload
        try:
            data = read_upload(upload, media_settings.MAX_UPLOAD_BYTES)  # the API's size rule
            group = getattr(self._meta.model, "rendition_group", "event")
            self.processed = services.process_image_bytes(data, group)
        except MediaError as error:
            raise forms.ValidationError(media_message(error), code=error.code) from None
        return upload


class EventImageForm(ImageUploadForm):
    class Meta:
        model = EventImage
        fields = ("event", "kind", "caption", "upload")


class UserImageForm(ImageUploadForm):
    class Meta:
        model = UserImage
        fields = ("user", "upload")


def changed_values(form, names: tuple[str, ...]) -> dict:
    """The values of the fields in ``names`` that the admin form changed."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in names}


class SavesThroughServicesMixin:
    """Admin saves go through the services: a new file through ``services.store_image`` (files
    first, old ones deleted after commit), other changes through the service of the model."""

    upload_folder = "events"
    # What an existing row's form may change without a new file, and who it belongs to (fixed).
    changeable: tuple[str, ...] = ()
    owner_field = ""

    def get_readonly_fields(self, request, obj=None):
        fixed = (self.owner_field,) if obj is not None and self.owner_field else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def save_model(self, request, obj, form, change):
        if getattr(form, "processed", None) is not None:
            services.store_image(obj, form.processed, folder=self.upload_folder)
        elif change:
            self.save_changes(obj, changed_values(form, self.changeable))

    def save_changes(self, obj, changes: dict) -> None:
        """Save ``changes`` of an existing row (nothing else can change without a new file)."""


@admin.register(EventImage)
class EventImageAdmin(SavesThroughServicesMixin, StoredImageAdmin):
    form = EventImageForm
    list_display = ("thumbnail", "event", "kind", "dimensions", "size", "format", "source", "created_at")
    list_filter = ("kind", "source", "format")
    search_fields = ("caption", "external_id")
    list_select_related = ("event",)
    readonly_fields = (
        "large_preview", "file_link", "format", "dimensions", "size", "rendition_list", "source",
        "external_id", "uploaded_by", "created_at",
    )  # fmt: skip

    changeable = ("kind", "caption")
    owner_field = "event"

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None and not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_changes(self, obj, changes):
        services.change_event_image(obj, **changes)


@admin.register(UserImage)
class UserImageAdmin(SavesThroughServicesMixin, StoredImageAdmin):
    form = UserImageForm
    upload_folder = "avatars"
    owner_field = "user"
    list_display = ("thumbnail", "user", "dimensions", "size", "created_at")
    readonly_fields = (
        "large_preview",
        "file_link",
        "format",
        "dimensions",
        "size",
        "rendition_list",
        "created_at",
    )
    raw_id_fields = ("user",)


@admin.register(ImageUpload)
class ImageUploadAdmin(StoredImageAdmin):
    list_display = ("thumbnail", "uploaded_by", "dimensions", "size", "format", "created_at")
    list_filter = ("format",)
    readonly_fields = (
        "large_preview", "file_link", "format", "dimensions", "size", "rendition_list", "uploaded_by",
        "created_at",
    )  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request):
        return False


@admin.register(Slide)
class SlideAdmin(StoredFileAdmin):
    list_display = ("title", "event", "session", "format", "size", "created_at")
    list_filter = ("format",)
    search_fields = ("title", "session")
    readonly_fields = ("event", "file_link", "format", "size", "uploaded_by", "created_at")

    def has_add_permission(self, request):
        return False  # slides are added through the API, where the document is sniffed

    def save_model(self, request, obj, form, change):
        services.change_slide(obj, **changed_values(form, ("title", "session")))


@admin.register(DocumentUpload)
class DocumentUploadAdmin(StoredFileAdmin):
    list_display = ("file_link", "uploaded_by", "format", "size", "created_at")
    list_filter = ("format",)
    readonly_fields = ("file_link", "format", "size", "uploaded_by", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False


@admin.register(KeptFile)
class KeptFileAdmin(StoredFileAdmin):
    """Files that a record of the site names by URL (``UploadURLField``): they go with the record, so
    they are shown, never edited or deleted here."""

    list_display = ("file_link", "holder", "attribute", "uploaded_by", "format", "size", "created_at")
    list_filter = ("format", "holder_type")
    readonly_fields = (
        "file_link", "holder", "attribute", "format", "size", "uploaded_by", "created_at",
    )  # fmt: skip
    fields = readonly_fields

    @admin.display(description=_("held by"))
    def holder(self, obj):
        return f"{obj.holder_type} {obj.holder_id}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record that names the file lets go of it


if get_event_model()._meta.app_label == "eventmedia":

    @admin.register(get_event_model())
    class EventAdmin(EventMediaAdminMixin, admin.ModelAdmin):
        list_display = ("background_preview", "name", "owner", "starts_at", "ends_at", "image_count")
        search_fields = ("name",)
        readonly_fields = ("created_at",)
        list_select_related = ("owner",)

        def save_model(self, request, obj, form, change):
            if change:
                services.change_event(obj, **changed_values(form, tuple(form.cleaned_data)))
            else:
                services.add_event(obj)

        def get_queryset(self, request):
            singles = EventImage.objects.filter(kind=ImageKind.BACKGROUND)
            return (
                super()
                .get_queryset(request)
                .annotate(eventmedia_images=Count("media_images"))
                .prefetch_related(
                    Prefetch("media_images", queryset=singles, to_attr="_eventmedia_backgrounds")
                )
            )

        @admin.display(description=_("images"), ordering="eventmedia_images")
        def image_count(self, obj):
            return obj.eventmedia_images

        @admin.display(description=_("background"))
        def background_preview(self, obj):
            backgrounds = getattr(obj, "_eventmedia_backgrounds", None)
            return _preview(backgrounds[0] if backgrounds else None)
