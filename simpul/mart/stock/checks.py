"""verify_books' check of the mart: every stock level equals the sums of its moves, and the value of all stock
equals the balance of the inventory control account."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.money import format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import JournalLine
from simpul.mart.models import StockLevel, StockMove


def stock_problems(cooperative: Cooperative) -> list[str]:
    found: list[str] = []
    moved = {
        (row["outlet_id"], row["product_id"]): (row["quantity"] or Decimal(0), row["value"] or Decimal(0))
        for row in StockMove.objects.filter(cooperative=cooperative)
        .values("outlet_id", "product_id")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
    }
    levels = StockLevel.objects.filter(cooperative=cooperative).select_related("product", "outlet")
    total_value = Decimal(0)
    for level in levels:
        quantity, value = moved.pop((level.outlet_id, level.product_id), (Decimal(0), Decimal(0)))
        total_value += level.value
        if quantity != level.quantity or value != level.value:
            found.append(
                _(
                    "Stock of %(product)s at %(outlet)s is %(level)s (%(value)s) "
                    "but its moves add up to %(moves)s (%(moved)s)."
                )
                % {
                    "product": level.product.name,
                    "outlet": level.outlet.name,
                    "level": level.quantity.normalize(),
                    "value": format_rupiah(level.value),
                    "moves": quantity.normalize(),
                    "moved": format_rupiah(value),
                }
            )
    if moved:
        found.append(_("Stock moves of %(count)s products have no stock level.") % {"count": len(moved)})
    totals = JournalLine.objects.filter(
        entry__cooperative=cooperative, account__cooperative=cooperative, account__code=chart.MART_INVENTORY
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    books = (totals["debit"] or Decimal(0)) - (totals["credit"] or Decimal(0))
    if books != total_value:
        found.append(
            _("The stock is worth %(stock)s but the account %(code)s Persediaan Koperasi Mart holds %(books)s.")
            % {"stock": format_rupiah(total_value), "code": chart.MART_INVENTORY, "books": format_rupiah(books)}
        )
    return found
