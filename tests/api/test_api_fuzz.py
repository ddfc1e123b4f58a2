"""Property-based: no string sent as ``data`` ever causes a 500, and a refusal never leaves a file."""

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from tests import images

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PREFIXES = st.sampled_from(
    ["", "data:", "data:image/png;base64,", "data:image/jpeg;base64,", "data:;base64,", "data:image/png,"]
)
VALID_STARTS = [images.png_rgba((4, 4)), images.jpeg((8, 8)), images.animated_gif(2, (4, 4))]


@st.composite
def data_values(draw):
    kind = draw(st.integers(0, 3))
    if kind == 0:  # any text at all
        return draw(st.text(max_size=300))
    if kind == 1:  # a plausible prefix and base64-ish noise
        return draw(PREFIXES) + draw(st.text(alphabet="ABCDEFabcdef0123456789+/=\n -_%", max_size=300))
    if kind == 2:  # real base64 of random bytes
        return draw(PREFIXES) + base64.b64encode(draw(st.binary(max_size=400))).decode()
    # a real image, damaged: bytes flipped, cut, or junk appended
    data = bytearray(draw(st.sampled_from(VALID_STARTS)))
    for _ in range(draw(st.integers(0, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    data = data[: draw(st.integers(1, len(data)))] + draw(st.binary(max_size=20))
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=data_values())
def test_no_data_value_causes_a_server_error(api, files, media_root, value):
    before = files()
    response = api.post("/v1/upload/image", {"data": value}, format="json")
    assert response.status_code in (201, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        assert response.json()["data"][0]["code"]
        assert files() == before  # nothing half-written
        return
    # Accepted: exactly the answer's files were added, each one the size and format it claims.
    body = response.json()
    urls = [body["url"], *(r["url"] for r in body["renditions"].values())]
    added = sorted(set(files()) - set(before))
    assert added == sorted(url.split("/media/", 1)[1] for url in urls)
    stored = media_root / added[added.index(body["url"].split("/media/", 1)[1])]
    image = ImageOps.exif_transpose(Image.open(stored))  # sizes in the answer are as displayed
    assert image.size == (body["width"], body["height"]) and stored.stat().st_size == body["bytes"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.integers(), st.none(), st.lists(st.text(max_size=5)), st.dictionaries(st.text(), st.text())
    )
)
def test_non_string_data_is_a_400(api, value):
    response = api.post("/v1/upload/image", {"data": value}, format="json")
    assert response.status_code == 400
