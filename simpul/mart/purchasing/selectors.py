"""Reads of the mart's purchasing: suppliers with what the mart owes them, orders with what is still short,
receipts, invoices matched to receipts, payments and returns."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Prefetch, QuerySet, Sum

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    MartSupplier,
    Product,
    ProductUnit,
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierInvoice,
    SupplierPayment,
    SupplierReturn,
)
from simpul.mart.stock.inputs import plain

ZERO = Decimal(0)


def suppliers(cooperative: Cooperative) -> QuerySet[MartSupplier]:
    return MartSupplier.objects.filter(cooperative=cooperative).order_by("name")


def supplier_choices(cooperative: Cooperative) -> list[tuple[int, str]]:
    return list(suppliers(cooperative).values_list("id", "name"))


def supplier_detail(cooperative: Cooperative, supplier_id: int) -> MartSupplier:
    found = MartSupplier.objects.filter(cooperative=cooperative, pk=supplier_id).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def supplier_receipts(cooperative: Cooperative, supplier: MartSupplier, *, limit: int = 50) -> list[GoodsReceipt]:
    return list(
        GoodsReceipt.objects.filter(cooperative=cooperative, supplier=supplier)
        .select_related("order", "outlet")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class InvoiceRow:
    invoice: SupplierInvoice
    receipts_total: Decimal
    receipt_numbers: list[str]

    @property
    def difference(self) -> Decimal:
        return self.invoice.amount - self.receipts_total

    @property
    def open(self) -> Decimal:
        return self.invoice.amount - self.invoice.paid


def supplier_invoices(cooperative: Cooperative, supplier: MartSupplier, *, limit: int = 50) -> list[InvoiceRow]:
    invoices = list(
        SupplierInvoice.objects.filter(cooperative=cooperative, supplier=supplier)
        .prefetch_related(Prefetch("receipts", queryset=GoodsReceipt.objects.only("id", "number", "total")))
        .order_by("-date", "-id")[:limit]
    )
    return [
        InvoiceRow(
            invoice=invoice,
            receipts_total=sum((r.total for r in invoice.receipts.all()), ZERO),
            receipt_numbers=[r.number for r in invoice.receipts.all()],
        )
        for invoice in invoices
    ]


def supplier_payments(cooperative: Cooperative, supplier: MartSupplier, *, limit: int = 50) -> list[SupplierPayment]:
    return list(
        SupplierPayment.objects.filter(cooperative=cooperative, supplier=supplier)
        .select_related("invoice", "journal_entry")
        .order_by("-date", "-id")[:limit]
    )


def supplier_returns(cooperative: Cooperative, supplier: MartSupplier, *, limit: int = 50) -> list[SupplierReturn]:
    return list(
        SupplierReturn.objects.filter(cooperative=cooperative, supplier=supplier)
        .select_related("outlet")
        .order_by("-created_at", "-id")[:limit]
    )


def uninvoiced_receipts(cooperative: Cooperative, supplier: MartSupplier) -> list[GoodsReceipt]:
    return list(
        GoodsReceipt.objects.filter(cooperative=cooperative, supplier=supplier, invoices__isnull=True).order_by(
            "-created_at"
        )[:100]
    )


def purchase_orders(cooperative: Cooperative, *, status: str = "") -> QuerySet[PurchaseOrder]:
    rows = (
        PurchaseOrder.objects.filter(cooperative=cooperative)
        .select_related("supplier", "outlet")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("lines__quantity") * F("lines__unit_cost"),
                    output_field=DecimalField(max_digits=18, decimal_places=2),
                )
            )
        )
        .order_by("-created_at", "-id")
    )
    return rows.filter(status=status) if status else rows


@dataclass(frozen=True)
class OrderLineRow:
    line: PurchaseOrderLine

    @property
    def unit_name(self) -> str:
        return self.line.unit.name if self.line.unit else self.line.product.base_unit

    @property
    def short(self) -> Decimal:
        return max(ZERO, self.line.quantity - self.line.received)

    @property
    def total(self) -> Decimal:
        return (self.line.quantity * self.line.unit_cost).quantize(Decimal("0.01"))


def purchase_order_detail(cooperative: Cooperative, order_id: int) -> tuple[PurchaseOrder, list[OrderLineRow]]:
    order = (
        PurchaseOrder.objects.filter(cooperative=cooperative, pk=order_id)
        .select_related("supplier", "outlet", "actor")
        .first()
    )
    if order is None:
        raise NotFoundError.plain()
    lines = [
        OrderLineRow(line)
        for line in PurchaseOrderLine.objects.filter(cooperative=cooperative, order=order)
        .select_related("product", "unit")
        .order_by("id")
    ]
    return order, lines


def order_total(lines: list[OrderLineRow]) -> Decimal:
    return sum((row.total for row in lines), ZERO)


def goods_receipts(cooperative: Cooperative) -> QuerySet[GoodsReceipt]:
    return (
        GoodsReceipt.objects.filter(cooperative=cooperative)
        .select_related("supplier", "outlet", "order")
        .order_by("-created_at", "-id")
    )


def goods_receipt_detail(cooperative: Cooperative, receipt_id: int) -> tuple[GoodsReceipt, list[GoodsReceiptLine]]:
    receipt = goods_receipts(cooperative).select_related("journal_entry").filter(pk=receipt_id).first()
    if receipt is None:
        raise NotFoundError.plain()
    lines = list(
        GoodsReceiptLine.objects.filter(cooperative=cooperative, receipt=receipt)
        .select_related("product", "unit", "order_line")
        .order_by("id")
    )
    return receipt, lines


def product_unit_choices(cooperative: Cooperative) -> list[tuple[str, str]]:
    """Options for a purchase line: each product in its base unit and in each of its packings
    ("12" → "Mie Instan (pcs)", "12:3" → "Mie Instan (dus = 40)")."""
    products = list(
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .order_by("name")
        .only("id", "name", "base_unit")[:2000]
    )
    units: dict[int, list[ProductUnit]] = {}
    for unit in ProductUnit.objects.filter(cooperative=cooperative, product__in=products).order_by("factor"):
        units.setdefault(unit.product_id, []).append(unit)
    choices = []
    for product in products:
        choices.append((str(product.pk), f"{product.name} ({product.base_unit})"))
        for unit in units.get(product.pk, []):
            choices.append((f"{product.pk}:{unit.pk}", f"{product.name} ({unit.name} = {plain(unit.factor)})"))
    return choices
