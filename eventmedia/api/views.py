"""API views. They parse and authorise; the services do the work. Their base is ``base``."""

from __future__ import annotations

from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .. import background, services
from ..models import (
    SINGLE_KINDS,
    BackgroundTask,
    EventImage,
    ImageKind,
    Slide,
    UserImage,
    find_event,
    get_event_model,
)
from ..problems import Refusal
from .base import (  # noqa: F401 - MediaViewMixin and MediaAPIView are imported from here too
    AnswerInKind,
    JSONAPIBodyParser,
    MediaAPIView,
    MediaViewMixin,
)
from .permissions import EventMediaPermission
from .schema import data_uri_example, document
from .serializers import (
    AvatarObjectSerializer,
    AvatarSerializer,
    DocumentUploadSerializer,
    EventImageSerializer,
    ImageUploadSerializer,
    SlideSerializer,
    TaskStatusSerializer,
    UploadedDocumentSerializer,
    UploadedImageSerializer,
    event_serializer_class,
)


class OpenEventUploadMixin:
    """Open Event's clients send uploads with the JSON:API media type and accept it back: the body is
    read as JSON and the answer is the same ``{"url", ...}`` object (``?force_local=true`` is
    accepted and changes nothing: files always go to the site's storage)."""

    parser_classes = [*MediaViewMixin.parser_classes, JSONAPIBodyParser]
    content_negotiation_class = AnswerInKind


class UploadImageView(OpenEventUploadMixin, MediaAPIView):
    """``POST /upload/image``: an image as ``{"data": "<data URI>"}`` or a multipart ``file``."""

    takes_files = True

    @document(
        request=ImageUploadSerializer,
        responses={201: UploadedImageSerializer},
        examples=data_uri_example(
            "image/png",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        ),
    )
    def post(self, request):
        serializer = ImageUploadSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with serializer.media_errors():
            processed = services.process_image_bytes(serializer.validated_data["content"])
        upload = services.save_uploaded_image(processed=processed, user=request.user)
        answer = UploadedImageSerializer(upload, context={"request": request})
        return Response(answer.data, status=status.HTTP_201_CREATED)


class UploadFilesView(OpenEventUploadMixin, MediaAPIView):
    """``POST /upload/files``: documents as multipart ``file`` / ``files[]`` or ``{"data": ...}``."""

    takes_files = True

    @document(
        request=DocumentUploadSerializer,
        responses={201: UploadedDocumentSerializer},
        examples=data_uri_example("application/pdf", "JVBERi0xLjQK..."),
    )
    def post(self, request):
        items = request.data.getlist("files[]") if hasattr(request.data, "getlist") else []
        payloads = [{"file": item} for item in items] if items else [request.data]
        serializers = [
            DocumentUploadSerializer(data=payload, context={"request": request}) for payload in payloads
        ]
        for serializer in serializers:
            serializer.is_valid(raise_exception=True)
        uploads = services.save_uploaded_documents(
            documents=[
                (s.validated_data["content"].data, s.validated_data["content"].sniffed) for s in serializers
            ],
            user=request.user,
        )
        answer = UploadedDocumentSerializer(uploads, many=True, context={"request": request}).data
        return Response(answer if items else answer[0], status=status.HTTP_201_CREATED)


# -- Resources -------------------------------------------------------------------------------------


class EventMediaPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class EventViewSet(MediaViewMixin, viewsets.ModelViewSet):
    """``/events/``: the event model in use (swapped or not) with its background and logo."""

    permission_classes = [EventMediaPermission]
    pagination_class = EventMediaPagination
    creates_events = True

    def get_serializer_class(self):
        return event_serializer_class()

    def get_queryset(self):
        singles = EventImage.objects.filter(kind__in=SINGLE_KINDS)
        return (
            get_event_model()
            .objects.order_by("pk")
            .prefetch_related(Prefetch("media_images", queryset=singles, to_attr="_eventmedia_singles"))
        )

    def get_object(self):
        """The event by its identifier or its primary key (Open Event's clients use the identifier)."""
        event = event_or_404(self.kwargs["pk"], self.filter_queryset(self.get_queryset()))
        self.check_object_permissions(self.request, event)
        return event

    def perform_create(self, serializer, images=()):
        """Create the event (with ``images``, ``services.ImageChange``s, in the same transaction)."""
        model = serializer.Meta.model
        owner = {"owner": self.request.user} if _has_field(model, "owner") else {}
        unfillable = _required_fields_missing(model, {**serializer.validated_data, **owner})
        if unfillable:
            message = Refusal("required", variant="event_model").message
            raise ValidationError({name: [ErrorDetail(message, code="required")] for name in unfillable})
        try:
            values = {**serializer.validated_data, **owner}
            serializer.instance = services.create_event_with_images(
                model, values, images, user=self.request.user
            )
        except IntegrityError:
            raise Refusal("invalid") from None

    def perform_update(self, serializer, images=()):
        # Never serializer.save(): on a row deleted meanwhile, Model.save() would insert it again.
        changes = dict(serializer.validated_data)
        services.change_event_with_images(serializer.instance, changes, images, user=self.request.user)

    def perform_destroy(self, instance):
        services.delete_event(instance)


def event_or_404(key, queryset=None):
    """The event ``key`` names (identifier or primary key), or a 404."""
    event = find_event(key, queryset)
    if event is None:
        raise Http404("No event has this identifier or id.")
    return event


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _required_fields_missing(model, values: dict) -> list[str]:
    """Fields the database needs a value for that neither the request nor a default provides."""
    missing = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or field.name in values:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.get_internal_type() in ("CharField", "TextField", "SlugField") and field.blank:
            continue  # "" is stored
        missing.append(field.name)
    return missing


class EventChildViewSet(MediaViewMixin, viewsets.GenericViewSet):
    """Base for resources under ``/events/{event_pk}/``: loads ``self.event`` before permissions."""

    permission_classes = [EventMediaPermission]
    pagination_class = EventMediaPagination
    filter_backends = [OrderingFilter]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def initial(self, request, *args, **kwargs):
        self.event = event_or_404(kwargs["event_pk"])
        super().initial(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.delete_stored(instance)  # its files go after the deletion commits


class EventImageViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    EventChildViewSet,
):
    """``/events/{id}/images/``: list (``?kind=``, ``?ordering=``), create, retrieve, change, delete."""

    takes_files = True
    serializer_class = EventImageSerializer

    def get_queryset(self):
        images = EventImage.objects.filter(event=self.event)
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in ImageKind.values:
                raise Refusal(
                    "invalid_choice", field="kind", name="kind", choices=", ".join(ImageKind.values)
                )
            images = images.filter(kind=kind)
        return images

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with serializer.media_errors():
            processed = services.process_image_bytes(data["content"])
        image = services.save_event_image(
            event=self.event,
            processed=processed,
            kind=data.get("kind", ImageKind.GALLERY),
            caption=data.get("caption", ""),
            user=request.user,
        )
        return Response(self.get_serializer(image).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        image = self.get_object()
        serializer = self.get_serializer(image, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {
            name: dict(value) if isinstance(value, dict) else value
            for name, value in serializer.validated_data.items()
            if name in ("kind", "caption", "focal_point")
        }
        services.change_event_image(image, **changes)
        return Response(self.get_serializer(image).data)


class SlideViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    EventChildViewSet,
):
    """``/events/{id}/slides/``: a talk's slides as PDF, PPTX or ODP, with a preview of a PDF's page one."""

    takes_files = True
    serializer_class = SlideSerializer

    def get_queryset(self):
        return Slide.objects.filter(event=self.event)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        slide = services.add_slide(
            event=self.event,
            title=data["title"],
            session=data.get("session", ""),
            data=data["content"].data,
            sniffed=data["content"].sniffed,
            user=request.user,
        )
        slide.refresh_from_db()  # the preview may have been made already (immediate task backend)
        return Response(self.get_serializer(slide).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        slide = self.get_object()
        serializer = self.get_serializer(slide, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in ("title", "session")}
        services.change_slide(slide, **changes)
        return Response(self.get_serializer(slide).data)


class AvatarView(MediaAPIView):
    """``/users/me/avatar``: the signed-in user's avatar: read, replace (PUT), remove."""

    takes_files = True

    @document(responses={200: AvatarObjectSerializer})
    def get(self, request):
        avatar = get_object_or_404(UserImage, user=request.user)
        return Response(AvatarObjectSerializer(avatar, context={"request": request}).data)

    @document(
        request=AvatarSerializer,
        responses={200: AvatarObjectSerializer},
        examples=data_uri_example("image/jpeg", "/9j/4AAQSkZJRgABAQ..."),
    )
    def put(self, request):
        serializer = AvatarSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with serializer.media_errors():
            processed = services.process_image_bytes(serializer.validated_data["content"], "avatar")
        avatar = services.set_avatar(user=request.user, processed=processed)
        return Response(AvatarObjectSerializer(avatar, context={"request": request}).data)

    @document(responses={204: None})
    def delete(self, request):
        avatar = get_object_or_404(UserImage, user=request.user)
        services.delete_stored(avatar)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskView(MediaAPIView):
    """``GET /tasks/{id}``: a background task the signed-in user started: status, progress, result."""

    @document(responses={200: TaskStatusSerializer})
    def get(self, request, task_id):
        record = get_object_or_404(BackgroundTask, pk=task_id, user=request.user)  # others: 404
        return Response(TaskStatusSerializer(background.describe(record)).data)
