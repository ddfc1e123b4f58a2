"""URLs of eventmedia's API; a site mounts them with ``path("v1/", include("eventmedia.api.urls"))``."""

from django.urls import include, path

from .. import extensions
from . import open_event, views
from .routing import EVENT, route

app_name = "eventmedia-api"


LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    *route("upload/image", views.UploadImageView.as_view(), "upload-image"),
    *route("upload/files", views.UploadFilesView.as_view(), "upload-files"),
    *route("tasks/<str:task_id>", views.TaskView.as_view(), "task"),
    *route(
        "events/",
        views.EventViewSet.as_view(LIST),
        "event-list",
        jsonapi=open_event.EventResourceViewSet.as_view(LIST),
    ),
    *route(
        f"events/<{EVENT}:pk>/",
        views.EventViewSet.as_view({**DETAIL, "put": "update"}),
        "event-detail",
        jsonapi=open_event.EventResourceViewSet.as_view({**DETAIL, "put": "update"}),
    ),
    *route(f"events/<{EVENT}:event_pk>/images/", views.EventImageViewSet.as_view(LIST), "event-image-list"),
    *route(
        f"events/<{EVENT}:event_pk>/images/<int:pk>/",
        views.EventImageViewSet.as_view(DETAIL),
        "event-image-detail",
    ),
    *route(
        f"events/<{EVENT}:event_pk>/slides/",
        views.SlideViewSet.as_view(LIST),
        "slide-list",
        jsonapi=open_event.SlideResourceViewSet.as_view(LIST),
    ),
    *route(
        f"events/<{EVENT}:event_pk>/slides/<int:pk>/",
        views.SlideViewSet.as_view(DETAIL),
        "slide-detail",
        jsonapi=open_event.SlideResourceViewSet.as_view(DETAIL),
    ),
    *route("users/me/avatar", views.AvatarView.as_view(), "avatar"),
    # Open Event's user resource (JSON:API only): the avatar by URL.
    *route("users/me", open_event.UserResourceView.as_view(), "user-me"),
    *route("users/<int:pk>", open_event.UserResourceView.as_view(), "user-detail"),
]

# The API parts of installed add-ons (Connect Instagram's account, media and import endpoints).
urlpatterns += [path("", include(module)) for module in extensions.api_url_modules()]
