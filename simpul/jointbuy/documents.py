"""A round's purchase order to one supplier as the supplier's staff and the coordinator read, print and share it:
the items with the cases ordered (and confirmed), the price per unit and the total, and what goes to which
cooperative at which address (the hub's, or each cooperative's own). As a PDF (WeasyPrint) and an Excel workbook
(openpyxl), both through simpul/core/exports.py."""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from simpul.core.exports import Sheet, download_name, pdf_response, xlsx_response
from simpul.jointbuy.models import Commitment, DeliveryMode, ItemStatus, RoundItem, RoundSupplier

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OrderLine:
    item: RoundItem
    ordered_cases: int
    cases: int  # confirmed when the supplier confirmed, else ordered
    units: Decimal
    price: Decimal
    total: Decimal


@dataclass
class Delivery:
    """What one cooperative gets of this order, and where it goes."""

    name: str
    address: str
    lines: list[tuple[RoundItem, int, Decimal]] = field(default_factory=list)  # item, cases, units


@dataclass
class OrderDocument:
    order: RoundSupplier
    lines: list[OrderLine]
    deliveries: list[Delivery]
    total: Decimal

    @property
    def to_hub(self) -> bool:
        return self.order.round.delivery_mode == DeliveryMode.HUB


def order_document(order: RoundSupplier) -> OrderDocument:
    """The order's lines and deliveries in two queries (the items; the allocations with their cooperatives).
    `order` comes with its round, its round's network and its supplier selected."""
    items = list(RoundItem.objects.filter(round_supplier=order, status=ItemStatus.ORDERED).order_by("position", "pk"))
    lines = []
    for item in items:
        cases = item.confirmed_cases if item.confirmed_cases is not None else item.ordered_cases
        units = cases * item.case_size
        lines.append(OrderLine(item, item.ordered_cases, cases, units, item.price, (units * item.price).quantize(CENT)))
    by_id = {item.pk: item for item in items}
    round_ = order.round
    deliveries: dict[int, Delivery] = {}
    allocations = (
        Commitment.objects.allocated()
        .filter(round=round_, item__in=list(by_id), cases__gt=0)
        .select_related("cooperative__village")
        .order_by("cooperative__name", "cooperative_id", "item_id")
    )
    for row in allocations:
        cooperative = row.cooperative
        if cooperative.pk not in deliveries:
            if round_.delivery_mode == DeliveryMode.HUB:
                address = round_.hub_address
            else:
                address = ", ".join(part for part in (cooperative.address, cooperative.village.path) if part)
            deliveries[cooperative.pk] = Delivery(cooperative.name, address)
        item = by_id[row.item_id]
        deliveries[cooperative.pk].lines.append((item, row.cases, row.cases * item.case_size))
    return OrderDocument(order, lines, list(deliveries.values()), sum((line.total for line in lines), Decimal(0)))


def _filename(document: OrderDocument, extension: str) -> str:
    return download_name(document.order.order_number or "po", document.order.supplier.name, extension=extension)


def order_pdf_response(request: HttpRequest, document: OrderDocument) -> HttpResponse:
    context = {"document": document, "order": document.order, "round": document.order.round}
    return pdf_response(request, "jointbuy/supplier_order_print.html", context, _filename(document, "pdf"))


def order_sheets(document: OrderDocument) -> list[Sheet]:
    order = document.order
    round_ = order.round
    heading = [
        _("Purchase order %(number)s") % {"number": order.order_number},
        f"{round_.network.name} · {round_.title} ({round_.number})",
        _("To: %(supplier)s") % {"supplier": order.supplier.name},
    ]
    rows: list[list[object]] = [
        [
            line.item.name,
            line.item.supplier_code,
            line.item.unit,
            line.item.case_size,
            line.ordered_cases,
            line.cases,
            line.units,
            line.price,
            line.total,
        ]
        for line in document.lines
    ]
    rows.append([_("Total"), "", "", None, None, None, None, None, document.total])
    deliveries = [
        [delivery.name, delivery.address, item.name, cases, units]
        for delivery in document.deliveries
        for item, cases, units in delivery.lines
    ]
    return [
        Sheet(
            title=_("Purchase order"),
            heading=heading,
            header=[
                _("Product"),
                _("Code"),
                _("Unit"),
                _("Units per case"),
                _("Cases ordered"),
                _("Cases to deliver"),
                _("Units"),
                _("Price per unit"),
                _("Total"),
            ],
            rows=rows,
            total_rows={len(rows) - 1},
            column_widths=[32, 12, 8, 12, 12, 14, 10, 14, 16],
        ),
        Sheet(
            title=_("Deliveries"),
            heading=heading,
            header=[_("Cooperative"), _("Address"), _("Product"), _("Cases"), _("Units")],
            rows=deliveries,
            column_widths=[32, 48, 32, 10, 10],
        ),
    ]


def order_xlsx_response(document: OrderDocument) -> HttpResponse:
    return xlsx_response(order_sheets(document), _filename(document, "xlsx"))


def whatsapp_link(document: OrderDocument, link: str = "") -> str:
    """A wa.me link with the order in a few lines, to send to the supplier (or anyone) from a phone."""
    order = document.order
    lines = [
        _("Purchase order %(number)s from %(network)s")
        % {"number": order.order_number, "network": order.round.network.name},
    ]
    lines += [
        _("%(item)s: %(cases)s cases of %(size)s %(unit)s")
        % {
            "item": line.item.name,
            "cases": line.cases,
            "size": f"{line.item.case_size.normalize():f}",
            "unit": line.item.unit,
        }
        for line in document.lines
    ]
    if link:
        lines.append(link)
    return "https://wa.me/?text=" + quote("\n".join(lines))
