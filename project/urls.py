"""URLs of the demo site: its pages, the admin, eventmedia's API at /v1/ and its media files."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/instagram/", views.event_instagram, name="event-instagram"),
    path("admin/", admin.site.urls),
    # Open Event's frontend logs in here (project/auth.py: the demo's, not eventmedia's).
    path("auth/session", auth.SessionView.as_view(), name="auth-session"),
    path("v1/auth/token/refresh", auth.RefreshView.as_view(), name="auth-refresh"),
    # The least of Open Event's own server its frontend needs to render (the demo's, before our API).
    path("v1/", include("project.open_event_site")),
    path("v1/", include("project.sessions")),  # Open Event's session resource, built on UploadURLField
    path("v1/", include("eventmedia.api.urls")),
    path("instagram/", include("eventmedia.contrib.instagram.urls")),
    path("v1/", include("eventmedia.api.docs_urls")),  # /v1/schema/ and /v1/docs/
    path("v1/", include("eventmedia.api.not_found_urls")),  # last: any other /v1/ path is a JSON 404
]

if settings.SERVE_MEDIA:
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{prefix}(?P<path>.*)$", views.media))
