"""Closing a round: each cooperative's commitment in whole cases, items below the supplier's minimum dropped, the
supplier's cap shared by the round's rule, the tier price set from the final total, a purchase order per supplier.
Every step is a RoundEvent the whole network sees. A supplier confirming part re-shares that item.

Each commitment carries its wanted cases and, until closing, gets them all (`Commitment.cases`); closing rewrites
only the commitments it cuts: those of a dropped item, and those of an item whose cap is shared. Two paths give the
same cuts and events (a PostgreSQL test closes the same round both ways):

- **In Python** (SQLite, and any database without the set-based path): every commitment read and shared by
  `allocation.close_item`, the cut ones written with bulk_update. Plain and obviously right, but a round of 100
  items and 10,000 cooperatives is a million rows through Python.
- **Set-based** (PostgreSQL): the per-item totals in one GROUP BY; Python decides per item from those totals alone
  (`allocation.close_total`: dropped, capped, the tier) and writes the events; one UPDATE … FROM then cuts the
  commitments of the dropped and capped items, sharing a cap in the same statement with window functions:
  proportional as whole parts plus one case to the largest remainders (ties to the first committed), or first
  come, first served as a running sum in commitment order. No commitment row travels to Python, and the rewrite
  touches no index (migration 0003 leaves room on the pages for it).
  The benchmark is bench/jointbuy_close.py (issue 13 §8; figures in docs/benchmarks.md); plain SQL on this hot path
  per DESIGN.md convention 14, its table and column names taken from the models."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
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


def _asks(round_: Round) -> dict[int, list[tuple[Ask, Commitment]]]:
    """Per item: each commitment (quantity > 0) as whole cases wanted, in the order it committed."""
    found: dict[int, list[tuple[Ask, Commitment]]] = defaultdict(list)
    rows = (
        Commitment.objects.filter(round=round_, quantity__gt=0)
        .order_by("committed_at", "pk")
        .only(
            "pk",
            "item_id",
            "cooperative_id",
            "quantity",
            "tolerance",
            "committed_at",
            "wanted_cases",
            "cases",
            "reason",
        )
    )
    for row in rows.iterator(chunk_size=BATCH):
        found[row.item_id].append((Ask(row.cooperative_id, row.wanted_cases, (row.committed_at, row.pk)), row))
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
    """Every commitment through allocation.close_item; the cut ones by bulk_update. Returns the events and the
    number of commitments."""
    asks = _asks(round_)
    events: list[RoundEvent] = []
    cut: list[Commitment] = []
    for item in items:
        item_asks = asks.get(item.pk, [])
        outcome = allocation.close_item(
            [a for a, _row in item_asks],
            min_cases=item.min_cases,
            cap=item.max_cases,
            rule=round_.allocation_rule,
            tiers=_tiers(item),
        )
        totals = (
            len(item_asks),
            sum((row.quantity for _a, row in item_asks), Decimal(0)),
            sum((row.tolerance for _a, row in item_asks), Decimal(0)),
        )
        events.extend(_item_events(round_, item, totals, outcome, actor))
        _settle(item, outcome)
        for ask, row in item_asks:
            cases = outcome.cases[ask.key]
            reason = _reason(outcome, ask.wanted, cases)
            if (cases, reason) != (row.cases, row.reason):
                row.cases, row.reason = cases, reason
                cut.append(row)
    _cuts_write(cut)
    return events, sum(len(a) for a in asks.values())


def _cuts_write(rows: Sequence[Commitment]) -> None:
    """One UPDATE per (cases, reason) the rows were given: few, since shares are small whole numbers; bulk_update's
    CASE per row is several times slower on SQLite."""
    by_value: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in rows:
        by_value[(row.cases, row.reason)].append(row.pk)
    for (cases, reason), ids in by_value.items():
        for start in range(0, len(ids), BATCH):
            Commitment.objects.filter(pk__in=ids[start : start + BATCH]).update(cases=cases, reason=reason)


# --- the set-based path (PostgreSQL) ------------------------------------------------------------------------------

SET_BASED_VENDORS = frozenset({"postgresql"})

_TOTALS = """
    SELECT c.{item}, COUNT(*), SUM(c.{quantity}), SUM(c.{tolerance}), SUM(c.{wanted})
    FROM {commitment} c
    WHERE c.{round} = %(round)s AND c.{quantity} > 0
    GROUP BY c.{item}
"""

# The cut commitments in one statement. plan: per item how its cases are shared: "drop" (nobody gets any), "prop"
# (the cap shared proportionally, largest remainders, ties to the first committed), "fcfs" (in commitment order
# while cases are left), with the item's cap and total of wanted cases. Items whose every commitment gets what it
# wants are not in the plan: their rows are not touched.
_CUT = """
    WITH plan AS (
        SELECT * FROM unnest(%(items)s::bigint[], %(modes)s::text[], %(caps)s::bigint[], %(totals)s::bigint[])
            AS p(item_id, mode, cap, total)
    ),
    asked AS (
        SELECT c.{pk} AS id, c.{item} AS item_id, c.{committed_at} AS committed_at, c.{wanted}::bigint AS wanted,
               p.mode, p.cap, p.total
        FROM {commitment} c JOIN plan p ON p.item_id = c.{item}
        WHERE c.{round} = %(round)s AND c.{quantity} > 0
    ),
    shared AS (
        SELECT a.id, a.wanted, 0::bigint AS cases, a.mode
        FROM asked a
        WHERE a.mode = 'drop'
      UNION ALL
        SELECT x.id, x.wanted,
               x.whole + CASE WHEN x.remainder > 0 AND x.place <= x.cap - x.wholes THEN 1 ELSE 0 END, x.mode
        FROM (
            SELECT y.*,
                   SUM(y.whole) OVER (PARTITION BY y.item_id) AS wholes,
                   ROW_NUMBER() OVER (
                       PARTITION BY y.item_id ORDER BY y.remainder DESC, y.committed_at, y.id
                   ) AS place
            FROM (
                SELECT a.id, a.item_id, a.committed_at, a.wanted, a.cap, a.mode,
                       (a.wanted * a.cap) / a.total AS whole, (a.wanted * a.cap) %% a.total AS remainder
                FROM asked a
                WHERE a.mode = 'prop'
            ) y
        ) x
      UNION ALL
        SELECT z.id, z.wanted, GREATEST(0, LEAST(z.wanted, z.cap - (z.through - z.wanted))), z.mode
        FROM (
            SELECT a.id, a.wanted, a.cap, a.mode,
                   SUM(a.wanted) OVER (
                       PARTITION BY a.item_id ORDER BY a.committed_at, a.id ROWS UNBOUNDED PRECEDING
                   ) AS through
            FROM asked a
            WHERE a.mode = 'fcfs'
        ) z
    )
    UPDATE {commitment} c
    SET {cases} = s.cases,
        {reason} = CASE WHEN s.mode = 'drop' THEN %(below_minimum)s WHEN s.cases < s.wanted THEN %(capped)s ELSE '' END
    FROM shared s
    WHERE c.{pk} = s.id AND (s.cases <> s.wanted OR s.mode = 'drop')
"""

# The statement's sorts (the shares) in memory rather than in temporary files; for this transaction only.
_WORK_MEM = "SET LOCAL work_mem = '256MB'"


def _names() -> dict[str, str]:
    """The tables and columns the statements name, from the models."""
    quote = connection.ops.quote_name

    def column(field: str) -> str:
        model: Any = Commitment  # get_field's type does not know a concrete field has a column
        return quote(model._meta.get_field(field).column)

    return {
        "commitment": quote(Commitment._meta.db_table),
        "pk": column("id"),
        "item": column("item"),
        "round": column("round"),
        "committed_at": column("committed_at"),
        "quantity": column("quantity"),
        "tolerance": column("tolerance"),
        "wanted": column("wanted_cases"),
        "cases": column("cases"),
        "reason": column("reason"),
    }


def _mode(outcome: allocation.ItemOutcome, rule: str) -> str:
    if outcome.dropped:
        return "drop"
    if not outcome.capped:
        return "all"
    return "fcfs" if rule == allocation.FIRST_COME else "prop"


def _close_set_based(round_: Round, items: Sequence[RoundItem], actor: User | None) -> tuple[list[RoundEvent], int]:
    """The per-item totals by one GROUP BY, the decisions and events in Python, the cut commitments by one
    UPDATE … FROM. Returns the events and the number of commitments."""
    names = _names()
    with connection.cursor() as cursor:
        cursor.execute(_TOTALS.format(**names), {"round": round_.pk})
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
            mode = _mode(outcome, round_.allocation_rule)
            if count and mode != "all":
                plan.append((item.pk, mode, outcome.total, outcome.wanted_total))
        if plan:
            cursor.execute(_WORK_MEM)
            cursor.execute(
                _CUT.format(**names),
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


def _order_emails_enqueue(round_id: int) -> None:
    from simpul.jointbuy.tasks import send_order_emails  # the tasks module imports the services

    send_order_emails.enqueue(round_id)


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
        # Each supplier's purchase order by e-mail, from a task once the close has committed: building the orders'
        # Excel files and a slow mail server never hold the coordinator's page nor undo the close.
        transaction.on_commit(partial(_order_emails_enqueue, round_.pk))
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
    current = list(
        Commitment.objects.select_for_update().filter(round=round_, item=item, quantity__gt=0).order_by("pk")
    )
    asks = [Ask(c.cooperative_id, c.wanted_cases, (c.committed_at, c.pk)) for c in current]
    outcome = allocation.close_item(asks, min_cases=1, cap=cap, rule=round_.allocation_rule, tiers=_tiers(item))
    for row in current:
        row.cases = outcome.cases[row.cooperative_id]
        row.reason = _reason(outcome, row.wanted_cases, row.cases)
    _cuts_write(current)
    item.confirmed_cases = outcome.total
    item.price = outcome.tier.price if outcome.tier is not None else item.price
    item.save(update_fields=["confirmed_cases", "price"])
    events = _item_events(round_, item, (len(asks), Decimal(0), Decimal(0)), outcome, actor)
    RoundEvent.objects.bulk_create([e for e in events if e.kind != EventKind.ROUNDED])
    return outcome
