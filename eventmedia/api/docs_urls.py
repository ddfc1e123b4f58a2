"""The OpenAPI schema and Swagger UI of eventmedia's API, for sites with the ``openapi`` extra.

``path("v1/", include("eventmedia.api.docs_urls"))`` next to ``eventmedia.api.urls`` serves
``/v1/schema/`` and ``/v1/docs/``. Needs ``drf_spectacular`` in ``INSTALLED_APPS`` and its
``AutoSchema`` as DRF's ``DEFAULT_SCHEMA_CLASS``; with ``drf_spectacular_sidecar`` installed and
``SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"] = "SIDECAR"`` the docs page needs no CDN.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

app_name = "eventmedia-docs"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="eventmedia-docs:schema"), name="docs"),
]
