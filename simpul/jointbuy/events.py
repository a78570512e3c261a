"""A round's steps (RoundEvent) as sentences in the reader's language: what happened to which item and why.

The coordinator's and the member cooperatives' round pages show them the same way:

    lines = round_event_lines(round_)          # three queries: events with their items, suppliers, cooperatives
    for line in lines: line.event, line.sentence
"""

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Supplier
from simpul.core.money import format_rupiah
from simpul.jointbuy.models import AllocationRule, EventKind, Round, RoundEvent


@dataclass(frozen=True)
class EventLine:
    event: RoundEvent
    sentence: str


def _number(value: Any) -> str:
    """A quantity as Indonesians write it: 1.200, 12,5 (no trailing zeros)."""
    try:
        figure = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if figure == figure.to_integral_value():
        return f"{int(figure):,}".replace(",", ".")
    return f"{figure.normalize():f}".replace(".", ",")


def _money(value: Any) -> str:
    try:
        return format_rupiah(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _moment(value: Any, zone: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return moment.strftime("%d-%m-%Y %H:%M")


def _day(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value)


def event_sentence(
    event: RoundEvent,
    *,
    suppliers: Mapping[int, str] | None = None,
    cooperatives: Mapping[int, str] | None = None,
    zone: str = "Asia/Jakarta",
) -> str:
    """One event as a sentence. `suppliers` and `cooperatives` name the ids the details hold (a missing one reads
    as "—"); `event.item` is read when the event is about an item (select it with the events)."""
    d: dict[str, Any] = dict(event.details or {})
    suppliers = suppliers or {}
    cooperatives = cooperatives or {}
    item = event.item.name if event.item_id is not None and event.item is not None else "—"
    unit = event.item.unit if event.item_id is not None and event.item is not None else ""
    supplier = suppliers.get(_id(d.get("supplier")), "—")
    cooperative = cooperatives.get(_id(d.get("cooperative")), "—")
    kind = event.kind
    if kind == EventKind.OPENED:
        return _("The round opened with %(items)s items; it closes at %(closes)s.") % {
            "items": d.get("items", 0),
            "closes": _moment(d.get("closes_at", ""), zone),
        }
    if kind == EventKind.CLOSED:
        return _("The round closed: %(commitments)s commitments, %(cases)s cases ordered of %(items)s items.") % {
            "commitments": d.get("commitments", 0),
            "cases": d.get("cases", 0),
            "items": d.get("items", 0),
        }
    if kind == EventKind.ROUNDED:
        return _(
            "%(item)s: %(cooperatives)s cooperatives asked for %(committed)s %(unit)s (and up to %(tolerance)s more "
            "to fill a case), which makes %(cases)s cases of %(case_size)s."
        ) % {
            "item": item,
            "cooperatives": d.get("cooperatives", 0),
            "committed": _number(d.get("committed", 0)),
            "unit": unit,
            "tolerance": _number(d.get("tolerance", 0)),
            "cases": d.get("cases", 0),
            "case_size": _number(d.get("case_size", 0)),
        }
    if kind == EventKind.DROPPED:
        return _(
            "%(item)s is dropped: %(cases)s cases is below the supplier's minimum of %(min_cases)s cases, so nobody "
            "gets it and nobody pays for it."
        ) % {"item": item, "cases": d.get("cases", 0), "min_cases": d.get("min_cases", 0)}
    if kind == EventKind.CAPPED:
        rule = d.get("rule", "")
        return _(
            "%(item)s: %(cases)s cases were asked for but the supplier delivers %(cap)s; they are shared %(rule)s."
        ) % {
            "item": item,
            "cases": d.get("cases", 0),
            "cap": d.get("cap", 0),
            "rule": AllocationRule(rule).label if rule in AllocationRule.values else rule,
        }
    if kind == EventKind.TIER:
        return _(
            "%(item)s: %(cases)s cases reach the tier from %(min_cases)s cases, %(price)s a unit instead of "
            "%(list_price)s buying alone."
        ) % {
            "item": item,
            "cases": d.get("cases", 0),
            "min_cases": d.get("min_cases", 0),
            "price": _money(d.get("price", 0)),
            "list_price": _money(d.get("list_price", 0)),
        }
    if kind == EventKind.ORDERED:
        return _("Purchase order %(order)s was sent to %(supplier)s.") % {
            "order": d.get("order", "—"),
            "supplier": supplier,
        }
    if kind == EventKind.CONFIRMED:
        items = d.get("items") or {}
        short = sum(1 for pair in items.values() if isinstance(pair, list) and len(pair) == 2 and pair[1] < pair[0])
        sentence = _("%(supplier)s confirmed purchase order %(order)s for delivery on %(date)s.") % {
            "supplier": supplier,
            "order": d.get("order", "—"),
            "date": _day(d.get("delivery_date", "")),
        }
        if short:
            sentence += " " + _("It confirmed fewer cases than ordered of %(count)s items: they were shared again.") % {
                "count": short
            }
        return sentence
    if kind == EventKind.RECEIVED:
        values = {"cooperative": cooperative, "supplier": supplier, "value": _money(d.get("value", 0))}
        if d.get("on_time", True):
            return _("%(cooperative)s received its goods from %(supplier)s (%(value)s), on time.") % values
        return _("%(cooperative)s received its goods from %(supplier)s (%(value)s), late.") % values
    if kind == EventKind.BILLED:
        return _("The coordinator billed %(cooperative)s %(amount)s.") % {
            "cooperative": cooperative,
            "amount": _money(d.get("amount", 0)),
        }
    if kind == EventKind.PAID:
        return _("%(cooperative)s paid %(amount)s to the coordinator.") % {
            "cooperative": cooperative,
            "amount": _money(d.get("amount", 0)),
        }
    if kind == EventKind.SETTLED:
        return _("The round is settled.")
    if kind == EventKind.CANCELLED:
        return _("The round was cancelled: %(reason)s") % {"reason": d.get("reason", "—")}
    return str(EventKind(kind).label) if kind in EventKind.values else str(kind)


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def round_event_lines(round_: Round, *, zone: str | None = None) -> list[EventLine]:
    """The round's events, oldest first, each with its sentence: one query for the events and their items, one
    for the suppliers and one for the cooperatives they name."""
    events = list(RoundEvent.objects.filter(round=round_).select_related("item").order_by("created_at", "pk"))
    supplier_ids = {_id(e.details.get("supplier")) for e in events if isinstance(e.details, dict)} - {0}
    cooperative_ids = {_id(e.details.get("cooperative")) for e in events if isinstance(e.details, dict)} - {0}
    suppliers = dict(Supplier.objects.filter(pk__in=supplier_ids).values_list("pk", "name")) if supplier_ids else {}
    cooperatives = (
        dict(Cooperative.objects.filter(pk__in=cooperative_ids).values_list("pk", "name")) if cooperative_ids else {}
    )
    zone = zone or "Asia/Jakarta"
    return [EventLine(e, event_sentence(e, suppliers=suppliers, cooperatives=cooperatives, zone=zone)) for e in events]
