"""The Instagram part of the REST API (mounted by ``eventmedia.api.urls`` under ``/v1/``).

``GET/DELETE /instagram/account``, ``GET /instagram/media?after=`` and
``POST /events/{id}/instagram-import``. A user without a usable account gets 409 with code
``instagram_not_connected`` or ``instagram_reconnect_needed``; Instagram throttling is a 503 with
``instagram_throttled``; Instagram being down is a 502 with ``instagram_unavailable``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import permissions, serializers, status
from rest_framework.response import Response

from ... import background
from ...api.permissions import EventMediaPermission
from ...api.schema import document, document_field
from ...api.serializers import EventImageSerializer, TaskStartedSerializer
from ...api.views import MediaAPIView
from ...models import get_event_model
from ...problems import Refusal
from . import problems, services
from .client import InstagramError
from .models import InstagramAccount


def account_state(user) -> dict:
    """What ``GET /instagram/account`` says of ``user``'s account (``services.account_status``)."""
    account = InstagramAccount.objects.filter(user=user).first()
    status_ = services.account_status(account)
    return {
        "connected": status_ == services.CONNECTED,
        "username": account.username if account else None,
        "expires_at": account.token_expires_at if account else None,
        "needs_reconnect": status_ == services.RECONNECT,
    }


class InstagramAccountSerializer(serializers.Serializer):
    connected = serializers.BooleanField(read_only=True)
    username = serializers.CharField(allow_null=True, read_only=True)
    expires_at = serializers.DateTimeField(allow_null=True, read_only=True)
    needs_reconnect = serializers.BooleanField(read_only=True)


class InstagramMediaSerializer(serializers.Serializer):
    """One ``MediaItem``; ``preview_url`` is Instagram's signed CDN link, for display only."""

    id = serializers.CharField(read_only=True)
    media_type = serializers.CharField(read_only=True)
    caption = serializers.CharField(read_only=True)
    permalink = serializers.CharField(read_only=True)
    timestamp = serializers.CharField(read_only=True)
    preview_url = serializers.SerializerMethodField()

    @document_field(serializers.URLField(allow_null=True))
    def get_preview_url(self, item) -> str | None:
        return item.image_url or None


class InstagramMediaPageSerializer(serializers.Serializer):
    """A ``MediaPage``: its posts and the cursor of the next page (null on the last)."""

    results = InstagramMediaSerializer(many=True, read_only=True, source="items")
    next = serializers.CharField(allow_null=True, read_only=True, source="next_cursor")


class InstagramImportSerializer(serializers.Serializer):
    """An ``ImportResult``: the images made, and the posts skipped with the reason's code."""

    imported = EventImageSerializer(many=True, read_only=True)
    skipped = serializers.ListField(child=serializers.DictField(), read_only=True)


class InstagramAccountView(MediaAPIView):
    @document(responses={200: InstagramAccountSerializer})
    def get(self, request):
        return Response(InstagramAccountSerializer(account_state(request.user)).data)

    @document(responses={204: None})
    def delete(self, request):
        services.disconnect(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InstagramMediaView(MediaAPIView):
    """Recent posts of the connected account, a page at a time (``?after=<cursor>``)."""

    @document(responses={200: InstagramMediaPageSerializer})
    def get(self, request):
        after = request.query_params.get("after") or None
        try:
            page = services.recent_media(user=request.user, after=after)
        except (services.NotConnected, InstagramError) as error:
            raise Refusal(problems.describe(error).code) from None
        return Response(InstagramMediaPageSerializer(page).data)


class ImportSerializer(serializers.Serializer):
    media_ids = serializers.ListField(
        child=serializers.CharField(max_length=64), allow_empty=False, max_length=100
    )


class InstagramImportView(MediaAPIView):
    """``POST /events/{id}/instagram-import`` with ``{"media_ids": [...]}``."""

    permission_classes = [permissions.IsAuthenticated, EventMediaPermission]

    def initial(self, request, *args, **kwargs):
        self.event = get_object_or_404(get_event_model(), pk=kwargs["event_pk"])
        super().initial(request, *args, **kwargs)

    @document(
        request=ImportSerializer, responses={200: InstagramImportSerializer, 202: TaskStartedSerializer}
    )
    def post(self, request, event_pk):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        media_ids = serializer.validated_data["media_ids"]
        try:
            if not background.runs_in_process():
                record = services.start_import_task(user=request.user, event=self.event, media_ids=media_ids)
                return Response(TaskStartedSerializer(record).data, status=status.HTTP_202_ACCEPTED)
            result = services.import_media(user=request.user, event=self.event, media_ids=media_ids)
        except (services.NotConnected, InstagramError) as error:
            raise Refusal(problems.describe(error).code) from None
        return Response(InstagramImportSerializer(result, context={"request": request}).data)
