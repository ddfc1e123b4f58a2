"""The image and document pipeline: pure Python and Pillow, no Django.

Everything here takes bytes and settings values and returns bytes and facts, so it can be tested,
benchmarked and reused without a Django project. ``process_image`` is the entry point for images,
``sniff_document`` for slides and other documents.
"""

from .datauri import decode_base64, parse_data_uri
from .documents import sniff_document
from .errors import MediaError
from .pipeline import ImagePolicy, ProcessedImage, process_image
from .specs import RenditionSpec, parse_rendition_specs

__all__ = [
    "ImagePolicy",
    "MediaError",
    "ProcessedImage",
    "RenditionSpec",
    "decode_base64",
    "parse_data_uri",
    "parse_rendition_specs",
    "process_image",
    "sniff_document",
]
