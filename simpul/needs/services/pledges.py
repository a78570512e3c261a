"""Pledges toward a need: a supplier or a fellow network cooperative offers quantity, price and date; the asking
cooperative accepts or declines; the giver sends; the cooperative confirms what arrived.

Every step locks the need first, then the pledge, so the need's promised and received quantities (sums of its
pledges, recomputed under that lock) and its status (committed, in transit, fulfilled) follow the pledges exactly."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership, Supplier
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import format_rupiah
from simpul.needs import error_codes, lifecycle
from simpul.needs.models import (
    COMMITTED_PLEDGES,
    FINAL_STATUSES,
    GOODS_CATEGORIES,
    Need,
    NeedEventKind,
    NeedStatus,
    Pledge,
    PledgeStatus,
)
from simpul.needs.services import inputs
from simpul.needs.services.needs import _locked, apply_transition, record_event

ZERO = Decimal(0)
PLEDGEABLE = (NeedStatus.SUBMITTED, NeedStatus.ACKNOWLEDGED, NeedStatus.COMMITTED)

ASKER = "asker"  # the cooperative that posted the need
GIVER = "giver"  # the supplier or cooperative that pledged

P = PledgeStatus
PLEDGE_TRANSITIONS: dict[str, dict[str, str]] = {
    P.OFFERED: {P.ACCEPTED: ASKER, P.DECLINED: ASKER, P.WITHDRAWN: GIVER},
    P.ACCEPTED: {P.SHIPPED: GIVER, P.WITHDRAWN: GIVER},
    P.SHIPPED: {P.RECEIVED: ASKER},
    P.RECEIVED: {},
    P.DECLINED: {},
    P.WITHDRAWN: {},
}

EVENT_KINDS: dict[str, str] = {
    P.ACCEPTED: NeedEventKind.PLEDGE_ACCEPTED,
    P.DECLINED: NeedEventKind.PLEDGE_DECLINED,
    P.WITHDRAWN: NeedEventKind.PLEDGE_WITHDRAWN,
    P.SHIPPED: NeedEventKind.SHIPPED,
    P.RECEIVED: NeedEventKind.RECEIVED,
}


def network_peers(first_id: int, second_id: int) -> bool:
    """Whether two cooperatives are active members of one network."""
    networks = NetworkMembership.objects.filter(cooperative_id=first_id, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    return NetworkMembership.objects.filter(
        cooperative_id=second_id, status=MembershipStatus.ACTIVE, network_id__in=networks
    ).exists()


def still_needed(need: Need) -> Decimal | None:
    """What is not yet promised (None when the need names no quantity)."""
    if need.quantity is None:
        return None
    return max(need.quantity - need.committed_quantity, ZERO)


@transaction.atomic
def pledge_offer(
    *,
    need_id: Any,
    actor: User,
    data: dict[str, Any],
    supplier: Supplier | None = None,
    from_cooperative: Cooperative | None = None,
    ip_address: str | None = None,
) -> Pledge:
    """A pledge from a supplier (whose access the caller checked) or from a fellow network cooperative."""
    if (supplier is None) == (from_cooperative is None):
        raise ApplicationError(_("A pledge comes from one supplier or one cooperative."), code=error_codes.REQUIRED)
    need = _locked(need_id)
    if from_cooperative is not None:
        if from_cooperative.pk == need.cooperative_id:
            raise ApplicationError(_("A cooperative does not pledge to its own need."), code=error_codes.OWN_NEED)
        if not network_peers(from_cooperative.pk, need.cooperative_id):
            raise NotFoundError.plain()
    if need.category not in GOODS_CATEGORIES:
        raise ApplicationError(
            _("Only needs for stock or a supplier take pledges of goods."), code=error_codes.NOT_GOODS
        )
    if need.status not in PLEDGEABLE:
        raise ApplicationError(
            _("%(need)s no longer takes pledges (it is %(status)s).")
            % {"need": need.label, "status": NeedStatus(need.status).label},
            code=error_codes.NOT_OPEN,
        )
    asker = Cooperative.objects.select_related("village").get(pk=need.cooperative_id)
    quantity = inputs.quantity_in(data.get("quantity"), field="quantity", label=_("Quantity"))
    left = still_needed(need)
    if left is not None and quantity > left:
        raise ApplicationError(
            _("Only %(left)s %(unit)s is still needed.") % {"left": f"{left.normalize():f}", "unit": need.unit},
            code=error_codes.OVER_NEEDED,
            extra={"field": "quantity"},
        )
    unit_price = inputs.price_in(data.get("unit_price"), field="unit_price", label=_("Price per unit"))
    deliver_by = inputs.date_in(
        data.get("deliver_by"), field="deliver_by", label=_("Delivery date"), not_before=asker.today()
    )
    note = inputs.text_in(data.get("note"), field="note", label=_("Note"), max_length=inputs.NOTE_MAX)
    pledge = Pledge.objects.create(
        cooperative_id=need.cooperative_id,
        need=need,
        supplier=supplier,
        from_cooperative=from_cooperative,
        quantity=quantity,
        unit_price=unit_price,
        deliver_by=deliver_by,
        note=note,
        created_by=actor,
    )
    if need.first_response_at is None:
        need.first_response_at = timezone.now()
        need.save(update_fields=["first_response_at"])
    record_event(
        need,
        kind=NeedEventKind.PLEDGED,
        actor=actor,
        actor_side=pledge.giver_name,
        pledge=pledge,
        quantity=quantity,
        note=note,
    )
    audit_record(
        actor=actor,
        event="pledge.offered",
        target=pledge,
        cooperative_id=need.cooperative_id,
        region_code=need.village_code,
        changes={
            "need": [None, need.label],
            "giver": [None, pledge.giver_name],
            "quantity": [None, str(quantity)],
            "unit": [None, need.unit],
            "unit_price": [None, str(unit_price)],
        },
        ip_address=ip_address,
    )
    return pledge


def _settle(need: Need, *, actor: User, actor_side: str) -> None:
    """Recount what the need was promised and received from its pledges, and move its status to match."""
    sums = Pledge.objects.filter(need=need).aggregate(
        committed=Sum("quantity", filter=Q(status__in=COMMITTED_PLEDGES)),
        received=Sum("received_quantity", filter=Q(status=P.RECEIVED)),
    )
    need.committed_quantity = sums["committed"] or ZERO
    need.received_quantity = sums["received"] or ZERO
    need.save(update_fields=["committed_quantity", "received_quantity"])
    if need.status == NeedStatus.DRAFT or need.status in FINAL_STATUSES:
        return
    statuses = set(Pledge.objects.filter(need=need).values_list("status", flat=True))
    if need.quantity is not None and need.received_quantity >= need.quantity:
        target = NeedStatus.FULFILLED
    elif P.SHIPPED in statuses:
        target = NeedStatus.IN_TRANSIT
    elif need.committed_quantity > 0:
        target = NeedStatus.COMMITTED
    elif need.acknowledged_at is not None:
        target = NeedStatus.ACKNOWLEDGED
    else:
        target = NeedStatus.SUBMITTED
    if target != need.status:
        apply_transition(need, to=target, side=lifecycle.PLEDGES, actor=actor, actor_side=actor_side)


@transaction.atomic
def pledge_transition(
    *,
    pledge_id: Any,
    actor: User,
    to: str,
    asker: Cooperative | None = None,
    supplier: Supplier | None = None,
    giver_cooperative: Cooperative | None = None,
    received_quantity: Any = None,
    note: str = "",
    ip_address: str | None = None,
) -> Pledge:
    """Move a pledge as its side may: the asking cooperative (`asker`) accepts, declines and confirms receipt; the
    giver (`supplier` or `giver_cooperative`) withdraws and sends. A pledge of someone else is a 404."""
    try:
        key = int(pledge_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    need_id = Pledge.objects.filter(pk=key).values_list("need_id", flat=True).first()
    if need_id is None:
        raise NotFoundError.plain()
    need = _locked(need_id)
    pledge = Pledge.objects.select_for_update(of=("self",)).select_related("supplier", "from_cooperative").get(pk=key)
    if asker is not None and pledge.cooperative_id == asker.pk:
        side, side_name = ASKER, asker.name
    elif supplier is not None and pledge.supplier_id == supplier.pk:
        side, side_name = GIVER, supplier.name
    elif giver_cooperative is not None and pledge.from_cooperative_id == giver_cooperative.pk:
        side, side_name = GIVER, giver_cooperative.name
    else:
        raise NotFoundError.plain()
    to = inputs.choice_in(to, PledgeStatus.values, field="to", label=_("status"))
    if PLEDGE_TRANSITIONS.get(pledge.status, {}).get(to) != side:
        raise ApplicationError(
            _("This pledge is %(status)s: it cannot become %(to)s.")
            % {"status": PledgeStatus(pledge.status).label, "to": PledgeStatus(to).label},
            code=error_codes.PLEDGE_STATUS,
            extra={"field": "to"},
        )
    note = inputs.text_in(note, field="note", label=_("Note"), max_length=inputs.NOTE_MAX)
    if to == P.ACCEPTED:
        if need.status not in PLEDGEABLE:
            raise ApplicationError(_("%(need)s is no longer open.") % {"need": need.label}, code=error_codes.NOT_OPEN)
        left = still_needed(need)
        if left is not None and pledge.quantity > left:
            raise ApplicationError(
                _(
                    "Accepting %(quantity)s %(unit)s would promise more than the %(left)s still needed. Decline it or "
                    "ask the giver for a smaller pledge."
                )
                % {"quantity": f"{pledge.quantity.normalize():f}", "unit": need.unit, "left": f"{left.normalize():f}"},
                code=error_codes.OVER_NEEDED,
            )
    quantity = None
    if to == P.RECEIVED:
        quantity = inputs.quantity_in(received_quantity, field="received_quantity", label=_("Quantity received"))
        if quantity > pledge.quantity:
            raise ApplicationError(
                _("More than the %(quantity)s %(unit)s sent cannot be received.")
                % {"quantity": f"{pledge.quantity.normalize():f}", "unit": need.unit},
                code=error_codes.OVER_SHIPPED,
                extra={"field": "received_quantity"},
            )
        pledge.received_quantity = quantity
    before = pledge.status
    pledge.status = to
    pledge.updated_at = timezone.now()
    pledge.save()
    record_event(
        need,
        kind=EVENT_KINDS[to],
        actor=actor,
        actor_side=side_name,
        pledge=pledge,
        quantity=quantity if quantity is not None else pledge.quantity,
        note=note,
    )
    _settle(need, actor=actor, actor_side=side_name)
    audit_record(
        actor=actor,
        event="pledge.status_changed",
        target=pledge,
        cooperative_id=need.cooperative_id,
        region_code=need.village_code,
        changes={
            "need": [need.label, need.label],
            "giver": [pledge.giver_name, pledge.giver_name],
            "status": [before, to],
            "total": [None, format_rupiah(pledge.total)],
            **({"received_quantity": [None, str(quantity)]} if quantity is not None else {}),
        },
        ip_address=ip_address,
    )
    return pledge
