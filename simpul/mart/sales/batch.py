"""A till's synced outbox recorded a batch at a time, in a few statements (PostgreSQL; bench/pos_sync.py).

A till that was offline for a day brings hundreds of sales; recorded one by one each is a transaction of nine
statements. Here the batch's plain sales (paid in cash, QRIS or transfer) at one outlet go together: one read of what
was already recorded, one of the members, the shift and the settings, one of the products; one lock of the stock
rows; the stock moves (moving-average cost) and the entries (numbered, hash-chained) computed in order in memory;
every row in one statement; one commit.

Each sale is still checked and answered on its own, as `sale_record` would answer it: a refused sale is refused
alone, and the good sales of the batch are kept. A sale the batch does not take — paid from savings or by kasbon
(their own locks and subledgers), a client id already used for other content, the same client id twice — is
recorded by the caller's one-sale path (`alone`), in its place in the order. When the batch's transaction fails (a
replay of the same sales racing it), nothing of it stays and its sales go one by one.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction

from simpul.coops.models import Cooperative, Outlet
from simpul.core import lean_sql
from simpul.core.audit import audit_rows_write
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.ledger.models import JournalEntry
from simpul.ledger.services.journal import Posting, closed_period_on, journal_post_many
from simpul.mart.models import (
    MartSettings,
    PaymentMethod,
    Product,
    ProductUnit,
    Sale,
    SaleLine,
    SalePayment,
    Shift,
    ShiftStatus,
    StockLevel,
    StockMove,
)
from simpul.mart.sales.context import SaleContext, catalog_rows
from simpul.mart.sales.services import (
    SALE_FIELDS,
    Checked,
    catalog_ids,
    sale_audit_changes,
    sale_changes,
    sale_checked,
    sale_client_id,
    sale_costs,
    sale_description,
    sale_entry_date,
    sale_entry_lines,
    sale_line_rows,
    sale_number,
    sale_payment_rows,
    sale_request_hash,
    sale_row,
    sale_subledgers,
    sent_id,
    stock_checked,
)
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import LEVEL_FIELDS, stock_moves_computed
from simpul.members.models import Member

# Paid from the member's savings or by kasbon: their locks and subledgers are the one-sale path's.
ALONE_METHODS = frozenset({PaymentMethod.SAVINGS, PaymentMethod.KASBON})


@dataclass(frozen=True)
class Recorded:
    number: str
    problems: list[str]
    replayed: bool = False


Outcome = Recorded | ApplicationError


@dataclass
class _Planned:
    index: int
    client_id: uuid.UUID
    request_hash: str
    context: SaleContext
    checked: Checked
    cashier_id: int  # the named shift's cashier, else the sender


@dataclass
class _Known:
    """What the batch reads once: the sales already recorded, the outlets, members, settings, shifts, catalog."""

    recorded: dict[uuid.UUID, tuple[str, str, list[str]]]
    outlets: dict[int, Outlet]
    members: dict[int, Member]
    settings: MartSettings | None
    shifts: dict[int, Shift]  # the sender's open shift, by outlet
    named_shifts: dict[int, Shift]  # the shifts the sales name, by id
    products: dict[int, Product]
    units: dict[int, ProductUnit]


def sales_batch_record(
    *,
    cooperative: Cooperative,
    actor: User,
    sales: Sequence[Mapping[str, Any]],
    alone: Callable[[int], None],
    ip_address: str | None = None,
) -> dict[int, Outcome]:
    """Record a till's offline sales (each as `sale_record(offline=True, **sale)` takes it: outlet_id, client_id,
    member_id, discount, lines, payments, sold_at); the outcome of each, by index, except those given to `alone`."""
    outcomes: dict[int, Outcome] = {}
    known = _known(cooperative, actor, sales)
    run: list[_Planned] = []
    seen: set[uuid.UUID] = set()

    def flush() -> None:
        if run:
            _write_or_alone(cooperative, actor, list(run), ip_address, outcomes, alone)
            run.clear()

    for index, sale in enumerate(sales):
        try:
            planned = _planned(cooperative, actor, index, sale, known)
        except ApplicationError as refused:
            outcomes[index] = refused
            continue
        if isinstance(planned, Recorded):
            outcomes[index] = planned
            continue
        batchable = planned is not None and planned.client_id not in seen
        if planned is not None:
            seen.add(planned.client_id)
        if not batchable or planned is None:
            flush()
            alone(index)
            continue
        if run and run[0].context.outlet.pk != planned.context.outlet.pk:
            flush()
        run.append(planned)
    flush()
    return outcomes


def _known(cooperative: Cooperative, actor: User, sales: Sequence[Mapping[str, Any]]) -> _Known:
    client_ids, outlet_ids, member_ids, shift_ids, product_ids, unit_ids = set(), set(), set(), set(), set(), set()
    for sale in sales:
        try:
            client_ids.add(sale_client_id(sale["client_id"]))
            outlet_ids.add(int(sale["outlet_id"]))
            if sale.get("member_id") not in (None, ""):
                member_ids.add(int(sale["member_id"]))
            if sale.get("shift_id") not in (None, ""):
                shift_ids.add(int(sale["shift_id"]))
            products, units = catalog_ids(sale["lines"])
        except (ApplicationError, TypeError, ValueError, KeyError):
            continue  # refused on its own below
        product_ids |= products
        unit_ids |= units
    recorded = {
        client_id: (request_hash, number, list(problems))
        for client_id, request_hash, number, problems in Sale.objects.filter(
            cooperative=cooperative, client_id__in=client_ids
        ).values_list("client_id", "request_hash", "number", "problems")
    }
    shifts = {
        shift.outlet_id: shift
        for shift in Shift.objects.filter(
            cooperative=cooperative, outlet_id__in=outlet_ids, cashier=actor, status=ShiftStatus.OPEN
        ).order_by("opened_at")
    }
    return _Known(
        recorded=recorded,
        outlets={o.pk: o for o in Outlet.objects.filter(cooperative=cooperative, pk__in=outlet_ids)},
        members={m.pk: m for m in Member.objects.filter(cooperative=cooperative, pk__in=member_ids)},
        settings=MartSettings.objects.filter(cooperative=cooperative).first(),
        shifts=shifts,
        named_shifts={s.pk: s for s in Shift.objects.filter(cooperative=cooperative, pk__in=shift_ids)},
        products=catalog_rows(Product, cooperative.pk, product_ids),
        units=catalog_rows(ProductUnit, cooperative.pk, unit_ids),
    )


def _planned(
    cooperative: Cooperative, actor: User, index: int, sale: Mapping[str, Any], known: _Known
) -> _Planned | Recorded | None:
    """The sale checked (None: the one-sale path must record it; Recorded: it already was)."""
    client_id = sale_client_id(sale["client_id"])
    request_hash = sale_request_hash(
        outlet_id=sale["outlet_id"],
        member_id=sale.get("member_id"),
        lines=sale["lines"],
        payments=sale["payments"],
        discount=sale.get("discount", 0),
        sold_at=sale.get("sold_at"),
    )
    if client_id in known.recorded:
        recorded_hash, number, problems = known.recorded[client_id]
        return Recorded(number, problems, replayed=True) if recorded_hash == request_hash else None
    outlet = known.outlets.get(sent_id(sale["outlet_id"]))
    member_id = sale.get("member_id")
    member = None if member_id in (None, "") else known.members.get(sent_id(member_id))
    if outlet is None or (member_id not in (None, "") and member is None):
        raise NotFoundError.plain()
    shift_id = sale.get("shift_id")
    if shift_id in (None, ""):
        shift = known.shifts.get(outlet.pk)
    else:
        # As the one-sale path reads it: a shift of this cooperative at this outlet, else no such shift.
        shift = known.named_shifts.get(sent_id(shift_id))
        if shift is None or shift.outlet_id != outlet.pk:
            raise NotFoundError.plain()
    context = SaleContext(outlet=outlet, member=member, settings=known.settings, shift=shift)
    checked = sale_checked(
        cooperative=cooperative,
        context=context,
        catalog=lambda: _catalog(sale, known),
        raw_lines=sale["lines"],
        raw_payments=sale["payments"],
        discount=sale.get("discount", 0),
        sold_at=sale.get("sold_at"),
        offline=True,
    )
    if any(payment.method in ALONE_METHODS for payment in checked.draft.payments):
        return None
    cashier_id = shift.cashier_id if shift is not None and shift_id not in (None, "") else actor.pk
    return _Planned(index, client_id, request_hash, context, checked, cashier_id)


def _catalog(sale: Mapping[str, Any], known: _Known) -> tuple[dict[int, Product], dict[int, ProductUnit]]:
    catalog_ids(sale["lines"])  # refuses a line without a readable product id, as the one-sale path does
    return known.products, known.units


def _write_or_alone(
    cooperative: Cooperative,
    actor: User,
    run: list[_Planned],
    ip_address: str | None,
    outcomes: dict[int, Outcome],
    alone: Callable[[int], None],
) -> None:
    try:
        with transaction.atomic():
            written = _write(cooperative, actor, run, ip_address)
    except (DatabaseError, ApplicationError):
        # A replay racing this batch (a client id now taken), a period closed meanwhile: one by one, each answered.
        for planned in run:
            alone(planned.index)
        return
    outcomes.update(written)


def _write(cooperative: Cooperative, actor: User, run: list[_Planned], ip_address: str | None) -> dict[int, Outcome]:
    outlet = run[0].context.outlet
    levels = lock_stock_levels(cooperative, outlet.pk, {line.product.pk for p in run for line in p.checked.draft.lines})
    closed: dict[dt.date, Any] = {}

    def closed_on(coop: Cooperative, day: dt.date) -> Any:
        if day not in closed:
            closed[day] = closed_period_on(coop, day)
        return closed[day]

    sales: list[Sale] = []
    moves: list[dict[str, Any]] = []
    postings: list[Posting] = []
    for planned in run:
        draft = planned.checked.draft
        stock_checked(levels, draft, offline=True)
        sale_moves, _levels = stock_moves_computed(
            cooperative=cooperative,
            outlet_id=outlet.pk,
            levels=levels,
            changes=sale_changes(planned.client_id, draft),
            actor=actor,
        )
        moves += sale_moves
        cost = sale_costs(draft, [move["value"] for move in sale_moves])
        entry_date = sale_entry_date(cooperative, planned.checked.business_date, draft, closed_on)
        sales.append(
            sale_row(
                cooperative=cooperative,
                context=planned.context,
                checked=planned.checked,
                client_id=planned.client_id,
                request_hash=planned.request_hash,
                cashier_id=planned.cashier_id,
                cost=cost,
                offline=True,
            )
        )
        member = planned.context.member
        postings.append(
            Posting(entry_date, sale_description(outlet, member), sale_entry_lines(draft, member is not None, cost))
        )
    (sale_ids,) = lean_sql.next_ids([Sale], len(run))

    def writes(entries: list[JournalEntry]) -> list[lean_sql.Write]:
        sale_rows: list[dict[str, Any]] = []
        line_rows: list[dict[str, Any]] = []
        payment_rows: list[dict[str, Any]] = []
        for sale, sale_id, entry, planned in zip(sales, sale_ids, entries, run, strict=True):
            sale.pk = sale_id
            sale.number = sale_number(sale, entry)
            sale.journal_entry = entry
            sale_rows.append(
                {"id": sale_id, **lean_sql.instance_values(sale, SALE_FIELDS), "journal_entry_id": entry.pk}
            )
            line_rows += sale_line_rows(sale_id, sale, planned.checked.draft)
            payment_rows += sale_payment_rows(sale_id, sale, planned.checked.draft)
        return [
            lean_sql.rows_insert_write("sales", Sale, sale_rows),
            lean_sql.rows_insert_write("sale_lines", SaleLine, line_rows),
            *([lean_sql.rows_insert_write("sale_payments", SalePayment, payment_rows)] if payment_rows else []),
            lean_sql.rows_insert_write("moves", StockMove, moves),
            lean_sql.rows_update_write(
                "levels",
                StockLevel,
                {level.pk: lean_sql.instance_values(level, LEVEL_FIELDS) for level in levels.values()},
            ),
            audit_rows_write(
                actor=actor,
                event="mart.sale",
                targets=[
                    (sale, sale_audit_changes(sale, entry, planned.checked.draft, actor))
                    for sale, entry, planned in zip(sales, entries, run, strict=True)
                ],
                cooperative=cooperative,
                ip_address=ip_address,
            ),
        ]

    journal_post_many(
        cooperative=cooperative,
        actor=actor,
        postings=postings,
        source="mart",
        subledger=sale_subledgers({}),
        then=writes,
    )
    for sale in sales:
        lean_sql.saved(sale, None)
    return {planned.index: Recorded(sale.number, list(sale.problems)) for planned, sale in zip(run, sales, strict=True)}
