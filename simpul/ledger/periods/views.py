"""Reopening a closed period under /k/<slug>/buku/periode/buka-kembali/: a manager or a supervisor asks, with a
reason; the other role approves or rejects; the one who asked may withdraw. The page lists the closed periods
that may be asked for, the requests waiting, and every request decided (the history)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.views.workspace import done
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger.models import Period, PeriodReopenRequest, ReopenStatus
from simpul.ledger.services.periods import period_reopen_approve, period_reopen_reject, period_reopen_request

TEMPLATE = "ledger/period_reopen.html"
HISTORY = 50


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _cooperative(request: HttpRequest, slug: str) -> tuple[Cooperative, set[str]]:
    cooperative, _role = access_cooperative(_actor(request), slug, READ_ROLES)
    kinds = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    return cooperative, kinds


def period_label(period: Period) -> str:
    if period.kind == "year":
        return _("Fiscal year %(start)s – %(end)s") % {"start": tanggal(period.start), "end": tanggal(period.end)}
    return tanggal(period.start).split(" ", 1)[-1]


def reopen_context(cooperative: Cooperative, actor: User, kinds: set[str]) -> dict[str, Any]:
    closed = list(Period.objects.filter(cooperative=cooperative, closed_at__isnull=False).order_by("-start", "-kind"))
    requests = list(
        PeriodReopenRequest.objects.filter(cooperative=cooperative)
        .select_related("period", "requested_by", "decided_by")
        .order_by("-requested_at")[:HISTORY]
    )
    for item in requests:
        item.label = period_label(item.period)  # type: ignore[attr-defined]
        mine = item.requested_by_id == actor.pk
        item.can_withdraw = mine  # type: ignore[attr-defined]
        item.can_decide = not mine  # type: ignore[attr-defined]  # the service checks the roles
    return {
        "cooperative": cooperative,
        "can_post": RoleKind.MANAGER in kinds,
        "closed": [(period, period_label(period)) for period in closed],
        "pending": [r for r in requests if r.status == ReopenStatus.PENDING],
        "history": [r for r in requests if r.status != ReopenStatus.PENDING],
    }


@login_required
@require_GET
def period_reopen_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, kinds = _cooperative(request, slug)
    return render(request, TEMPLATE, reopen_context(cooperative, _actor(request), kinds))


def _refused(request: HttpRequest, cooperative: Cooperative, kinds: set[str], error: ApplicationError) -> HttpResponse:
    if isinstance(error, NotFoundError | PermissionDeniedError):
        raise error
    context = reopen_context(cooperative, _actor(request), kinds)
    context["error"] = error.message
    context["reason"] = request.POST.get("reason", "")
    return render(request, TEMPLATE, context, status=400)


def _page(cooperative: Cooperative) -> str:
    return reverse("ledger:period_reopen", args=[cooperative.slug])


@login_required
@require_POST
def period_reopen_ask(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, kinds = _cooperative(request, slug)
    raw = request.POST.get("period", "")
    try:
        if not raw.isdigit():
            raise ApplicationError(_("Choose a closed period."), code="required", extra={"field": "period"})
        period_reopen_request(
            cooperative=cooperative, actor=_actor(request), period_id=int(raw), reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        return _refused(request, cooperative, kinds, error)
    return done(request, _page(cooperative), _("The request is recorded; it waits for the second signature."))


@login_required
@require_POST
def period_reopen_decide(request: HttpRequest, slug: str, request_id: int, decision: str) -> HttpResponse:
    cooperative, kinds = _cooperative(request, slug)
    note = request.POST.get("note", "")
    try:
        if decision == "setujui":
            period_reopen_approve(cooperative=cooperative, actor=_actor(request), request_id=request_id, note=note)
            message = _("The period is open again.")
        else:
            found = period_reopen_reject(
                cooperative=cooperative, actor=_actor(request), request_id=request_id, note=note
            )
            message = (
                _("The request is withdrawn.")
                if found.status == ReopenStatus.WITHDRAWN
                else _("The request is rejected.")
            )
    except ApplicationError as error:
        return _refused(request, cooperative, kinds, error)
    return done(request, _page(cooperative), message)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/buku/periode/buka-kembali/", period_reopen_page, name="period_reopen"),
    path("k/<slug:slug>/buku/periode/buka-kembali/ajukan/", period_reopen_ask, name="period_reopen_ask"),
    path(
        "k/<slug:slug>/buku/periode/buka-kembali/<int:request_id>/setujui/",
        period_reopen_decide,
        {"decision": "setujui"},
        name="period_reopen_approve",
    ),
    path(
        "k/<slug:slug>/buku/periode/buka-kembali/<int:request_id>/tolak/",
        period_reopen_decide,
        {"decision": "tolak"},
        name="period_reopen_reject",
    ),
]
