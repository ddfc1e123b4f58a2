"""The event media panel of the admin: what organizers use on an event's change page.

``EventMediaAdminMixin`` adds to any event ModelAdmin (eventmedia's own, or a site's for its swapped
event model) a panel under the form: the background and logo shown large, the gallery with each
image's renditions, an upload zone (drop a file or choose one) and buttons to make an image the
background or logo, or delete it. Each button posts to a small admin view that calls the services,
so the admin stores nothing the API would refuse and leaves no file behind. Installed add-ons add
sections of their own (``eventmedia.extensions.register_admin_panel``): their views use
``event_for_change`` and ``back_to_panel`` like the panel's own.

Every action works without JavaScript (a form post, then the panel again with its messages). The
panel's script (``static/eventmedia/admin.js``) sends the same posts with ``Accept: application/json``
and gets ``{"messages": [{"level", "text"}], ...}`` back (400 when one is an error): uploads then show
their progress and the focal point moves without reloading the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import extensions, services
from .conf import media_settings
from .imaging import MediaError
from .imaging.crops import FocalPoint
from .models import SINGLE_KINDS, EventImage, ImageKind
from .problems import media_message
from .reading import read_upload
from .text import storable

CAPTION_LENGTH = EventImage._meta.get_field("caption").max_length

# What a file picker offers for each format the pipeline reads (media types and the extensions
# browsers and operating systems know them by: a phone's .heic often comes without a media type).
PICKER_TYPES = {
    "JPEG": "image/jpeg,.jpg,.jpeg",
    "PNG": "image/png,.png",
    "GIF": "image/gif,.gif",
    "WEBP": "image/webp,.webp",
    "AVIF": "image/avif,.avif",
    "HEIF": "image/heic,image/heif,.heic,.heif",
}


def wants_json(request) -> bool:
    """Whether the panel's script sent the request (it asks for JSON; a form post asks for HTML)."""
    return "application/json" in request.headers.get("Accept", "")


def accepted_types(formats) -> str:
    """The ``accept`` attribute of a file input for the image ``formats`` the site allows."""
    return ",".join(PICKER_TYPES[fmt] for fmt in formats if fmt in PICKER_TYPES)


class EventMediaAdminMixin:
    change_form_template = "admin/eventmedia/event/change_form.html"

    def _url_name(self, action: str) -> str:
        return extensions.admin_url_name(self, action)

    def admin_url(self, action: str, event) -> str:
        """The URL of this admin's panel view ``action`` for ``event``."""
        return reverse(f"admin:{self._url_name(action)}", args=[event.pk])

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/media/upload/",
                wrap(self.media_upload_view),
                name=self._url_name("media_upload"),
            ),
            path(
                "<path:object_id>/media/<int:image_id>/kind/",
                wrap(self.media_kind_view),
                name=self._url_name("media_kind"),
            ),
            path(
                "<path:object_id>/media/<int:image_id>/focal/",
                wrap(self.media_focal_view),
                name=self._url_name("media_focal"),
            ),
            path(
                "<path:object_id>/media/<int:image_id>/delete/",
                wrap(self.media_delete_view),
                name=self._url_name("media_delete"),
            ),
            *(pattern for section in extensions.admin_panels() for pattern in section.urls(self)),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if event is not None:
            images = list(EventImage.objects.filter(event=event).order_by("-created_at", "-id"))
            extra_context.update(
                eventmedia_images=images,
                eventmedia_background=next((i for i in images if i.kind == ImageKind.BACKGROUND), None),
                eventmedia_logo=next((i for i in images if i.kind == ImageKind.LOGO), None),
                eventmedia_kinds=ImageKind.choices,
                eventmedia_upload_url=reverse("admin:" + self._url_name("media_upload"), args=[event.pk]),
                eventmedia_kind_url="admin:" + self._url_name("media_kind"),
                eventmedia_focal_url="admin:" + self._url_name("media_focal"),
                eventmedia_delete_url="admin:" + self._url_name("media_delete"),
                eventmedia_can_change=self.has_change_permission(request, event),
                eventmedia_max_size=media_settings.MAX_UPLOAD_BYTES,
                eventmedia_accept=accepted_types(media_settings.ALLOWED_IMAGE_FORMATS),
            )
            # Add-on sections (an importer's picker, say): each template is included with its own
            # context as ``section`` (and, as before, that context merged into the page's).
            sections = []
            for section in extensions.admin_panels():
                context = section.context(self, request, event)
                extra_context.update(context)
                sections.append({"template": section.template, "context": context})
            extra_context["eventmedia_panel_sections"] = sections
        return super().change_view(request, object_id, form_url, extra_context)

    # -- the panel's actions ------------------------------------------------------------------------

    def event_for_change(self, request, object_id):
        """``(event, None)`` for a POST by a user who may change the event, else ``(None, answer)``."""
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        event = self.get_object(request, object_id)
        if event is None:
            raise PermissionDenied
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        return event, None

    def back_to_panel(self, event, task: str | None = None):
        """Redirect to the event's panel, showing ``task``'s progress when given."""
        query = f"?task={task}" if task else ""  # the panel then shows the task's progress
        return HttpResponseRedirect(
            reverse("admin:" + self._url_name("change"), args=[event.pk]) + query + "#eventmedia"
        )

    def answer_panel(self, request, event, notes, *, remember: bool = True, **data):
        """The answer of a panel action: its ``notes`` (``(level, text)`` pairs) as messages on the panel,
        or as JSON with ``data`` for the panel's script. ``remember=False``: the script shows them and
        the page is not reloaded, so they are not kept for the next page too."""
        if remember or not wants_json(request):
            for level, text in notes:
                self.message_user(request, text, level)
        if not wants_json(request):
            return self.back_to_panel(event)
        said = [{"level": messages.DEFAULT_TAGS[level], "text": str(text)} for level, text in notes]
        failed = any(level >= messages.ERROR for level, _text in notes)
        return JsonResponse({"messages": said, **data}, status=400 if failed else 200)

    def media_upload_view(self, request, object_id):
        """Store the files dropped on the panel through the pipeline: the first as the chosen kind
        with the caption, the others in the gallery (the picker's rule for several items)."""
        event, refused = self.event_for_change(request, object_id)
        if refused:
            return refused
        uploads = request.FILES.getlist("file")
        kind = request.POST.get("kind") or ImageKind.GALLERY
        if kind not in ImageKind.values:
            kind = ImageKind.GALLERY
        if not uploads:
            return self.answer_panel(request, event, [(messages.ERROR, _("Choose an image to upload."))])
        caption = storable(request.POST.get("caption", ""), CAPTION_LENGTH + 1)
        if len(caption) > CAPTION_LENGTH:
            message = _("The caption is too long: at most %(limit)d characters.") % {"limit": CAPTION_LENGTH}
            return self.answer_panel(request, event, [(messages.ERROR, message)])
        notes = [self.store_upload(request, event, uploads[0], kind, caption)]
        notes += [self.store_upload(request, event, upload, ImageKind.GALLERY, "") for upload in uploads[1:]]
        return self.answer_panel(request, event, notes)

    def store_upload(self, request, event, upload, kind: str, caption: str) -> tuple[int, str]:
        """Store one uploaded file as an image of ``event``; the note that says what became of it."""
        try:
            processed = services.process_image_bytes(read_upload(upload, media_settings.MAX_UPLOAD_BYTES))
        except MediaError as error:
            said = {"name": upload.name, "reason": media_message(error)}
            return messages.ERROR, _("Did not store %(name)s: %(reason)s") % said
        image = services.save_event_image(
            event=event, processed=processed, kind=kind, caption=caption, user=request.user
        )
        text = _("Uploaded %(name)s as %(kind)s (%(w)d × %(h)d).") % {
            "name": upload.name,
            "kind": image.get_kind_display().lower(),
            "w": image.width,
            "h": image.height,
        }
        return messages.SUCCESS, text

    def media_kind_view(self, request, object_id, image_id):
        """Give an image another kind (taking the background or logo moves the old holder to the gallery)."""
        event, refused = self.event_for_change(request, object_id)
        if refused:
            return refused
        image = get_object_or_404(EventImage, pk=image_id, event=event)
        kind = request.POST.get("kind")
        if kind in ImageKind.values:
            services.change_event_image(image, kind=kind)
            if kind in SINGLE_KINDS:
                self.message_user(
                    request, _("This image is now the event's %s.") % image.get_kind_display().lower()
                )
        return self.back_to_panel(event)

    def media_focal_view(self, request, object_id, image_id):
        """Set the focal point the organizer chose on the image (``x``, ``y`` in 0..1)."""
        event, refused = self.event_for_change(request, object_id)
        if refused:
            return refused
        image = get_object_or_404(EventImage, pk=image_id, event=event)
        try:
            # Where the click was, to a tenth of a thousandth of the image: plenty for a crop.
            point = FocalPoint.parse([round(float(request.POST[name]), 4) for name in ("x", "y")])
        except (KeyError, ValueError):
            message = _("Click on the image to set its focal point.")
            return self.answer_panel(request, event, [(messages.ERROR, message)], remember=False)
        services.change_event_image(image, focal_point=point.to_json())
        message = _("Focal point set: the cropped sizes are being remade around it.")
        return self.answer_panel(
            request, event, [(messages.SUCCESS, message)], remember=False, focal_point=point.to_json()
        )

    def media_delete_view(self, request, object_id, image_id):
        """Delete an image; its files go once the deletion commits."""
        event, refused = self.event_for_change(request, object_id)
        if refused:
            return refused
        image = get_object_or_404(EventImage, pk=image_id, event=event)
        services.delete_stored(image)
        self.message_user(request, _("Image deleted."), messages.SUCCESS)
        return self.back_to_panel(event)
