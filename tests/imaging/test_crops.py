"""Crop renditions: cut to the spec's aspect ratio around the focal point, never upscaled."""

import io
import math

import pytest
from PIL import Image, ImageDraw

from eventmedia.imaging import ImagePolicy, parse_rendition_specs, pipeline, process_image
from eventmedia.imaging.crops import crop_box, detail_center
from eventmedia.imaging.pipeline import crop_renditions
from tests import images

SPECS = parse_rendition_specs({"large": (1300, None), "banner": (1920, 640, "crop"), "icon": (75, None)})


def two_halves(size=(4000, 3000), top=(220, 30, 30), bottom=(30, 30, 220)) -> bytes:
    image = Image.new("RGB", size, bottom)
    image.paste(top, (0, 0, size[0], size[1] // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def mean_colour(content: bytes) -> tuple[int, ...]:
    image = Image.open(io.BytesIO(content)).convert("RGB").resize((1, 1), Image.Resampling.BOX)
    return image.getpixel((0, 0))


@pytest.mark.parametrize(
    "size, aspect, focal, box",
    [
        ((4000, 3000), 3.0, (0.5, 0.5), (0, 834, 4000, 2167)),  # full width, centred
        ((4000, 3000), 3.0, (0.5, 0.0), (0, 0, 4000, 1333)),  # pushed against the top edge
        ((4000, 3000), 3.0, (0.5, 1.0), (0, 1667, 4000, 3000)),
        ((1000, 3000), 1.0, (0.5, 0.2), (0, 100, 1000, 1100)),  # a square out of a tall image
        ((3000, 1000), 1.0, (0.9, 0.5), (2000, 0, 3000, 1000)),
    ],
)
def test_the_crop_is_the_largest_box_of_the_ratio_around_the_focal_point(size, aspect, focal, box):
    assert crop_box(*size, aspect, focal) == box


def test_a_banner_is_cut_around_the_focal_point_and_the_others_are_not():
    data = two_halves()
    top = process_image(data, SPECS, ImagePolicy(), focal=(0.5, 0.1))
    bottom = process_image(data, SPECS, ImagePolicy(), focal=(0.5, 0.9))
    assert set(top.renditions) == {"large", "banner", "icon"}
    banner = top.renditions["banner"]
    assert (banner.width, banner.height, banner.format) == (1920, 640, "JPEG")
    assert mean_colour(banner.content)[0] > 180  # the red top
    assert mean_colour(bottom.renditions["banner"].content)[2] > 180  # the blue bottom
    assert (top.renditions["large"].width, top.renditions["large"].height) == (1300, 975)  # not cropped


def psnr(first: bytes, second: bytes) -> float:
    """How alike two encoded images of one size are, in dB (identical: infinity)."""
    return images.psnr(images.opened(first), images.opened(second))


def sideways_photo(orientation: int) -> bytes:
    """A phone photo stored sideways: red along its stored left edge, blue along its right one (the top
    once upright for orientation 6 and 8 respectively)."""
    stored = Image.open(io.BytesIO(images.jpeg((3000, 2000)))).convert("RGB")
    stored.paste((230, 20, 20), (0, 0, 900, 2000))
    stored.paste((20, 20, 230), (2100, 0, 3000, 2000))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [two_halves(), sideways_photo(6), images.png_opaque((2400, 1600)), images.jpeg((4000, 3000), quality=97)],
    ids=["photo", "sideways", "png", "re-encoded"],
)
def test_the_crop_cut_at_upload_is_the_one_a_recut_of_the_stored_original_gives(content, monkeypatch):
    focal = (0.5, 0.1)
    uploaded = process_image(content, SPECS, focal=focal)
    recut = crop_renditions(uploaded.original, SPECS, focal, ImagePolicy())["banner"]
    banner = uploaded.renditions["banner"]
    assert (banner.width, banner.height, banner.format) == (recut.width, recut.height, recut.format)
    likeness = psnr(banner.content, recut.content)
    if uploaded.original_mode == "kept":  # the same pixels decoded at the same scale: the same bytes
        assert likeness == math.inf
    else:  # a generation of JPEG apart (the same crop moved by a tenth of the photo: 7-13 dB)
        assert likeness > 30

    def decoded_again(*args, **kwargs):
        raise AssertionError("the upload decoded its original again for the crops")

    monkeypatch.setattr(pipeline, "make_crops", decoded_again)
    process_image(content, SPECS, focal=focal)  # the crops come from the pixels already decoded


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_sideways_phone_photo_is_cropped_upright_at_upload_and_recut(orientation):
    uploaded = process_image(sideways_photo(orientation), SPECS, focal=(0.5, 0.05))
    recut = crop_renditions(uploaded.original, SPECS, (0.5, 0.05), ImagePolicy())["banner"]
    for banner in (uploaded.renditions["banner"], recut):
        red, _green, blue = mean_colour(banner.content)
        assert (banner.width, banner.height) == (1920, 640)
        # The top of the upright photo, not a sideways slice across all three bands.
        assert (red > 200 and blue < 60) if orientation == 6 else (blue > 200 and red < 60)


def test_a_small_image_is_cropped_but_never_upscaled():
    banner = process_image(two_halves((600, 400)), SPECS, ImagePolicy()).renditions["banner"]
    assert (banner.width, banner.height) == (600, 200)


def test_a_transparent_logo_keeps_its_transparency_in_the_crop():
    logo = Image.new("RGBA", (900, 600), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((300, 150, 600, 450), fill=(200, 0, 0, 255))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    banner = process_image(buffer.getvalue(), SPECS, ImagePolicy()).renditions["banner"]
    assert banner.format == "PNG" and Image.open(io.BytesIO(banner.content)).mode == "RGBA"


def test_the_detail_default_finds_where_the_detail_is():
    image = Image.new("RGB", (1600, 1200), (128, 128, 128))
    draw = ImageDraw.Draw(image)
    for x in range(1200, 1560, 12):  # stripes in the right, lower part
        draw.line((x, 800, x, 1150), fill=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    x, y = detail_center(buffer.getvalue())
    # The stripes span x 0.75-0.98 and y 0.67-0.96: their middle, within a pixel of the 64-px analysis.
    assert x == pytest.approx(0.86, abs=0.02) and y == pytest.approx(0.81, abs=0.02)
    processed = process_image(buffer.getvalue(), SPECS, ImagePolicy(focal_default="detail"))
    assert processed.focal_point == pytest.approx((x, y), abs=0.02)  # found on the stored original
    assert process_image(buffer.getvalue(), SPECS, ImagePolicy()).focal_point is None  # "center"


def test_the_detail_default_is_found_upright_in_a_photo_stored_sideways():
    upright = Image.new("RGB", (1200, 1600), (128, 128, 128))
    draw = ImageDraw.Draw(upright)
    for x in range(60, 420, 12):  # stripes in the upper left of the upright picture
        draw.line((x, 100, x, 500), fill=(255, 255, 255), width=4)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what orientation 6 turns back upright
    exif = Image.Exif()
    exif[images.ORIENTATION] = 6
    data = images.encode(stored, "JPEG", quality=95, exif=exif)
    x, y = detail_center(data)
    assert x == pytest.approx(0.2, abs=0.03) and y == pytest.approx(0.19, abs=0.03)
    assert process_image(data, SPECS, ImagePolicy(focal_default="detail")).focal_point == pytest.approx(
        (x, y), abs=0.01
    )


@pytest.mark.django_db
def test_a_new_focal_point_recuts_the_banner_after_commit_and_deletes_the_old_one(
    api, event, files, django_capture_on_commit_callbacks
):
    import base64

    from eventmedia.models import EventImage

    uri = "data:image/jpeg;base64," + base64.b64encode(two_halves()).decode()
    created = api.post(f"/v1/events/{event.pk}/images/", {"data": uri}, format="json").json()
    assert created["focal_point"] is None and created["renditions"]["banner"]["width"] == 1920
    old_banner = EventImage.objects.get().renditions["banner"].storage_name
    detail = f"/v1/events/{event.pk}/images/{created['id']}/"
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the change commits
        changed = api.patch(detail, {"focal_point": {"x": 0.5, "y": 0.05}}, format="json")
    assert changed.status_code == 200 and changed.json()["focal_point"] == {"x": 0.5, "y": 0.05}
    image = EventImage.objects.get()
    banner = image.renditions["banner"]
    assert banner.storage_name != old_banner and old_banner not in files()
    with image.file.storage.open(banner.storage_name) as handle:
        assert mean_colour(handle.read())[0] > 180  # the red top half, where the point is
    assert len(files()) == 5  # the other renditions were kept as they were
    refused = api.patch(detail, {"focal_point": {"x": 2, "y": 0.5}}, format="json")
    assert refused.status_code == 400 and refused.json()["focal_point"]["x"][0]["code"] == "max_value"


@pytest.mark.django_db
def test_the_img_tag_keeps_the_focal_point_in_view(event):
    from django.template import Context, Template

    from eventmedia import services

    image = services.save_event_image(
        event=event, processed=services.process_image_bytes(two_halves((800, 600)))
    )
    services.change_event_image(image, focal_point={"x": 0.25, "y": 0.75})
    html = Template('{% load eventmedia %}{% eventmedia_image image "large" %}').render(
        Context({"image": image})
    )
    assert "object-position: 25.0% 75.0%" in html
    banner = Template('{% load eventmedia %}{% eventmedia_image image "banner" %}').render(
        Context({"image": image})
    )
    # Only the banner stands in for the banner (800 x 267 here): not the 4:3 thumbnail or icon.
    assert 'srcset="' in banner and " 800w" in banner and " 500w" not in banner and " 75w" not in banner
