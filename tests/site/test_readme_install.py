"""The guide's "Adding eventmedia to your site" (docs/site.md), line by line, on a brand-new Django project.

The settings and URL blocks are read from the guide itself (the one place both the reader and this
test use), added to what ``django-admin startproject`` wrote, and the site is then checked, migrated
and used: a token upload, the admin event page with its media panel, the template tags, the schema.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

GUIDE = ROOT / "docs" / "site.md"
# The sections of the guide a new site follows (the own event model needs an app of the site's).
BASE_SECTIONS = ["Settings and URLs", "The API schema (optional)"]

pytestmark = pytest.mark.slow

SITE_SCRIPT = r"""
import io, json
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from rest_framework.authtoken.models import Token
from eventmedia.models import Event, EventImage
from PIL import Image
import base64

user = get_user_model().objects.create_superuser("organizer", "o@example.com", "pw")
token = Token.objects.create(user=user).key
client = Client(HTTP_HOST="localhost")
buffer = io.BytesIO()
Image.new("RGB", (1600, 900), "teal").save(buffer, "JPEG")
data_uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
upload = client.post("/v1/upload/image", json.dumps({"data": data_uri}), content_type="application/json",
                     HTTP_AUTHORIZATION=f"Token {token}")
event = client.post("/v1/events/", json.dumps({"name": "README Conf"}), content_type="application/json",
                    HTTP_AUTHORIZATION=f"Token {token}")
event_id = event.json()["id"]
image = client.post(f"/v1/events/{event_id}/images/", json.dumps({"kind": "background", "data": data_uri}),
                    content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
media = client.get(upload.json()["url"].replace("http://localhost", ""))
client.force_login(user)
admin_page = client.get(f"/admin/eventmedia/event/{event_id}/change/")
stored = EventImage.objects.get(pk=image.json()["id"])
tags = '{% load eventmedia %}{% eventmedia_image image "large" %}|{% event_background event %}'
rendered = Template(tags).render(Context({"image": stored, "event": Event.objects.get(pk=event_id)}))
schema = client.get("/v1/schema/")
report = {
    "upload": upload.status_code, "event": event.status_code, "image": image.status_code,
    "media": media.status_code, "admin": admin_page.status_code,
    "panel": 'data-testid="admin-gallery"' in admin_page.content.decode(),
    "srcset": "srcset=" in rendered, "background": stored.rendition_url("banner") in rendered,
    "schema": schema.status_code,
}
"""

# Appended to SITE_SCRIPT: what Connect Instagram adds, or its absence.
INSTAGRAM_SCRIPT = r"""
report["instagram_section"] = 'data-testid="admin-instagram"' in admin_page.content.decode()
report["account"] = client.get("/v1/instagram/account").status_code
report["connect"] = client.get("/instagram/connect/").status_code
print(json.dumps(report))
"""

# Which modules of eventmedia.contrib a site without it loaded, once its URLs and admin are loaded.
LOADED_SCRIPT = r"""
import json, sys
from django.urls import resolve, reverse
from django.contrib import admin
resolve("/v1/upload/image"); admin.site.get_urls()
print(json.dumps(sorted(name for name in sys.modules if name.startswith("eventmedia.contrib."))))
"""


def readme_blocks(subsection: str | None = None) -> dict[str, str]:
    """The python blocks headed ``# settings.py`` or ``# urls.py`` in the guide's set-up page: those of
    the base set-up (``BASE_SECTIONS``), or of one ``## <subsection>``; joined per file."""
    text = GUIDE.read_text()
    parts = {
        title.strip(): body for title, body in re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    }
    wanted = [subsection] if subsection else BASE_SECTIONS
    files: dict[str, list[str]] = {}
    for title in wanted:
        for block in re.findall(r"```python\n(.*?)```", parts[title], re.S):
            first, _, body = block.partition("\n")
            name = first.lstrip("# ").strip()
            if name in ("settings.py", "urls.py"):
                files.setdefault(name, []).append(body)
    return {name: "\n".join(bodies) for name, bodies in files.items()}


def run(command, cwd, extra_env: dict[str, str] | None = None):
    # The new site's own settings, not this test run's (pytest-django exports DJANGO_SETTINGS_MODULE).
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(extra_env or {})
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def new_site(tmp_path, blocks: dict[str, str], env: dict[str, str] | None = None) -> list[str]:
    """A ``startproject`` site with ``blocks`` appended, checked and migrated; its manage.py command."""
    assert set(blocks) == {"settings.py", "urls.py"}
    django_admin = Path(sys.executable).parent / "django-admin"
    run([str(django_admin), "startproject", "eventsite", str(tmp_path)], tmp_path)
    (tmp_path / "eventsite" / "settings.py").open("a").write("\n" + blocks["settings.py"])
    (tmp_path / "eventsite" / "urls.py").open("a").write("\n" + blocks["urls.py"])
    manage = [sys.executable, "manage.py"]
    run([*manage, "check", "--fail-level", "WARNING"], tmp_path, env)  # a warning fails it
    run([*manage, "migrate", "--noinput", "-v", "0"], tmp_path, env)
    return manage


EXPECTED = {
    "upload": 201,
    "event": 201,
    "image": 201,
    "media": 200,
    "admin": 200,
    "panel": True,
    "srcset": True,
    "background": True,
    "schema": 200,
}


def test_a_new_site_set_up_as_the_readme_says_works(tmp_path):
    blocks = readme_blocks()
    instagram = readme_blocks("Connect Instagram (optional)")
    both = {name: blocks[name] + "\n" + instagram[name] for name in blocks}
    manage = new_site(tmp_path, both)
    report = run([*manage, "shell", "-c", SITE_SCRIPT + INSTAGRAM_SCRIPT], tmp_path).stdout
    result = json.loads(report.strip().splitlines()[-1])
    assert result == {**EXPECTED, "instagram_section": True, "account": 200, "connect": 503}


def test_a_site_without_connect_instagram_needs_neither_requests_nor_cryptography(tmp_path):
    blocked = tmp_path / "blocked"
    for name in ("requests", "cryptography"):
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(f"raise ImportError('{name} is not installed')\n")
    env = {"PYTHONPATH": str(blocked)}
    site = tmp_path / "site"
    site.mkdir()
    manage = new_site(site, readme_blocks(), env)
    report = run([*manage, "shell", "-c", SITE_SCRIPT + INSTAGRAM_SCRIPT], site, env).stdout
    result = json.loads(report.strip().splitlines()[-1])
    assert result == {**EXPECTED, "instagram_section": False, "account": 404, "connect": 404}
    modules = run([*manage, "shell", "-c", LOADED_SCRIPT], site, env).stdout.strip().splitlines()[-1]
    assert json.loads(modules) == []
