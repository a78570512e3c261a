"""The help pages: /bantuan/ lists the roles (the person's own first), /bantuan/<role>/ explains one. Public: a
newcomer reads them before logging in; a signed-in person's first steps link to their own pages."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET

from simpul.coops.help.content import BY_KIND, BY_SLUG, GLOSSARY, ROLES, RoleHelp, Step


@dataclass(frozen=True)
class ShownStep:
    text: str
    url: str


def _url_args(step: Step, role: Any) -> list[str] | None:
    """The URL arguments of `step` for the person's `role` (None: this role gives none)."""
    if step.needs == "cooperative" and getattr(role, "cooperative", None) is not None:
        return [role.cooperative.slug]
    if step.needs == "network" and getattr(role, "network", None) is not None:
        return [role.network.slug]
    if step.needs == "office" and getattr(role, "office", None) is not None:
        return [role.office.scope_code or "id"]
    if not step.needs:
        return []
    return None


def _own_role(request: HttpRequest, help_page: RoleHelp) -> Any:
    """The person's role of this page's kind: the active one if it is, else the first they hold."""
    active = getattr(request, "active_role", None)
    if active is not None and active.kind == help_page.kind:
        return active
    return next((role for role in getattr(request, "roles", []) if role.kind == help_page.kind), None)


def shown_steps(request: HttpRequest, help_page: RoleHelp) -> list[ShownStep]:
    role = _own_role(request, help_page)
    steps = []
    for step in help_page.steps:
        url = ""
        args = _url_args(step, role) if step.url else None
        if args is not None:
            try:
                url = reverse(step.url, args=args)
            except NoReverseMatch:  # a page of an app not installed here
                url = ""
        steps.append(ShownStep(str(step.text), url))
    return steps


def _ordered_roles(request: HttpRequest) -> list[RoleHelp]:
    held = {role.kind for role in getattr(request, "roles", [])}
    return sorted(ROLES, key=lambda page: page.kind not in held)


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    active = getattr(request, "active_role", None)
    own = BY_KIND.get(active.kind) if active is not None else None
    context = {"roles": _ordered_roles(request), "own": own, "glossary": GLOSSARY}
    return render(request, "coops/help/index.html", context)


@require_GET
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    help_page = BY_SLUG.get(role)
    if help_page is None:
        raise Http404
    context = {
        "page": help_page,
        "steps": shown_steps(request, help_page),
        "holds_role": _own_role(request, help_page) is not None,
        "roles": ROLES,
        "glossary": GLOSSARY,
    }
    return render(request, "coops/help/role.html", context)


urlpatterns = [
    path("bantuan/", help_index, name="help"),
    path("bantuan/<slug:role>/", help_role, name="help_role"),
]
