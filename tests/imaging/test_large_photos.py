"""Large photos (24 to 48 MP) are accepted by default and never fully decoded when that can be avoided."""

import io

import pytest
from PIL import Image

from eventmedia.imaging import ImagePolicy, parse_rendition_specs, process_image
from tests import images

pytestmark = pytest.mark.slow

SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})


@pytest.mark.django_db
def test_a_48_mp_phone_photo_is_accepted_with_the_default_settings(api, files):
    data = images.encode(images.phone_photo((8000, 6000)), "JPEG", quality=92, exif=images.private_exif(6))
    response = api.post("/v1/upload/image", {"data": images.data_uri(data, "image/jpeg")}, format="json")
    assert response.status_code == 201, response.content[:300]
    body = response.json()
    assert (body["width"], body["height"], body["format"]) == (6000, 8000, "jpeg")  # upright, full size
    assert body["renditions"]["large"]["width"] == 1300
    assert len(files()) == 5


def test_an_over_quality_photo_above_the_re_encode_limit_is_kept_as_sent():
    data = images.encode(images.photo((4000, 3000)), "JPEG", quality=97)
    result = process_image(data, SPECS, ImagePolicy(max_reencode_pixels=10_000_000))
    assert result.original_mode == "kept"
    assert process_image(data, SPECS, ImagePolicy()).original_mode == "reencoded"  # 12 MP: re-encoded


def test_an_oversized_jpeg_is_scaled_by_the_decoder_into_the_box():
    data = images.encode(images.photo((4000, 3000)), "JPEG", quality=85)
    result = process_image(data, SPECS, ImagePolicy(max_original_size=(2500, 2500)))
    # Halved by libjpeg's DCT scaling: 2000 x 1500 fits the box (an upper bound, not an exact size).
    assert (result.original.width, result.original.height) == (2000, 1500)
    assert Image.open(io.BytesIO(result.original.content)).size == (2000, 1500)
    assert result.renditions["large"].width == 1300
