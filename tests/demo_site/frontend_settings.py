"""Settings of the browser run of Open Event's frontend (``make frontend``): the demo's choices
(tests.demo_site.settings), its API on the address baked into the build, the app's origin allowed."""

from tests.demo_site.settings import *  # noqa: F403

FRONTEND_ORIGIN = "http://127.0.0.1:8412"  # where make frontend serves the built app
CORS_ALLOWED_ORIGINS = [*CORS_ALLOWED_ORIGINS, FRONTEND_ORIGIN]  # noqa: F405

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = "test_eventmedia_frontend"  # noqa: F405
