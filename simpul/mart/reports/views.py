"""The mart's report pages under /k/<slug>/mart/laporan/: sales (by day, product, category, cashier, outlet,
member/non-member, with margins), best and slow sellers, stock value and ageing, HET exceptions, and the staples
other marts of the cooperative's networks hold. Each page answers `?format=xlsx` with the same figures as a
workbook. Managers and supervisors read them; cashiers and members get 403, anyone else 404. Bad dates, an
unknown outlet or format are a 400 page with the reason in Bahasa Indonesia."""

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative, Outlet
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import download_name, xlsx_response
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.mart import error_codes
from simpul.mart.models import Staple
from simpul.mart.reports import sheets
from simpul.mart.reports.selectors import (
    SLOW_DAYS_DEFAULT,
    het_exceptions,
    own_staples,
    sales_report,
    slow_sellers,
    staple_holders,
    stock_report,
)

FORMATS = ("", "html", "xlsx")
# Sales by day on a page: a year and a bit at most (the chart's bars stay readable, the query bounded).
MAX_DAYS = 400
MAX_SLOW_DAYS = 3650
BREAKDOWNS = ("hari", "produk", "kategori", "kasir", "outlet", "anggota")
BREAKDOWN_LABELS = {
    "hari": gettext_lazy("Day"),
    "produk": gettext_lazy("Product"),
    "kategori": gettext_lazy("Category"),
    "kasir": gettext_lazy("Cashier"),
    "outlet": gettext_lazy("Outlet"),
    "anggota": gettext_lazy("Member or not"),
}


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _reader(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(_actor(request), slug, READ_ROLES)
    return cooperative


def _format(params: Mapping[str, str]) -> str:
    chosen = params.get("format", "")
    if chosen not in FORMATS:
        raise ApplicationError(
            _("Unknown format “%(format)s”: choose xlsx.") % {"format": chosen[:20]},
            code=error_codes.INVALID_FORMAT,
            extra={"field": "format"},
        )
    return chosen


def _date(raw: str | None, field: str) -> dt.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("Must be a date in the form YYYY-MM-DD."), code=error_codes.INVALID_DATE, extra={"field": field}
        ) from None


def report_range(cooperative: Cooperative, params: Mapping[str, str]) -> tuple[dt.date, dt.date]:
    """`?dari=&sampai=`: this month so far by default (the cooperative's today); at most MAX_DAYS days."""
    today = cooperative.today()
    start = _date(params.get("dari"), "dari")
    end = _date(params.get("sampai"), "sampai") or today
    if start is None:
        start = end.replace(day=1)
    if start > end:
        raise ApplicationError(
            _("The end date comes before the start date."), code=error_codes.INVALID_RANGE, extra={"field": "sampai"}
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise ApplicationError(
            _("Choose at most %(days)s days.") % {"days": MAX_DAYS},
            code=error_codes.INVALID_RANGE,
            extra={"field": "dari"},
        )
    return start, end


def report_outlet(cooperative: Cooperative, params: Mapping[str, str]) -> Outlet | None:
    """`?outlet=<id>`: one of the cooperative's outlets, or all of them when empty."""
    raw = (params.get("outlet") or "").strip()
    if not raw:
        return None
    outlet = (
        Outlet.objects.filter(cooperative=cooperative, pk=int(raw)).only("id", "name").first()
        if raw.isdigit() and len(raw) < 12
        else None
    )
    if outlet is None:
        raise ApplicationError(
            _("Choose one of the cooperative's outlets."), code=error_codes.INVALID_OUTLET, extra={"field": "outlet"}
        )
    return outlet


def report_days(params: Mapping[str, str]) -> int:
    """`?hari=`: how many days without a sale make a slow seller (30 by default)."""
    raw = (params.get("hari") or "").strip()
    if not raw:
        return SLOW_DAYS_DEFAULT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_SLOW_DAYS:
        raise ApplicationError(
            _("Days must be a whole number from 1 to %(max)s.") % {"max": MAX_SLOW_DAYS},
            code=error_codes.INVALID_QUANTITY,
            extra={"field": "hari"},
        )
    return int(raw)


def _xlsx_url(params: Mapping[str, str]) -> str:
    kept = {k: v for k, v in params.items() if k != "format"}
    return "?" + urlencode({**kept, "format": "xlsx"})


def _breakdown_url(params: Mapping[str, str], key: str) -> str:
    kept = {k: v for k, v in params.items() if k not in ("format", "menurut")}
    return "?" + urlencode({**kept, "menurut": key})


def _base_context(request: HttpRequest, cooperative: Cooperative, current: str) -> dict[str, Any]:
    return {
        "cooperative": cooperative,
        "current": current,
        "error": None,
        "params": {k: request.GET.get(k, "") for k in ("dari", "sampai", "outlet", "hari", "menurut", "pokok")},
        "outlets": list(Outlet.objects.filter(cooperative=cooperative).only("id", "name").order_by("name")),
        "xlsx_url": _xlsx_url(request.GET),
    }


def _heading(cooperative: Cooperative, title: str, *lines: str) -> list[str]:
    return [cooperative.name, title, *[line for line in lines if line]]


def _period_text(start: dt.date, end: dt.date) -> str:
    return _("Period %(start)s – %(end)s") % {"start": tanggal(start), "end": tanggal(end)}


@login_required
@require_GET
def sales_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _reader(request, slug)
    template = "mart/reports/sales.html"
    context = _base_context(request, cooperative, "sales")
    try:
        chosen = _format(request.GET)
        start, end = report_range(cooperative, request.GET)
        outlet = report_outlet(cooperative, request.GET)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, template, context, status=400)
    breakdown = request.GET.get("menurut", "")
    report = sales_report(cooperative=cooperative, start=start, end=end, outlet_id=outlet.pk if outlet else None)
    title = _("Mart sales")
    heading = _heading(cooperative, title, _period_text(start, end), outlet.name if outlet else "")
    if chosen == "xlsx":
        name = download_name("penjualan-mart", cooperative.slug, start.isoformat(), end.isoformat(), extension="xlsx")
        return xlsx_response(sheets.sales_sheets(heading, report), name)
    # By category first: a handful of rows on a phone; the long list by product is one tap away.
    breakdown = breakdown if breakdown in BREAKDOWNS else "kategori"
    rows = {
        "hari": report.days,
        "produk": report.products,
        "kategori": report.categories,
        "kasir": report.cashiers,
        "outlet": report.outlets,
        "anggota": report.member_kinds,
    }[breakdown]
    context.update(
        report=report,
        start=start,
        end=end,
        outlet=outlet,
        breakdown=breakdown,
        breakdowns=[(key, BREAKDOWN_LABELS[key], _breakdown_url(request.GET, key)) for key in BREAKDOWNS],
        rows=rows,
        chart=report.chart(),
        params={**context["params"], "dari": start.isoformat(), "sampai": end.isoformat()},
    )
    return render(request, template, context)


@login_required
@require_GET
def products_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _reader(request, slug)
    template = "mart/reports/products.html"
    context = _base_context(request, cooperative, "products")
    try:
        chosen = _format(request.GET)
        start, end = report_range(cooperative, request.GET)
        outlet = report_outlet(cooperative, request.GET)
        days = report_days(request.GET)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, template, context, status=400)
    outlet_id = outlet.pk if outlet else None
    report = sales_report(cooperative=cooperative, start=start, end=end, outlet_id=outlet_id)
    slow = slow_sellers(cooperative=cooperative, days=days, outlet_id=outlet_id)
    if chosen == "xlsx":
        heading = _heading(cooperative, _("Best and slow sellers"), _period_text(start, end))
        name = download_name("laris-lambat", cooperative.slug, start.isoformat(), end.isoformat(), extension="xlsx")
        return xlsx_response(sheets.products_sheets(heading, report.best_sellers, slow, days), name)
    context.update(
        best=report.best_sellers,
        slow=slow,
        days=days,
        start=start,
        end=end,
        params={**context["params"], "dari": start.isoformat(), "sampai": end.isoformat(), "hari": str(days)},
    )
    return render(request, template, context)


@login_required
@require_GET
def stock_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _reader(request, slug)
    template = "mart/reports/stock.html"
    context = _base_context(request, cooperative, "stock")
    try:
        chosen = _format(request.GET)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, template, context, status=400)
    report = stock_report(cooperative=cooperative)
    if chosen == "xlsx":
        heading = _heading(cooperative, _("Stock value and ageing"), tanggal(cooperative.today()))
        name = download_name("nilai-stok", cooperative.slug, cooperative.today().isoformat(), extension="xlsx")
        return xlsx_response(sheets.stock_sheets(heading, report), name)
    context.update(report=report, chart=report.chart(), today=cooperative.today())
    return render(request, template, context)


@login_required
@require_GET
def het_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _reader(request, slug)
    template = "mart/reports/het.html"
    context = _base_context(request, cooperative, "het")
    try:
        chosen = _format(request.GET)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, template, context, status=400)
    rows = het_exceptions(cooperative=cooperative)
    if chosen == "xlsx":
        heading = _heading(cooperative, _("Prices above the HET"), tanggal(cooperative.today()))
        name = download_name("di-atas-het", cooperative.slug, cooperative.today().isoformat(), extension="xlsx")
        return xlsx_response(sheets.het_sheets(heading, rows), name)
    context.update(rows=rows, today=cooperative.today())
    return render(request, template, context)


def staple_choice(params: Mapping[str, str]) -> str:
    chosen = (params.get("pokok") or "").strip()
    if chosen and chosen not in Staple.values:
        raise ApplicationError(
            _("Choose rice, cooking oil, sugar or LPG."), code=error_codes.INVALID_STAPLE, extra={"field": "pokok"}
        )
    return chosen


@login_required
@require_GET
def staples_view(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, role = access_cooperative(_actor(request), slug, READ_ROLES)
    template = "mart/reports/staples.html"
    context = _base_context(request, cooperative, "staples")
    # Only the manager asks another mart for a staple (simpul/mart/network/exchange.py); a supervisor reads.
    context["may_ask"] = role.kind in WRITE_ROLES
    context["staples"] = [(value, label) for value, label in Staple.choices if value]
    try:
        chosen = _format(request.GET)
        staple = staple_choice(request.GET)
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, template, context, status=400)
    holders = staple_holders(cooperative=cooperative, staple=staple)
    own = own_staples(cooperative=cooperative)
    if chosen == "xlsx":
        heading = _heading(cooperative, _("Staples across the network"), tanggal(cooperative.today()))
        name = download_name("bahan-pokok-jaringan", cooperative.slug, extension="xlsx")
        return xlsx_response(sheets.staples_sheets(heading, own, holders), name)
    context.update(holders=holders, own=own, staple=staple)
    return render(request, template, context)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/mart/laporan/", sales_view, name="reports_sales"),
    path("k/<slug:slug>/mart/laporan/produk/", products_view, name="reports_products"),
    path("k/<slug:slug>/mart/laporan/stok/", stock_view, name="reports_stock"),
    path("k/<slug:slug>/mart/laporan/het/", het_view, name="reports_het"),
    path("k/<slug:slug>/mart/laporan/bahan-pokok/", staples_view, name="reports_staples"),
]
