"""The Instagram part of the REST API (mounted by ``eventmedia.api.urls`` under ``/v1/``).

``GET/DELETE /instagram/account`` here; ``GET /instagram/media?after=`` and ``POST
/events/{id}/instagram-import`` are the core's source views (``eventmedia.api.sources``) for this
source. A user without a usable account gets 409 with code ``instagram_not_connected`` or
``instagram_reconnect_needed``; Instagram throttling is a 503 with ``instagram_throttled``; Instagram
being down is a 502 with ``instagram_unavailable``.
"""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.response import Response

from ...api.schema import document
from ...api.views import MediaAPIView
from . import services
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


class InstagramAccountView(MediaAPIView):
    @document(responses={200: InstagramAccountSerializer})
    def get(self, request):
        return Response(InstagramAccountSerializer(account_state(request.user)).data)

    @document(responses={204: None})
    def delete(self, request):
        services.disconnect(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
