"""Belanja Bareng reports: per round for the network's coordinator (/jaringan/<slug>/belanja-bareng/<id>/laporan/)
and for each member cooperative's managers and supervisors (/k/<slug>/belanja-bareng/<id>/laporan/: the network's
totals and its own lines, never another cooperative's money); across rounds the network's price history per
supplier and item beside the HET (/jaringan/<slug>/belanja-bareng/laporan/harga/). Each as a page, a PDF
(`laporan.pdf`) and a workbook (`laporan.xlsx`)."""

import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES, access_cooperative, access_network
from simpul.coops.models import Network
from simpul.coops.selectors.paging import page_number
from simpul.core.exceptions import NotFoundError
from simpul.core.exports import Sheet, download_name, pdf_response, safe_text, xlsx_response
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.jointbuy.allocation import Tier
from simpul.jointbuy.models import Round, RoundStatus
from simpul.jointbuy.reports import PriceSeries, RoundReport, network_zone, price_history, round_report
from simpul.jointbuy.services.commitments import round_for_member

PAGE = "page"
PDF = "pdf"
XLSX = "xlsx"


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _printed_at(zone: zoneinfo.ZoneInfo) -> str:
    now = timezone.now().astimezone(zone)
    return f"{tanggal(now.date())} {now:%H:%M}"


def tier_text(tier: Tier | None) -> str:
    if tier is None:
        return "—"
    if tier.max_cases is None:
        return _("%(min)s cases and more") % {"min": tier.min_cases}
    return _("%(min)s–%(max)s cases") % {"min": tier.min_cases, "max": tier.max_cases}


def _network_round(network: Network, round_id: int) -> Round:
    found = Round.objects.filter(network=network, pk=round_id).first()
    if found is None:
        raise NotFoundError.plain()
    return found


# --- per round

COOPERATIVES_PER_PAGE = 50


def _round_sheets(report: RoundReport, heading: Sequence[str]) -> list[Sheet]:
    own = report.own_total is not None
    header = [
        _("Item"),
        _("Supplier"),
        _("Unit"),
        _("Units per case"),
        _("Cases asked"),
        _("Cases ordered"),
        _("Cases confirmed"),
        _("Cases allocated"),
        _("Cases received"),
        _("Tier reached"),
        _("Round price, per unit"),
        _("Price buying alone, per unit"),
        _("Network saving"),
    ]
    if own:
        header += [_("Our cases"), _("Our cases received"), _("We pay"), _("Buying alone"), _("Our saving")]
    rows: list[list[Any]] = []
    for line in report.items:
        item = line.item
        row: list[Any] = [
            safe_text(item.name),
            safe_text(line.supplier),
            safe_text(item.unit),
            item.case_size,
            line.asked_cases,
            item.ordered_cases,
            item.confirmed_cases,
            line.allocated_cases,
            line.received_cases,
            _("dropped: below the supplier's minimum") if line.dropped else tier_text(line.tier),
            item.price,
            item.list_price,
            line.network.saving,
        ]
        if own and line.own is not None:
            row += [line.own.cases, line.own_received, line.own.cost, line.own.alone, line.own.saving]
        rows.append(row)
    total: list[Any] = [_("Total"), "", "", None, None, None, None, report.total.cases, None, "", None, None]
    total.append(report.total.saving)
    if own and report.own_total is not None:
        own_total = report.own_total
        total += [own_total.cases, None, own_total.cost, own_total.alone, own_total.saving]
    rows.append(total)
    sheets = [
        Sheet(
            _("Items"),
            header,
            rows,
            heading=heading,
            total_rows={len(rows) - 1},
            column_widths=(28, 22, 8, 10, 10, 10, 10, 10, 10, 18, 14, 14, 16, 10, 10, 16, 16, 16),
        )
    ]
    if report.cooperatives is not None:
        cooperative_rows: list[list[Any]] = [
            [
                safe_text(line.name),
                line.figures.cases,
                line.received_cases,
                line.figures.cost,
                line.figures.alone,
                line.figures.saving,
            ]
            for line in report.cooperatives
        ]
        cooperative_rows.append(
            [_("Total"), report.total.cases, None, report.total.cost, report.total.alone, report.total.saving]
        )
        sheets.append(
            Sheet(
                _("Cooperatives"),
                [
                    _("Cooperative"),
                    _("Cases allocated"),
                    _("Cases received"),
                    _("Pays"),
                    _("Buying alone"),
                    _("Saving"),
                ],
                cooperative_rows,
                heading=heading,
                total_rows={len(cooperative_rows) - 1},
                column_widths=(32, 12, 12, 16, 16, 16),
            )
        )
    delivery_header = [
        _("Supplier"),
        _("Purchase order"),
        _("Delivery date"),
        _("Cooperatives due"),
        _("Deliveries"),
        _("On time"),
        _("Late"),
    ]
    if own:
        delivery_header += [_("Our deliveries"), _("Ours on time")]
    deliveries: list[list[Any]] = []
    for supplier in report.suppliers:
        delivery: list[Any] = [
            safe_text(supplier.name),
            safe_text(supplier.order.order_number),
            supplier.order.delivery_date,
            supplier.due,
            supplier.receipts,
            supplier.on_time,
            supplier.late,
        ]
        if own:
            delivery += [supplier.own_receipts, supplier.own_on_time]
        deliveries.append(delivery)
    sheets.append(
        Sheet(
            _("Deliveries"),
            delivery_header,
            deliveries,
            heading=heading,
            column_widths=(28, 22, 14, 12, 12, 10, 10, 12, 12),
        )
    )
    return sheets


def _round_answer(
    request: HttpRequest,
    *,
    report: RoundReport,
    network: Network,
    fmt: str,
    owner: str,
    links: dict[str, str],
) -> HttpResponse:
    round_ = report.round
    title = _("Joint purchase report")
    heading = [owner, title, f"{round_.number} · {round_.title}"]
    stem = ("laporan-belanja-bareng", round_.number, owner)
    if fmt == XLSX:
        return xlsx_response(_round_sheets(report, heading), download_name(*stem, extension="xlsx"))
    context: dict[str, Any] = {
        "report": report,
        "round": round_,
        "network": network,
        "owner": owner,
        "title": title,
        "status": RoundStatus(round_.status).label,
        "links": links,
        "chart": report.chart(),
        "lines": [(line, tier_text(line.tier)) for line in report.items],
    }
    if fmt == PDF:
        context["printed_at"] = _printed_at(network_zone(network))
        return pdf_response(request, "jointbuy/report_round_print.html", context, download_name(*stem, extension="pdf"))
    if report.cooperatives is not None:
        # A network of thousands on a phone: the page shows them a page at a time (PDF and Excel hold them all).
        paginator = Paginator(report.cooperatives, COOPERATIVES_PER_PAGE)
        context["cooperatives_page"] = paginator.get_page(page_number(request.GET.get("halaman")))
    return render(request, "jointbuy/report_round.html", context)


@login_required
@require_GET
def network_round_report(request: HttpRequest, slug: str, round_id: int, fmt: str = PAGE) -> HttpResponse:
    network, _role = access_network(_actor(request), slug)
    round_ = _network_round(network, round_id)
    report = round_report(round_)
    links = {
        "page": reverse("jointbuy:network_round_report", args=[network.slug, round_.pk]),
        "pdf": reverse("jointbuy:network_round_report_pdf", args=[network.slug, round_.pk]),
        "xlsx": reverse("jointbuy:network_round_report_xlsx", args=[network.slug, round_.pk]),
        "prices": reverse("jointbuy:network_price_report", args=[network.slug]),
    }
    return _round_answer(request, report=report, network=network, fmt=fmt, owner=network.name, links=links)


@login_required
@require_GET
def member_round_report(request: HttpRequest, slug: str, round_id: int, fmt: str = PAGE) -> HttpResponse:
    cooperative, _role = access_cooperative(_actor(request), slug, READ_ROLES)
    round_ = round_for_member(cooperative, round_id)
    if round_.status == RoundStatus.DRAFT:  # a draft is the coordinator's alone
        raise NotFoundError.plain()
    network = Network.objects.select_related("region").get(pk=round_.network_id)
    report = round_report(round_, cooperative=cooperative)
    links = {
        "page": reverse("jointbuy:member_round_report", args=[cooperative.slug, round_.pk]),
        "pdf": reverse("jointbuy:member_round_report_pdf", args=[cooperative.slug, round_.pk]),
        "xlsx": reverse("jointbuy:member_round_report_xlsx", args=[cooperative.slug, round_.pk]),
    }
    return _round_answer(request, report=report, network=network, fmt=fmt, owner=cooperative.name, links=links)


# --- price history


def _price_sheets(series: Sequence[PriceSeries], heading: Sequence[str]) -> list[Sheet]:
    rows: list[list[Any]] = [
        [
            safe_text(one.supplier),
            safe_text(one.name),
            safe_text(one.unit),
            point.closed_on,
            safe_text(point.number),
            point.cases,
            point.price,
            point.list_price,
            point.het,
            _("above the HET") if point.above_het else "",
        ]
        for one in series
        for point in one.points
    ]
    return [
        Sheet(
            _("Price history"),
            [
                _("Supplier"),
                _("Item"),
                _("Unit"),
                _("Closed on"),
                _("Round"),
                _("Cases"),
                _("Round price, per unit"),
                _("Price buying alone, per unit"),
                _("HET"),
                _("Note"),
            ],
            rows,
            heading=heading,
            column_widths=(24, 28, 8, 12, 16, 8, 14, 14, 14, 14),
        )
    ]


@login_required
@require_GET
def network_price_report(request: HttpRequest, slug: str, fmt: str = PAGE) -> HttpResponse:
    network, _role = access_network(_actor(request), slug)
    network = Network.objects.select_related("region").get(pk=network.pk)
    series = price_history(network)
    title = _("Joint purchase prices across rounds")
    heading = [network.name, title, _("Beside the HET of %(region)s") % {"region": network.region.name}]
    stem = ("harga-belanja-bareng", network.slug)
    if fmt == XLSX:
        return xlsx_response(_price_sheets(series, heading), download_name(*stem, extension="xlsx"))
    chosen_key = request.GET.get("barang", "")
    chosen = next((one for one in series if one.key == chosen_key), None)
    if chosen is None:  # the first regulated staple, else the first item
        chosen = next((one for one in series if one.staple), series[0] if series else None)
    context: dict[str, Any] = {
        "network": network,
        "title": title,
        "series": series,
        "chosen": chosen,
        "chart": chosen.chart() if chosen is not None else None,
        "links": {
            "page": reverse("jointbuy:network_price_report", args=[network.slug]),
            "pdf": reverse("jointbuy:network_price_report_pdf", args=[network.slug]),
            "xlsx": reverse("jointbuy:network_price_report_xlsx", args=[network.slug]),
        },
    }
    if fmt == PDF:
        context["printed_at"] = _printed_at(network_zone(network))
        return pdf_response(
            request, "jointbuy/report_prices_print.html", context, download_name(*stem, extension="pdf")
        )
    return render(request, "jointbuy/report_prices.html", context)


urlpatterns: list[URLPattern] = [
    path(
        "jaringan/<slug:slug>/belanja-bareng/laporan/harga/",
        network_price_report,
        name="network_price_report",
    ),
    path(
        "jaringan/<slug:slug>/belanja-bareng/laporan/harga.pdf",
        network_price_report,
        {"fmt": PDF},
        name="network_price_report_pdf",
    ),
    path(
        "jaringan/<slug:slug>/belanja-bareng/laporan/harga.xlsx",
        network_price_report,
        {"fmt": XLSX},
        name="network_price_report_xlsx",
    ),
    path(
        "jaringan/<slug:slug>/belanja-bareng/<int:round_id>/laporan/",
        network_round_report,
        name="network_round_report",
    ),
    path(
        "jaringan/<slug:slug>/belanja-bareng/<int:round_id>/laporan.pdf",
        network_round_report,
        {"fmt": PDF},
        name="network_round_report_pdf",
    ),
    path(
        "jaringan/<slug:slug>/belanja-bareng/<int:round_id>/laporan.xlsx",
        network_round_report,
        {"fmt": XLSX},
        name="network_round_report_xlsx",
    ),
    path("k/<slug:slug>/belanja-bareng/<int:round_id>/laporan/", member_round_report, name="member_round_report"),
    path(
        "k/<slug:slug>/belanja-bareng/<int:round_id>/laporan.pdf",
        member_round_report,
        {"fmt": PDF},
        name="member_round_report_pdf",
    ),
    path(
        "k/<slug:slug>/belanja-bareng/<int:round_id>/laporan.xlsx",
        member_round_report,
        {"fmt": XLSX},
        name="member_round_report_xlsx",
    ),
]
