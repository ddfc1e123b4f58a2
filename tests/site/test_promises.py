"""Promises that a one-line change of the code could break silently: each test here fails for one.

They were written by breaking the code on purpose (dropping a check, rotating the wrong way, storing
a token as base64...), watching the suite pass, and adding the test that fails. ``make mutate`` keeps
looking for more (see docs/mutation-testing.md).
"""

import base64
import io

import pytest
from PIL import Image, ImageOps

from eventmedia.imaging import ImagePolicy, MediaError, parse_data_uri, parse_rendition_specs, process_image
from tests import images

SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})
QUADRANTS = ((230, 20, 20), (20, 200, 20), (20, 20, 230), (230, 230, 20))  # TL, TR, BL, BR


# -- Base64: the size cap comes before any decoding --------------------------------------------------------


def test_oversized_text_is_refused_by_its_length_before_it_is_even_read():
    # Over the cap and not even ASCII: a decoder would say invalid_base64; the cap must answer first.
    huge = "data:image/png;base64," + "A" * 2_000_000 + "é"
    with pytest.raises(MediaError) as caught:
        parse_data_uri(huge, max_bytes=1000)
    assert caught.value.code == "file_too_large"


# -- The pixel budget is ours, not Pillow's ---------------------------------------------------------------


def test_an_image_between_max_pixels_and_pillows_own_limit_is_refused_by_our_budget():
    # 8000 x 8000 = 64 MP: over MAX_PIXELS (50 MP), under Pillow's bomb guard (179 MP).
    bomb = images.png_header_only(8000, 8000)
    assert Image.MAX_IMAGE_PIXELS * 2 > 8000 * 8000 > ImagePolicy().max_pixels
    with pytest.raises(MediaError) as caught:
        process_image(bomb, SPECS, ImagePolicy())
    assert caught.value.code == "too_many_pixels"


def test_a_huge_first_frame_is_refused_before_frames_are_counted():
    # An APNG header claiming 10000 x 10000 pixels and 5000 frames: the frame alone is over budget,
    # so the answer is about pixels, found before the frame count is even looked at.
    ihdr = images.png_chunk(b"IHDR", b"\x00\x00\x27\x10\x00\x00\x27\x10\x08\x02\x00\x00\x00")
    actl = images.png_chunk(b"acTL", (5000).to_bytes(4, "big") + b"\x00\x00\x00\x00")
    bomb = images.png_header_only(1, 1)
    bomb = bomb[:8] + ihdr + actl + bomb[33:]
    with pytest.raises(MediaError) as caught:
        process_image(bomb, SPECS, ImagePolicy())
    assert caught.value.code == "too_many_pixels"


@pytest.mark.django_db
def test_the_default_budget_reaches_the_api(api):
    response = api.post(
        "/v1/upload/image", {"data": images.data_uri(images.png_header_only(8000, 8000))}, format="json"
    )
    assert response.status_code == 400 and response.json()["data"][0]["code"] == "too_many_pixels"


# -- All eight orientations, on every format that carries one ---------------------------------------------


def _quadrants(size=(160, 120)) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    for index, colour in enumerate(QUADRANTS):
        left, top = (index % 2) * width // 2, (index // 2) * height // 2
        image.paste(colour, (left, top, left + width // 2, top + height // 2))
    return image


def _with_orientation(fmt: str, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    params = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
    if fmt == "WEBP":
        params["lossless"] = True
    return images.encode(_quadrants(), fmt, exif=exif, **params)


def _corner_colours(image: Image.Image) -> list[tuple[int, ...]]:
    image = image.convert("RGB")
    width, height = image.size
    points = [(width // 4, height // 4), (3 * width // 4, height // 4)]
    points += [(width // 4, 3 * height // 4), (3 * width // 4, 3 * height // 4)]
    return [image.getpixel(point) for point in points]


def _close(left, right) -> bool:
    return all(
        abs(a - b) <= 40 for pa, pb in zip(left, right, strict=True) for a, b in zip(pa, pb, strict=True)
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_shown_upright(fmt, orientation):
    data = _with_orientation(fmt, orientation)
    # Pillow's exif_transpose is the reference for what a viewer shows.
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    result = process_image(data, SPECS, ImagePolicy())
    for name, output in [("original", result.original), *result.renditions.items()]:
        shown = ImageOps.exif_transpose(Image.open(io.BytesIO(output.content)))  # as a browser shows it
        assert shown.size == (output.width, output.height), name
        reference = expected.resize(shown.size)
        assert _close(_corner_colours(shown), _corner_colours(reference)), (name, orientation)


# -- Metadata with GPS is kept nowhere, whatever the format ------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda exif: images.encode(images.png_rgba_image((300, 200)), "PNG", exif=exif),  # kept as PNG
        lambda exif: images.encode(images.photo((300, 200)), "PNG", exif=exif),  # becomes JPEG
        lambda exif: images.encode(images.photo((300, 200)), "WEBP", exif=exif, quality=90),
        lambda exif: images.encode(images.png_rgba_image((300, 200)), "WEBP", exif=exif, lossless=True),
    ],
    ids=["png-transparent", "png-opaque", "webp", "webp-transparent"],
)
def test_gps_in_png_and_webp_metadata_is_kept_nowhere(make):
    data = make(images.private_exif())
    assert images.gps_anywhere(data)  # the input really has it
    result = process_image(data, SPECS, ImagePolicy())
    for output in [result.original, *result.renditions.values()]:
        assert not images.gps_anywhere(output.content)
        assert b"SecretCam" not in output.content


def test_gif_comment_and_xmp_are_kept_nowhere():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue")]
    data = images.encode(
        frames[0], "GIF", save_all=True, append_images=frames[1:], comment=b"GPS 48.85N 2.35E SecretCam"
    )
    result = process_image(data, SPECS, ImagePolicy())
    assert result.animated
    for output in [result.original, *result.renditions.values()]:
        assert b"SecretCam" not in output.content


# -- Instagram tokens are really encrypted, with the site's key --------------------------------------------


@pytest.fixture
def token_key(settings):
    settings.SECRET_KEY = "the-site-secret-key-of-at-least-fifty-characters-0123456789"
    settings.SECRET_KEY_FALLBACKS = []
    settings.EVENTMEDIA = {"INSTAGRAM": {"TOKEN_KEY": ""}}
    return settings


def test_a_stored_token_reveals_nothing_of_the_token(token_key):
    from eventmedia.contrib.instagram import tokens

    secret = "IGAAsecret-token-value-0123456789"
    stored = tokens.encrypt(secret)
    padded = stored + "=" * (-len(stored) % 4)
    for candidate in (stored.encode(), base64.urlsafe_b64decode(padded)):
        assert secret.encode() not in candidate
        assert base64.b64encode(secret.encode())[:20] not in candidate
    assert tokens.decrypt(stored) == secret


def test_another_key_cannot_decrypt(token_key):
    from eventmedia.contrib.instagram import tokens

    stored = tokens.encrypt("IGAAsecret")
    token_key.SECRET_KEY = "another-site-with-another-secret-key-0123456789-abcdef"
    assert tokens.decrypt(stored) == ""  # reads as "reconnect needed", never as the token


def test_rotating_secret_key_keeps_tokens_readable_through_fallbacks(token_key):
    from eventmedia.contrib.instagram import tokens

    old_key = token_key.SECRET_KEY
    stored = tokens.encrypt("IGAAsecret")
    token_key.SECRET_KEY = "the-new-secret-key-after-rotation-0123456789-abcdefghij"
    token_key.SECRET_KEY_FALLBACKS = [old_key]
    assert tokens.decrypt(stored) == "IGAAsecret"
    assert tokens.decrypt(tokens.encrypt("IGAAnew")) == "IGAAnew"  # new tokens use the new key
    token_key.SECRET_KEY_FALLBACKS = []
    assert tokens.decrypt(stored) == ""  # once the old key is dropped, old tokens are unreadable


def test_a_configured_token_key_wins_over_secret_key(token_key):
    from eventmedia.contrib.instagram import tokens

    token_key.EVENTMEDIA = {"INSTAGRAM": {"TOKEN_KEY": "a-dedicated-token-key"}}
    stored = tokens.encrypt("IGAAsecret")
    token_key.SECRET_KEY = "changing-secret-key-does-not-matter-now-0123456789-xyz"
    assert tokens.decrypt(stored) == "IGAAsecret"
    token_key.EVENTMEDIA = {"INSTAGRAM": {"TOKEN_KEY": "another-token-key"}}
    assert tokens.decrypt(stored) == ""
