"""Reads of the mart's purchasing: suppliers with what the mart owes them, orders with what is still short,
receipts, invoices matched to receipts, payments and returns."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Sum

from simpul.coops.models import Cooperative, Outlet
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import (
    Barcode,
    GoodsReceipt,
    GoodsReceiptLine,
    MartSupplier,
    Product,
    ProductUnit,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    SupplierInvoice,
    SupplierPayment,
    SupplierProduct,
    SupplierReturn,
)
from simpul.mart.stock.inputs import plain
from simpul.mart.stock.reorder import reorder_suggestions

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


# --- the purchase order form --------------------------------------------------------------------------------------

ORDER_FORM_SUPPLIER_ROWS = 1000  # a supplier's products listed at most (the search adds others)
ORDER_FORM_SEARCH_ROWS = 10  # products a search adds at most
ORDER_FORM_PAGE_ROWS = 25  # lines on a page of the form


def typed_amount(value: Decimal) -> str:
    """An amount as people type it and `parse_rupiah` reads it back: 2.500, 1.250,50."""
    whole, _dot, cents = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped if cents == "00" else f"{grouped},{cents}"


@dataclass(frozen=True)
class UnitChoice:
    value: str  # "12" (the base unit) or "12:3" (a packing)
    label: str
    factor: Decimal


@dataclass(frozen=True)
class OrderFormRow:
    """A line of the purchase order form: a product, its units, what is typed (or suggested) for it."""

    product_id: int
    name: str
    sku: str
    base_unit: str
    units: list[UnitChoice]
    choice: str  # the unit chosen
    quantity: str
    unit_cost: str
    base_cost: Decimal  # the supplier's last cost per base unit (0: not known)
    suggested: bool = False
    on_hand: Decimal | None = None


def supplier_product_ids(cooperative: Cooperative, supplier: MartSupplier) -> list[int]:
    """The active products the supplier sells the mart (listed for it, or received from it), by name."""
    listed = SupplierProduct.objects.filter(cooperative=cooperative, supplier=supplier).values("product_id")
    received = GoodsReceiptLine.objects.filter(cooperative=cooperative, receipt__supplier=supplier).values("product_id")
    return list(
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .filter(Q(pk__in=listed) | Q(pk__in=received))
        .order_by("name", "id")
        .values_list("id", flat=True)[:ORDER_FORM_SUPPLIER_ROWS]
    )


def order_product_search(cooperative: Cooperative, q: str, *, exclude: Iterable[int] = ()) -> list[int]:
    """The active products whose name or SKU holds `q`, or one of whose barcodes is it, leaving out `exclude`: the
    first ORDER_FORM_SEARCH_ROWS by name."""
    text = q.strip()
    if not text:
        return []
    by_code = Barcode.objects.filter(cooperative=cooperative, code=text, product=OuterRef("pk"))
    return list(
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .filter(Q(name__icontains=text) | Q(sku__icontains=text) | Exists(by_code))
        .exclude(pk__in=list(exclude))
        .order_by("name", "id")
        .values_list("id", flat=True)[:ORDER_FORM_SEARCH_ROWS]
    )


@dataclass(frozen=True)
class Typed:
    """What the form holds for a product: a unit choice ("12:3"), a quantity, a cost, as typed."""

    choice: str = ""
    quantity: str = ""
    unit_cost: str = ""
    suggested: bool = False


def order_form_rows(
    cooperative: Cooperative,
    supplier: MartSupplier | None,
    product_ids: list[int],
    *,
    typed: dict[int, Typed] | None = None,
    on_hand: dict[int, Decimal] | None = None,
) -> list[OrderFormRow]:
    """The form's lines for `product_ids`, in that order (another cooperative's or a missing product is left out):
    each with its units, and the supplier's last cost filled in where nothing is typed; three queries."""
    typed = typed or {}
    on_hand = on_hand or {}
    products = {
        p.pk: p
        for p in Product.objects.filter(cooperative=cooperative, pk__in=product_ids).only(
            "id", "name", "sku", "base_unit"
        )
    }
    units: dict[int, list[ProductUnit]] = {}
    for unit in ProductUnit.objects.filter(cooperative=cooperative, product_id__in=list(products)).order_by(
        "factor", "name"
    ):
        units.setdefault(unit.product_id, []).append(unit)
    costs: dict[int, Decimal] = {}
    if supplier is not None:
        costs = dict(
            SupplierProduct.objects.filter(
                cooperative=cooperative, supplier=supplier, product_id__in=list(products)
            ).values_list("product_id", "last_cost")
        )
    rows = []
    for product_id in product_ids:
        product = products.get(product_id)
        if product is None:
            continue
        choices = [UnitChoice(str(product.pk), product.base_unit, Decimal(1))] + [
            UnitChoice(
                f"{product.pk}:{unit.pk}", f"{unit.name} = {plain(unit.factor)} {product.base_unit}", unit.factor
            )
            for unit in units.get(product.pk, [])
        ]
        given = typed.get(product.pk, Typed())
        # The unit typed or suggested (one of another product's: the base unit).
        choice = next((c for c in choices if c.value == given.choice), choices[0])
        base_cost = costs.get(product.pk, ZERO)
        unit_cost = given.unit_cost
        if not unit_cost and base_cost > 0 and not given.quantity:
            unit_cost = typed_amount((base_cost * choice.factor).quantize(Decimal("0.01")))
        rows.append(
            OrderFormRow(
                product_id=product.pk,
                name=product.name,
                sku=product.sku,
                base_unit=product.base_unit,
                units=choices,
                choice=choice.value,
                quantity=given.quantity,
                unit_cost=unit_cost,
                base_cost=base_cost,
                suggested=given.suggested,
                on_hand=on_hand.get(product.pk),
            )
        )
    return rows


@dataclass(frozen=True)
class OrderForm:
    """The purchase order form as shown: a page of lines, and what the other pages hold."""

    rows: list[OrderFormRow]  # this page's lines
    kept: list[tuple[str, str, str]]  # the lines with a quantity on other pages, sent along unseen
    found: list[int]  # the products a search found (first on the page)
    page: int
    pages: int
    ordered: int  # lines with a quantity, on every page


def order_form_lines(
    cooperative: Cooperative,
    supplier: MartSupplier,
    outlet: Outlet | None,
    *,
    typed: list[tuple[str, str, str]] | None = None,
    search: str = "",
    page: int = 1,
) -> OrderForm:
    """The form's lines, ORDER_FORM_PAGE_ROWS a page: products added by a search first, then the reorder suggestions
    for the supplier at the outlet, then its other products. Filled in with what was typed (`typed`: (product and
    unit, quantity, price) after a search, a page turn or a refusal), else with the suggestions. A search puts the
    products it finds first and goes back to the first page. Queries do not grow with the number of lines."""
    suggested: dict[int, Typed] = {}
    candidates: list[int] = []
    if outlet is not None:
        for row in reorder_suggestions(cooperative, outlet):
            if row.supplier_id == supplier.pk and row.quantity > 0:
                suggested[row.product_id] = Typed(
                    choice=f"{row.product_id}:{row.unit_id}" if row.unit_id else str(row.product_id),
                    quantity=plain(row.quantity),
                    unit_cost=typed_amount(row.unit_cost) if row.unit_cost > 0 else "",
                    suggested=True,
                )
                candidates.append(row.product_id)
    candidates += [pid for pid in supplier_product_ids(cooperative, supplier) if pid not in suggested]
    given: dict[int, Typed] = {}
    if typed is None:
        given = dict(suggested)
    else:
        for choice, quantity, cost in typed:
            product_id = choice.partition(":")[0]
            if product_id.isdigit() and len(product_id) < 12 and int(product_id) not in given:
                pid = int(product_id)
                given[pid] = Typed(choice=choice, quantity=quantity, unit_cost=cost, suggested=pid in suggested)
    listed = set(candidates)
    added = [pid for pid in given if pid not in listed]
    found = order_product_search(cooperative, search, exclude=[*added, *candidates]) if search else []
    ids = found + added + candidates
    pages = max(1, -(-len(ids) // ORDER_FORM_PAGE_ROWS))
    page = 1 if found else min(max(page, 1), pages)
    window = ids[(page - 1) * ORDER_FORM_PAGE_ROWS : page * ORDER_FORM_PAGE_ROWS]
    shown = set(window)
    kept = [(t.choice, t.quantity, t.unit_cost) for pid, t in given.items() if pid not in shown and t.quantity]
    on_hand = (
        dict(
            StockLevel.objects.filter(cooperative=cooperative, outlet=outlet, product_id__in=window).values_list(
                "product_id", "quantity"
            )
        )
        if outlet is not None
        else {}
    )
    return OrderForm(
        rows=order_form_rows(cooperative, supplier, window, typed=given, on_hand=on_hand),
        kept=kept,
        found=found,
        page=page,
        pages=pages,
        ordered=sum(1 for t in given.values() if t.quantity),
    )
