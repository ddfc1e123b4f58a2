"""The Instagram part of the API, added to ``eventmedia.api.urls`` (so under its ``v1/`` prefix)."""

from ...api.routing import EVENT, route
from ...api.sources import SourceImportView, SourceMediaView
from . import api
from .models import SOURCE

urlpatterns = [
    *route("instagram/account", api.InstagramAccountView.as_view(), "instagram-account"),
    *route("instagram/media", SourceMediaView.as_view(source_name=SOURCE), "instagram-media"),
    *route(
        f"events/<{EVENT}:event_pk>/instagram-import",
        SourceImportView.as_view(source_name=SOURCE),
        "instagram-import",
    ),
]
