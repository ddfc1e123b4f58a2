"""The Instagram part of the API, added to ``eventmedia.api.urls`` (so under its ``v1/`` prefix)."""

from ...api.routing import EVENT, route
from . import api

urlpatterns = [
    *route("instagram/account", api.InstagramAccountView.as_view(), "instagram-account"),
    *route("instagram/media", api.InstagramMediaView.as_view(), "instagram-media"),
    *route(
        f"events/<{EVENT}:event_pk>/instagram-import", api.InstagramImportView.as_view(), "instagram-import"
    ),
]
