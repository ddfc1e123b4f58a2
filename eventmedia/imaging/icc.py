"""What to do with an image's embedded ICC colour profile: keep it, drop it, or convert to sRGB.

A profile is untrusted bytes like the rest of the file. It is embedded in what we store only when
LittleCMS parses it, its colour space matches the pixels, and it is small (``max_bytes``): a 1 KB PNG
must not turn into three renditions that each carry 900 KB of junk profile.

- ``KEEP``: valid, matching and small: embedded in the original and the renditions.
- ``DROP``: unparsable, or made for other pixels (a CMYK profile on RGB data). Browsers ignore such a
  profile and show the pixels as sRGB, so dropping it changes nothing on screen.
- ``CONVERT``: valid but too large to copy into every rendition: the pixels are converted to sRGB and
  no profile is embedded, so colours stay right.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import Enum

from PIL import Image, ImageCms

# Colour space signatures (ICC header bytes 16-19) that fit each Pillow mode.
_COLOUR_SPACES = {"RGB": "RGB ", "RGBA": "RGB ", "L": "GRAY", "LA": "GRAY", "CMYK": "CMYK"}


class ProfileAction(Enum):
    KEEP = "keep"
    DROP = "drop"
    CONVERT = "convert"


@dataclass(frozen=True)
class ProfileDecision:
    action: ProfileAction
    profile: bytes | None = None  # the bytes to embed (KEEP) or convert from (CONVERT)

    @property
    def embedded(self) -> bytes | None:
        """The profile to write into outputs: only a kept one."""
        return self.profile if self.action is ProfileAction.KEEP else None


NO_PROFILE = ProfileDecision(ProfileAction.DROP)


def inspect_profile(icc: bytes | None, mode: str, *, max_bytes: int) -> ProfileDecision:
    """Decide what to do with ``icc`` for pixels of Pillow ``mode``; never raises."""
    if not icc:
        return NO_PROFILE
    expected = _COLOUR_SPACES.get(mode)
    if expected is None or icc[16:20].decode("latin-1") != expected:
        return NO_PROFILE
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return NO_PROFILE
    if len(icc) > max_bytes:
        # Grey pixels with a huge grey profile: no sRGB conversion is worth it; show them as sRGB grey.
        return ProfileDecision(ProfileAction.CONVERT, icc) if expected != "GRAY" else NO_PROFILE
    return ProfileDecision(ProfileAction.KEEP, icc)


def to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    """``im`` (RGB, RGBA or CMYK) converted from the colour space of ``icc`` to sRGB (RGB or RGBA)."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    output = "RGBA" if im.mode == "RGBA" else "RGB"
    return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=output)
