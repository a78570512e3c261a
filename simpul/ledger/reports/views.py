"""The ledger's reports under /k/<slug>/buku/: general journal, general ledger, trial balance, neraca, business
results, changes in equity and cash flow, each for a date range (`?dari=&sampai=`, the fiscal year by default)
beside the previous period of the same length. `?format=pdf` prints it (signature lines on the neraca and the
business results), `?format=xlsx` gives a workbook. Managers and supervisors read them; cashiers and members get
403, anyone else 404. Bad dates are a 400 page with the reason in Bahasa Indonesia."""

import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import Sheet, download_name, pdf_response, xlsx_response
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger.models import Account, AccountKind
from simpul.ledger.periods import views as period_views
from simpul.ledger.reports import sheets
from simpul.ledger.reports.balance_sheet import comparative_balance_sheet
from simpul.ledger.reports.business_results import business_results
from simpul.ledger.reports.cash_flow import cash_flow
from simpul.ledger.reports.dates import ReportPeriod, balance_sheet_period_from_query, period_from_query
from simpul.ledger.reports.equity_changes import equity_changes
from simpul.ledger.reports.general_journal import (
    general_journal_page,
    general_journal_rows,
    journal_summary,
    lines_in_period,
)
from simpul.ledger.reports.general_ledger import general_ledger
from simpul.ledger.reports.trial_balance import comparative_trial_balance
from simpul.ledger.views import SOURCE_LABELS

FORMATS = ("", "html", "pdf", "xlsx")
# WeasyPrint lays out about 40 journal lines a page at 4–7 ms a line on a 2-vCPU server: a longer PDF would
# outlast the 30 s request timeout. Excel has no such limit (10,000 lines in 1.4 s).
PDF_MAX_LINES = 3_000
INVALID_FORMAT = "invalid_format"

SECTION_TITLES: dict[str, Promise] = {
    "member_revenue": gettext_lazy("Revenue from members"),
    "non_member_revenue": gettext_lazy("Revenue from non-members"),
    "cost_of_goods_sold": gettext_lazy("Cost of goods sold"),
    "operating_expenses": gettext_lazy("Operating expenses"),
    "other_income": gettext_lazy("Other income"),
    "operating": gettext_lazy("Operating activities"),
    "investing": gettext_lazy("Investing activities"),
    "financing": gettext_lazy("Financing activities"),
}


@dataclass(frozen=True)
class Report:
    """What the page, the PDF and the workbook of one report share."""

    slug: str  # in file names: Indonesian, as people call the report
    title: Promise
    template: str
    print_template: str
    signatures: bool = False


GENERAL_JOURNAL = Report(
    "jurnal-umum",
    gettext_lazy("General journal"),
    "ledger/reports/general_journal.html",
    "ledger/reports/print/general_journal.html",
)
GENERAL_LEDGER = Report(
    "buku-besar",
    gettext_lazy("General ledger"),
    "ledger/reports/general_ledger.html",
    "ledger/reports/print/general_ledger.html",
)
TRIAL_BALANCE = Report(
    "neraca-saldo",
    gettext_lazy("Trial balance"),
    "ledger/trial_balance.html",
    "ledger/reports/print/trial_balance.html",
)
BALANCE_SHEET = Report(
    "neraca",
    gettext_lazy("Statement of financial position"),
    "ledger/balance_sheet.html",
    "ledger/reports/print/balance_sheet.html",
    signatures=True,
)
BUSINESS_RESULTS = Report(
    "perhitungan-hasil-usaha",
    gettext_lazy("Statement of business results"),
    "ledger/reports/business_results.html",
    "ledger/reports/print/business_results.html",
    signatures=True,
)
EQUITY_CHANGES = Report(
    "perubahan-ekuitas",
    gettext_lazy("Statement of changes in equity"),
    "ledger/reports/equity_changes.html",
    "ledger/reports/print/equity_changes.html",
)
CASH_FLOW = Report(
    "arus-kas",
    gettext_lazy("Cash flow statement"),
    "ledger/reports/cash_flow.html",
    "ledger/reports/print/cash_flow.html",
)

# What a report builds for a valid period: the template context and, lazily, its worksheets.
Built = tuple[dict[str, Any], Callable[[list[str]], list[Sheet]]]


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _reader(request: HttpRequest, slug: str) -> tuple[Cooperative, bool]:
    """The cooperative (404 if not the person's, 403 for cashiers and members) and whether they may post."""
    cooperative, _role = access_cooperative(_actor(request), slug, READ_ROLES)
    kinds = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    return cooperative, RoleKind.MANAGER in kinds


def _format(request: HttpRequest) -> str:
    chosen = request.GET.get("format", "")
    if chosen not in FORMATS:
        raise ApplicationError(
            _("Unknown format “%(format)s”: choose pdf or xlsx.") % {"format": chosen[:20]},
            code=INVALID_FORMAT,
            extra={"field": "format"},
        )
    return chosen


def _query_without(params: Mapping[str, str], *names: str) -> str:
    return urlencode({k: v for k, v in params.items() if k not in names})


def period_label(start: Any, end: Any) -> str:
    return f"{tanggal(start)} – {tanggal(end)}"


def _heading(cooperative: Cooperative, report: Report, period: ReportPeriod, as_of: bool) -> list[str]:
    if as_of:
        dates = _("As of %(date)s, beside %(previous)s") % {
            "date": tanggal(period.end),
            "previous": tanggal(period.previous_end),
        }
    else:
        dates = _("Period %(period)s; previous period %(previous)s") % {
            "period": period_label(period.start, period.end),
            "previous": period_label(period.previous_start, period.previous_end),
        }
    return [cooperative.name, str(report.title), dates]


def _printed_at(cooperative: Cooperative) -> str:
    zone = cooperative.village.timezone
    now = timezone.now().astimezone(zoneinfo.ZoneInfo(zone))
    return f"{tanggal(now.date())} {now:%H:%M} {cooperative.village.timezone_label}"


# The reports a report links to, in reading order (the ZIS report only for a sharia cooperative).
LINKED_REPORTS = (
    ("trial_balance", "neraca-saldo"),
    ("balance_sheet", "neraca"),
    ("business_results", "perhitungan-hasil-usaha"),
    ("equity_changes", "perubahan-ekuitas"),
    ("cash_flow", "arus-kas"),
    ("general_ledger", "buku-besar"),
    ("general_journal", "jurnal-umum"),
    ("zis_report", "laporan-zis"),
)
REPORT_TITLES: dict[str, Promise] = {
    "neraca-saldo": gettext_lazy("Trial balance"),
    "neraca": gettext_lazy("Statement of financial position"),
    "perhitungan-hasil-usaha": gettext_lazy("Statement of business results"),
    "perubahan-ekuitas": gettext_lazy("Statement of changes in equity"),
    "arus-kas": gettext_lazy("Cash flow statement"),
    "buku-besar": gettext_lazy("General ledger"),
    "jurnal-umum": gettext_lazy("General journal"),
    "laporan-zis": gettext_lazy("ZIS fund report"),
}


def report_links(cooperative: Cooperative, period: ReportPeriod, current: str) -> dict[str, Any]:
    """Where a report links to, each for the same period (`?dari=&sampai=`): the other reports, the general ledger
    of an account (`ledger_url` + its code), an entry (`entry_query`: what its page carries back) and the trial
    balance of one kind of account (`kind_url` + the kind), which a total line opens."""
    query = period.query
    links = []
    for name, slug in LINKED_REPORTS:
        if name == "zis_report" and not cooperative.is_sharia:
            continue
        url = reverse(f"ledger:{name}", args=[cooperative.slug]) + "?" + query
        links.append({"slug": slug, "title": REPORT_TITLES[slug], "url": url, "current": slug == current})
    trial_balance = reverse("ledger:trial_balance", args=[cooperative.slug])
    return {
        "report_links": links,
        "period_query": query,
        "ledger_url": reverse("ledger:general_ledger", args=[cooperative.slug]) + "?" + query + "&akun=",
        "kind_url": trial_balance + "?" + query + "&jenis=",
        "entry_query": "?" + query,
    }


def _show(
    request: HttpRequest,
    slug: str,
    report: Report,
    build: Callable[[Cooperative, ReportPeriod], Built],
    *,
    parse: Callable[[Cooperative, Mapping[str, str]], ReportPeriod] = period_from_query,
    as_of: bool = False,
    form_context: Callable[[Cooperative], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Check access, read the dates, build the report and answer as a page, a PDF or a workbook."""
    cooperative, can_post = _reader(request, slug)
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "can_post": can_post,
        "report_info": report,
        "dates": {key: request.GET.get(key, "") for key in ("dari", "sampai", "per")},
        "error": None,
        "report": None,
        "titles": SECTION_TITLES,
    }
    if form_context is not None:
        context.update(form_context(cooperative))
    try:
        chosen = _format(request)
        period = parse(cooperative, request.GET)
        built, make_sheets = build(cooperative, period)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, report.template, context, status=400)
    context.update(built)
    context.update(report_links(cooperative, period, report.slug))
    context["period"] = period
    context["ready"] = True
    context["dates"] = {
        "dari": period.start.isoformat(),
        "sampai": period.end.isoformat(),
        "per": period.end.isoformat(),
    }
    heading = _heading(cooperative, report, period, as_of)
    if chosen == "pdf":
        context.update(
            heading=heading,
            printed_at=_printed_at(cooperative),
            period_text=heading[2],
            signatures=report.signatures,
        )
        filename = download_name(report.slug, cooperative.slug, period.start.isoformat(), period.end.isoformat(),
                                 extension="pdf")  # fmt: skip
        return pdf_response(request, report.print_template, context, filename)
    if chosen == "xlsx":
        filename = download_name(report.slug, cooperative.slug, period.start.isoformat(), period.end.isoformat(),
                                 extension="xlsx")  # fmt: skip
        return xlsx_response(make_sheets(heading), filename)
    query = _query_without(request.GET, "format", "halaman")
    context["pdf_url"] = "?" + urlencode({"format": "pdf"}) + (f"&{query}" if query else "")
    context["xlsx_url"] = "?" + urlencode({"format": "xlsx"}) + (f"&{query}" if query else "")
    context["page_query"] = _query_without(request.GET, "halaman")
    return render(request, report.template, context)


# --- the reports


@login_required
@require_GET
def general_journal_view(request: HttpRequest, slug: str) -> HttpResponse:
    downloading = request.GET.get("format") in ("pdf", "xlsx")

    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        summary = journal_summary(cooperative=cooperative, period=period)
        if request.GET.get("format") == "pdf":
            _refuse_long_pdf(lines_in_period(cooperative=cooperative, period=period))
        if downloading:  # the whole book of the period, streamed from one query
            rows = (
                replace(row, source=_source_label(row.source))
                for row in general_journal_rows(cooperative=cooperative, period=period)
            )
            return {"rows": rows, "summary": summary}, lambda heading: sheets.general_journal_sheets(
                heading, rows, summary
            )
        page = general_journal_page(cooperative=cooperative, period=period, page=request.GET.get("halaman"))
        for entry in page.object_list:
            entry.source_label = _source_label(entry.source)
        return {"page": page, "entries": page.object_list, "summary": summary}, _no_sheets

    return _show(request, slug, GENERAL_JOURNAL, build)


def _refuse_long_pdf(lines: int) -> None:
    if lines > PDF_MAX_LINES:
        raise ApplicationError(
            _(
                "This period has %(count)s journal lines, more than one PDF can hold (%(max)s). "
                "Choose a shorter period, or download Excel."
            )
            % {
                "count": number_format(lines, force_grouping=True),
                "max": number_format(PDF_MAX_LINES, force_grouping=True),
            },
            code="too_long_for_pdf",
            extra={"field": "sampai"},
        )


def _source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def _no_sheets(heading: list[str]) -> list[Sheet]:
    return []


def _account_choices(cooperative: Cooperative) -> dict[str, Any]:
    accounts = list(Account.objects.filter(cooperative=cooperative).order_by("code").only("id", "code", "name"))
    return {"accounts": accounts}


@login_required
@require_GET
def general_ledger_view(request: HttpRequest, slug: str) -> HttpResponse:
    downloading = request.GET.get("format") in ("pdf", "xlsx")
    code = (request.GET.get("akun") or "").strip()

    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        if not code:  # no account picked yet: the page shows the picker only
            if downloading:
                raise ApplicationError(_("Choose an account."), code="account_required", extra={"field": "akun"})
            return {"chosen": ""}, _no_sheets
        account = Account.objects.filter(cooperative=cooperative, code=code).first()
        if account is None:
            raise ApplicationError(
                _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": code[:20]},
                code="unknown_account",
                extra={"field": "akun"},
            )
        if request.GET.get("format") == "pdf":
            _refuse_long_pdf(lines_in_period(cooperative=cooperative, period=period, account=account))
        ledger = general_ledger(
            cooperative=cooperative,
            account=account,
            period=period,
            page=request.GET.get("halaman"),
            all_lines=downloading,
        )
        context = {"ledger": ledger, "report": ledger, "chosen": account.code, "page": ledger.page}
        return context, lambda heading: sheets.general_ledger_sheets(
            [*heading[:2], f"{account.code} {account.name}", *heading[2:]], ledger
        )

    def choices(cooperative: Cooperative) -> dict[str, Any]:
        return {**_account_choices(cooperative), "chosen": code}

    return _show(request, slug, GENERAL_LEDGER, build, form_context=choices)


@login_required
@require_GET
def trial_balance_page(request: HttpRequest, slug: str) -> HttpResponse:
    kind = request.GET.get("jenis", "")

    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        report = comparative_trial_balance(cooperative=cooperative, period=period)
        pairs = report.pairs
        context: dict[str, Any] = {
            "report": report.current,
            "previous": report.previous,
            "comparison": report,
            "rows": pairs,
        }
        if kind in AccountKind.values:  # the accounts behind a total line of the neraca or the PHU
            pairs = [(row, before) for row, before in pairs if row.account.kind == kind]
            context["rows"] = pairs
            context["kind"] = {"label": AccountKind(kind).label, "totals": _kind_totals(pairs)}
        return context, lambda heading: sheets.trial_balance_sheets(heading, report)

    return _show(request, slug, TRIAL_BALANCE, build)


def _kind_totals(pairs: list[tuple[Any, Any]]) -> dict[str, Any]:
    """The totals of the rows shown when the trial balance is narrowed to one kind of account."""
    names = ("debit", "credit", "closing_debit", "closing_credit")
    return {
        "current": {name: sum((getattr(row, name) for row, _before in pairs), Decimal(0)) for name in names},
        "previous": {name: sum((getattr(before, name) for _row, before in pairs), Decimal(0)) for name in names},
    }


@login_required
@require_GET
def balance_sheet_page(request: HttpRequest, slug: str) -> HttpResponse:
    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        report = comparative_balance_sheet(cooperative=cooperative, period=period)
        context = {"report": report.current, "previous": report.previous, "comparison": report}
        return context, lambda heading: sheets.balance_sheet_sheets(heading, report)

    return _show(request, slug, BALANCE_SHEET, build, parse=balance_sheet_period_from_query, as_of=True)


@login_required
@require_GET
def business_results_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        report = business_results(cooperative=cooperative, period=period)
        titles = {key: str(title) for key, title in SECTION_TITLES.items()}
        return {"report": report}, lambda heading: sheets.business_results_sheets(heading, report, titles)

    return _show(request, slug, BUSINESS_RESULTS, build)


@login_required
@require_GET
def equity_changes_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        report = equity_changes(cooperative=cooperative, period=period)
        previous = _("Previous period %(period)s") % {
            "period": period_label(period.previous_start, period.previous_end)
        }
        return {"report": report}, lambda heading: sheets.equity_changes_sheets(heading, report, previous)

    return _show(request, slug, EQUITY_CHANGES, build)


@login_required
@require_GET
def cash_flow_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(cooperative: Cooperative, period: ReportPeriod) -> Built:
        report = cash_flow(cooperative=cooperative, period=period)
        titles = {key: str(title) for key, title in SECTION_TITLES.items()}
        sections = [(titles[section.key], section) for section in report.sections]
        return {"report": report, "sections": sections}, lambda heading: sheets.cash_flow_sheets(
            heading, report, titles
        )

    return _show(request, slug, CASH_FLOW, build)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/buku/neraca-saldo/", trial_balance_page, name="trial_balance"),
    path("k/<slug:slug>/buku/neraca/", balance_sheet_page, name="balance_sheet"),
    path("k/<slug:slug>/buku/laporan/jurnal-umum/", general_journal_view, name="general_journal"),
    path("k/<slug:slug>/buku/laporan/buku-besar/", general_ledger_view, name="general_ledger"),
    path("k/<slug:slug>/buku/laporan/hasil-usaha/", business_results_view, name="business_results"),
    path("k/<slug:slug>/buku/laporan/perubahan-ekuitas/", equity_changes_view, name="equity_changes"),
    path("k/<slug:slug>/buku/laporan/arus-kas/", cash_flow_view, name="cash_flow"),
    *period_views.urlpatterns,  # reopening periods: its own module, listed here to keep ledger/urls.py short
]
