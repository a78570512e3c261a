"""The public landing page and the role home redirect: both read coops data (public statistics, the roles).

Their URL names stay `core:landing` and `core:home` (settings' LOGIN_REDIRECT_URL, the error pages and the
base template reverse them): the project's urls.py mounts `urlpatterns` below in the `core` namespace, next to
core's own URLs, so core itself imports no domain app.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from simpul.coops.context_processors import role_home_url
from simpul.coops.selectors.public import public_statistics


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "coops/landing.html", {"stats": public_statistics()})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request, "active_role", None)
    if role is None:
        return render(request, "core/no_role.html")
    return redirect(role_home_url(role))


urlpatterns = [
    path("", landing, name="landing"),
    path("beranda/", home, name="home"),
]
