"""Closing a round: each cooperative's commitment in whole cases, items below the supplier's minimum dropped, the
supplier's cap shared by the round's rule, the tier price set from the final total, a purchase order per supplier.
Every step is a RoundEvent the whole network sees. A supplier confirming part re-shares that item."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
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
            events.extend(_item_events(round_, item, item_asks, outcome, actor))
            item.ordered_cases = outcome.total
            item.price = outcome.tier.price if outcome.tier is not None else item.list_price
            item.status = ItemStatus.DROPPED if outcome.dropped or outcome.total == 0 else ItemStatus.ORDERED
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
        RoundItem.objects.bulk_update(items, ["ordered_cases", "price", "status"])
        Allocation.objects.bulk_create(rows, batch_size=BATCH)
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
                details={"items": len(items), "cases": ordered, "commitments": sum(len(a) for a in asks.values())},
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
    item_asks: Sequence[tuple[Ask, Decimal, Decimal]],
    outcome: allocation.ItemOutcome,
    actor: User | None,
) -> Iterable[RoundEvent]:
    committed = sum((q for _a, q, _t in item_asks), Decimal(0))
    tolerance = sum((t for _a, _q, t in item_asks), Decimal(0))

    def event(kind: str, **details: Any) -> RoundEvent:
        return RoundEvent(round=round_, item=item, kind=kind, actor=actor, details=details)

    yield event(
        EventKind.ROUNDED,
        cooperatives=len(item_asks),
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
    events = _item_events(round_, item, [(a, Decimal(0), Decimal(0)) for a in asks], outcome, actor)
    RoundEvent.objects.bulk_create([e for e in events if e.kind != EventKind.ROUNDED])
    return outcome
