"""The README's "Add eventmedia to your site", line by line, on a brand-new Django project.

The settings and URL blocks are read from the README itself (the one place both the reader and this
test use), added to what ``django-admin startproject`` wrote, and the site is then checked, migrated
and used: a token upload, the admin event page with its media panel, the template tags, the schema.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Add eventmedia to your site"

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
print(json.dumps({
    "upload": upload.status_code, "event": event.status_code, "image": image.status_code,
    "media": media.status_code, "admin": admin_page.status_code,
    "panel": 'data-testid="admin-gallery"' in admin_page.content.decode(),
    "srcset": "srcset=" in rendered, "background": stored.rendition_url("large") in rendered,
    "schema": schema.status_code,
}))
"""


def readme_blocks() -> dict[str, str]:
    """The README's python blocks of the install section, joined per file (``settings.py``, ``urls.py``)."""
    text = (ROOT / "README.md").read_text()
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0].split("### ", 1)[0]
    files: dict[str, list[str]] = {}
    for block in re.findall(r"```python\n(.*?)```", section, re.S):
        first, _, body = block.partition("\n")
        files.setdefault(first.lstrip("# ").strip(), []).append(body)
    return {name: "\n".join(parts) for name, parts in files.items()}


def run(command, cwd):
    # The new site's own settings, not this test run's (pytest-django exports DJANGO_SETTINGS_MODULE).
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_new_site_set_up_as_the_readme_says_works(tmp_path):
    blocks = readme_blocks()
    assert set(blocks) == {"settings.py", "urls.py"}
    django_admin = Path(sys.executable).parent / "django-admin"
    run([str(django_admin), "startproject", "eventsite", str(tmp_path)], tmp_path)
    (tmp_path / "eventsite" / "settings.py").open("a").write("\n" + blocks["settings.py"])
    (tmp_path / "eventsite" / "urls.py").open("a").write("\n" + blocks["urls.py"])
    manage = [sys.executable, "manage.py"]
    check = run([*manage, "check", "--fail-level", "WARNING"], tmp_path)
    assert "no issues" in check.stdout
    run([*manage, "migrate", "--noinput", "-v", "0"], tmp_path)
    report = run([*manage, "shell", "-c", SITE_SCRIPT], tmp_path).stdout.strip().splitlines()[-1]
    import json

    assert json.loads(report) == {
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
