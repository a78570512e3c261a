"""Stock count (stock opname): count an outlet's shelves on a phone, see the variance, post the differences.

Posting locks the counted products' stock rows, takes what the books say then as "expected", and appends a move of
kind "count" for each difference at the average cost; the net value goes between 5105 Selisih Persediaan and 1302
Persediaan Koperasi Mart. Products not counted are left as they are."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services.journal import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import Barcode, MoveKind, Product, StockCount, StockCountLine, StockCountStatus
from simpul.mart.purchasing.selectors import order_product_search
from simpul.mart.stock.inputs import outlet_of, products_of, quantity_of
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply

ZERO = Decimal(0)


def stock_count_get(cooperative: Cooperative, count_id: Any, *, lock: bool = False) -> StockCount:
    try:
        pk = int(count_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    rows = StockCount.objects.filter(cooperative=cooperative, pk=pk).select_related("outlet")
    found = (rows.select_for_update(of=("self",)) if lock else rows).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def _open(count: StockCount) -> None:
    if count.status != StockCountStatus.OPEN:
        raise ApplicationError(
            _("This stock count is already %(status)s.") % {"status": StockCountStatus(count.status).label},
            code=error_codes.COUNT_CLOSED,
        )


@transaction.atomic
def stock_count_start(
    *, cooperative: Cooperative, actor: User | None, outlet_id: int, note: str = "", ip_address: str | None = None
) -> StockCount:
    """Open a count at an outlet (one open count per outlet at a time)."""
    outlet = outlet_of(cooperative, outlet_id)
    note = refuse_too_long(str(note or "").strip(), max_length=255, field="note", label=_("Note"))
    if StockCount.objects.filter(cooperative=cooperative, outlet=outlet, status=StockCountStatus.OPEN).exists():
        raise ApplicationError(
            _("A stock count of %(outlet)s is already open: finish it first.") % {"outlet": outlet.name},
            code=error_codes.COUNT_CLOSED,
            extra={"field": "outlet_id"},
        )
    mart_books_ensure(cooperative)
    count = StockCount.objects.create(
        cooperative=cooperative,
        outlet=outlet,
        note=note,
        started_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor, event="mart.stock_count_started", target=count, cooperative=cooperative, ip_address=ip_address
    )
    return count


def product_by_code(cooperative: Cooperative, code: str) -> Product:
    """The product a scanned barcode (or its SKU) names; unknown is 404."""
    code = str(code or "").strip()
    barcode = Barcode.objects.filter(cooperative=cooperative, code=code).select_related("product").first()
    if barcode is not None:
        return barcode.product
    product = Product.objects.filter(cooperative=cooperative, sku=code).first() if code else None
    if product is None:
        raise NotFoundError(
            _("No product has the code %(code)s.") % {"code": code[:40]},
            code=error_codes.UNKNOWN_BARCODE,
            extra={"field": "code"},
        )
    return product


def count_product_matches(cooperative: Cooperative, text: str) -> tuple[list[Product], bool]:
    """The products a scanned or typed text names, for the counting page: the one whose barcode or SKU it is exactly
    (True), else the active products whose name or SKU holds it (the first ten by name; False). Never another
    cooperative's product; two or three queries."""
    text = str(text or "").strip()[:100]
    if not text:
        return [], False
    barcode = Barcode.objects.filter(cooperative=cooperative, code=text).select_related("product").first()
    exact = (
        barcode.product if barcode is not None else Product.objects.filter(cooperative=cooperative, sku=text).first()
    )
    if exact is not None:
        return [exact], True
    ids = order_product_search(cooperative, text)
    by_id = {p.pk: p for p in Product.objects.filter(cooperative=cooperative, pk__in=ids)}
    return [by_id[pid] for pid in ids if pid in by_id], False


@transaction.atomic
def stock_count_line_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    count_id: int,
    counted: Any,
    product_id: Any = None,
    code: str = "",
    ip_address: str | None = None,
) -> StockCountLine:
    """What is on the shelf of one product (base units), found by id or by a scanned code. Counting a product
    again replaces its earlier count."""
    count = stock_count_get(cooperative, count_id, lock=True)
    _open(count)
    if product_id not in (None, ""):
        product = products_of(cooperative, [product_id])[int(product_id)]
    elif code:
        product = product_by_code(cooperative, code)
    else:
        raise ApplicationError(_("Scan or choose a product."), code=error_codes.REQUIRED, extra={"field": "code"})
    quantity = quantity_of(counted, product=product, field="counted", allow_zero=True)
    now = timezone.now()
    try:
        with transaction.atomic():
            line, _created = StockCountLine.objects.update_or_create(
                cooperative=cooperative,
                count=count,
                product=product,
                defaults={"counted": quantity, "counted_at": now},
            )
    except IntegrityError:  # the same product counted on two phones at the same moment: the later one wins
        line = StockCountLine.objects.get(cooperative=cooperative, count=count, product=product)
        line.counted, line.counted_at = quantity, now
        line.save(update_fields=["counted", "counted_at"])
    audit_record(
        actor=actor,
        event="mart.stock_count_line",
        target=count,
        cooperative=cooperative,
        changes={"product": product.name, "counted": str(quantity)},
        ip_address=ip_address,
    )
    return line


@transaction.atomic
def stock_count_post(
    *, cooperative: Cooperative, actor: User | None, count_id: int, ip_address: str | None = None
) -> StockCount:
    """Adjust the counted products' stock to the counts (moves of kind "count" at average cost) and post the net
    value: a shortage Dr 5105 / Cr 1302, a surplus Dr 1302 / Cr 5105."""
    count = stock_count_get(cooperative, count_id, lock=True)
    _open(count)
    lines = list(count.lines.filter(cooperative=cooperative).select_related("product"))
    if not lines:
        raise ApplicationError(_("Nothing was counted yet."), code=error_codes.REQUIRED, extra={"field": "lines"})
    levels = lock_stock_levels(cooperative, count.outlet_id, [line.product_id for line in lines])
    document = f"count:{count.pk}"
    changes = []
    for line in lines:
        line.expected = levels[line.product_id].quantity
        difference = line.counted - line.expected
        if difference:
            changes.append(
                Change(product_id=line.product_id, quantity=difference, kind=MoveKind.COUNT, document=document)
            )
    moves = stock_moves_apply(
        cooperative=cooperative, outlet_id=count.outlet_id, levels=levels, changes=changes, actor=actor
    )
    by_product = {move.product_id: move.value for move in moves}
    for line in lines:
        line.variance_value = by_product.get(line.product_id, ZERO)
    StockCountLine.objects.bulk_update(lines, ["expected", "variance_value"])
    net = sum(by_product.values(), ZERO)
    if net:
        amount = abs(net)
        lines_in = (
            [(chart.MART_INVENTORY, amount, ZERO), (chart.STOCK_DIFFERENCES, ZERO, amount)]
            if net > 0
            else [(chart.STOCK_DIFFERENCES, amount, ZERO), (chart.MART_INVENTORY, ZERO, amount)]
        )
        count.journal_entry = journal_post(
            cooperative=cooperative,
            actor=actor,
            date=cooperative.today(),
            description=_("Stock count of %(outlet)s") % {"outlet": count.outlet.name},
            lines=lines_in,
            source="mart",
            audit=False,
            subledger=Subledger.INVENTORY,
        )
    count.status = StockCountStatus.POSTED
    count.posted_at = timezone.now()
    count.save(update_fields=["status", "posted_at", "journal_entry"])
    audit_record(
        actor=actor,
        event="mart.stock_count_posted",
        target=count,
        cooperative=cooperative,
        changes={
            "status": [StockCountStatus.OPEN, StockCountStatus.POSTED],
            "counted": len(lines),
            "products": len(moves),
            "difference": str(net),
            "journal_entry": count.journal_entry.number if count.journal_entry else None,
        },
        ip_address=ip_address,
    )
    return count


@transaction.atomic
def stock_count_cancel(
    *, cooperative: Cooperative, actor: User | None, count_id: int, ip_address: str | None = None
) -> StockCount:
    count = stock_count_get(cooperative, count_id, lock=True)
    _open(count)
    count.status = StockCountStatus.CANCELLED
    count.save(update_fields=["status"])
    audit_record(
        actor=actor,
        event="mart.stock_count_cancelled",
        target=count,
        cooperative=cooperative,
        changes={"status": [StockCountStatus.OPEN, StockCountStatus.CANCELLED]},
        ip_address=ip_address,
    )
    return count
