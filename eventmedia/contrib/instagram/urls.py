"""URLs of Connect Instagram; a site mounts them with ``path("instagram/", include(...))``."""

from django.urls import path

from . import views

app_name = "eventmedia-instagram"

urlpatterns = [
    path("connect/", views.connect, name="connect"),
    path("callback/", views.callback, name="callback"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("deauthorize/", views.deauthorize, name="deauthorize"),
    path("data-deletion/", views.data_deletion, name="data-deletion"),
    path("data-deletion/<str:code>/", views.deletion_status, name="deletion-status"),
]
