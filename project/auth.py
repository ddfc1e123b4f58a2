"""The demo's login for Open Event's frontend: what its JWT authenticator asks, with simplejwt's tokens.

``POST /auth/session`` takes ``{"username": <e-mail>, "password"}`` (the frontend's login field is an
e-mail address) and answers ``{"access_token", "refresh_token"}``; ``POST /v1/auth/token/refresh``
takes ``{"refresh_token"}`` and answers a new ``access_token``. The tokens are simplejwt's, their user
claim is ``identity`` (``SIMPLE_JWT``), and API calls send them as ``Authorization: JWT <token>``.
A site's own login is its business: this is the demo's, not eventmedia's.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken


def refused(message: str) -> Response:
    """401, as the frontend's authenticator expects of bad credentials (no scheme to challenge with)."""
    return Response(
        {"detail": {"message": message, "code": "authentication_failed"}}, status=status.HTTP_401_UNAUTHORIZED
    )


class SessionSerializer(serializers.Serializer):
    username = serializers.CharField()  # the e-mail address, as the frontend's login form sends it
    password = serializers.CharField(trim_whitespace=False)


class RefreshSerializer(serializers.Serializer):
    refresh_token = serializers.CharField()


class SessionView(APIView):
    """A login: the user whose e-mail and password match gets an access and a refresh token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = None  # the demo's login, not part of eventmedia's documented API

    def post(self, request):
        sent = SessionSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        users = get_user_model()._default_manager.filter(email__iexact=sent.validated_data["username"])
        user = next(
            (u for u in users if u.is_active and u.check_password(sent.validated_data["password"])), None
        )
        if user is None:
            return refused("No active account has this e-mail address and password.")
        refresh = RefreshToken.for_user(user)
        return Response({"access_token": str(refresh.access_token), "refresh_token": str(refresh)})


class RefreshView(APIView):
    """A new access token for a valid refresh token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = None

    def post(self, request):
        sent = RefreshSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        try:
            refresh = RefreshToken(sent.validated_data["refresh_token"])
        except TokenError:
            return refused("The refresh token is invalid or expired.")
        return Response({"access_token": str(refresh.access_token)})
