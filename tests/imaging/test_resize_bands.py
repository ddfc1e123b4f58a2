"""Large resizes run in two bands on two threads and give the picture one resize gives."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from eventmedia.imaging.steps import BANDED_RESIZE_PIXELS, REDUCING_GAP, RESAMPLE, _resize
from tests import images


@pytest.mark.parametrize(
    "source, size", [((2000, 1500), (1300, 975)), ((1999, 1333), (1300, 867)), ((1500, 2000), (975, 1300))]
)
def test_the_bands_meet_without_a_seam(source, size):
    photo = Image.open(io.BytesIO(images.jpeg(source))).convert("RGB")
    assert size[0] * size[1] >= BANDED_RESIZE_PIXELS  # this size is banded
    banded = _resize(photo, size)
    whole = photo.resize(size, RESAMPLE, reducing_gap=REDUCING_GAP)
    assert (banded.size, banded.mode) == (whole.size, whole.mode)
    difference = ImageChops.difference(banded, whole)
    # Rounding (the bands' filter positions are summed from another origin): a level here and there,
    # a few at most (a band cut one row off is off by 4 levels on average, 40 at most).
    assert max(high for _low, high in difference.getextrema()) <= 4
    assert max(ImageStat.Stat(difference).mean) < 0.5
    seam = size[1] // 2
    rows = difference.crop((0, seam - 2, size[0], seam + 2))  # the bands meet without a seam
    assert max(ImageStat.Stat(rows).mean) < 0.5


def test_small_outputs_are_one_resize():
    photo = Image.open(io.BytesIO(images.jpeg((1000, 750)))).convert("RGB")
    small = _resize(photo, (500, 375))
    assert small.tobytes() == photo.resize((500, 375), RESAMPLE, reducing_gap=REDUCING_GAP).tobytes()
