"""Opening stock: the goods already on the shop's shelves when the cooperative starts its mart here.

Each product comes in at the cost given (a move of kind "opening"), and its value moves in the books from the
account the manual books kept it in (1301 Persediaan Barang Dagangan by default) to the mart's inventory control
account 1302: Dr 1302 / Cr the contra account.

Moves are dated when they are written (no back-dated move), with one exception an auditor can follow: opening stock
may be dated `on` an earlier day (the day the mart started, e.g. the first day of the demo's month) when nothing has
moved yet for those products at that outlet from that day on, and the books of that day are open. Its moves are then
dated at the start of that day in the cooperative's zone, its journal entry on that day, and the audit row keeps both
the date given and the moment it was recorded."""

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import chart
from simpul.ledger import error_codes as ledger_codes
from simpul.ledger.models import JournalEntry, Subledger
from simpul.ledger.services.journal import closed_period_on, journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import MoveKind, StockLevel, StockMove
from simpul.mart.stock.inputs import cost_of, outlet_of, products_of, quantity_of
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply


@transaction.atomic
def stock_opening_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    outlet_id: int,
    items: Sequence[tuple[Any, Any, Any]],
    contra_account: str = chart.INVENTORY,
    on: dt.date | None = None,
    ip_address: str | None = None,
) -> list[StockMove]:
    """Bring `items` — (product id, quantity in base units, cost per base unit) — into the outlet's stock and post
    their value Dr 1302 / Cr `contra_account`. Returns the moves. Every item is checked before anything is written.

    `on` (default: the cooperative's today) dates the opening on an earlier business day: refused when it is in the
    future, when the books of that day are closed, or when any of the products has moved at the outlet since."""
    if not items:
        raise ApplicationError(_("Add at least one product."), code=error_codes.REQUIRED, extra={"field": "items"})
    if contra_account in (chart.MART_INVENTORY, chart.MART_PAYABLES, chart.MART_KASBON_RECEIVABLES):
        raise ApplicationError(
            _("Choose the account the stock was kept in."), code=error_codes.REQUIRED, extra={"field": "contra_account"}
        )
    outlet = outlet_of(cooperative, outlet_id)
    products = products_of(cooperative, [item[0] for item in items])
    changes: list[Change] = []
    seen: set[int] = set()
    for product_id, quantity, unit_cost in items:
        product = products[int(product_id)]
        if product.pk in seen:
            raise ApplicationError(
                _("%(product)s is listed twice.") % {"product": product.name},
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "items"},
            )
        seen.add(product.pk)
        changes.append(
            Change(
                product_id=product.pk,
                quantity=quantity_of(quantity, product=product),
                kind=MoveKind.OPENING,
                unit_cost=cost_of(unit_cost, places="0.0001"),
                document=f"opening:{outlet.pk}",
            )
        )
    today = cooperative.today()
    day = today if on is None else on
    if day > today:
        raise ApplicationError(
            _("Opening stock cannot be dated after today."), code=error_codes.INVALID_DATE, extra={"field": "on"}
        )
    if closed_period_on(cooperative, day) is not None:
        raise ApplicationError(
            _("The books of %(date)s are closed; choose a later day for the opening stock.") % {"date": tanggal(day)},
            code=ledger_codes.PERIOD_CLOSED,
            extra={"field": "on"},
        )
    mart_books_ensure(cooperative)
    levels = lock_stock_levels(cooperative, outlet.pk, seen)
    dated: dt.datetime | None = None
    if day < today:
        dated = dt.datetime.combine(day, dt.time.min, tzinfo=zoneinfo.ZoneInfo(cooperative.timezone))
        # Under the levels' locks: no move of these products can slip in between this check and the opening's moves.
        moved = StockMove.objects.filter(
            cooperative=cooperative, outlet_id=outlet.pk, product_id__in=seen, created_at__gte=dated
        ).exists()
        if moved:
            raise ApplicationError(
                _("Stock of these products has already moved since %(date)s; record the opening stock today.")
                % {"date": tanggal(day)},
                code=error_codes.INVALID_DATE,
                extra={"field": "on"},
            )
    moves = stock_moves_apply(cooperative=cooperative, outlet_id=outlet.pk, levels=levels, changes=changes, actor=actor)
    if dated is not None:
        written = moves[0].created_at
        StockMove.objects.filter(
            cooperative=cooperative,
            outlet_id=outlet.pk,
            product_id__in=seen,
            kind=MoveKind.OPENING,
            created_at=written,
        ).update(created_at=dated)
        StockLevel.objects.filter(cooperative=cooperative, outlet_id=outlet.pk, product_id__in=seen).update(
            last_move_at=dated
        )
        for move in moves:
            move.created_at = dated
    total = sum((move.value for move in moves), Decimal(0))
    entry: JournalEntry | None = None
    if total > 0:
        entry = journal_post(
            cooperative=cooperative,
            actor=actor,
            date=day,
            description=_("Opening stock of %(outlet)s") % {"outlet": outlet.name},
            lines=[(chart.MART_INVENTORY, total, Decimal(0)), (contra_account, Decimal(0), total)],
            source="mart",
            audit=False,
            subledger=Subledger.INVENTORY,
        )
    audit_record(
        actor=actor,
        event="mart.stock_opening",
        target=outlet,
        cooperative=cooperative,
        changes={
            "products": len(moves),
            "value": str(total),
            "journal_entry": entry.number if entry is not None else None,
            **({"dated": day.isoformat(), "recorded_at": timezone.now().isoformat()} if dated is not None else {}),
        },
        ip_address=ip_address,
    )
    return moves
