"""Media on S3: django-storages' S3 backend against a real S3-compatible server (moto) on loopback.

Every object is written and read over HTTP: uploads through the API, every returned URL fetched,
replacements and deletions checked in the bucket, and an outage of the store answered with 503.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from eventmedia.models import ImageUpload, UserImage
from tests import images, servers

pytestmark = pytest.mark.django_db(transaction=True)
CACHE_CONTROL = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def moto():
    with servers.moto_s3() as url:
        relay = servers.Relay(int(url.rsplit(":", 1)[1])).start()
        yield relay
        relay.cut()


@pytest.fixture
def bucket(moto, settings, monkeypatch):
    """A fresh bucket, and eventmedia's storage pointed at it through the relay."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    options = {
        "bucket_name": name,
        "endpoint_url": moto.url,
        "region_name": "us-east-1",
        "querystring_auth": False,  # plain URLs: the objects must then be readable by anyone
        "default_acl": "public-read",
        "file_overwrite": False,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return {"name": name, "client": client, "options": options, "settings": settings}


def keys(bucket) -> set[str]:
    listed = bucket["client"].list_objects_v2(Bucket=bucket["name"])
    return {item["Key"] for item in listed.get("Contents", [])}


def upload(api, data=None):
    data = data or images.jpeg((1600, 1200))
    return api.post("/v1/upload/image", {"data": images.data_uri(data, "image/jpeg")}, format="json")


def test_upload_stores_every_file_with_its_type_and_a_long_cache(api, bucket):
    response = upload(api)
    assert response.status_code == 201, response.content
    body = response.json()
    urls = [body["url"], *(r["url"] for r in body["renditions"].values())]
    assert len(keys(bucket)) == len(urls) == 5
    for url in urls:
        fetched = requests.get(url, timeout=10)
        assert fetched.status_code == 200, url
        assert fetched.headers["Content-Type"] == "image/jpeg"
        assert fetched.headers["Cache-Control"] == CACHE_CONTROL
    assert int(requests.head(body["url"], timeout=10).headers["Content-Length"]) == body["bytes"]


def test_urls_with_a_custom_domain(api, bucket):
    bucket["options"]["custom_domain"] = "media.events.example"
    bucket["settings"].STORAGES = {
        **bucket["settings"].STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": bucket["options"]},
    }
    body = upload(api).json()
    assert body["url"].startswith("https://media.events.example/eventmedia/uploads/")
    key = body["url"].split("media.events.example/", 1)[1]
    assert key in keys(bucket)


def test_signed_urls_work_and_unsigned_ones_do_not_carry_a_signature(api, bucket):
    assert "Signature" not in upload(api).json()["url"]
    bucket["options"]["querystring_auth"] = True
    bucket["settings"].STORAGES = {
        **bucket["settings"].STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": bucket["options"]},
    }
    body = upload(api).json()
    assert "Signature=" in body["url"]
    fetched = requests.get(body["url"], timeout=10)
    assert fetched.status_code == 200 and len(fetched.content) == body["bytes"]


def test_a_private_bucket_with_signed_urls_serves_the_upload_then_reference_flow(api, bucket, user):
    # A new AWS bucket: no ACL, objects private, URLs signed (the demo's default now).
    import json
    from urllib.parse import urlsplit

    from eventmedia.models import Event, EventImage

    bucket["options"].update(querystring_auth=True, default_acl=None)
    bucket["settings"].STORAGES = {
        **bucket["settings"].STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": bucket["options"]},
    }
    event = Event.objects.create(name="PyCon", owner=user)
    url = upload(api).json()["url"]
    assert "Signature=" in url

    def patch(attributes):
        document = {"data": {"type": "event", "id": str(event.pk), "attributes": attributes}}
        return api.patch(
            f"/v1/events/{event.pk}", json.dumps(document), content_type="application/vnd.api+json",
            HTTP_ACCEPT="application/vnd.api+json",
        )  # fmt: skip

    changed = patch({"original-image-url": url})
    assert changed.status_code == 200, changed.content
    shown = changed.json()["data"]["attributes"]
    fetched = requests.get(shown["original-image-url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content[:3] == b"\xff\xd8\xff"
    image = EventImage.objects.get()
    # The frontend sends the record back later: the same files, signed again with another expiry.
    key = urlsplit(shown["original-image-url"]).path.split("/", 2)[2]
    resigned = bucket["client"].generate_presigned_url(
        "get_object", Params={"Bucket": bucket["name"], "Key": key}, ExpiresIn=60
    )
    assert resigned != shown["original-image-url"]
    again = patch({**shown, "original-image-url": resigned, "name": "PyCon 2027"})
    assert again.status_code == 200, again.content
    assert list(EventImage.objects.values_list("pk", flat=True)) == [image.pk]  # unchanged, not refused


def test_keys_are_never_overwritten(bucket):
    from eventmedia.storage import FileWriter

    with FileWriter() as writer:
        first = writer.write("eventmedia/test/same.jpg", b"first", "image/jpeg")
        second = writer.write("eventmedia/test/same.jpg", b"second", "image/jpeg")
    assert first != second
    body = bucket["client"].get_object(Bucket=bucket["name"], Key=first)["Body"].read()
    assert body == b"first"


def test_replacing_and_deleting_really_delete(api, bucket, user):
    first = api.put("/v1/users/me/avatar", {"data": images.data_uri(images.jpeg())}, format="json")
    assert first.status_code == 200
    old = keys(bucket)
    second = api.put("/v1/users/me/avatar", {"data": images.data_uri(images.jpeg((900, 700)))}, format="json")
    assert second.status_code == 200
    assert keys(bucket).isdisjoint(old)  # the replaced files are gone from the bucket
    assert keys(bucket) == set(UserImage.objects.get(user=user).file_names())
    assert api.delete("/v1/users/me/avatar").status_code == 204
    assert keys(bucket) == set()


def test_an_outage_answers_503_and_leaves_nothing_behind(api, bucket, moto):
    assert upload(api).status_code == 201
    before = keys(bucket)
    moto.cut()
    try:
        response = upload(api)
    finally:
        moto.start()
    assert response.status_code == 503
    assert response.json()["detail"]["code"] == "storage_unavailable"
    assert response["Retry-After"]
    assert ImageUpload.objects.count() == 1
    assert keys(bucket) == before  # the store is back: no object of the failed request in it
