"""URLs of eventmedia's API; a site mounts them with ``path("v1/", include("eventmedia.api.urls"))``."""

from django.urls import include, path

from .. import extensions
from . import views
from .routing import EVENT, route

app_name = "eventmedia-api"


LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    *route("upload/image", views.UploadImageView.as_view(), "upload-image"),
    *route("upload/files", views.UploadFilesView.as_view(), "upload-files"),
    *route("tasks/<str:task_id>", views.TaskView.as_view(), "task"),
    *route("events/", views.EventViewSet.as_view(LIST), "event-list"),
    *route(f"events/<{EVENT}:pk>/", views.EventViewSet.as_view({**DETAIL, "put": "update"}), "event-detail"),
    *route(f"events/<{EVENT}:event_pk>/images/", views.EventImageViewSet.as_view(LIST), "event-image-list"),
    *route(
        f"events/<{EVENT}:event_pk>/images/<int:pk>/",
        views.EventImageViewSet.as_view(DETAIL),
        "event-image-detail",
    ),
    *route(f"events/<{EVENT}:event_pk>/slides/", views.SlideViewSet.as_view(LIST), "slide-list"),
    *route(f"events/<{EVENT}:event_pk>/slides/<int:pk>/", views.SlideViewSet.as_view(DETAIL), "slide-detail"),
    *route("users/me/avatar", views.AvatarView.as_view(), "avatar"),
]

# The API parts of installed add-ons (Connect Instagram's account, media and import endpoints).
urlpatterns += [path("", include(module)) for module in extensions.api_url_modules()]
