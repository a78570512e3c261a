"""A need's photo as a response, for the pages and the API alike (each checks first who may see the need)."""

from django.http import FileResponse

from simpul.core.exceptions import NotFoundError
from simpul.needs.models import Need

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def photo_response(need: Need) -> FileResponse:
    if not need.photo or need.photo_kind not in CONTENT_TYPES:
        raise NotFoundError.plain()
    response = FileResponse(need.photo.open("rb"), content_type=CONTENT_TYPES[need.photo_kind])
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
