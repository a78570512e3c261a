"""Switching the role a person acts in. Only the person's own active roles can be chosen."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from simpul.coops.context_processors import role_home_url
from simpul.coops.middleware import ACTIVE_ROLE_SESSION_KEY
from simpul.core.exceptions import NotFoundError


@login_required
@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("role", "")
    # request.roles holds only this person's active roles (ActiveRoleMiddleware), so anyone else's is "not found".
    role = next((r for r in request.roles if str(r.pk) == wanted), None)  # type: ignore[attr-defined]
    if role is None:
        raise NotFoundError.plain()
    request.session[ACTIVE_ROLE_SESSION_KEY] = role.pk
    return redirect(role_home_url(role))


urlpatterns = [path("peran/", switch_role, name="switch_role")]
