"""Hostile and unusual requests get a JSON 4xx with a stable code, never a 500 and never a stray file."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eventmedia.models import Event, EventImage, Slide
from tests import documents, images

pytestmark = pytest.mark.django_db(transaction=True)


def code_of(response, field="data"):
    return response.json()[field][0]["code"]


# -- Bodies ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "depth, code", [(101, "parse_error"), (5_000, "parse_error"), (100_000, "too_many_values")]
)
def test_json_nested_too_deeply_is_a_400(api, files, depth, code):
    # Past MAX_JSON_DEPTH, whether or not this Python's json module could parse it (3.13 parses 5,000
    # levels, earlier ones run out of recursion); past MAX_JSON_VALUES it is refused before parsing.
    body = "[" * depth + "]" * depth
    response = api.post("/v1/upload/image", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == code
    assert files() == []


def test_json_that_would_cost_far_more_parsed_than_sent_is_refused_before_parsing(api, files):
    # 33 MiB of [{},{},...]: within the upload limit, millions of objects once parsed.
    body = b"[" + b"{}," * (11 * 1024 * 1024) + b"{}]"
    response = api.post("/v1/upload/image", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]["code"] == "too_many_values"
    flat = b'{"items": "' + b"a," * 20_000 + b'"}'  # commas in a string count too: still refused
    refused = api.put("/v1/users/me/avatar", flat, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"]["code"] == "too_many_values"
    assert files() == []


def test_an_endpoint_that_takes_no_file_reads_a_small_body_only(api, user):
    event = Event.objects.create(name="PyCon", owner=user)
    body = b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    for method, path in (("post", "/v1/events/"), ("patch", f"/v1/events/{event.pk}"),
                         ("post", f"/v1/events/{event.pk}/instagram-import")):  # fmt: skip
        response = getattr(api, method)(path, body, content_type="application/json")
        assert response.status_code == 413, (path, response.content[:300])
        assert response.json()["detail"]["code"] == "request_too_large"
    small = api.patch(f"/v1/events/{event.pk}", {"name": "Renamed"}, format="json")
    assert small.status_code == 200 and Event.objects.get().name == "Renamed"


@pytest.mark.parametrize("takes_files", [False, True])
def test_the_parser_reads_no_further_than_its_views_limit(settings, takes_files):
    # Whatever the request said its length was: the stream is read up to the limit and one byte.
    from eventmedia.api.parsers import JSONParser
    from eventmedia.problems import Refusal

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    view = type("View", (), {"takes_files": takes_files})()
    stream = io.BytesIO(b'{"data": "' + b"x" * (3 * 1024 * 1024) + b'"}')
    with pytest.raises(Refusal) as refused:
        JSONParser().parse(stream, parser_context={"view": view})
    assert refused.value.code == ("file_too_large" if takes_files else "request_too_large")
    assert stream.tell() == (2 if takes_files else 1) * 1024 * 1024 + 1
    assert JSONParser().parse(io.BytesIO(b'{"name": "x"}'), parser_context={"view": view}) == {"name": "x"}


@pytest.mark.parametrize("over", ["the request", "the file"])
def test_a_multipart_upload_too_large_is_keyed_file_like_every_refusal_of_its_file(api, settings, over):
    # The request over the body limit (413) or only the file over MAX_UPLOAD_BYTES (400): both "file".
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    settings.EVENTMEDIA = {"MAX_UPLOAD_BYTES": 1024 * 1024}
    size = 3 * 1024 * 1024 if over == "the request" else 1536 * 1024
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\0" * size, content_type="image/jpeg")
    response = api.post("/v1/upload/image", {"file": upload}, format="multipart")
    assert response.status_code == (413 if over == "the request" else 400)
    assert code_of(response, "file") == "file_too_large"
    assert "1 MiB" in response.json()["file"][0]["message"]


def test_more_files_than_django_allows_is_a_json_400(api, settings, files):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 100
    payload = {"files[]": [SimpleUploadedFile(f"{i}.pdf", documents.pdf()) for i in range(101)]}
    response = api.post("/v1/upload/files", payload, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert code_of(response, "files") == "too_many_files"
    assert files() == []


# -- Documents ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        documents.odp_with_encrypted_mimetype,
        lambda: documents.odp_with_broken_stream(zipfile.ZIP_DEFLATED),
        lambda: documents.odp_with_broken_stream(zipfile.ZIP_BZIP2),
        lambda: documents.odp_with_broken_stream(zipfile.ZIP_LZMA),
        lambda: documents.zip_with_entries(20_000),
    ],
    ids=["encrypted", "deflate", "bzip2", "lzma", "20000-entries"],
)
def test_damaged_packages_are_refused_not_500(api, files, make):
    response = api.post(
        "/v1/upload/files", {"data": images.data_uri(make(), "application/zip")}, format="json"
    )
    assert response.status_code == 400
    assert code_of(response) == "unsupported_format"
    assert files() == []


def test_pdf_with_bytes_after_its_last_eof_is_still_a_pdf(api):
    data = documents.pdf() + b"\n% appended by a tool\n" + b"x" * 5000
    response = api.post("/v1/upload/files", {"data": images.data_uri(data, "application/pdf")}, format="json")
    assert response.status_code == 201
    assert response.json()["format"] == "pdf"


def test_pdf_that_pdfium_would_render_for_minutes_is_stored_without_preview(api, event, settings):
    settings.EVENTMEDIA = {"PREVIEW_TIMEOUT": 2}
    data = documents.pdf_nested_forms(40)  # 2**40 form draws
    response = api.post(
        f"/v1/events/{event.pk}/slides/", {"title": "bomb", "data": images.data_uri(data)}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["preview"] is None
    assert Slide.objects.get().file.read() == data


# -- Phone photos through every image endpoint ---------------------------------------------------------


def _stored_is_plain_jpeg(client, url: str) -> Image.Image:
    fetched = client.get(url.replace("http://testserver", ""))
    content = b"".join(fetched.streaming_content) if fetched.streaming else fetched.content
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG" and content.count(b"\xff\xd8\xff") == 1
    assert not images.gps_anywhere(content)
    return image


@pytest.mark.parametrize("endpoint", ["upload", "event-image", "avatar"])
@pytest.mark.parametrize("make", [images.mpo, images.heif], ids=["mpo", "heic"])
def test_phone_photos_are_accepted_by_every_image_endpoint(api, event, endpoint, make):
    if make is images.heif:
        pytest.importorskip("pillow_heif")
    data = make(exif=images.private_exif(orientation=6))
    payload = {"data": images.data_uri(data, "image/jpeg")}
    if endpoint == "upload":
        response = api.post("/v1/upload/image", payload, format="json")
    elif endpoint == "event-image":
        response = api.post(f"/v1/events/{event.pk}/images/", payload, format="json")
    else:
        response = api.put("/v1/users/me/avatar", payload, format="json")
    assert response.status_code in (200, 201), response.content
    body = response.json()
    assert body["format"] == "jpeg"
    assert body["height"] > body["width"]  # upright
    _stored_is_plain_jpeg(api, body["url"])


def test_too_many_frames_is_a_400_with_its_code(api, files):
    data = images.gif_bytes((1, 1), [(0, 0, 1, 1)] * 5000)
    response = api.post("/v1/upload/image", {"data": images.data_uri(data, "image/gif")}, format="json")
    assert response.status_code == 400
    assert code_of(response) == "too_many_frames"
    assert "1000" in response.json()["data"][0]["message"]
    assert files() == []


def test_heic_without_the_extra_names_the_extra(api, monkeypatch, files):
    pytest.importorskip("pillow_heif")
    from eventmedia.imaging import probe

    monkeypatch.setattr(probe, "heif_available", lambda: False)  # as on a site without eventmedia[heif]
    response = api.post("/v1/upload/image", {"data": images.data_uri(images.heif())}, format="json")
    assert response.status_code == 400
    assert code_of(response) == "unsupported_format"
    assert "eventmedia[heif]" in response.json()["data"][0]["message"]
    assert files() == []


# -- Rows deleted meanwhile --------------------------------------------------------------------------------


def test_image_of_a_deleted_event_is_a_404_with_no_files(api, event, files, monkeypatch):
    from eventmedia.services import event_images

    real = event_images.write_image_files

    def event_deleted_while_files_are_written(*args, **kwargs):
        written = real(*args, **kwargs)
        Event.objects.filter(pk=event.pk).delete()  # another request deletes the event right now
        return written

    monkeypatch.setattr(event_images, "write_image_files", event_deleted_while_files_are_written)
    response = api.post(
        f"/v1/events/{event.pk}/images/", {"data": images.data_uri(images.jpeg())}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"
    assert files() == [] and not EventImage.objects.exists()


# -- Saturation ----------------------------------------------------------------------------------------


def test_past_the_bound_of_uploads_at_once_the_answer_is_503_at_once(api, settings, files, monkeypatch):
    from eventmedia.api import throttle

    settings.EVENTMEDIA = {"MAX_CONCURRENT_UPLOADS": 2}
    monkeypatch.setattr(throttle, "_last_turn", 0.0)  # no crowd is waiting
    monkeypatch.setattr(throttle, "_running", 2)  # two uploads are being processed right now
    response = api.post("/v1/upload/image", {"data": images.data_uri(images.jpeg())}, format="json")
    assert response.status_code == 503
    assert response.json()["detail"]["code"] == "server_busy" and response["Retry-After"] == "1"
    assert files() == []
    assert api.get("/v1/events/").status_code == 200  # reads are never refused
    monkeypatch.setattr(throttle, "_running", 1)
    assert (
        api.post("/v1/upload/image", {"data": images.data_uri(images.jpeg())}, format="json").status_code
        == 201
    )
    assert throttle._running == 1  # the finished upload was counted out again


@pytest.fixture
def one_place_taken(settings, monkeypatch):
    """One upload at a time, one being processed; a clock the test moves; no crowd waiting yet."""
    from eventmedia.api import throttle

    settings.EVENTMEDIA = {"MAX_CONCURRENT_UPLOADS": 1}
    clock = [1000.0]
    monkeypatch.setattr(throttle, "_clock", lambda: clock[0])
    monkeypatch.setattr(throttle, "_last_turn", 0.0)
    monkeypatch.setattr(throttle, "_upload_seconds", 0.5)
    monkeypatch.setattr(throttle, "_running", 1)
    return clock


def _refused_waits(api, count: int) -> list[int]:
    waits = []
    for _ in range(count):
        response = api.post("/v1/upload/image", {"data": images.data_uri(images.jpeg())}, format="json")
        assert response.status_code == 503 and response.json()["detail"]["code"] == "server_busy"
        waits.append(int(response["Retry-After"]))
    return waits


def test_a_crowd_of_refused_clients_is_given_turns_one_upload_apart(api, files, one_place_taken):
    # Uploads take half a second here: twelve clients refused at once come back over six seconds, two
    # a second, instead of all twelve after one second.
    assert _refused_waits(api, 12) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    assert files() == []
    one_place_taken[0] += 10  # the turns handed out have passed
    assert _refused_waits(api, 1) == [1]


def test_turns_are_at_most_thirty_seconds_away(api, files, one_place_taken, monkeypatch):
    from eventmedia.api import throttle

    monkeypatch.setattr(throttle, "_upload_seconds", 10.0)  # very slow uploads, or clients that do not wait
    assert _refused_waits(api, 5) == [10, 20, 30, 30, 30]


def test_turns_follow_how_long_this_process_takes_an_upload(api, files, one_place_taken, monkeypatch):
    from eventmedia.api import throttle

    monkeypatch.setattr(throttle, "_running", 0)
    for _ in range(10):  # ten uploads admitted, each finished three seconds later
        admitted_at = throttle.enter(SimpleNamespace(method="POST"))
        one_place_taken[0] += 3.0
        throttle.leave(admitted_at)
    monkeypatch.setattr(throttle, "_running", 1)
    assert _refused_waits(api, 2) == [3, 6]  # turns about 2.7 s apart (the mean moves a fifth a time)
