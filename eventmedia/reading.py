"""Reading the bytes a client sent (an uploaded file, a data URI) within a limit, for the API and the admin.

Nothing here decodes an image: it only refuses what is too large or not a data URI before the
pipeline sees it, with the pipeline's codes (``MediaError``).
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from .conf import media_settings
from .imaging import MediaError, parse_data_uri
from .imaging import errors as codes


def read_upload(upload: UploadedFile, max_bytes: int) -> bytes:
    """The bytes of an uploaded file; ``file_too_large`` past ``max_bytes``, read no further than that."""
    if upload.size is not None and upload.size > max_bytes:
        raise MediaError(codes.FILE_TOO_LARGE, "uploaded file over the limit")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise MediaError(codes.FILE_TOO_LARGE, "uploaded file over the limit")
    return data


def read_sent_file(value: object, max_bytes: int, *, allow_bare_base64: bool | None = None) -> bytes:
    """The bytes ``value`` carries: an uploaded file, or a data URI (bare base64 when the site or the
    caller allows it), within ``max_bytes``; ``MediaError`` otherwise."""
    allow_bare = media_settings.ALLOW_BARE_BASE64 if allow_bare_base64 is None else allow_bare_base64
    if isinstance(value, UploadedFile):
        return read_upload(value, max_bytes)
    if isinstance(value, str):
        return parse_data_uri(value, max_bytes=max_bytes, allow_bare=allow_bare).content
    raise MediaError(codes.INVALID_DATA_URI, "neither a string nor a file")
