"""URLs of eventmedia's API; a site mounts them with ``path("v1/", include("eventmedia.api.urls"))``."""

from django.db import models
from django.urls import path

from ..instagram import api as instagram_api
from ..models import get_event_model
from . import views

app_name = "eventmedia-api"


def _event_converter() -> str:
    """Path converter for the event model's primary key (a swapped model may use UUIDs)."""
    pk = get_event_model()._meta.pk
    if isinstance(pk, (models.AutoField, models.BigAutoField, models.IntegerField)):
        return "int"
    if isinstance(pk, models.UUIDField):
        return "uuid"
    return "str"


EVENT = _event_converter()
LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    path("upload/image", views.UploadImageView.as_view(), name="upload-image"),
    path("upload/files", views.UploadFilesView.as_view(), name="upload-files"),
    path("tasks/<str:task_id>", views.TaskView.as_view(), name="task"),
    path("events/", views.EventViewSet.as_view(LIST), name="event-list"),
    path(
        f"events/<{EVENT}:pk>/",
        views.EventViewSet.as_view({**DETAIL, "put": "update"}),
        name="event-detail",
    ),
    path(
        f"events/<{EVENT}:event_pk>/images/", views.EventImageViewSet.as_view(LIST), name="event-image-list"
    ),
    path(
        f"events/<{EVENT}:event_pk>/images/<int:pk>/",
        views.EventImageViewSet.as_view(DETAIL),
        name="event-image-detail",
    ),
    path(f"events/<{EVENT}:event_pk>/slides/", views.SlideViewSet.as_view(LIST), name="slide-list"),
    path(
        f"events/<{EVENT}:event_pk>/slides/<int:pk>/",
        views.SlideViewSet.as_view(DETAIL),
        name="slide-detail",
    ),
    path("users/me/avatar", views.AvatarView.as_view(), name="avatar"),
    path("instagram/account", instagram_api.InstagramAccountView.as_view(), name="instagram-account"),
    path("instagram/media", instagram_api.InstagramMediaView.as_view(), name="instagram-media"),
    path(
        f"events/<{EVENT}:event_pk>/instagram-import",
        instagram_api.InstagramImportView.as_view(),
        name="instagram-import",
    ),
]
