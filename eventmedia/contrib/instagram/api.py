"""The Instagram part of the REST API (mounted by ``eventmedia.api.urls`` under ``/v1/``).

``GET/DELETE /instagram/account``, ``GET /instagram/media?after=`` and
``POST /events/{id}/instagram-import``. A user without a usable account gets 409 with code
``instagram_not_connected`` or ``instagram_reconnect_needed``; Instagram throttling is a 503 with
``instagram_throttled``; Instagram being down is a 502 with ``instagram_unavailable``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response

from ... import background
from ...api.permissions import EventMediaPermission
from ...api.schema import document, inline_serializer
from ...api.serializers import EventImageSerializer
from ...api.views import MediaAPIView
from ...models import get_event_model
from . import services
from .client import InstagramError, Throttled
from .models import InstagramAccount


class InstagramConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "instagram_not_connected"
    default_detail = _("Connect an Instagram account first.")


class InstagramThrottled(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "instagram_throttled"
    default_detail = _("Instagram asks us to slow down. Try again in a few minutes.")


class InstagramUnavailable(exceptions.APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "instagram_unavailable"
    default_detail = _("Instagram could not be reached. Try again in a few minutes.")


def _not_connected(error: services.NotConnected) -> InstagramConflict:
    if error.needs_reconnect:
        return InstagramConflict(
            _(
                "Instagram needs to be connected again (the access expired, was revoked, or lacks a "
                "permission: allow access to the profile and media when connecting)."
            ),
            code="instagram_reconnect_needed",
        )
    return InstagramConflict()


def account_state(user) -> dict:
    account = InstagramAccount.objects.filter(user=user).first()
    if account is None:
        return {"connected": False, "username": None, "expires_at": None, "needs_reconnect": False}
    # Connected means a usable token is held: not deauthorized, not expired, readable with our key.
    expired = account.token_expires_at is not None and account.token_expires_at <= timezone.now()
    connected = bool(account.encrypted_token) and not account.needs_reconnect and not expired
    connected = connected and bool(account.token)
    return {
        "connected": connected,
        "username": account.username,
        "expires_at": account.token_expires_at,
        "needs_reconnect": not connected,
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
        except services.NotConnected as error:
            raise _not_connected(error) from None
        except Throttled:
            raise InstagramThrottled() from None
        except InstagramError:
            raise InstagramUnavailable() from None
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
        if not background.runs_in_process():
            try:
                services.usable_account(request.user)  # refuse now rather than in the worker
            except services.NotConnected as error:
                raise _not_connected(error) from None
            record = background.start(
                kind="instagram_import",
                user=request.user,
                arguments={"event": str(self.event.pk), "media_ids": media_ids},
                total=len(media_ids),
            )
            return Response({"task_id": record.pk}, status=status.HTTP_202_ACCEPTED)
        try:
            result = services.import_media(user=request.user, event=self.event, media_ids=media_ids)
        except services.NotConnected as error:
            raise _not_connected(error) from None
        except InstagramError:
            raise InstagramUnavailable() from None
        images = EventImageSerializer(result.imported, many=True, context={"request": request}).data
        return Response({"imported": images, "skipped": result.skipped})
