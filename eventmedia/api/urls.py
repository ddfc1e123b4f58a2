"""URLs of eventmedia's API; a site mounts them with ``path("v1/", include("eventmedia.api.urls"))``."""

from django.urls import include, path

from .. import extensions
from . import views
from .converters import EVENT

app_name = "eventmedia-api"


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
]

# The API parts of installed add-ons (Connect Instagram's account, media and import endpoints).
urlpatterns += [path("", include(module)) for module in extensions.api_url_modules()]
