"""A write that waited its whole busy timeout for SQLite's write lock is a 503 "try again", never a 500.

SQLite (the demo's database) lets one transaction write at a time. Every transaction starts IMMEDIATE, taking the
write lock at BEGIN, and a connection that finds it taken waits up to the busy timeout (settings.py:
PRAGMA busy_timeout) instead of failing at once, so writes at the same moment queue and all succeed. Only a write
that waits longer than that gets "database is locked": the person is told to try again, with nothing saved (its
transaction was rolled back) and a Retry-After header. PostgreSQL waits for its locks without a limit unless a
lock_timeout is set; when one runs out (lock_not_available), the answer is the same.

Pages get it from the 500 handler (simpul.core.views.error_500, which also sees errors raised in middleware such
as a session save); the API from its error handler (simpul.api.on_unexpected_error).
"""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


# PostgreSQL's lock_not_available: a lock_timeout, when one is set, ran out.
LOCK_NOT_AVAILABLE = "55P03"


def is_database_busy(error: BaseException | None) -> bool:
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return "database is locked" in str(error).lower() or sqlstate == LOCK_NOT_AVAILABLE


def busy_message() -> str:
    return _("Simpul is busy saving other work right now. Nothing was saved: wait a few seconds and try again.")


def busy_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"code": "busy", "message": busy_message(), "detail": None}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": busy_message()}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
