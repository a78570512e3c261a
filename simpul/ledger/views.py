"""The books under /k/<slug>/buku/: the chart of accounts and the reports, read by managers and supervisors;
manual journal entries, posted by managers only (supervisors get 403, DESIGN.md: pengawas are read-only)."""

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.views.workspace import done
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.ledger.forms import AsOfForm, DateRangeForm, JournalEntryForm, fiscal_year
from simpul.ledger.models import Account
from simpul.ledger.selectors import balance_sheet, trial_balance
from simpul.ledger.services import journal_post

READERS = frozenset({RoleKind.MANAGER, RoleKind.SUPERVISOR})
WRITERS = frozenset({RoleKind.MANAGER})
ENTRY_TEMPLATE = "ledger/entry_form.html"


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _books(request: HttpRequest, slug: str, allowed: frozenset[str] = READERS) -> tuple[Cooperative, bool]:
    """The cooperative (404 if not the person's, 403 for other roles) and whether the person may post entries."""
    cooperative, _role = access_cooperative(_actor(request), slug, allowed)
    roles_here = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    return cooperative, RoleKind.MANAGER in roles_here


def _today(cooperative: Cooperative) -> dt.date:
    """Today in the cooperative's own zone (WIB, WITA or WIT)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(cooperative.timezone)).date()


def _query(request: HttpRequest, *names: str) -> Any:
    """The query string when it asks for dates, else None: the form stays unbound and the defaults apply."""
    return request.GET if any(name in request.GET for name in names) else None


def _context(cooperative: Cooperative, can_post: bool, **extra: Any) -> dict[str, Any]:
    return {"cooperative": cooperative, "can_post": can_post, **extra}


@login_required
@require_GET
def books_home(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    return render(request, "ledger/home.html", _context(cooperative, can_post))


@login_required
@require_GET
def chart_of_accounts(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    accounts = list(Account.objects.filter(cooperative=cooperative).order_by("code"))
    return render(request, "ledger/chart.html", _context(cooperative, can_post, accounts=accounts))


@login_required
@require_GET
def trial_balance_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    start, end = fiscal_year(_today(cooperative), cooperative.fiscal_year_start_month)
    form = DateRangeForm(_query(request, "dari", "sampai"), initial={"dari": start, "sampai": end})
    report, status = None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound:
            start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
        report = trial_balance(cooperative=cooperative, start=start, end=end)
    context = _context(cooperative, can_post, form=form, report=report)
    return render(request, "ledger/trial_balance.html", context, status=status)


@login_required
@require_GET
def balance_sheet_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    as_of = _today(cooperative)
    form = AsOfForm(_query(request, "per"), initial={"per": as_of})
    report, status = None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound:
            as_of = form.cleaned_data["per"]
        report = balance_sheet(cooperative=cooperative, as_of=as_of)
    context = _context(cooperative, can_post, form=form, report=report)
    return render(request, "ledger/balance_sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug, WRITERS)
    if request.method != "POST":
        form = JournalEntryForm(initial={"date": _today(cooperative)})
        return render(request, ENTRY_TEMPLATE, _context(cooperative, can_post, form=form))
    form = JournalEntryForm(request.POST)
    if form.is_valid():
        try:
            entry = journal_post(
                cooperative=cooperative,
                actor=_actor(request),
                date=form.cleaned_data["date"],
                description=form.cleaned_data["description"],
                lines=form.lines(),
            )
        except ApplicationError as error:
            if isinstance(error, (NotFoundError, PermissionDeniedError)):
                raise
            add_application_error(form, error)
        else:
            message = _("Journal entry #%(number)s is posted.") % {"number": entry.number}
            return done(request, reverse("ledger:trial_balance", args=[cooperative.slug]), message)
    context = _context(cooperative, can_post, form=form)
    return render_form(request, ENTRY_TEMPLATE, context, partial="entry-form", status=400)


urlpatterns = [
    path("k/<slug:slug>/buku/", books_home, name="home"),
    path("k/<slug:slug>/buku/akun/", chart_of_accounts, name="chart"),
    path("k/<slug:slug>/buku/neraca-saldo/", trial_balance_page, name="trial_balance"),
    path("k/<slug:slug>/buku/neraca/", balance_sheet_page, name="balance_sheet"),
    path("k/<slug:slug>/buku/jurnal/baru/", entry_new, name="entry_new"),
]
