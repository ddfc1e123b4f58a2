"""Upload over a real socket to a live server with token auth, then fetch every returned URL."""

import io

import pytest
import requests
from PIL import Image
from rest_framework.authtoken.models import Token

from tests import images

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_over_http_and_fetch_every_url(live_server, user):
    token = Token.objects.create(user=user)
    data = images.jpeg_with_exif((2000, 1500), orientation=6)
    response = requests.post(
        f"{live_server.url}/v1/upload/image",
        json={"data": images.data_uri(data, "image/jpeg")},
        headers={"Authorization": f"Token {token.key}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["width"], body["height"]) == (1500, 2000)
    original = requests.get(body["url"], timeout=10)
    assert original.status_code == 200 and original.headers["Content-Type"] == "image/jpeg"
    assert b"SecretCam" not in original.content and len(original.content) == body["bytes"]
    for name, rendition in body["renditions"].items():
        fetched = requests.get(rendition["url"], timeout=10)
        assert fetched.status_code == 200, name
        assert Image.open(io.BytesIO(fetched.content)).size == (rendition["width"], rendition["height"])


def test_bad_token_and_bad_data_over_http(live_server, user):
    response = requests.post(f"{live_server.url}/v1/upload/image", json={"data": "x"}, timeout=10)
    assert response.status_code == 401 and response.json()["detail"]["code"] == "not_authenticated"
    token = Token.objects.create(user=user)
    response = requests.post(
        f"{live_server.url}/v1/upload/image",
        json={"data": "data:image/png;base64,iVBORw0KGgo="},
        headers={"Authorization": f"Token {token.key}"},
        timeout=10,
    )
    assert response.status_code == 400 and response.json()["data"][0]["code"] == "corrupt_image"
