"""The use cases: every write of eventmedia goes through one of these functions.

HTTP views, the admin, tasks and management commands call these; only these open transactions. They
take values (rows, bytes, what the pipeline made), never a request or a serializer. One module an
aggregate, all built on one sequence (``unit_of_work.UnitOfWork``: files first, then rows locked,
re-read and saved without re-inserting, unused files deleted after commit), so that nothing is ever
half-written and concurrent requests never lose or orphan a file:

- ``processing``: the pipeline with the site's settings (pure: no files, no rows);
- ``uploads``: images and documents not attached yet, found again by their URL;
- ``event_images``: an event's images (stored, attached from an upload, changed, re-cut);
- ``avatars``, ``slides``, ``events``, ``users`` (names): the other aggregates;
- ``renditions``: renditions remade (``RENDITIONS`` changed) and made in other formats;
- ``kept``: uploads a record of the site names by URL, kept with it (``api.upload_urls``);
- ``remote``: images fetched from hosts the site allows; ``expiry``: old uploads deleted.

Everything public is importable from ``eventmedia.services``.
"""

from .avatars import set_avatar, set_avatar_from_upload
from .event_images import (
    ImageChange,
    apply_image_changes,
    attach_image_upload,
    change_event_image,
    release_single_kind,
    remake_crops,
    save_event_image,
    store_image,
)
from .events import (
    add_event,
    change_event,
    change_event_with_images,
    create_event,
    create_event_with_images,
    delete_event,
)
from .expiry import expire_uploads
from .files import write_document_file, write_image_files, write_renditions
from .kept import NamedFile, forget_orphans, held_by, hold_files, release_holder
from .processing import check_document_bytes, image_policy, process_image_bytes, rendition_specs
from .remote import ImageURLRefused, fetch_image_url, image_url_allowed
from .renditions import (
    ALTERNATES_KIND,
    make_alternates,
    make_formats,
    rebuild_renditions,
    rebuild_renditions_by_key,
    resume_alternates,
    want_alternates,
    want_formats,
)
from .slides import add_slide, attach_document_upload, change_slide, make_slide_preview
from .unit_of_work import Gone, UnitOfWork, delete_stored
from .uploads import UploadNotFound, find_upload, save_uploaded_documents, save_uploaded_image
from .users import change_user_names

__all__ = [
    "ALTERNATES_KIND",
    "Gone",
    "ImageChange",
    "NamedFile",
    "ImageURLRefused",
    "UnitOfWork",
    "UploadNotFound",
    "add_event",
    "add_slide",
    "apply_image_changes",
    "attach_document_upload",
    "attach_image_upload",
    "change_event",
    "change_event_image",
    "change_event_with_images",
    "change_slide",
    "change_user_names",
    "check_document_bytes",
    "create_event",
    "create_event_with_images",
    "delete_event",
    "delete_stored",
    "expire_uploads",
    "fetch_image_url",
    "find_upload",
    "forget_orphans",
    "held_by",
    "hold_files",
    "image_policy",
    "image_url_allowed",
    "make_alternates",
    "make_formats",
    "make_slide_preview",
    "process_image_bytes",
    "rebuild_renditions",
    "rebuild_renditions_by_key",
    "release_holder",
    "release_single_kind",
    "resume_alternates",
    "remake_crops",
    "rendition_specs",
    "save_event_image",
    "save_uploaded_documents",
    "save_uploaded_image",
    "set_avatar",
    "set_avatar_from_upload",
    "store_image",
    "want_alternates",
    "want_formats",
    "write_document_file",
    "write_image_files",
    "write_renditions",
]
