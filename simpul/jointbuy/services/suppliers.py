"""The supplier's side of a round: confirming its purchase order, all or part, and the delivery date."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Supplier
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import EventKind, ItemStatus, Round, RoundEvent, RoundItem, RoundStatus, RoundSupplier
from simpul.jointbuy.services.closing import item_reshare
from simpul.jointbuy.services.numbers import whole_in
from simpul.jointbuy.services.rounds import round_transition


def supplier_order_get(supplier: Supplier, round_supplier_id: Any, *, lock: bool = False) -> RoundSupplier:
    """This supplier's purchase order in a round (404 for another supplier's, as for one that does not exist)."""
    try:
        pk = int(round_supplier_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    orders = RoundSupplier.objects.select_related("round")
    found = orders.filter(pk=pk, supplier=supplier).exclude(order_number="").first()
    if found is None:
        raise NotFoundError.plain()
    if lock:
        # The round's row is the lock; the order is read again under it (a confirmation that won the race has
        # set its confirmed_at meanwhile).
        Round.objects.select_for_update().filter(pk=found.round_id).first()
        found.refresh_from_db()
        found.round.refresh_from_db()
    return found


def supplier_order_confirm(
    *,
    supplier: Supplier,
    actor: User,
    round_supplier_id: Any,
    confirmed: Mapping[Any, Any],
    delivery_date: Any,
    ip_address: str | None = None,
) -> RoundSupplier:
    """Confirm a purchase order: per item the cases the supplier will deliver (at most what was ordered; fewer
    shares the item again by the round's rule), and the delivery date. When every supplier of the round has
    confirmed, the round is confirmed."""
    with transaction.atomic():
        order = supplier_order_get(supplier, round_supplier_id, lock=True)
        round_ = order.round
        if round_.status != RoundStatus.CLOSED or order.confirmed_at is not None:
            raise ApplicationError(
                _("This purchase order has already been confirmed or is no longer waiting."),
                code=error_codes.INVALID_STATUS,
            )
        if isinstance(delivery_date, str):
            try:
                delivery_date = dt.date.fromisoformat(delivery_date)
            except ValueError:
                delivery_date = None
        closed_on = timezone.localdate(round_.closed_at or round_.closes_at)  # the coordinator may close early
        if not isinstance(delivery_date, dt.date) or delivery_date < closed_on:
            raise ApplicationError(
                _("Give a delivery date on or after the round's closing day."),
                code=error_codes.INVALID_DATES,
                extra={"field": "delivery_date"},
            )
        items = list(
            RoundItem.objects.filter(round_supplier=order, status=ItemStatus.ORDERED).prefetch_related("tiers")
        )
        known = {str(item.pk): item for item in items}
        unknown = [key for key in confirmed if str(key) not in known]
        if unknown:
            raise ApplicationError(
                _("Confirm only the items of this order."), code=error_codes.UNKNOWN_ITEM, extra={"field": "items"}
            )
        changes = {}
        for item in items:
            raw = confirmed.get(item.pk, confirmed.get(str(item.pk), item.ordered_cases))
            cases = whole_in(raw, label=item.name, field=f"items.{item.pk}")
            if cases > item.ordered_cases:
                raise ApplicationError(
                    _("%(item)s: %(cases)s cases is more than the %(ordered)s ordered.")
                    % {"item": item.name, "cases": cases, "ordered": item.ordered_cases},
                    code=error_codes.OVER_ORDERED,
                    extra={"field": f"items.{item.pk}"},
                )
            changes[item] = cases
        for item, cases in changes.items():
            if cases < item.ordered_cases:
                item_reshare(round_=round_, item=item, cap=cases, actor=actor)
            else:
                item.confirmed_cases = cases
                item.save(update_fields=["confirmed_cases"])
        order.confirmed_at, order.confirmed_by, order.delivery_date = timezone.now(), actor, delivery_date
        order.save(update_fields=["confirmed_at", "confirmed_by", "delivery_date"])
        RoundEvent.objects.create(
            round=round_,
            kind=EventKind.CONFIRMED,
            actor=actor,
            details={
                "supplier": supplier.pk,
                "order": order.order_number,
                "delivery_date": delivery_date.isoformat(),
                "items": {str(item.pk): [item.ordered_cases, cases] for item, cases in changes.items()},
            },
        )
        if not RoundSupplier.objects.filter(round=round_, confirmed_at__isnull=True).exists():
            round_transition(round_=round_, to=RoundStatus.CONFIRMED, actor=actor)
        audit_record(
            actor=actor,
            event="jointbuy.order_confirmed",
            target=order,
            changes={"order": order.order_number, "items": {str(i.pk): c for i, c in changes.items()}},
            ip_address=ip_address,
        )
    return order
