"""Closing a round: each cooperative's commitment in whole cases, items below the supplier's minimum dropped, the
supplier's cap shared by the round's rule, the tier price set from the final total, a purchase order per supplier.
Every step is a RoundEvent the whole network sees. A supplier confirming part re-shares that item.

Two paths give the same allocations and events (a PostgreSQL test closes the same round both ways):

- **In Python** (SQLite, and any round on a database without the set-based path): every commitment read, rounded
  and shared by `allocation.close_item`, the allocations written with bulk_create. Plain and obviously right, but
  a round of 100 items and 10,000 cooperatives is a million rows through Python twice.
- **Set-based** (PostgreSQL): the database rounds every commitment to whole cases (integer arithmetic in thousandths
  of a unit: quantities have three decimals, so it is exact) and sums them per item in one GROUP BY; Python decides
  per item from those totals alone (`allocation.close_total`: dropped, capped, the tier) and writes the events;
  one INSERT … SELECT then writes every allocation, sharing a cap in the same statement with window functions:
  proportional as whole parts plus one case to the largest remainders (ties to the first committed), or first
  come, first served as a running sum in commitment order. No commitment row travels to Python.
  The benchmark is bench/jointbuy_close.py (issue 13 §8; figures in docs/benchmarks.md); plain SQL on this hot path
  per DESIGN.md convention 14, its table and column names taken from the models."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Network
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.jointbuy import allocation, error_codes
from simpul.jointbuy.allocation import Ask, Tier
from simpul.jointbuy.models import (
    Allocation,
    Commitment,
    EventKind,
    ItemStatus,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    RoundSupplier,
)
from simpul.jointbuy.services.rounds import round_lock, round_transition

BATCH = 5000


def _tiers(item: RoundItem) -> list[Tier]:
    return [Tier(t.min_cases, t.max_cases, t.price) for t in item.tiers.all()]


def _asks(round_: Round) -> dict[int, list[tuple[Ask, Decimal, Decimal]]]:
    """Per item: each commitment as whole cases wanted, with its quantity and tolerance (for the events)."""
    sizes = dict(RoundItem.objects.filter(round=round_).values_list("pk", "case_size"))
    found: dict[int, list[tuple[Ask, Decimal, Decimal]]] = defaultdict(list)
    rows = (
        Commitment.objects.filter(round=round_, quantity__gt=0)
        .order_by()
        .values_list("item_id", "cooperative_id", "quantity", "tolerance", "committed_at", "pk")
    )
    for item_id, cooperative_id, quantity, tolerance, committed_at, pk in rows.iterator(chunk_size=BATCH):
        wanted = allocation.wanted_cases(quantity, tolerance, sizes[item_id])
        found[item_id].append((Ask(cooperative_id, wanted, (committed_at, pk)), quantity, tolerance))
    return found


def _reason(outcome: allocation.ItemOutcome, wanted: int, cases: int) -> str:
    if outcome.dropped:
        return allocation.BELOW_MINIMUM
    return allocation.CAPPED if cases < wanted else ""


def _settle(item: RoundItem, outcome: allocation.ItemOutcome) -> None:
    item.ordered_cases = outcome.total
    item.price = outcome.tier.price if outcome.tier is not None else item.list_price
    item.status = ItemStatus.DROPPED if outcome.dropped or outcome.total == 0 else ItemStatus.ORDERED


def _close_in_python(round_: Round, items: Sequence[RoundItem], actor: User | None) -> tuple[list[RoundEvent], int]:
    """Every commitment through allocation.close_item; the allocations by bulk_create. Returns the events and the
    number of commitments."""
    asks = _asks(round_)
    events: list[RoundEvent] = []
    rows: list[Allocation] = []
    for item in items:
        item_asks = asks.get(item.pk, [])
        outcome = allocation.close_item(
            [a for a, _q, _t in item_asks],
            min_cases=item.min_cases,
            cap=item.max_cases,
            rule=round_.allocation_rule,
            tiers=_tiers(item),
        )
        totals = (
            len(item_asks),
            sum((q for _a, q, _t in item_asks), Decimal(0)),
            sum((t for _a, _q, t in item_asks), Decimal(0)),
        )
        events.extend(_item_events(round_, item, totals, outcome, actor))
        _settle(item, outcome)
        rows.extend(
            Allocation(
                cooperative_id=ask.key,
                round=round_,
                item=item,
                wanted_cases=ask.wanted,
                cases=outcome.cases[ask.key],
                reason=_reason(outcome, ask.wanted, outcome.cases[ask.key]),
            )
            for ask, _q, _t in item_asks
        )
    Allocation.objects.bulk_create(rows, batch_size=BATCH)
    return events, sum(len(a) for a in asks.values())


# --- the set-based path (PostgreSQL) ------------------------------------------------------------------------------

SET_BASED_VENDORS = frozenset({"postgresql"})

# Each commitment (quantity > 0) of the round with its whole cases wanted, as allocation.wanted_cases computes them:
# in thousandths of a unit (numeric(14, 3) × 1000 is an exact bigint), full cases plus one when the quantity reaches
# into the next case and quantity + tolerance fill it.
_WANTED = """
    SELECT c.id, c.cooperative_id, c.item_id, c.committed_at, c.quantity, c.tolerance,
           (c.q / c.s + CASE WHEN c.q %% c.s > 0 AND (c.q / c.s + 1) * c.s <= c.q + c.t THEN 1 ELSE 0 END) AS wanted
    FROM (
        SELECT c.{pk} AS id, c.{cooperative} AS cooperative_id, c.{item} AS item_id, c.{committed_at} AS committed_at,
               c.{quantity} AS quantity, c.{tolerance} AS tolerance,
               (c.{quantity} * 1000)::bigint AS q, (c.{tolerance} * 1000)::bigint AS t,
               (i.{case_size} * 1000)::bigint AS s
        FROM {commitment} c JOIN {item_table} i ON i.{item_pk} = c.{item}
        WHERE c.{round} = %(round)s AND c.{quantity} > 0
    ) c
"""

_TOTALS = """
    SELECT w.item_id, COUNT(*), SUM(w.quantity), SUM(w.tolerance), SUM(w.wanted)
    FROM ({wanted}) w
    GROUP BY w.item_id
"""

# Every allocation in one statement. plan: per item how its cases are shared: "all" (each gets what it wanted),
# "drop" (nobody gets any), "prop" (the cap shared proportionally, largest remainders, ties to the first
# committed), "fcfs" (in commitment order while cases are left), with the item's cap and total of wanted cases.
_ALLOCATE = """
    INSERT INTO {allocation} ({a_cooperative}, {a_round}, {a_item}, {a_wanted}, {a_cases}, {a_reason}, {a_received})
    WITH plan AS (
        SELECT * FROM unnest(%(items)s::bigint[], %(modes)s::text[], %(caps)s::bigint[], %(totals)s::bigint[])
            AS p(item_id, mode, cap, total)
    ),
    wanted AS ({wanted}),
    shared AS (
        SELECT w.cooperative_id, w.item_id, w.wanted, CASE WHEN p.mode = 'drop' THEN 0 ELSE w.wanted END AS cases,
               p.mode
        FROM wanted w JOIN plan p ON p.item_id = w.item_id
        WHERE p.mode IN ('all', 'drop')
      UNION ALL
        SELECT x.cooperative_id, x.item_id, x.wanted,
               x.whole + CASE WHEN x.remainder > 0 AND x.place <= x.cap - x.wholes THEN 1 ELSE 0 END, x.mode
        FROM (
            SELECT y.*,
                   SUM(y.whole) OVER (PARTITION BY y.item_id) AS wholes,
                   ROW_NUMBER() OVER (
                       PARTITION BY y.item_id ORDER BY y.remainder DESC, y.committed_at, y.id
                   ) AS place
            FROM (
                SELECT w.id, w.cooperative_id, w.item_id, w.committed_at, w.wanted, p.cap, p.mode,
                       (w.wanted * p.cap) / p.total AS whole, (w.wanted * p.cap) %% p.total AS remainder
                FROM wanted w JOIN plan p ON p.item_id = w.item_id
                WHERE p.mode = 'prop'
            ) y
        ) x
      UNION ALL
        SELECT z.cooperative_id, z.item_id, z.wanted,
               GREATEST(0, LEAST(z.wanted, z.cap - (z.through - z.wanted))), z.mode
        FROM (
            SELECT w.cooperative_id, w.item_id, w.wanted, p.cap, p.mode,
                   SUM(w.wanted) OVER (
                       PARTITION BY w.item_id ORDER BY w.committed_at, w.id ROWS UNBOUNDED PRECEDING
                   ) AS through
            FROM wanted w JOIN plan p ON p.item_id = w.item_id
            WHERE p.mode = 'fcfs'
        ) z
    )
    SELECT s.cooperative_id, %(round)s, s.item_id, s.wanted, s.cases,
           CASE WHEN s.mode = 'drop' THEN %(below_minimum)s WHEN s.cases < s.wanted THEN %(capped)s ELSE '' END, 0
    FROM shared s
    ORDER BY s.cooperative_id, s.item_id
"""

# The statement's sorts (the shares, the order of the rows written) in memory rather than in temporary files; for
# this transaction only. Rows written in the order of the unique index (cooperative, round, item) keep every index's
# insertion points few and in the cache.
_WORK_MEM = "SET LOCAL work_mem = '256MB'"


def _names() -> dict[str, str]:
    """The tables and columns the statements name, from the models."""
    quote = connection.ops.quote_name

    def column(model: Any, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    return {
        "commitment": quote(Commitment._meta.db_table),
        "item_table": quote(RoundItem._meta.db_table),
        "allocation": quote(Allocation._meta.db_table),
        "pk": column(Commitment, "id"),
        "cooperative": column(Commitment, "cooperative"),
        "item": column(Commitment, "item"),
        "round": column(Commitment, "round"),
        "committed_at": column(Commitment, "committed_at"),
        "quantity": column(Commitment, "quantity"),
        "tolerance": column(Commitment, "tolerance"),
        "item_pk": column(RoundItem, "id"),
        "case_size": column(RoundItem, "case_size"),
        "a_cooperative": column(Allocation, "cooperative"),
        "a_round": column(Allocation, "round"),
        "a_item": column(Allocation, "item"),
        "a_wanted": column(Allocation, "wanted_cases"),
        "a_cases": column(Allocation, "cases"),
        "a_reason": column(Allocation, "reason"),
        "a_received": column(Allocation, "received_cases"),
    }


def _mode(outcome: allocation.ItemOutcome, rule: str) -> str:
    if outcome.dropped:
        return "drop"
    if not outcome.capped:
        return "all"
    return "fcfs" if rule == allocation.FIRST_COME else "prop"


def _close_set_based(round_: Round, items: Sequence[RoundItem], actor: User | None) -> tuple[list[RoundEvent], int]:
    """The per-item totals by one GROUP BY, the decisions and events in Python, every allocation by one INSERT …
    SELECT. Returns the events and the number of commitments."""
    names = _names()
    wanted = _WANTED.format(**names)
    with connection.cursor() as cursor:
        cursor.execute(_TOTALS.format(wanted=wanted), {"round": round_.pk})
        totals = {row[0]: row[1:] for row in cursor.fetchall()}
        events: list[RoundEvent] = []
        plan: list[tuple[int, str, int, int]] = []
        for item in items:
            count, committed, tolerance, wanted_total = totals.get(item.pk, (0, Decimal(0), Decimal(0), 0))
            outcome = allocation.close_total(
                int(wanted_total), min_cases=item.min_cases, cap=item.max_cases, tiers=_tiers(item)
            )
            events.extend(_item_events(round_, item, (count, committed, tolerance), outcome, actor))
            _settle(item, outcome)
            if count:
                plan.append((item.pk, _mode(outcome, round_.allocation_rule), outcome.total, outcome.wanted_total))
        if plan:
            cursor.execute(_WORK_MEM)
            cursor.execute(
                _ALLOCATE.format(wanted=wanted, **names),
                {
                    "round": round_.pk,
                    "items": [p[0] for p in plan],
                    "modes": [p[1] for p in plan],
                    "caps": [p[2] for p in plan],
                    "totals": [p[3] for p in plan],
                    "below_minimum": allocation.BELOW_MINIMUM,
                    "capped": allocation.CAPPED,
                },
            )
    return events, sum(row[0] for row in totals.values())


def round_close(*, network: Network, actor: User | None, round_id: Any, ip_address: str | None = None) -> Round:
    """Close an open round (the coordinator, or the scheduled task once its closing time has passed)."""
    with transaction.atomic():
        round_ = round_lock(network, round_id)
        if round_.status != RoundStatus.OPEN:
            raise ApplicationError(
                _("Only an open round can be closed (this one is %(status)s).")
                % {"status": RoundStatus(round_.status).label},
                code=error_codes.INVALID_STATUS,
            )
        items = list(RoundItem.objects.filter(round=round_).prefetch_related("tiers"))
        if connection.vendor in SET_BASED_VENDORS:
            events, commitments = _close_set_based(round_, items, actor)
        else:
            events, commitments = _close_in_python(round_, items, actor)
        RoundItem.objects.bulk_update(items, ["ordered_cases", "price", "status"])
        now = timezone.now()
        for position, supplier in enumerate(RoundSupplier.objects.filter(round=round_).order_by("pk"), start=1):
            supplier.order_number = f"PO-{round_.number}-{position}"
            supplier.ordered_at = now
            supplier.save(update_fields=["order_number", "ordered_at"])
            events.append(
                RoundEvent(
                    round=round_,
                    kind=EventKind.ORDERED,
                    actor=actor,
                    details={"supplier": supplier.supplier_id, "order": supplier.order_number},
                )
            )
        ordered = sum(item.ordered_cases for item in items)
        events.append(
            RoundEvent(
                round=round_,
                kind=EventKind.CLOSED,
                actor=actor,
                details={"items": len(items), "cases": ordered, "commitments": commitments},
            )
        )
        RoundEvent.objects.bulk_create(events)
        round_.closed_at = now
        Round.objects.filter(pk=round_.pk).update(closed_at=now)
        round_transition(round_=round_, to=RoundStatus.CLOSED, actor=actor)
        audit_record(
            actor=actor,
            event="jointbuy.round_closed",
            target=round_,
            region_code=network.region_id or "",
            changes={"cases": ordered},
            ip_address=ip_address,
        )
    return round_


def _item_events(
    round_: Round,
    item: RoundItem,
    totals: tuple[int, Decimal, Decimal],
    outcome: allocation.ItemOutcome,
    actor: User | None,
) -> Iterable[RoundEvent]:
    """The item's events at closing; `totals`: the cooperatives that committed, their quantities and tolerances."""
    cooperatives, committed, tolerance = totals

    def event(kind: str, **details: Any) -> RoundEvent:
        return RoundEvent(round=round_, item=item, kind=kind, actor=actor, details=details)

    yield event(
        EventKind.ROUNDED,
        cooperatives=cooperatives,
        committed=str(committed),
        tolerance=str(tolerance),
        cases=outcome.wanted_total,
        case_size=str(item.case_size),
    )
    if outcome.dropped:
        yield event(EventKind.DROPPED, cases=outcome.wanted_total, min_cases=item.min_cases)
        return
    if outcome.capped:
        yield event(EventKind.CAPPED, cases=outcome.wanted_total, cap=outcome.total, rule=round_.allocation_rule)
    if outcome.tier is not None:
        yield event(
            EventKind.TIER,
            cases=outcome.total,
            min_cases=outcome.tier.min_cases,
            max_cases=outcome.tier.max_cases,
            price=str(outcome.tier.price),
            list_price=str(item.list_price),
        )


def item_reshare(*, round_: Round, item: RoundItem, cap: int, actor: User | None) -> allocation.ItemOutcome:
    """Share an item again under a new cap (a supplier confirmed part): its allocations and price updated."""
    current = list(Allocation.objects.select_for_update().filter(round=round_, item=item).order_by("pk"))
    order = dict(Commitment.objects.filter(round=round_, item=item).values_list("cooperative_id", "committed_at"))
    asks = [Ask(a.cooperative_id, a.wanted_cases, (order.get(a.cooperative_id), a.pk)) for a in current]
    outcome = allocation.close_item(asks, min_cases=1, cap=cap, rule=round_.allocation_rule, tiers=_tiers(item))
    for row in current:
        row.cases = outcome.cases[row.cooperative_id]
        row.reason = _reason(outcome, row.wanted_cases, row.cases)
    Allocation.objects.bulk_update(current, ["cases", "reason"], batch_size=BATCH)
    item.confirmed_cases = outcome.total
    item.price = outcome.tier.price if outcome.tier is not None else item.price
    item.save(update_fields=["confirmed_cases", "price"])
    events = _item_events(round_, item, (len(asks), Decimal(0), Decimal(0)), outcome, actor)
    RoundEvent.objects.bulk_create([e for e in events if e.kind != EventKind.ROUNDED])
    return outcome
