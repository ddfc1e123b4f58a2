"""The Instagram part of the REST API (mounted by ``eventmedia.api.urls`` under ``/v1/``).

``GET/DELETE /instagram/account``, ``GET /instagram/media?after=`` and
``POST /events/{id}/instagram-import``. A user without a usable account gets 409 with code
``instagram_not_connected`` or ``instagram_reconnect_needed``; Instagram throttling is a 503 with
``instagram_throttled``; Instagram being down is a 502 with ``instagram_unavailable``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response

from ... import background
from ...api.permissions import EventMediaPermission
from ...api.schema import document, inline_serializer
from ...api.serializers import EventImageSerializer
from ...api.views import MediaAPIView
from ...models import get_event_model
from . import problems, services
from .client import InstagramError
from .models import InstagramAccount


class InstagramProblem(exceptions.APIException):
    """An Instagram failure as an API error: status, code and message from ``problems``."""

    def __init__(self, problem: problems.Problem):
        self.status_code = problem.status
        super().__init__(problem.message, code=problem.code)


def account_state(user) -> dict:
    account = InstagramAccount.objects.filter(user=user).first()
    status_ = services.account_status(account)
    return {
        "connected": status_ == services.CONNECTED,
        "username": account.username if account else None,
        "expires_at": account.token_expires_at if account else None,
        "needs_reconnect": status_ == services.RECONNECT,
    }


class InstagramAccountSerializer(serializers.Serializer):
    connected = serializers.BooleanField()
    username = serializers.CharField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    needs_reconnect = serializers.BooleanField()


class InstagramMediaSerializer(serializers.Serializer):
    id = serializers.CharField()
    media_type = serializers.CharField()
    caption = serializers.CharField()
    permalink = serializers.CharField()
    timestamp = serializers.CharField()
    preview_url = serializers.URLField(allow_null=True)


class InstagramMediaPageSerializer(serializers.Serializer):
    results = InstagramMediaSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class InstagramAccountView(MediaAPIView):
    @document(responses={200: InstagramAccountSerializer})
    def get(self, request):
        return Response(account_state(request.user))

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
            raise InstagramProblem(problems.describe(error)) from None
        results = [
            {
                "id": item.id,
                "media_type": item.media_type,
                "caption": item.caption,
                "permalink": item.permalink,
                "timestamp": item.timestamp,
                "preview_url": item.image_url or None,  # Instagram's signed CDN link: for display only
            }
            for item in page.items
        ]
        return Response({"results": results, "next": page.next_cursor})


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
        request=ImportSerializer,
        responses={200: inline_serializer("InstagramImport", {
            "imported": EventImageSerializer(many=True),
            "skipped": serializers.ListField(child=serializers.DictField()),
        }) if inline_serializer else dict},
    )  # fmt: skip
    def post(self, request, event_pk):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        media_ids = serializer.validated_data["media_ids"]
        try:
            if not background.runs_in_process():
                record = services.start_import_task(user=request.user, event=self.event, media_ids=media_ids)
                return Response({"task_id": record.pk}, status=status.HTTP_202_ACCEPTED)
            result = services.import_media(user=request.user, event=self.event, media_ids=media_ids)
        except (services.NotConnected, InstagramError) as error:
            raise InstagramProblem(problems.describe(error)) from None
        images = EventImageSerializer(result.imported, many=True, context={"request": request}).data
        return Response({"imported": images, "skipped": result.skipped})
