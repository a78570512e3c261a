"""What every router shares: authentication (session, token, public) and list pagination.

Kept apart from simpul/api.py, which imports the routers, so a router can import these without a cycle.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from simpul.core.exceptions import PermissionDeniedError
from simpul.core.tokens import user_for_api_key

MAX_PAGE_SIZE = 100
# The largest id a BIGINT holds: a bound for integer path parameters, so a huge one is a 422, not a DB error.
MAX_ID = 2**63 - 1


def public(request: HttpRequest) -> Any:
    """Auth marker for endpoints anyone may read."""
    return True


class TokenAuth(HttpBearer):
    """`Authorization: Bearer smp_…` with a token from POST /api/v1/auth/tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # An expired token answers 401 and a read-only token that writes 403, each saying why.
        user = user_for_api_key(token.strip(), method=request.method or "GET")
        if user is not None:
            request.user = user
        return user


class CsrfSessionAuth(SessionAuth):
    """The browser's login session. Writes must carry the CSRF token (header X-CSRFToken)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        # Not logged in: there is no session to protect, so the answer is 401, never a CSRF 403.
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise PermissionDeniedError(
                _("The security token (CSRF) is missing or wrong. Reload the page and try again."),
                code="csrf_failed",
            )
        return request.user


# The token comes first: a client that sends one is never asked for a CSRF token.
session_or_token = [TokenAuth(), CsrfSessionAuth()]
session_only = [CsrfSessionAuth()]


class LimitOffset(LimitOffsetPagination):
    """`?limit=` (1–100, default 50) and `?offset=`; the answer is {"items": [...], "count": n}."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="How many items (at most 100)")
        offset: int = Field(0, ge=0, le=MAX_ID, description="How many items to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)
