"""Sessions end after an idle time as well as at their absolute age.

Django's database sessions slide: every save moves their expiry SESSION_COOKIE_AGE further, so a session in use
never ends, and one left open on a shared computer at the cooperative's office stays logged in for two weeks.
IdleSessionMiddleware keeps two times in the session: when it was logged in and when it was last used. A session
idle longer than SIMPUL_SESSION_IDLE_SECONDS (SIMPUL_SESSION_IDLE_SECONDS_MEMBERS for people who are only members)
or older than SESSION_COOKIE_AGE is logged out: pages redirect to the login page with a message, HTMX requests are
sent there, the API answers 401. API tokens carry no session and are not affected.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

STARTED_KEY = "simpul_session_started"
LAST_SEEN_KEY = "simpul_session_last_seen"
# The last-seen time is written at most once a minute: a session save on every request would be a database write
# on every page view.
TOUCH_SECONDS = 60


def idle_limit(request: HttpRequest) -> int:
    """Staff (any role but member) get SIMPUL_SESSION_IDLE_SECONDS; people who are only members their own."""
    roles = getattr(request, "roles", None) or []  # set by simpul.coops.middleware.ActiveRoleMiddleware
    if roles and all(role.kind == "member" for role in roles):
        return int(settings.SIMPUL_SESSION_IDLE_SECONDS_MEMBERS)
    return int(settings.SIMPUL_SESSION_IDLE_SECONDS)


def _expired(request: HttpRequest, now: float) -> str | None:
    """Why the session has ended ("idle" or "age"), or None while it holds."""
    started = request.session.get(STARTED_KEY)
    last_seen = request.session.get(LAST_SEEN_KEY)
    if started is None or last_seen is None:
        return None
    if now - last_seen > idle_limit(request):
        return "idle"
    if now - started > settings.SESSION_COOKIE_AGE:
        return "age"
    return None


def _logged_out(request: HttpRequest, reason: str) -> HttpResponse:
    if reason == "idle":
        hours = idle_limit(request) / 3600
        message = _("You were logged out after %(hours)s hours without activity. Log in again to continue.") % {
            "hours": f"{hours:g}".replace(".", ",")
        }
    else:
        message = _("Your session has reached its maximum age. Log in again to continue.")
    logout(request)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": "session_expired", "message": message, "detail": None}, status=401)
    messages.info(request, message)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(redirect_to_login(request.headers.get("HX-Current-URL") or "/").url)
    return redirect_to_login(request.get_full_path())


def session_started(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """`user_logged_in` receiver (simpul/core/apps.py): the session's clock starts at the login, in the same save."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED_KEY] = now
        request.session[LAST_SEEN_KEY] = now


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            reason = _expired(request, now)
            if reason is not None:
                return _logged_out(request, reason)
            self._touch(request, now)
        return self.get_response(request)

    @staticmethod
    def _touch(request: HttpRequest, now: float) -> None:
        if STARTED_KEY not in request.session:  # a session logged in before this rule: its clock starts now
            request.session[STARTED_KEY] = now
        if now - request.session.get(LAST_SEEN_KEY, 0) >= TOUCH_SECONDS:
            request.session[LAST_SEEN_KEY] = now
