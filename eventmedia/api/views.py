"""API views. They parse and authorise; the services do the work."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from rest_framework import parsers, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..conf import media_settings
from .exceptions import PayloadTooLarge, full_details_exception_handler
from .serializers import (
    DocumentUploadSerializer,
    ImageUploadSerializer,
    document_urls,
    image_urls,
)


def request_size_limit() -> int:
    """Django's body limit when the site sets one, else what a MAX_UPLOAD_BYTES upload needs."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit if limit is not None else media_settings.max_request_bytes


class MediaAPIView(APIView):
    """Base for eventmedia's views: full-details errors and an early 413 for oversized bodies."""

    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]
    permission_classes = [permissions.IsAuthenticated]

    def get_exception_handler(self):
        return full_details_exception_handler

    def initial(self, request, *args, **kwargs):
        # DRF reads JSON bodies straight from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE:
        # refuse by Content-Length before anything is read.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_size_limit():
            raise PayloadTooLarge(filesizeformat(media_settings.MAX_UPLOAD_BYTES))
        super().initial(request, *args, **kwargs)


class UploadImageView(MediaAPIView):
    """``POST /upload/image``: an image as ``{"data": "<data URI>"}`` or a multipart ``file``."""

    def post(self, request):
        serializer = ImageUploadSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        upload = services.save_uploaded_image(
            processed=serializer.validated_data["content"], user=request.user
        )
        return Response(image_urls(upload, request), status=status.HTTP_201_CREATED)


class UploadFilesView(MediaAPIView):
    """``POST /upload/files``: documents as multipart ``file`` / ``files[]`` or ``{"data": ...}``."""

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
        body = [document_urls(upload, request) for upload in uploads]
        return Response(body if items else body[0], status=status.HTTP_201_CREATED)
