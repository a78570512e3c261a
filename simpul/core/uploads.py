"""Request bodies past the size limit are refused before they are read: 413, with the limit in the message.

Django reads a file upload in full (to memory or a temporary file) before any view can look at its size, and a
form's size check comes after that. This middleware looks at Content-Length first: a file upload (multipart)
may be UPLOAD_MAX_BYTES, any other body REQUEST_MAX_BYTES. A body sent in chunks (no Content-Length, which
Django's WSGI handler would not read at all) is counted while it is read, into a spooled file, and refused as
soon as it passes the limit; a body within it is handed on to Django as if its length had been sent.

It covers every upload at once (the member import, journal attachments, partnership documents, the API's file
fields), pages and API alike, and touches neither the session nor the database. It sits after the middlewares
that add the security headers (CSP, X-Frame-Options), so a 413 page carries them, and before any that reads the
body (CSRF reads it only once the view is known).
"""

import math
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


def body_limit(request: HttpRequest) -> int:
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.lower().startswith("multipart/form-data"):
        return int(settings.UPLOAD_MAX_BYTES)
    return int(settings.REQUEST_MAX_BYTES)


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = math.floor(limit * 10 / (1024 * 1024)) / 10
    size = number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)
    message = _("The upload is too large: at most %(size)s MB can be sent at once. Send a smaller file.") % {
        "size": size
    }
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": "too_large", "message": message, "detail": {"max_bytes": limit}}, status=413)
    return HttpResponse(render_to_string("413.html", {"message": message}), status=413)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _is_chunked(request: HttpRequest) -> bool:
    return "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        length = _declared_length(request)
        if length is not None and length > limit:
            return too_large_response(request, limit)
        chunked = length is None and _is_chunked(request) and "wsgi.input" in request.META
        if chunked and not self._read_chunked(request, limit):
            return too_large_response(request, limit)
        return self.get_response(request)

    @staticmethod
    def _read_chunked(request: HttpRequest, limit: int) -> bool:
        """Reads a chunked body up to the limit; False as soon as it is past it."""
        # Handed on to the request, which closes it; not a `with` block.
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        source = request.META["wsgi.input"]
        size = 0
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                spool.close()
                return False
            spool.write(chunk)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)  # type: ignore[attr-defined,arg-type,assignment]
        return True
