"""A tiny placeholder for a stored image, shown until the image arrives: a ThumbHash and a colour.

``placeholder_of`` reads the smallest output of the pipeline (an ``icon`` rendition is 75 px wide),
scales it to at most ``MAX_SIDE`` pixels and computes the ThumbHash (the ``thumbhash`` package, a
port of Evan Wallace's reference encoder; standard base64 on the wire) and the dominant colour (the
largest cluster of a four-colour median-cut palette, translucent pixels over white, as
``#rrggbb``). A transparent image's ThumbHash is taken over its dominant colour, so it is opaque.
The encoder is pure Python and its cost grows with the pixels, so the input is capped: 16 px is about
0.7-1 ms on this machine class (``make bench`` measures it), and a ThumbHash holds a few dozen
coefficients whatever its input.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import thumbhash
from PIL import Image, ImageOps

MAX_SIDE = 16


@dataclass(frozen=True)
class Placeholder:
    thumbhash: str  # standard base64 of the ThumbHash bytes
    color: str  # the dominant colour, "#rrggbb"

    def to_json(self) -> dict[str, str]:
        return {"thumbhash": self.thumbhash, "color": self.color}


def placeholder_of(content: bytes) -> Placeholder:
    """The placeholder of the image in ``content`` (an output of the pipeline, trusted), upright: a
    JPEG original kept as sent carries its orientation as an EXIF tag, which is applied here."""
    with Image.open(io.BytesIO(content)) as image:
        image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # a JPEG decodes at a fraction of its size
        small = ImageOps.exif_transpose(image).convert("RGBA")
    small.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BILINEAR)
    color = dominant_color(small)
    # thumbhash 0.1.2 fails on any transparency (its alpha channel is mis-unpacked): a transparent
    # image is laid on its dominant colour first, so its placeholder is opaque.
    opaque = Image.new("RGBA", small.size, color)
    opaque.alpha_composite(small)
    hashed = thumbhash.rgba_to_thumb_hash(opaque.width, opaque.height, list(opaque.tobytes()))
    return Placeholder(base64.b64encode(bytes(hashed)).decode("ascii"), color)


def dominant_color(image: Image.Image) -> str:
    """The colour of the largest cluster of ``image``'s pixels (over white), as ``#rrggbb``."""
    opaque = Image.new("RGB", image.size, (255, 255, 255))
    opaque.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    quantized = opaque.quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    _count, index = max(quantized.getcolors() or [(1, 0)])
    red, green, blue = (quantized.getpalette() or [0, 0, 0])[index * 3 : index * 3 + 3]
    return f"#{red:02x}{green:02x}{blue:02x}"


def thumbhash_data_uri(encoded: str) -> str:
    """The ThumbHash decoded into a small PNG, as a data URI (for a CSS background until the image
    loads); "" when ``encoded`` is not a ThumbHash."""
    try:
        width, height, rgba = thumbhash.thumb_hash_to_rgba(list(base64.b64decode(encoded, validate=True)))
        image = Image.frombytes("RGBA", (width, height), bytes(rgba))
    except (ValueError, IndexError, TypeError):
        return ""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
