"""A site's URLs that mount eventmedia's API and the admin but not Connect Instagram's pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("v1/", include("eventmedia.api.urls")),
]
