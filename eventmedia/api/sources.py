"""The API of every installed source: a page of the user's items, and importing the chosen ones.

A source's app mounts these with its own paths (``as_view(source_name=...)``): Connect Instagram
serves them as ``GET /v1/instagram/media?after=`` and ``POST /v1/events/{id}/instagram-import``. A user
without usable access gets the source's refusal (409 ``instagram_not_connected``, say).
"""

from __future__ import annotations

from rest_framework import permissions, serializers, status
from rest_framework.response import Response

from .. import background, sources
from .permissions import EventMediaPermission
from .schema import document, document_field
from .serializers import EventImageSerializer, TaskStartedSerializer
from .views import MediaAPIView, event_or_404


class SourceItemSerializer(serializers.Serializer):
    """One ``PageItem``; ``preview_url`` is the source's own link (a signed CDN URL), for display only."""

    id = serializers.CharField(read_only=True)
    media_type = serializers.CharField(read_only=True)
    caption = serializers.CharField(read_only=True)
    permalink = serializers.CharField(read_only=True)
    timestamp = serializers.CharField(read_only=True)
    preview_url = serializers.SerializerMethodField()

    @document_field(serializers.URLField(allow_null=True))
    def get_preview_url(self, item) -> str | None:
        return item.preview_url or None


class SourcePageSerializer(serializers.Serializer):
    """A ``Page``: its items and the cursor of the next page (null on the last)."""

    results = SourceItemSerializer(many=True, read_only=True, source="items")
    next = serializers.CharField(allow_null=True, read_only=True, source="next_cursor")


class ImportResultSerializer(serializers.Serializer):
    """An ``ImportResult``: the images made, and the items skipped with the reason's code."""

    imported = EventImageSerializer(many=True, read_only=True)
    skipped = serializers.ListField(child=serializers.DictField(), read_only=True)
    retry_after = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Seconds the source asked to wait (throttled items)."
    )


class ImportRequestSerializer(serializers.Serializer):
    media_ids = serializers.ListField(
        child=serializers.CharField(max_length=64), allow_empty=False, max_length=100
    )


class SourceView(MediaAPIView):
    source_name = ""

    @property
    def source(self) -> sources.Source:
        return sources.get(self.source_name)


class SourceMediaView(SourceView):
    """The user's recent items at the source, a page at a time (``?after=<cursor>``)."""

    @document(responses={200: SourcePageSerializer})
    def get(self, request):
        page = self.source.session(request.user).page(request.query_params.get("after") or None)
        return Response(SourcePageSerializer(page).data)


class SourceImportView(SourceView):
    """``{"media_ids": [...]}``: import now (200), or with a task worker start the import (202)."""

    permission_classes = [permissions.IsAuthenticated, EventMediaPermission]

    def initial(self, request, *args, **kwargs):
        self.event = event_or_404(kwargs["event_pk"])
        super().initial(request, *args, **kwargs)

    @document(
        request=ImportRequestSerializer, responses={200: ImportResultSerializer, 202: TaskStartedSerializer}
    )
    def post(self, request, event_pk):
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["media_ids"]
        if not background.runs_in_process():
            record = sources.start_import(self.source, user=request.user, event=self.event, item_ids=ids)
            return Response(TaskStartedSerializer(record).data, status=status.HTTP_202_ACCEPTED)
        result = sources.import_items(self.source, user=request.user, event=self.event, item_ids=ids)
        return Response(ImportResultSerializer(result, context={"request": request}).data)
