"""Attach the person's active role to the request. The role decides navigation, never data access:
views still check access against the URL's organisation."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from simpul.coops.access import user_roles

ACTIVE_ROLE_SESSION_KEY = "simpul_active_role"
API_PREFIX = "/api/"


class ActiveRoleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.active_role = None  # type: ignore[attr-defined]
        request.roles = []  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        # The API renders no navigation and checks each call against the URL's organisation: no roles to load.
        if user is not None and not request.path_info.startswith(API_PREFIX) and user.is_authenticated:
            roles = list(user_roles(user))
            request.roles = roles  # type: ignore[attr-defined]
            wanted = request.session.get(ACTIVE_ROLE_SESSION_KEY)
            request.active_role = next((r for r in roles if r.pk == wanted), roles[0] if roles else None)  # type: ignore[attr-defined]
        return self.get_response(request)
