"""Sending a partnership's document: always as a private download named by its record, never by its path."""

import mimetypes

from django.http import FileResponse

from simpul.coops.models import Partnership
from simpul.core.exceptions import NotFoundError


def partnership_document_response(partnership: Partnership) -> FileResponse:
    """The file as a download; a record whose file is gone from storage is the same 404 as no file."""
    name = partnership.document.name or ""
    try:
        handle = partnership.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFoundError.plain() from None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    download_name = f"kerja-sama-{partnership.pk}.{extension}"
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=download_name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
