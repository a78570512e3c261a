"""Belanja Bareng over the API: the network's coordinator opens, closes and cancels rounds and reads them with their
live totals and every step; a member cooperative's managers commit (supervisors read) and see their own estimate and,
after closing, their allocations; a supplier's staff read their purchase orders and confirm them, all or part.

The same access as the pages: another network's round, a round of a network the cooperative is not an active member
of, another supplier's order — all 404."""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Path, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, access_network, access_supplier
from simpul.coops.models import Cooperative
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.jointbuy.models import (
    Commitment,
    ItemStatus,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    RoundSupplier,
    SupplierAgreement,
)
from simpul.jointbuy.schemas import (
    JointbuyAgreementIn,
    JointbuyAgreementOut,
    JointbuyAllocationOut,
    JointbuyCancelIn,
    JointbuyCommitmentsIn,
    JointbuyConfirmIn,
    JointbuyDeliveryOut,
    JointbuyEventOut,
    JointbuyItemOut,
    JointbuyMemberRoundOut,
    JointbuyOrderDetailOut,
    JointbuyOrderItemOut,
    JointbuyOrderOut,
    JointbuyOwnLineOut,
    JointbuyRoundDetailOut,
    JointbuyRoundIn,
    JointbuyRoundOut,
    JointbuyRoundSupplierOut,
    JointbuyTierOut,
)
from simpul.jointbuy.selectors import ItemTotal, own_estimate, round_item_totals, rounds_for_cooperative
from simpul.jointbuy.services.agreements import supplier_agreement_create
from simpul.jointbuy.services.closing import round_close
from simpul.jointbuy.services.commitments import commitments_set, round_for_member, round_limit
from simpul.jointbuy.services.rounds import round_cancel, round_create
from simpul.jointbuy.services.suppliers import supplier_order_confirm, supplier_order_get

router = Router(tags=["jointbuy"])

ROUND_ID = Path(..., ge=1, le=MAX_ID)
ORDER_ID = Path(..., ge=1, le=MAX_ID)
LISTED = 200  # the newest rounds and orders a list answers
CENT = Decimal("0.01")


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


# --- answers --------------------------------------------------------------------------------------------------


def _round_fields(round_: Round, network_slug: str) -> dict[str, object]:
    return {
        "id": round_.pk,
        "number": round_.number,
        "title": round_.title,
        "status": round_.status,
        "network": network_slug,
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "closed_at": round_.closed_at,
        "delivery_mode": round_.delivery_mode,
        "payment_terms": round_.payment_terms,
        "payment_route": round_.payment_route,
        "allocation_rule": round_.allocation_rule,
    }


def _item_out(total: ItemTotal, supplier_ids: dict[int, int]) -> JointbuyItemOut:
    item = total.item
    # Once closed, the price is the one the closing set from the final total.
    closed = item.status != ItemStatus.ACTIVE
    return JointbuyItemOut(
        id=item.pk,
        supplier_id=supplier_ids[item.round_supplier_id],
        name=item.name,
        supplier_code=item.supplier_code,
        unit=item.unit,
        fractional=item.fractional,
        case_size=item.case_size,
        min_cases=item.min_cases,
        max_cases=item.max_cases,
        list_price=item.list_price,
        status=item.status,
        tiers=[JointbuyTierOut(min_cases=t.min_cases, max_cases=t.max_cases, price=t.price) for t in total.tiers],
        cooperatives=total.cooperatives,
        committed=total.committed,
        cases=total.cases,
        price=item.price if closed and item.price > 0 else total.price,
        below_minimum=total.below_minimum,
        next_tier_price=total.next_tier.price if total.next_tier is not None else None,
        cases_to_next=total.cases_to_next,
        ordered_cases=item.ordered_cases,
        confirmed_cases=item.confirmed_cases,
    )


def _round_suppliers(round_: Round) -> list[RoundSupplier]:
    return list(RoundSupplier.objects.filter(round=round_).select_related("supplier", "agreement").order_by("pk"))


def _round_detail(round_: Round, network_slug: str) -> JointbuyRoundDetailOut:
    suppliers = _round_suppliers(round_)
    supplier_ids = {s.pk: s.supplier_id for s in suppliers}
    events = RoundEvent.objects.filter(round=round_).order_by("created_at", "pk")
    return JointbuyRoundDetailOut(
        **_round_fields(round_, network_slug),  # type: ignore[arg-type]
        hub_address=round_.hub_address,
        deposit_percent=round_.deposit_percent,
        default_limit=round_.default_limit,
        suppliers=[
            JointbuyRoundSupplierOut(
                supplier_id=s.supplier_id,
                supplier=s.supplier.name,
                agreement_id=s.agreement_id,
                agreement_number=s.agreement.number,
                order_id=s.pk,
                order_number=s.order_number,
                confirmed_at=s.confirmed_at,
                delivery_date=s.delivery_date,
            )
            for s in suppliers
        ],
        items=[_item_out(total, supplier_ids) for total in round_item_totals(round_)],
        events=[
            JointbuyEventOut(kind=e.kind, item_id=e.item_id, details=e.details, created_at=e.created_at) for e in events
        ],
    )


def _member_detail(round_: Round, cooperative: Cooperative) -> JointbuyMemberRoundOut:
    supplier_ids = dict(RoundSupplier.objects.filter(round=round_).values_list("pk", "supplier_id"))
    lines, cost, saving = own_estimate(round_, cooperative)
    allocations = Commitment.objects.allocated().filter(round=round_, cooperative=cooperative).order_by("item_id")
    return JointbuyMemberRoundOut(
        **_round_fields(round_, round_.network.slug),  # type: ignore[arg-type]
        hub_address=round_.hub_address,
        deposit_percent=round_.deposit_percent,
        items=[_item_out(line.total, supplier_ids) for line in lines],
        own=[
            JointbuyOwnLineOut(
                item_id=line.total.item.pk,
                quantity=line.quantity,
                tolerance=line.tolerance,
                cases=line.cases,
                units=line.units,
                cost=line.cost,
                alone=line.alone,
                saving=line.saving,
            )
            for line in lines
            if line.quantity > 0
        ],
        cost=cost,
        saving=saving,
        limit=round_limit(cooperative, round_),
        allocations=[
            JointbuyAllocationOut(item_id=a.item_id, wanted_cases=a.wanted_cases, cases=a.cases, reason=a.reason)
            for a in allocations
        ],
    )


def _order_fields(order: RoundSupplier) -> dict[str, object]:
    round_ = order.round
    return {
        "id": order.pk,
        "order_number": order.order_number,
        "round_id": round_.pk,
        "round_number": round_.number,
        "round_title": round_.title,
        "round_status": round_.status,
        "network": round_.network.name,
        "ordered_at": order.ordered_at,
        "confirmed_at": order.confirmed_at,
        "delivery_date": order.delivery_date,
        "delivery_mode": round_.delivery_mode,
        "hub_address": round_.hub_address,
    }


def _order_detail(order: RoundSupplier) -> JointbuyOrderDetailOut:
    order = RoundSupplier.objects.select_related("round", "round__network").get(pk=order.pk)
    items = list(RoundItem.objects.filter(round_supplier=order, status=ItemStatus.ORDERED).order_by("position", "pk"))
    lines = []
    for item in items:
        cases = item.confirmed_cases if item.confirmed_cases is not None else item.ordered_cases
        lines.append(
            JointbuyOrderItemOut(
                id=item.pk,
                name=item.name,
                supplier_code=item.supplier_code,
                unit=item.unit,
                case_size=item.case_size,
                ordered_cases=item.ordered_cases,
                confirmed_cases=item.confirmed_cases,
                price=item.price,
                total=(cases * item.case_size * item.price).quantize(CENT),
            )
        )
    deliveries = (
        Commitment.objects.allocated()
        .filter(round_id=order.round_id, item__in=[item.pk for item in items], cases__gt=0)
        .select_related("cooperative")
        .order_by("cooperative__name", "cooperative_id", "item_id")
    )
    return JointbuyOrderDetailOut(
        **_order_fields(order),  # type: ignore[arg-type]
        items=lines,
        total=sum((line.total for line in lines), Decimal(0)),
        deliveries=[
            JointbuyDeliveryOut(
                cooperative=a.cooperative.name, address=a.cooperative.address, item_id=a.item_id, cases=a.cases
            )
            for a in deliveries
        ],
    )


# --- the network's coordinator ----------------------------------------------------------------------------------


@router.get(
    "/networks/{slug}/jointbuy/rounds",
    response=list[JointbuyRoundOut],
    summary="The network's rounds",
    description="Newest first (the latest 200).",
)
def list_network_rounds(request: HttpRequest, slug: str) -> list[JointbuyRoundOut]:
    network, _role = access_network(_user(request), slug)
    rounds = Round.objects.filter(network=network).order_by("-opens_at", "-pk")[:LISTED]
    return [JointbuyRoundOut(**_round_fields(r, network.slug)) for r in rounds]  # type: ignore[arg-type]


@router.post(
    "/networks/{slug}/jointbuy/rounds",
    response={201: JointbuyRoundDetailOut},
    summary="Open a round",
    description=(
        "For the coordinator. Suppliers each with the network's agreement its prices rest on; items with case size, "
        "the supplier's minimum and most, the list price and a tier table from 1 case with no gaps or overlaps and "
        "an open last tier. All of it or nothing (no_items, invalid_tiers, invalid_agreement, invalid_quantity, …). "
        "The round closes by itself at its closing time."
    ),
)
def open_network_round(request: HttpRequest, slug: str, payload: JointbuyRoundIn) -> Status[JointbuyRoundDetailOut]:
    user = _user(request)
    network, _role = access_network(user, slug)
    round_ = round_create(network=network, actor=user, data=payload.model_dump(), ip_address=client_ip(request))
    return Status(201, _round_detail(round_, network.slug))


@router.get(
    "/networks/{slug}/jointbuy/rounds/{round_id}",
    response=JointbuyRoundDetailOut,
    summary="A round",
    description="Its terms and suppliers, each item with its live totals (tier reached, cases to the next), and "
    "every step recorded (events).",
)
def get_network_round(request: HttpRequest, slug: str, round_id: int = ROUND_ID) -> JointbuyRoundDetailOut:
    network, _role = access_network(_user(request), slug)
    round_ = Round.objects.filter(network=network, pk=round_id).first()
    if round_ is None:
        raise NotFoundError.plain()
    return _round_detail(round_, network.slug)


@router.post(
    "/networks/{slug}/jointbuy/rounds/{round_id}/close",
    response=JointbuyRoundDetailOut,
    summary="Close a round now",
    description="For the coordinator. Rounds each item to whole cases, drops those below the supplier's minimum, "
    "sets the tier price, shares short supply by the round's rule and sends the purchase orders (invalid_status "
    "unless open).",
)
def close_network_round(request: HttpRequest, slug: str, round_id: int = ROUND_ID) -> JointbuyRoundDetailOut:
    user = _user(request)
    network, _role = access_network(user, slug)
    round_ = round_close(network=network, actor=user, round_id=round_id, ip_address=client_ip(request))
    return _round_detail(round_, network.slug)


@router.post(
    "/networks/{slug}/jointbuy/rounds/{round_id}/cancel",
    response=JointbuyRoundDetailOut,
    summary="Cancel a round",
    description="For the coordinator, with the reason every member sees (invalid_status once confirmed).",
)
def cancel_network_round(
    request: HttpRequest, slug: str, payload: JointbuyCancelIn, round_id: int = ROUND_ID
) -> JointbuyRoundDetailOut:
    user = _user(request)
    network, _role = access_network(user, slug)
    round_ = round_cancel(network=network, actor=user, round_id=round_id, reason=payload.reason)
    return _round_detail(round_, network.slug)


def _agreement_out(agreement: SupplierAgreement) -> JointbuyAgreementOut:
    return JointbuyAgreementOut(
        id=agreement.pk,
        supplier_id=agreement.supplier_id,
        supplier=agreement.supplier.name,
        number=agreement.number,
        signed_on=agreement.signed_on,
        valid_until=agreement.valid_until,
        scope=agreement.scope,
        has_document=bool(agreement.document),
        created_at=agreement.created_at,
    )


@router.get(
    "/networks/{slug}/jointbuy/agreements",
    response=list[JointbuyAgreementOut],
    summary="The network's agreements with suppliers",
    description="The agreements (MoU) a round's prices rest on, latest signed first (the latest 200).",
)
def list_agreements(request: HttpRequest, slug: str) -> list[JointbuyAgreementOut]:
    network, _role = access_network(_user(request), slug)
    rows = SupplierAgreement.objects.filter(network=network).select_related("supplier")
    return [_agreement_out(row) for row in rows.order_by("-signed_on", "-pk")[:LISTED]]


@router.post(
    "/networks/{slug}/jointbuy/agreements",
    response={201: JointbuyAgreementOut},
    summary="Record an agreement with a supplier",
    description="For the coordinator. Its number once per supplier (invalid_agreement), signed on a day not in the "
    "future, ending no earlier (invalid_dates). The signed document is uploaded on the coordinator's page.",
)
def create_agreement(request: HttpRequest, slug: str, payload: JointbuyAgreementIn) -> Status[JointbuyAgreementOut]:
    user = _user(request)
    network, _role = access_network(user, slug)
    agreement = supplier_agreement_create(
        network=network,
        actor=user,
        supplier_id=payload.supplier_id,
        number=payload.number,
        signed_on=payload.signed_on,
        valid_until=payload.valid_until,
        scope=payload.scope,
        ip_address=client_ip(request),
    )
    return Status(201, _agreement_out(SupplierAgreement.objects.select_related("supplier").get(pk=agreement.pk)))


# --- a member cooperative -----------------------------------------------------------------------------------------


@router.get(
    "/cooperatives/{slug}/jointbuy/rounds",
    response=list[JointbuyRoundOut],
    summary="Rounds of the cooperative's networks",
    description="Rounds of every network it is an active member of, newest first (the latest 200).",
)
def list_member_rounds(request: HttpRequest, slug: str) -> list[JointbuyRoundOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    rounds = rounds_for_cooperative(cooperative)[:LISTED]
    return [JointbuyRoundOut(**_round_fields(r, r.network.slug)) for r in rounds]  # type: ignore[arg-type]


def _member_round(cooperative: Cooperative, round_id: int) -> Round:
    round_ = round_for_member(cooperative, round_id)
    if round_.status == RoundStatus.DRAFT:  # a draft is the coordinator's alone
        raise NotFoundError.plain()
    return Round.objects.select_related("network").get(pk=round_.pk)


@router.get(
    "/cooperatives/{slug}/jointbuy/rounds/{round_id}",
    response=JointbuyMemberRoundOut,
    summary="A round, as the cooperative sees it",
    description="Items with the round's live totals; its own commitments with its estimated cost and saving "
    "against buying alone at the tier reached; its limit; after closing, what it was allocated and why.",
)
def get_member_round(request: HttpRequest, slug: str, round_id: int = ROUND_ID) -> JointbuyMemberRoundOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _member_detail(_member_round(cooperative, round_id), cooperative)


@router.put(
    "/cooperatives/{slug}/jointbuy/rounds/{round_id}/commitments",
    response=JointbuyMemberRoundOut,
    summary="Commit to a round's items",
    description="For managers, until the round closes (round_closed). Per item a quantity in its unit (whole "
    "units unless it sells in fractions; 0 withdraws) and a tolerance below a case; all lines or none, the whole "
    "within the cooperative's limit (over_limit).",
)
def set_commitments(
    request: HttpRequest, slug: str, payload: JointbuyCommitmentsIn, round_id: int = ROUND_ID
) -> JointbuyMemberRoundOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    commitments_set(
        cooperative=cooperative,
        actor=user,
        round_id=round_id,
        lines=[line.model_dump() for line in payload.lines],
        ip_address=client_ip(request),
    )
    return _member_detail(_member_round(cooperative, round_id), cooperative)


# --- a supplier's staff -----------------------------------------------------------------------------------------


@router.get(
    "/supplier/jointbuy/orders",
    response=list[JointbuyOrderOut],
    summary="The supplier's purchase orders",
    description="From closed rounds, newest first (the latest 200).",
)
def list_supplier_orders(request: HttpRequest) -> list[JointbuyOrderOut]:
    supplier, _role = access_supplier(_user(request))
    orders = (
        RoundSupplier.objects.filter(supplier=supplier)
        .exclude(order_number="")
        .select_related("round", "round__network")
        .order_by("-ordered_at", "-pk")[:LISTED]
    )
    return [JointbuyOrderOut(**_order_fields(order)) for order in orders]  # type: ignore[arg-type]


@router.get(
    "/supplier/jointbuy/orders/{order_id}",
    response=JointbuyOrderDetailOut,
    summary="A purchase order",
    description="Its items (cases, the round's price, totals) and each cooperative's cases.",
)
def get_supplier_order(request: HttpRequest, order_id: int = ORDER_ID) -> JointbuyOrderDetailOut:
    supplier, _role = access_supplier(_user(request))
    return _order_detail(supplier_order_get(supplier, order_id))


@router.post(
    "/supplier/jointbuy/orders/{order_id}/confirm",
    response=JointbuyOrderDetailOut,
    summary="Confirm a purchase order",
    description="Per item the cases the supplier will deliver (at most those ordered: over_ordered; fewer shares "
    "the item again by the round's rule) and the delivery date, on or after the round's closing day.",
)
def confirm_supplier_order(
    request: HttpRequest, payload: JointbuyConfirmIn, order_id: int = ORDER_ID
) -> JointbuyOrderDetailOut:
    user = _user(request)
    supplier, _role = access_supplier(user)
    order = supplier_order_confirm(
        supplier=supplier,
        actor=user,
        round_supplier_id=order_id,
        confirmed=payload.items,
        delivery_date=payload.delivery_date,
        ip_address=client_ip(request),
    )
    return _order_detail(order)
