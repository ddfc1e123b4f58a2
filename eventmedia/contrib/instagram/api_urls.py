"""The Instagram part of the API, added to ``eventmedia.api.urls`` (so under its ``v1/`` prefix)."""

from django.urls import path

from ...api.converters import EVENT
from . import api

urlpatterns = [
    path("instagram/account", api.InstagramAccountView.as_view(), name="instagram-account"),
    path("instagram/media", api.InstagramMediaView.as_view(), name="instagram-media"),
    path(
        f"events/<{EVENT}:event_pk>/instagram-import",
        api.InstagramImportView.as_view(),
        name="instagram-import",
    ),
]
