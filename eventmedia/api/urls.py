"""URLs of eventmedia's API; a site mounts them with ``path("v1/", include("eventmedia.api.urls"))``."""

from django.urls import path

from . import views

app_name = "eventmedia-api"

urlpatterns = [
    path("upload/image", views.UploadImageView.as_view(), name="upload-image"),
    path("upload/files", views.UploadFilesView.as_view(), name="upload-files"),
]
