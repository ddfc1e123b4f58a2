"""Placeholders: a ThumbHash and a dominant colour computed with every stored image, in the API."""

import base64
import io

import pytest
import thumbhash
from PIL import Image

from eventmedia.imaging import ImagePolicy, parse_rendition_specs, process_image
from eventmedia.imaging.placeholder import placeholder_of, thumbhash_data_uri
from tests import images

SPECS = parse_rendition_specs({"large": (1300, None), "icon": (75, None)})


def test_a_photo_gets_a_thumbhash_of_its_shape_and_its_dominant_colour():
    photo = Image.new("RGB", (1600, 900), (200, 30, 30))
    photo.paste((20, 20, 200), (0, 0, 300, 900))  # a blue band: red still dominates
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=95)
    placeholder = process_image(buffer.getvalue(), SPECS, ImagePolicy()).placeholder
    red, green, blue = (int(placeholder.color[i : i + 2], 16) for i in (1, 3, 5))
    assert red > 150 and green < 80 and blue < 80
    decoded = list(base64.b64decode(placeholder.thumbhash, validate=True))  # standard base64
    assert abs(thumbhash.thumb_hash_to_approximate_aspect_ratio(decoded) - 16 / 9) < 0.3
    width, height, _rgba = thumbhash.thumb_hash_to_rgba(decoded)
    assert width > height


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "L"])
def test_transparent_and_grey_images_get_one_too(mode):
    image = Image.new(mode, (200, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    placeholder = placeholder_of(buffer.getvalue())
    assert placeholder.color.startswith("#") and len(placeholder.color) == 7
    assert thumbhash_data_uri(placeholder.thumbhash).startswith("data:image/png;base64,")


def test_a_damaged_thumbhash_gives_no_data_uri():
    assert thumbhash_data_uri("not base64!") == ""


@pytest.mark.django_db
def test_the_image_object_carries_the_placeholder(api, event):
    body = api.post(
        f"/v1/events/{event.pk}/images/", {"data": images.data_uri(images.jpeg((800, 600)))}, format="json"
    ).json()
    assert set(body["placeholder"]) == {"thumbhash", "color"}
    assert body["placeholder"]["color"].startswith("#")
    assert api.get(f"/v1/events/{event.pk}/images/{body['id']}/").json()["placeholder"] == body["placeholder"]
