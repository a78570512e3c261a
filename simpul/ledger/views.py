"""The books under /k/<slug>/buku/: the chart of accounts and the reports, read by managers and supervisors;
manual journal entries, posted by managers only (supervisors get 403, DESIGN.md: pengawas are read-only)."""

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.views.workspace import done
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger.forms import (
    AccountRenameForm,
    JournalEntryForm,
    OpeningBalancesForm,
    PeriodCloseForm,
    ReverseEntryForm,
    SubAccountForm,
    fiscal_year,
)
from simpul.ledger.journal.selectors import account_get, entry_get, entry_reversed_by, fiscal_year_periods
from simpul.ledger.models import Account, AccountKind, JournalEntry, JournalLine, PeriodKind
from simpul.ledger.services import (
    account_create,
    account_delete,
    account_rename,
    journal_post,
    journal_reverse,
    opening_balances_post,
    period_close,
)
from simpul.ledger.services.attachments import CONTENT_TYPES
from simpul.ledger.services.opening import BALANCE_SHEET_KINDS, opening_entry_active

READERS = frozenset({RoleKind.MANAGER, RoleKind.SUPERVISOR})
WRITERS = frozenset({RoleKind.MANAGER})
ENTRY_TEMPLATE = "ledger/entry_form.html"
OPENING_TEMPLATE = "ledger/opening_balances.html"
ACCOUNT_NEW_TEMPLATE = "ledger/account_new.html"
ACCOUNT_EDIT_TEMPLATE = "ledger/account_edit.html"
PERIODS_TEMPLATE = "ledger/periods.html"
# What posted an entry, in words; an app's own word not listed here is shown as it is.
SOURCE_LABELS = {
    "manual": gettext_lazy("Manual entry"),
    "reversal": gettext_lazy("Reversal"),
    "opening": gettext_lazy("Opening balances"),
    "savings": gettext_lazy("Savings (simpanan)"),
}


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _books(request: HttpRequest, slug: str, allowed: frozenset[str] = READERS) -> tuple[Cooperative, bool]:
    """The cooperative (404 if not the person's, 403 for other roles) and whether the person may post entries."""
    cooperative, _role = access_cooperative(_actor(request), slug, allowed)
    roles_here = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    return cooperative, RoleKind.MANAGER in roles_here


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
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug, WRITERS)
    if request.method != "POST":
        form = JournalEntryForm(initial={"date": cooperative.today()})
        return render(request, ENTRY_TEMPLATE, _context(cooperative, can_post, form=form))
    form = JournalEntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = journal_post(
                cooperative=cooperative,
                actor=_actor(request),
                date=form.cleaned_data["date"],
                description=form.cleaned_data["description"],
                lines=form.lines(),
                attachment=form.cleaned_data.get("attachment") or None,
            )
        except ApplicationError as error:
            if isinstance(error, (NotFoundError, PermissionDeniedError)):
                raise
            add_application_error(form, error)
        else:
            message = _("Journal entry #%(number)s is posted.") % {"number": entry.number}
            return done(request, reverse("ledger:entry_detail", args=[cooperative.slug, entry.pk]), message)
    context = _context(cooperative, can_post, form=form)
    return render_form(request, ENTRY_TEMPLATE, context, partial="entry-form", status=400)


# --- journal entries: detail, reversal, attachment


def _entry_context(
    cooperative: Cooperative, can_post: bool, entry: JournalEntry, reverse_form: ReverseEntryForm | None = None
) -> dict[str, Any]:
    reversed_by = entry_reversed_by(entry)
    may_reverse = can_post and entry.reverses_id is None and reversed_by is None
    if may_reverse and reverse_form is None:
        reverse_form = ReverseEntryForm(initial={"date": cooperative.today()})
    lines = list(entry.lines.all())
    return _context(
        cooperative,
        can_post,
        entry=entry,
        lines=lines,
        total_debit=sum((line.debit for line in lines), Decimal(0)),
        total_credit=sum((line.credit for line in lines), Decimal(0)),
        reversed_by=reversed_by,
        reverse_form=reverse_form if may_reverse else None,
        source_label=SOURCE_LABELS.get(entry.source, entry.source),
    )


@login_required
@require_GET
def entry_detail(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    entry = entry_get(cooperative, entry_id)
    return render(request, "ledger/entry_detail.html", _entry_context(cooperative, can_post, entry))


@login_required
@require_POST
def entry_reverse(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    cooperative, can_post = _books(request, slug, WRITERS)
    entry = entry_get(cooperative, entry_id)
    form = ReverseEntryForm(request.POST)
    if form.is_valid():
        try:
            reversal = journal_reverse(
                cooperative=cooperative,
                actor=_actor(request),
                entry_id=entry.pk,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = _("Entry #%(number)s is reversed by entry #%(reversal)s.") % {
                "number": entry.number,
                "reversal": reversal.number,
            }
            return done(request, reverse("ledger:entry_detail", args=[cooperative.slug, reversal.pk]), message)
    context = _entry_context(cooperative, can_post, entry, form)
    if context["reverse_form"] is None:  # already reversed, or a reversal itself: say why on the page
        context["reverse_error"] = " ".join(str(e) for e in form.non_field_errors())
    return render(request, "ledger/entry_detail.html", context, status=400)


def attachment_response(entry: JournalEntry) -> FileResponse:
    """The entry's attachment as a private download named by the entry; a missing file is the same 404."""
    name = entry.attachment.name or ""
    if not name:
        raise NotFoundError.plain()
    try:
        handle = entry.attachment.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFoundError.plain() from None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    download_name = f"jurnal-{entry.number}.{extension}"
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    response = FileResponse(handle, as_attachment=True, filename=download_name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def entry_attachment(request: HttpRequest, slug: str, entry_id: int) -> FileResponse:
    """The only way to an entry's attachment: the cooperative's managers and supervisors."""
    cooperative, _can_post = _books(request, slug)
    return attachment_response(entry_get(cooperative, entry_id))


# --- opening balances


def _balance_sheet_accounts(cooperative: Cooperative) -> list[Account]:
    return list(Account.objects.filter(cooperative=cooperative, kind__in=BALANCE_SHEET_KINDS).order_by("code"))


def _opening_context(cooperative: Cooperative, form: OpeningBalancesForm) -> dict[str, Any]:
    sections = [
        (label, [(account, field) for account, field in form.account_fields() if account.kind == kind])
        for kind, label in (
            (AccountKind.ASSET, _("Assets")),
            (AccountKind.LIABILITY, _("Liabilities")),
            (AccountKind.EQUITY, _("Equity")),
        )
    ]
    return _context(cooperative, True, form=form, sections=sections, standing=opening_entry_active(cooperative))


@login_required
@require_http_methods(["GET", "POST"])
def opening_balances(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _can_post = _books(request, slug, WRITERS)
    accounts = _balance_sheet_accounts(cooperative)
    if request.method != "POST":
        form = OpeningBalancesForm(accounts, initial={"as_of": cooperative.today()})
        return render(request, OPENING_TEMPLATE, _opening_context(cooperative, form))
    form = OpeningBalancesForm(accounts, request.POST)
    if form.is_valid():
        try:
            entry = opening_balances_post(
                cooperative=cooperative,
                actor=_actor(request),
                as_of=form.cleaned_data["as_of"],
                amounts=form.amounts(),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = _("The opening balances are posted as entry #%(number)s.") % {"number": entry.number}
            return done(request, reverse("ledger:entry_detail", args=[cooperative.slug, entry.pk]), message)
    return render_form(
        request, OPENING_TEMPLATE, _opening_context(cooperative, form), partial="opening-form", status=400
    )


# --- a manager's own accounts: sub-accounts and top-level accounts of a class


@login_required
@require_http_methods(["GET", "POST"])
def account_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _can_post = _books(request, slug, WRITERS)
    accounts = list(Account.objects.filter(cooperative=cooperative).order_by("code"))
    if request.method != "POST":
        initial = {"parent": request.GET.get("induk", "")[:20]}
        form = SubAccountForm(accounts, initial=initial, sharia=cooperative.is_sharia)
        return render(request, ACCOUNT_NEW_TEMPLATE, _context(cooperative, True, form=form))
    form = SubAccountForm(accounts, request.POST, sharia=cooperative.is_sharia)
    if form.is_valid():
        try:
            account = account_create(
                cooperative=cooperative,
                actor=_actor(request),
                parent_code=form.cleaned_data["parent"],
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                cash_flow_class=form.cleaned_data["cash_flow_class"],
                revenue_source=form.cleaned_data["revenue_source"],
            )
        except ApplicationError as error:
            if error.extra.get("field") == "parent_code":
                error.extra["field"] = "parent"
            add_application_error(form, error)
        else:
            message = _("Account %(code)s %(name)s is added.") % {"code": account.code, "name": account.name}
            return done(request, reverse("ledger:chart", args=[cooperative.slug]), message)
    return render_form(
        request, ACCOUNT_NEW_TEMPLATE, _context(cooperative, True, form=form), partial="account-form", status=400
    )


def _account_edit_context(cooperative: Cooperative, account: Account, form: AccountRenameForm) -> dict[str, Any]:
    has_lines = JournalLine.objects.filter(cooperative=cooperative, account=account).exists()
    has_children = Account.objects.filter(cooperative=cooperative, parent=account).exists()
    return _context(
        cooperative, True, account=account, form=form, can_delete=not (account.is_system or has_lines or has_children)
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, slug: str, account_id: int) -> HttpResponse:
    cooperative, _can_post = _books(request, slug, WRITERS)
    account = account_get(cooperative, account_id)
    if request.method != "POST":
        form = AccountRenameForm(initial={"name": account.name})
        return render(request, ACCOUNT_EDIT_TEMPLATE, _account_edit_context(cooperative, account, form))
    form = AccountRenameForm(request.POST)
    if form.is_valid():
        try:
            account_rename(
                cooperative=cooperative, actor=_actor(request), account_id=account.pk, name=form.cleaned_data["name"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, reverse("ledger:chart", args=[cooperative.slug]), _("The account is renamed."))
    account.refresh_from_db()
    context = _account_edit_context(cooperative, account, form)
    return render(request, ACCOUNT_EDIT_TEMPLATE, context, status=400)


@login_required
@require_POST
def account_delete_view(request: HttpRequest, slug: str, account_id: int) -> HttpResponse:
    cooperative, _can_post = _books(request, slug, WRITERS)
    account = account_get(cooperative, account_id)
    try:
        account_delete(cooperative=cooperative, actor=_actor(request), account_id=account.pk)
    except ApplicationError as error:
        if isinstance(error, NotFoundError | PermissionDeniedError):
            raise
        form = AccountRenameForm(initial={"name": account.name})
        context = _account_edit_context(cooperative, account, form)
        context["delete_error"] = error.message
        return render(request, ACCOUNT_EDIT_TEMPLATE, context, status=400)
    message = _("Account %(code)s is deleted.") % {"code": account.code}
    return done(request, reverse("ledger:chart", args=[cooperative.slug]), message)


# --- closing periods


def _periods_context(
    request: HttpRequest, cooperative: Cooperative, can_post: bool, start: dt.date | None = None
) -> dict[str, Any]:
    today = cooperative.today()
    current_start, _end = fiscal_year(today, cooperative.fiscal_year_start_month)
    if start is None:
        start = current_start
        asked = request.GET.get("tahun", "")
        if asked.isdigit() and 1900 <= int(asked) <= current_start.year + 1:
            start = current_start.replace(year=int(asked))
    periods = fiscal_year_periods(cooperative, start=start, today=today)
    years = [current_start.replace(year=current_start.year - n) for n in range(0, 6)]
    return _context(cooperative, can_post, periods=periods, years=years)


@login_required
@require_GET
def periods_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug)
    return render(request, PERIODS_TEMPLATE, _periods_context(request, cooperative, can_post))


@login_required
@require_POST
def period_close_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_post = _books(request, slug, WRITERS)
    form = PeriodCloseForm(request.POST)
    error_message = _("Choose a month or a year to close.")
    if form.is_valid():
        kind, start = form.cleaned_data["kind"], form.cleaned_data["start"]
        if kind == PeriodKind.MONTH:
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        else:
            try:
                end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
            except ValueError:  # 29 February: period_close refuses it as not a fiscal year's start
                end = start
        try:
            period_close(cooperative=cooperative, actor=_actor(request), start=start, end=end, kind=kind)
        except ApplicationError as error:
            if isinstance(error, NotFoundError | PermissionDeniedError):
                raise
            error_message = error.message
        else:
            message = _("The books from %(start)s to %(end)s are closed.") % {
                "start": tanggal(start),
                "end": tanggal(end),
            }
            year_start, _year_end = fiscal_year(start, cooperative.fiscal_year_start_month)
            url = reverse("ledger:periods", args=[cooperative.slug]) + f"?tahun={year_start.year}"
            return done(request, url, message)
    fiscal_start = None
    if form.is_valid():
        fiscal_start, _fiscal_end = fiscal_year(form.cleaned_data["start"], cooperative.fiscal_year_start_month)
    context = _periods_context(request, cooperative, can_post, fiscal_start)
    context["close_error"] = error_message
    return render(request, PERIODS_TEMPLATE, context, status=400)


operations_urlpatterns = [
    path("k/<slug:slug>/buku/jurnal/<int:entry_id>/", entry_detail, name="entry_detail"),
    path("k/<slug:slug>/buku/jurnal/<int:entry_id>/balik/", entry_reverse, name="entry_reverse"),
    path("k/<slug:slug>/buku/jurnal/<int:entry_id>/lampiran/", entry_attachment, name="entry_attachment"),
    path("k/<slug:slug>/buku/saldo-awal/", opening_balances, name="opening_balances"),
    path("k/<slug:slug>/buku/akun/baru/", account_new, name="account_new"),
    path("k/<slug:slug>/buku/akun/<int:account_id>/ubah/", account_edit, name="account_edit"),
    path("k/<slug:slug>/buku/akun/<int:account_id>/hapus/", account_delete_view, name="account_delete"),
    path("k/<slug:slug>/buku/periode/", periods_page, name="periods"),
    path("k/<slug:slug>/buku/periode/tutup/", period_close_view, name="period_close"),
]


urlpatterns = [
    path("k/<slug:slug>/buku/", books_home, name="home"),
    path("k/<slug:slug>/buku/akun/", chart_of_accounts, name="chart"),
    path("k/<slug:slug>/buku/jurnal/baru/", entry_new, name="entry_new"),
    *operations_urlpatterns,
]
