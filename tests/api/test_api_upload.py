"""``POST /v1/upload/image`` and ``/v1/upload/files`` through DRF's test client, with real storage."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from eventmedia.models import DocumentUpload, ImageUpload
from tests import documents, images

pytestmark = pytest.mark.django_db
IMAGE_URL = "/v1/upload/image"
FILES_URL = "/v1/upload/files"


def fetch(client, url: str) -> bytes:
    path = url.replace("http://testserver", "")
    response = client.get(path)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def error_code(response) -> str:
    """The code of the first error, under the field that was sent ("data" for JSON, "file" multipart)."""
    body = response.json()
    errors = body.get("data") or body.get("file") or body.get("files[]")
    assert errors, body
    return errors[0]["code"]


def test_json_data_uri_upload_answers_201_with_urls_that_serve_the_files(api, files):
    data = images.png_opaque((1600, 900))
    response = api.post(IMAGE_URL, {"data": images.data_uri(data)}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"url", "width", "height", "format", "bytes", "renditions", "placeholder"}
    assert (body["width"], body["height"], body["format"]) == (1600, 900, "jpeg")
    assert body["url"].startswith("http://testserver/media/eventmedia/uploads/")
    assert set(body["renditions"]) == {"large", "banner", "thumbnail", "icon"}
    assert body["renditions"]["large"]["width"] == 1300
    original = fetch(api, body["url"])
    assert len(original) == body["bytes"] and Image.open(io.BytesIO(original)).format == "JPEG"
    for rendition in body["renditions"].values():
        image = Image.open(io.BytesIO(fetch(api, rendition["url"])))
        assert image.size == (rendition["width"], rendition["height"])
    assert len(files()) == 5
    assert ImageUpload.objects.count() == 1


def test_multipart_file_upload(api):
    sent = images.png_rgba()
    upload = SimpleUploadedFile("whatever.txt", sent, content_type="text/plain")
    response = api.post(IMAGE_URL, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["format"] == "png"
    stored = Image.open(io.BytesIO(fetch(api, body["url"])))
    assert stored.tobytes() == Image.open(io.BytesIO(sent)).convert("RGBA").tobytes()  # the same pixels
    assert set(body["renditions"]) == {"large", "banner", "thumbnail", "icon"}


def test_served_files_have_the_right_content_type(api):
    body = api.post(IMAGE_URL, {"data": images.data_uri(images.png_rgba())}, format="json").json()
    response = api.get(body["url"].replace("http://testserver", ""))
    assert response["Content-Type"] == "image/png"


def test_needs_authentication(files):
    response = APIClient().post(IMAGE_URL, {"data": images.data_uri(images.png_rgba())}, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]["code"] == "not_authenticated"
    assert files() == []


@pytest.mark.parametrize(
    "payload, code",
    [
        ({}, "required"),
        ({"data": ""}, "empty_file"),
        ({"data": "not a data uri"}, "invalid_data_uri"),
        ({"data": "data:image/png;base64,%%%%"}, "invalid_base64"),
        ({"data": images.data_uri(b"<svg/>", "image/svg+xml")}, "unsupported_format"),
        ({"data": images.data_uri(images.jpeg()[:2000], "image/jpeg")}, "corrupt_image"),
        ({"data": images.data_uri(images.png_header_only(30000, 30000))}, "too_many_pixels"),
        ({"data": 12}, "invalid_data_uri"),
    ],
)
def test_bad_input_is_a_400_with_a_stable_code_and_nothing_written(api, files, payload, code):
    response = api.post(IMAGE_URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert error_code(response) == code
    assert response.json()["data"][0]["message"]
    assert files() == [] and ImageUpload.objects.count() == 0


def test_file_over_the_byte_cap(api, settings, files):
    settings.EVENTMEDIA = {"MAX_UPLOAD_BYTES": 10_000}
    response = api.post(
        IMAGE_URL, {"data": images.data_uri(images.jpeg((400, 300), quality=95))}, format="json"
    )
    assert response.status_code == 400 and error_code(response) == "file_too_large"
    assert "9.8" in response.json()["data"][0]["message"]  # says what the limit is
    upload = SimpleUploadedFile("a.jpg", images.jpeg((400, 300), quality=95))
    response = api.post(IMAGE_URL, {"file": upload}, format="multipart")
    assert response.status_code == 400 and error_code(response) == "file_too_large"
    assert files() == []


def test_body_over_the_request_limit_is_a_413_in_the_same_shape(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(IMAGE_URL, {"data": images.data_uri(images.jpeg((200, 200)))}, format="json")
    assert response.status_code == 413
    assert error_code(response) == "file_too_large"


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.post(IMAGE_URL, data=b'{"data": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "parse_error"


def test_storage_failure_leaves_no_files_and_no_row(api, files, monkeypatch):
    from eventmedia import storage

    real_save = storage.MediaStorage._save
    calls = []

    def failing_save(self, name, content):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(self, name, content)

    monkeypatch.setattr(storage.MediaStorage, "_save", failing_save)
    response = api.post(IMAGE_URL, {"data": images.data_uri(images.png_opaque())}, format="json")
    assert response.status_code == 503
    assert response.json()["detail"]["code"] == "storage_unavailable"
    assert response["Retry-After"]
    assert len(calls) == 3
    assert files() == [] and ImageUpload.objects.count() == 0


def test_a_storage_that_fails_reads_answers_503_and_changes_nothing(api, user, files, monkeypatch):
    # Setting an avatar from an upload reads the upload's original back from the storage.
    import json

    from eventmedia import storage
    from eventmedia.models import UserImage

    url = api.post(IMAGE_URL, {"data": images.data_uri(images.jpeg())}, format="json").json()["url"]
    before = files()

    def failing_open(self, name, mode="rb"):
        raise OSError("connection reset by the object store")

    monkeypatch.setattr(storage.MediaStorage, "_open", failing_open)
    document = {"data": {"type": "user", "id": str(user.pk), "attributes": {"avatar-url": url}}}
    response = api.patch(
        f"/v1/users/{user.pk}", json.dumps(document), content_type="application/vnd.api+json"
    )
    assert response.status_code == 503, response.content
    assert response.json()["errors"][0]["code"] == "storage_unavailable" and response["Retry-After"]
    assert files() == before and not UserImage.objects.exists() and ImageUpload.objects.count() == 1


def test_database_failure_deletes_the_files_just_written(api, files, monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(ImageUpload, "save", failing_save)
    with pytest.raises(RuntimeError):
        api.post(IMAGE_URL, {"data": images.data_uri(images.png_opaque())}, format="json")
    assert files() == []


@pytest.mark.parametrize(
    "make, fmt", [(documents.pdf, "pdf"), (documents.pptx, "pptx"), (documents.odp, "odp")]
)
def test_document_upload_sniffs_the_format(api, make, fmt):
    upload = SimpleUploadedFile("slides.png", make(), content_type="image/png")
    response = api.post(FILES_URL, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["format"] == fmt and body["bytes"] == len(make())
    assert fetch(api, body["url"]) == make()


def test_several_documents_at_once(api):
    items = [SimpleUploadedFile("a", documents.pdf()), SimpleUploadedFile("b", documents.odp())]
    response = api.post(FILES_URL, {"files[]": items}, format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert [item["format"] for item in body] == ["pdf", "odp"]
    assert [fetch(api, item["url"]) for item in body] == [documents.pdf(), documents.odp()]
    assert DocumentUpload.objects.count() == 2


def test_one_bad_document_in_several_stores_none(api, files):
    items = [SimpleUploadedFile("a", documents.pdf()), SimpleUploadedFile("b", documents.docx())]
    response = api.post(FILES_URL, {"files[]": items}, format="multipart")
    assert response.status_code == 400 and error_code(response) == "unsupported_format"
    assert files() == [] and DocumentUpload.objects.count() == 0


def test_document_as_data_uri(api):
    response = api.post(
        FILES_URL, {"data": images.data_uri(documents.pdf(), "application/pdf")}, format="json"
    )
    assert response.status_code == 201 and response.json()["format"] == "pdf"
    assert fetch(api, response.json()["url"]) == documents.pdf()


def test_document_refusal_names_the_accepted_formats(api):
    response = api.post(FILES_URL, {"file": SimpleUploadedFile("a.pdf", b"<html>")}, format="multipart")
    assert response.status_code == 400 and error_code(response) == "unsupported_format"
    assert "PDF, PPTX, ODP" in response.json()["file"][0]["message"]
