"""Open Event's clients, served unchanged: events and users over JSON:API, with its image attributes.

Open Event uses images in two steps: ``POST /v1/upload/image`` answers ``{"url"}``, then the client
sets that URL as an attribute of a resource and reads the sizes back. Here:

- event: ``original-image-url`` (the background) and ``logo-url`` are set by the client;
  ``large-image-url``, ``thumbnail-image-url``, ``icon-image-url`` are the background's renditions;
- user: ``avatar-url`` or ``original-image-url`` set the avatar; ``thumbnail-image-url``,
  ``small-image-url``, ``icon-image-url`` are its renditions;
- slide (a session's slides, under ``/v1/events/{id}/slides``): ``slides-url`` names a document that
  ``POST /v1/upload/files`` answered; ``title`` and ``session`` as in the plain API.

A URL the client sets must be one of its own uploads (``services.find_upload``): the upload becomes
the event's image without a second decode (an avatar gets its own sizes). Any other URL is refused
with ``not_an_upload`` and never fetched, unless the site allows its host (``IMAGE_URL_HOSTS``): then
it is fetched under the download guard (the built-in ``url`` source) and goes through the pipeline
like an upload, stored with ``source: "url"``. A URL equal to
the current one (clients send every attribute back on each change) changes nothing, and attributes
eventmedia does not know are ignored, as Open Event's clients send many.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.response import Response

from .. import services, sources
from ..imaging import MediaError
from ..models import DocumentUpload, ImageKind, ImageUpload, StoredImage, UserImage, event_identifier_field
from ..problems import Refusal, refusal_of
from ..sources import Candidate, Skipped
from ..sources.url import NAME as URL_SOURCE
from ..storage import read_stored, same_file
from . import jsonapi
from .schema import document
from .serializers import absolute_url, event_serializer_class
from .views import EventViewSet, MediaAPIView, SlideViewSet

# Where the uploads a URL may name come from, by the model they are stored as.
UPLOAD_ENDPOINTS = {ImageUpload: "/v1/upload/image", DocumentUpload: "/v1/upload/files"}


class ImageURLs:
    """The URLs of a stored image as Open Event names them: ``original`` and one per rendition."""

    def __init__(self, image: StoredImage | None, request):
        self.image, self.request = image, request

    def original(self) -> str | None:
        return absolute_url(self.request, self.image.url) if self.image else None

    def rendition(self, name: str) -> str | None:
        url = self.image.rendition_url(name) if self.image else ""
        return absolute_url(self.request, url) if url else None


class EventResourceSerializer(serializers.BaseSerializer):
    """An event as Open Event shows it: the event serializer's fields, plus its image attributes."""

    def to_representation(self, event) -> dict:
        plain = dict(event_serializer_class()(event, context=self.context).data)
        plain.pop("background", None)
        plain.pop("logo", None)
        request = self.context.get("request")
        background = ImageURLs(event.background, request)
        return {
            **plain,
            "original_image_url": background.original(),
            "large_image_url": background.rendition("large"),
            "thumbnail_image_url": background.rendition("thumbnail"),
            "icon_image_url": background.rendition("icon"),
            "logo_url": ImageURLs(event.logo, request).original(),
        }


# The user's own name fields Open Event's profile form changes (when the site's user model has them);
# nothing else of a user (``email``, ``is-admin``...) is writable through this resource.
USER_NAME_ATTRIBUTES = ("first_name", "last_name")


class UserResourceSerializer(serializers.BaseSerializer):
    """A user as Open Event shows it: the avatar and its sizes, and the name and e-mail its pages read
    (``is-verified``: the site's active users count as verified, eventmedia does no e-mail checks)."""

    def to_representation(self, user) -> dict:
        avatar = ImageURLs(UserImage.objects.filter(user=user).first(), self.context.get("request"))
        return {
            "id": user.pk,
            "email": getattr(user, user.get_email_field_name(), "") or None,
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "is_verified": bool(user.is_active),
            "avatar_url": avatar.original(),
            "original_image_url": avatar.original(),
            "thumbnail_image_url": avatar.rendition("thumbnail"),
            "small_image_url": avatar.rendition("small"),
            "icon_image_url": avatar.rendition("icon"),
        }


# Image attributes of an event a client sets, and the kind each sets; the server fills the others.
EVENT_IMAGE_ATTRIBUTES = {"original_image_url": ImageKind.BACKGROUND, "logo_url": ImageKind.LOGO}
EVENT_FILLED_ATTRIBUTES = ("large_image_url", "thumbnail_image_url", "icon_image_url")


def _uploads_named(values: dict, current: dict, *, user, model=ImageUpload) -> dict:
    """For each attribute whose URL changed: the upload it names, or for an image on a host the site
    allows (``IMAGE_URL_HOSTS``) the image fetched from there (``Fetched``). A 400 names every other
    attribute."""
    found, refused = {}, {}

    def refuse(name: str, code: str, **params) -> None:
        refusal = Refusal(code, **params)
        refused[name] = [ErrorDetail(refusal.message, code=code)]

    for name, url in values.items():
        if url in (None, "") or same_file(url, current.get(name)):
            continue  # unchanged: clients send the whole resource back
        try:
            found[name] = services.find_upload(url, user=user, model=model)
            continue
        except services.UploadNotFound:
            pass
        if model is not ImageUpload or not services.image_url_allowed(url):
            refuse(name, "not_an_upload", endpoint=UPLOAD_ENDPOINTS[model])
            continue
        try:
            found[name] = _fetch(url, user)
        except Skipped as skipped:
            refuse(name, "image_url_refused", reason=skipped.reason)
    if refused:
        raise ValidationError(refused)
    return found


@dataclass(frozen=True)
class Fetched:
    """An image fetched from an allowed host (the built-in ``url`` source): what it is there, its bytes."""

    candidate: Candidate
    data: bytes


def _fetch(url: str, user) -> Fetched:
    session = sources.get(URL_SOURCE).session(user)
    (candidate,) = session.candidates(url)
    return Fetched(candidate, session.download(candidate))


def _image_changes(found: dict, removed: list[str]) -> list[services.ImageChange]:
    """What a write does to the event's images: each attribute's upload is taken over (the same upload
    named twice: the second gets its own copy, made from the same original), each fetched image is
    stored (reused when the event has it from the same URL), each attribute set to null removes."""
    changes, taken = [], set()
    for name, item in found.items():
        kind = EVENT_IMAGE_ATTRIBUTES[name]
        if isinstance(item, ImageUpload) and item.pk not in taken:
            taken.add(item.pk)
            changes.append(services.ImageChange(kind, upload=item))
        elif isinstance(item, ImageUpload):
            data = read_stored(item.file.name, item.file.storage)
            changes.append(services.ImageChange(kind, processed=_processed(name, data)))
        else:  # an image fetched from an allowed host
            candidate = item.candidate
            processed = _processed(name, item.data)
            changes.append(
                services.ImageChange(
                    kind, processed=processed, source=URL_SOURCE, external_id=candidate.external_id
                )
            )
    changes += [services.ImageChange(EVENT_IMAGE_ATTRIBUTES[name], remove=True) for name in removed]
    return changes


def _removed(images: dict, current: dict) -> list[str]:
    """The image attributes set to null (or "") that have an image now: "remove" in the frontend."""
    return [name for name, url in images.items() if url in (None, "") and current.get(name)]


def _processed(name: str, data: bytes, group: str = "event"):
    """Fetched bytes through the pipeline; a refusal is a 400 on the attribute that named them."""
    try:
        return services.process_image_bytes(data, group)
    except MediaError as error:
        raise refusal_of(error, field=name) from None


class EventResourceViewSet(jsonapi.JSONAPIViewMixin, EventViewSet):
    """``/v1/events`` and ``/v1/events/{id}`` for JSON:API clients (type ``event``)."""

    def resource_document(self, event) -> dict:
        data = EventResourceSerializer(event, context=self.get_serializer_context()).data
        field = event_identifier_field(type(event))
        link = self.request.build_absolute_uri(f"/v1/events/{getattr(event, field) if field else event.pk}")
        return jsonapi.resource("event", data, {"self": link})

    pagination_class = jsonapi.JSONAPIPagination
    # What ``sort`` may name (``include`` and Open Event's ``filter`` are ignored; docs/open-event.md).
    sortable = {"id", "name", "starts_at", "ends_at", "created_at"}

    def list(self, request, *args, **kwargs):
        events = self.get_queryset()
        model_fields = {field.name for field in events.model._meta.concrete_fields}
        ordering = jsonapi.sort_fields(request.query_params.get("sort"), self.sortable & model_fields)
        if ordering:
            events = events.order_by(*ordering, "pk")
        page = self.paginate_queryset(events)
        return self.get_paginated_response([self.resource_document(event) for event in page])

    def retrieve(self, request, *args, **kwargs):
        return Response({"data": self.resource_document(self.get_object())})

    def create(self, request, *args, **kwargs):
        values = jsonapi.attributes(request.data, "event")
        images = {name: values.pop(name) for name in list(values) if name in EVENT_IMAGE_ATTRIBUTES}
        serializer = self.get_serializer(data=_plain(values))
        serializer.is_valid(raise_exception=True)
        changes = _image_changes(_uploads_named(images, {}, user=request.user), [])
        self.perform_create(serializer, changes)  # the event and its images, in one transaction
        return Response({"data": self.resource_document(serializer.instance)}, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        field = event_identifier_field(type(event))
        keys = [event.pk, getattr(event, field)] if field else [event.pk]
        values = jsonapi.attributes(request.data, "event", keys)
        images = {name: values.pop(name) for name in list(values) if name in EVENT_IMAGE_ATTRIBUTES}
        current = EventResourceSerializer(event, context=self.get_serializer_context()).data
        serializer = self.get_serializer(event, data=_plain(values), partial=True)
        serializer.is_valid(raise_exception=True)
        found = _uploads_named(images, current, user=request.user)
        self.perform_update(serializer, _image_changes(found, _removed(images, current)))
        return Response({"data": self.resource_document(event)})

    update = partial_update  # Open Event's clients PATCH; a PUT is taken the same way


def _plain(values: dict) -> dict:
    """The attributes left for the event serializer (the server-filled image URLs are not input)."""
    return {name: value for name, value in values.items() if name not in EVENT_FILLED_ATTRIBUTES}


class SlideResourceSerializer(serializers.BaseSerializer):
    """A slide as Open Event names it: ``slides-url`` is the document's URL."""

    def to_representation(self, slide) -> dict:
        request = self.context.get("request")
        return {
            "id": slide.pk,
            "title": slide.title,
            "session": slide.session,
            "slides_url": absolute_url(request, slide.url),
            "preview_url": absolute_url(request, slide.preview.url) if slide.preview else None,
            "created_at": serializers.DateTimeField().to_representation(slide.created_at),
        }


class SlideAttributesSerializer(serializers.Serializer):
    """A slide's own attributes, checked as the plain API checks them (``SlideSerializer``'s fields):
    strings of at most 300 characters, no NUL byte; the title required on create."""

    title = serializers.CharField(max_length=300)
    session = serializers.CharField(max_length=300, required=False, allow_blank=True)


class SlideResourceViewSet(jsonapi.JSONAPIViewMixin, SlideViewSet):
    """``/v1/events/{id}/slides`` for JSON:API clients (type ``slide``)."""

    def resource_document(self, slide) -> dict:
        data = SlideResourceSerializer(slide, context=self.get_serializer_context()).data
        return jsonapi.resource("slide", data)

    def list(self, request, *args, **kwargs):
        slides = self.filter_queryset(self.get_queryset())
        return Response({"data": [self.resource_document(slide) for slide in slides]})

    def retrieve(self, request, *args, **kwargs):
        return Response({"data": self.resource_document(self.get_object())})

    def create(self, request, *args, **kwargs):
        values = jsonapi.attributes(request.data, "slide")
        fields = SlideAttributesSerializer(
            data={k: v for k, v in values.items() if k in ("title", "session")}
        )
        fields.is_valid(raise_exception=True)
        uploads = _uploads_named(
            {"slides_url": values.get("slides_url")},
            {},
            user=request.user,
            model=DocumentUpload,
        )
        if "slides_url" not in uploads:
            raise Refusal("not_an_upload", field="slides_url", endpoint=UPLOAD_ENDPOINTS[DocumentUpload])
        slide = services.attach_document_upload(
            uploads["slides_url"],
            event=self.event,
            title=fields.validated_data["title"],
            session=fields.validated_data.get("session", ""),
            user=request.user,
        )
        slide.refresh_from_db()  # the preview may be made already (in-process tasks)
        return Response({"data": self.resource_document(slide)}, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        slide = self.get_object()
        values = jsonapi.attributes(request.data, "slide", [kwargs["pk"]])
        current = SlideResourceSerializer(slide, context=self.get_serializer_context()).data
        if values.get("slides_url") not in (None, current["slides_url"]):
            raise Refusal("immutable", field="slides_url", variant="slides")
        fields = SlideAttributesSerializer(
            data={k: v for k, v in values.items() if k in ("title", "session")}, partial=True
        )
        fields.is_valid(raise_exception=True)
        services.change_slide(slide, **fields.validated_data)
        return Response({"data": self.resource_document(slide)})


class UserResourceView(jsonapi.JSONAPIViewMixin, MediaAPIView):
    """``/v1/users/me`` and ``/v1/users/{id}`` (type ``user``): one's own avatar, by URL."""

    permission_classes = [permissions.IsAuthenticated]

    def target(self, request, pk) -> object:
        if pk in (None, "me") or str(pk) == str(request.user.pk):
            return request.user
        if request.user.is_staff and request.method in permissions.SAFE_METHODS:
            return get_object_or_404(get_user_model(), pk=pk)
        raise NotFound()  # another user's media is not this user's to see or change

    def resource_document(self, user) -> dict:
        data = UserResourceSerializer(user, context={"request": self.request}).data
        return jsonapi.resource(
            "user", data, {"self": self.request.build_absolute_uri(f"/v1/users/{user.pk}")}
        )

    # JSON:API only: the OpenAPI schema documents the plain API (docs/open-event.md).
    @document(exclude=True)
    def get(self, request, pk=None):
        return Response({"data": self.resource_document(self.target(request, pk))})

    @document(exclude=True)
    def patch(self, request, pk=None):
        user = self.target(request, pk)
        values = jsonapi.attributes(request.data, "user", [] if pk in (None, "me") else [pk])
        current = UserResourceSerializer(user, context={"request": request}).data
        # avatar-url and original-image-url are the same image to Open Event: whichever changed.
        wanted = {name: values[name] for name in ("original_image_url", "avatar_url") if name in values}
        found = _uploads_named(wanted, current, user=request.user)
        if found:
            name, item = next(iter(found.items()))
            if isinstance(item, ImageUpload):
                services.set_avatar_from_upload(item, user=user)
            else:  # an image fetched from an allowed host
                services.set_avatar(user=user, processed=_processed(name, item.data, "avatar"))
        elif _removed(wanted, current):  # "remove" on the profile form: the avatar and its files go
            avatar = UserImage.objects.filter(user=user).first()
            if avatar is not None:
                services.delete_stored(avatar)
        names = {name: str(values[name] or "")[:150] for name in USER_NAME_ATTRIBUTES if name in values}
        names = {
            name: value for name, value in names.items() if hasattr(user, name) and value != current[name]
        }
        if names:
            services.change_user_names(user, **names)
        return Response({"data": self.resource_document(user)})
