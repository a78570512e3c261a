"""The receipt or invoice behind a manual journal entry: checked by its size and first bytes, never by its name."""

from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.ledger import error_codes

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
_MAGIC = ((b"%PDF", "pdf"), (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"))
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def attachment_check(upload: Any) -> str:
    """The file's real kind ("pdf", "png" or "jpg"); anything else, or more than 5 MB, is refused."""
    size = getattr(upload, "size", None)
    if size is None or not hasattr(upload, "read"):
        raise ApplicationError(
            _("The attachment must be a PDF, JPEG or PNG file."),
            code=error_codes.INVALID_FILE,
            extra={"field": "attachment"},
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("The attachment is larger than 5 MB."), code=error_codes.INVALID_FILE, extra={"field": "attachment"}
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    raise ApplicationError(
        _("The attachment must be a PDF, JPEG or PNG file."),
        code=error_codes.INVALID_FILE,
        extra={"field": "attachment"},
    )
