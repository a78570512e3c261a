"""Belanja Bareng pages of a member cooperative (/k/<slug>/belanja-bareng/…): the rounds of its networks, a round
(while open: the live totals, its commitments and its estimate as it types; after closing: what it got, at what
price, and why), and receiving a round's goods into its mart.

Managers read and write; supervisors read (403 on any write); cashiers and members get 403. A round of a network
the cooperative is not an active member of, or a draft, is 404 like one that does not exist."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.jointbuy import allocation
from simpul.jointbuy.allocation import Tier
from simpul.jointbuy.events import round_event_lines
from simpul.jointbuy.forms_member import (
    CommitForm,
    ReceiveForm,
    commit_form,
    damaged_field,
    quantity_field,
    receive_form,
    received_field,
    tolerance_field,
)
from simpul.jointbuy.models import (
    Commitment,
    ItemStatus,
    Round,
    RoundItem,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
)
from simpul.jointbuy.selectors import round_item_totals, rounds_for_cooperative
from simpul.jointbuy.services.commitments import commitments_set, round_for_member, round_limit
from simpul.jointbuy.services.receipts import round_receipt_record
from simpul.mart.models import Product
from simpul.mart.stock.reorder import reorder_suggestions
from simpul.mart.stock.selectors import outlets_of

ZERO = Decimal(0)
CENT = Decimal("0.01")
PAST_PAGE_SIZE = 20
POLL_SECONDS = 15

ROUNDS_TEMPLATE = "jointbuy/member_rounds.html"
ROUND_TEMPLATE = "jointbuy/member_round.html"
RECEIVE_TEMPLATE = "jointbuy/member_receive.html"


def _refusal(error: ApplicationError) -> ApplicationError:
    if not is_refusal(error):
        raise error
    return error


def _round(cooperative: Cooperative, round_id: int) -> Round:
    """A round of one of the cooperative's networks, with its network (a draft is the coordinator's alone: 404)."""
    found = round_for_member(cooperative, round_id)
    if found.status == RoundStatus.DRAFT:
        raise NotFoundError.plain()
    return Round.objects.select_related("network").get(pk=found.pk)


# --- the rounds ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenRow:
    round: Round
    items: int  # items this cooperative committed to
    cases: int  # the whole cases its commitments make


@dataclass(frozen=True)
class PastRow:
    round: Round
    cases: int  # allocated
    cost: Decimal
    saving: Decimal


def _open_rows(cooperative: Cooperative, rounds: list[Round]) -> list[OpenRow]:
    """What the cooperative committed to each open round: one query for all of them."""
    items: dict[int, int] = defaultdict(int)
    cases: dict[int, int] = defaultdict(int)
    if rounds:
        rows = Commitment.objects.filter(
            cooperative=cooperative, round_id__in=[r.pk for r in rounds], quantity__gt=0
        ).values_list("round_id", "quantity", "tolerance", "item__case_size")
        for round_id, quantity, tolerance, case_size in rows:
            items[round_id] += 1
            cases[round_id] += allocation.wanted_cases(quantity, tolerance, case_size)
    return [OpenRow(r, items[r.pk], cases[r.pk]) for r in rounds]


def _past_rows(cooperative: Cooperative, rounds: list[Round]) -> list[PastRow]:
    """What the cooperative got of each past round, what it cost at the round's price and what it saved against
    buying alone: one query for all of them."""
    cases: dict[int, int] = defaultdict(int)
    cost: dict[int, Decimal] = defaultdict(Decimal)
    saving: dict[int, Decimal] = defaultdict(Decimal)
    if rounds:
        rows = (
            Commitment.objects.allocated()
            .filter(cooperative=cooperative, round_id__in=[r.pk for r in rounds], cases__gt=0)
            .values_list("round_id", "cases", "item__case_size", "item__price", "item__list_price")
        )
        for round_id, count, case_size, price, list_price in rows:
            units = count * case_size
            cases[round_id] += count
            cost[round_id] += (units * price).quantize(CENT)
            saving[round_id] += (units * list_price).quantize(CENT) - (units * price).quantize(CENT)
    return [PastRow(r, cases[r.pk], cost[r.pk], saving[r.pk]) for r in rounds]


@login_required
@require_GET
def rounds_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    rounds = rounds_for_cooperative(cooperative)
    open_rounds = list(rounds.filter(status=RoundStatus.OPEN).order_by("closes_at", "pk"))
    page = LookaheadPaginator(rounds.exclude(status=RoundStatus.OPEN), PAST_PAGE_SIZE).page(
        page_number(request.GET.get("halaman"))
    )
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "open_rows": _open_rows(cooperative, open_rounds),
        "past_rows": _past_rows(cooperative, list(page.object_list)),
        "page": page,
    }
    return render(request, ROUNDS_TEMPLATE, context)


# --- a round: the estimate ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstimateLine:
    """One item while the round is open: the round's total counting this cooperative's quantities as typed, the
    tier that total reaches and how far the next one is, and this cooperative's cases, price, cost and saving."""

    item: RoundItem
    tiers: list[Tier]
    cooperatives: int
    round_cases: int
    tier: Tier | None
    next_tier: Tier | None
    cases_to_next: int | None
    quantity: Decimal
    tolerance: Decimal
    cases: int
    # The tolerance that would make one more case (ADR 0009), None when none can.
    tolerance_needed: Decimal | None
    units: Decimal
    price: Decimal
    cost: Decimal
    alone: Decimal
    saving: Decimal


@dataclass(frozen=True)
class Estimate:
    lines: list[EstimateLine]
    cost: Decimal
    alone: Decimal
    saving: Decimal


def round_estimate(
    round_: Round, cooperative: Cooperative, typed: Mapping[int, tuple[Decimal, Decimal]] | None = None
) -> Estimate:
    """The cooperative's estimate with the quantities it is typing (None: those it committed), nothing saved. The
    round's total is every other cooperative's commitment plus these, in whole cases as the closing will count."""
    saved = {
        c.item_id: (c.quantity, c.tolerance)
        for c in Commitment.objects.filter(round=round_, cooperative=cooperative).order_by()
    }
    lines = []
    for total in round_item_totals(round_):
        item = total.item
        before = saved.get(item.pk, (ZERO, ZERO))
        quantity, tolerance = typed.get(item.pk, before) if typed is not None else before
        cases = allocation.wanted_cases(quantity, tolerance, item.case_size)
        round_cases = total.cases - allocation.wanted_cases(before[0], before[1], item.case_size) + cases
        cooperatives = total.cooperatives - (before[0] > 0) + (quantity > 0)
        tier = allocation.tier_for(total.tiers, round_cases)
        following = allocation.next_tier(total.tiers, round_cases)
        price = tier.price if tier is not None else (total.tiers[0].price if total.tiers else item.list_price)
        units = cases * item.case_size
        cost = (units * price).quantize(CENT)
        alone = (units * item.list_price).quantize(CENT)
        lines.append(
            EstimateLine(
                item=item,
                tiers=total.tiers,
                cooperatives=cooperatives,
                round_cases=round_cases,
                tier=tier,
                next_tier=following,
                cases_to_next=following.min_cases - round_cases if following is not None else None,
                quantity=quantity,
                tolerance=tolerance,
                cases=cases,
                tolerance_needed=allocation.tolerance_for_one_more_case(quantity, tolerance, item.case_size),
                units=units,
                price=price,
                cost=cost,
                alone=alone,
                saving=alone - cost,
            )
        )
    return Estimate(
        lines=lines,
        cost=sum((line.cost for line in lines), ZERO),
        alone=sum((line.alone for line in lines), ZERO),
        saving=sum((line.saving for line in lines), ZERO),
    )


def _typed_in(data: Mapping[str, Any], items: list[RoundItem]) -> CommitForm | None:
    """The quantities typed into the commit form, when the request carries them."""
    if not any(quantity_field(item.pk) in data for item in items):
        return None
    return commit_form(data, items)


def suggested_quantities(cooperative: Cooperative, items: list[RoundItem]) -> dict[int, Decimal]:
    """The mart's reorder suggestions for the round's items, summed over its outlets: each item is the mart's
    product of the same network standard, counted in the item's unit (whole units unless it sells in fractions)."""
    standards = {item.standard_product_id: item for item in items if item.standard_product_id is not None}
    if not standards:
        return {}
    products = {
        p.pk: standards[p.standard_id]
        for p in Product.objects.filter(cooperative=cooperative, standard_id__in=list(standards)).only(
            "id", "standard_id", "base_unit"
        )
        if p.standard_id is not None and p.base_unit.strip().lower() == standards[p.standard_id].unit.strip().lower()
    }
    if not products:
        return {}
    needed: dict[int, Decimal] = defaultdict(Decimal)
    for outlet in outlets_of(cooperative):
        for suggestion in reorder_suggestions(cooperative, outlet):
            item = products.get(suggestion.product_id)
            if item is not None:
                needed[item.pk] += suggestion.needed
    found = {}
    for item in items:
        if needed.get(item.pk, ZERO) > 0:
            places = Decimal("0.001") if item.fractional else Decimal(1)
            found[item.pk] = needed[item.pk].quantize(places, rounding=ROUND_CEILING).normalize()
    return found


# --- a round: after closing --------------------------------------------------------------------------------------


REASONS = {
    allocation.BELOW_MINIMUM: lambda: _("The item was dropped: the round stayed below the supplier's minimum."),
    allocation.CAPPED: lambda: _("Fewer cases than asked for: the supplier's cases were shared by the round's rule."),
}


@dataclass(frozen=True)
class AllocationLine:
    allocation: Commitment
    units: Decimal
    cost: Decimal
    alone: Decimal
    saving: Decimal
    reason: str


def _allocation_lines(round_: Round, cooperative: Cooperative) -> tuple[list[AllocationLine], Decimal, Decimal]:
    rows = (
        Commitment.objects.allocated()
        .filter(round=round_, cooperative=cooperative)
        .select_related("item")
        .order_by("item__position", "item_id")
    )
    lines = []
    for row in rows:
        units = row.cases * row.item.case_size
        cost = (units * row.item.price).quantize(CENT)
        alone = (units * row.item.list_price).quantize(CENT)
        if row.reason in REASONS:
            reason = REASONS[row.reason]()
        elif row.cases == row.wanted_cases:
            reason = _("In full.")
        else:
            reason = row.reason
        lines.append(AllocationLine(row, units, cost, alone, alone - cost, reason))
    return lines, sum((line.cost for line in lines), ZERO), sum((line.saving for line in lines), ZERO)


def _estimate_context(
    request: HttpRequest, cooperative: Cooperative, round_: Round, form: CommitForm | None, can_edit: bool
) -> dict[str, Any]:
    estimate = round_estimate(round_, cooperative, form.values if form is not None else None)
    return {
        "cooperative": cooperative,
        "round": round_,
        "can_edit": can_edit,
        "estimate": estimate,
        "estimate_errors": form.errors if form is not None else {},
        "estimate_url": reverse("jointbuy:member_round_estimate", args=[cooperative.slug, round_.pk]),
        "poll_seconds": POLL_SECONDS,
    }


def _round_context(
    request: HttpRequest,
    cooperative: Cooperative,
    round_: Round,
    can_edit: bool,
    form: CommitForm | None = None,
    suggested: str = "",
) -> dict[str, Any]:
    is_open = round_.status == RoundStatus.OPEN
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "round": round_,
        "can_edit": can_edit,
        "is_open": is_open,
        "zone": cooperative.timezone,
        "limit": round_limit(cooperative, round_),
        "events": round_event_lines(round_, zone=cooperative.timezone),
        "suggested": suggested,
    }
    if is_open:
        context.update(_estimate_context(request, cooperative, round_, form, can_edit))
        estimate: Estimate = context["estimate"]
        typed = form.typed if form is not None else {}
        errors = form.errors if form is not None else {}
        context["commit_rows"] = [
            {
                "line": line,
                "quantity_name": quantity_field(line.item.pk),
                "tolerance_name": tolerance_field(line.item.pk),
                "quantity": typed.get(quantity_field(line.item.pk), _plain(line.quantity)),
                "tolerance": typed.get(tolerance_field(line.item.pk), _plain(line.tolerance)),
                "quantity_error": errors.get(quantity_field(line.item.pk), ""),
                "tolerance_error": errors.get(tolerance_field(line.item.pk), ""),
            }
            for line in estimate.lines
        ]
        context["form_error"] = errors.get("", "")
    else:
        lines, cost, saving = _allocation_lines(round_, cooperative)
        context.update({"allocation_lines": lines, "cost": cost, "saving": saving})
        context["can_receive"] = (
            can_edit
            and round_.status in (RoundStatus.CLOSED, RoundStatus.CONFIRMED)
            and any(line.allocation.cases > line.allocation.received_cases for line in lines)
            and RoundSupplier.objects.filter(round=round_, confirmed_at__isnull=False).exists()
        )
    return context


def _plain(value: Decimal) -> str:
    """A quantity for an input: 20, 12.5 (no trailing zeros); empty for nothing."""
    if not value:
        return ""
    return f"{value.normalize():f}"


def _suggested_form(cooperative: Cooperative, round_: Round) -> CommitForm | None:
    """A draft from the mart's reorder suggestions (None when it suggests nothing for the round's items): the
    suggested quantities, and what was committed for the rest; nothing saved."""
    items = list(RoundItem.objects.filter(round=round_).order_by("position", "pk"))
    quantities = suggested_quantities(cooperative, items)
    if not quantities:
        return None
    data = {quantity_field(item_id): f"{quantity:f}" for item_id, quantity in quantities.items()}
    saved = {c.item_id: c for c in Commitment.objects.filter(round=round_, cooperative=cooperative, quantity__gt=0)}
    for item in items:
        if item.pk not in quantities and item.pk in saved:
            data[quantity_field(item.pk)] = _plain(saved[item.pk].quantity)
        if item.pk in saved:
            data[tolerance_field(item.pk)] = _plain(saved[item.pk].tolerance)
    return commit_form(data, items)


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    if request.method == "POST":
        cooperative, can_edit = manager_access(request, slug), True
    else:
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    round_ = _round(cooperative, round_id)
    if request.method == "POST":
        items = list(RoundItem.objects.filter(round=round_).order_by("position", "pk"))
        form = commit_form(request.POST, items)
        if form.is_valid:
            try:
                commitments_set(
                    cooperative=cooperative,
                    actor=actor(request),
                    round_id=round_.pk,
                    lines=form.lines(),
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                form.add_refusal(_refusal(error), items)
            else:
                return done(
                    request,
                    reverse("jointbuy:member_round", args=[slug, round_.pk]),
                    _("Your commitments to %(title)s are saved.") % {"title": round_.title},
                )
        if round_.status != RoundStatus.OPEN:  # closed meanwhile: the refusal above the page's figures
            context = _round_context(request, cooperative, round_, can_edit)
            context["form_error"] = form.errors.get("", "")
            return render(request, ROUND_TEMPLATE, context, status=400)
        return render(request, ROUND_TEMPLATE, _round_context(request, cooperative, round_, can_edit, form), status=400)
    if can_edit and round_.status == RoundStatus.OPEN and request.GET.get("dari") == "saran":
        draft = _suggested_form(cooperative, round_)
        suggested = "filled" if draft is not None else "none"
    else:
        draft, suggested = None, ""
    return render(request, ROUND_TEMPLATE, _round_context(request, cooperative, round_, can_edit, draft, suggested))


@login_required
@require_GET
def estimate_partial(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The round's live totals and this cooperative's estimate for the quantities typed (GET quantity_<item>,
    tolerance_<item>), computed without saving anything; without them, for what it committed."""
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    round_ = _round(cooperative, round_id)
    items = list(RoundItem.objects.filter(round=round_).order_by("position", "pk"))
    form = _typed_in(request.GET, items) if can_edit else None
    context = _estimate_context(request, cooperative, round_, form, can_edit)
    context["is_open"] = round_.status == RoundStatus.OPEN
    return render(request, f"{ROUND_TEMPLATE}#estimate", context)


# --- receiving the goods -----------------------------------------------------------------------------------------


@dataclass
class ReceiveOrder:
    """A supplier's confirmed order as this cooperative receives it: its allocated items with the cases still due."""

    order: RoundSupplier
    rows: list[dict[str, Any]]
    form: ReceiveForm | None = None

    @property
    def due(self) -> int:
        return sum(row["due"] for row in self.rows)


def _receive_orders(cooperative: Cooperative, round_: Round) -> list[ReceiveOrder]:
    orders = {
        o.pk: ReceiveOrder(o, [])
        for o in RoundSupplier.objects.filter(round=round_, confirmed_at__isnull=False)
        .select_related("supplier")
        .order_by("pk")
    }
    if orders:
        for row in (
            Commitment.objects.allocated()
            .filter(
                cooperative=cooperative,
                round=round_,
                item__round_supplier_id__in=list(orders),
                item__status=ItemStatus.ORDERED,
                cases__gt=0,
            )
            .select_related("item")
            .order_by("item__position", "item_id")
        ):
            due = int(Decimal(row.cases) - row.received_cases)
            orders[row.item.round_supplier_id].rows.append({"allocation": row, "item": row.item, "due": due})
    return [o for o in orders.values() if o.rows]


def _fill_rows(order: ReceiveOrder) -> None:
    """The typed values and refusals beside each line (what is still due when nothing is typed yet)."""
    form = order.form
    for row in order.rows:
        item_id = row["item"].pk
        row["received_name"], row["damaged_name"] = received_field(item_id), damaged_field(item_id)
        row["received"] = (
            form.typed.get(received_field(item_id), "") if form else (str(row["due"]) if row["due"] else "")
        )
        row["damaged"] = form.typed.get(damaged_field(item_id), "") if form else ""
        row["received_error"] = form.errors.get(received_field(item_id), "") if form else ""
        row["damaged_error"] = form.errors.get(damaged_field(item_id), "") if form else ""


@login_required
@require_http_methods(["GET", "POST"])
def receive_page(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    if request.method == "POST":
        cooperative, can_edit = manager_access(request, slug), True
    else:
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    round_ = _round(cooperative, round_id)
    orders = _receive_orders(cooperative, round_)
    status = 200
    posted: dict[str, str] = {}
    if request.method == "POST":
        raw = request.POST.get("round_supplier_id", "")
        chosen = next((o for o in orders if str(o.order.pk) == raw), None)
        if chosen is None:
            raise NotFoundError.plain()
        form = receive_form(request.POST, [row["item"] for row in chosen.rows])
        chosen.form = form
        posted = {k: request.POST.get(k, "") for k in ("outlet_id", "delivery_note")}
        if form.is_valid:
            try:
                recorded = round_receipt_record(
                    cooperative=cooperative,
                    actor=actor(request),
                    round_id=round_.pk,
                    round_supplier_id=chosen.order.pk,
                    outlet_id=posted["outlet_id"],
                    lines=form.lines(),
                    delivery_note=posted["delivery_note"][:80],
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                form.add_refusal(_refusal(error))
            else:
                receipt = RoundReceipt.objects.select_related("goods_receipt").get(pk=recorded.pk)
                return done(
                    request,
                    reverse("jointbuy:member_round", args=[slug, round_.pk]),
                    _("Goods received into the mart's stock: receipt %(number)s.")
                    % {"number": receipt.goods_receipt.number},
                )
        status = 400
    for order in orders:
        _fill_rows(order)
    context = {
        "cooperative": cooperative,
        "round": round_,
        "can_edit": can_edit,
        "orders": orders,
        "outlets": outlets_of(cooperative) if can_edit else [],
        "posted": posted,
        "receipts": list(
            RoundReceipt.objects.filter(round=round_, cooperative=cooperative)
            .select_related("goods_receipt", "round_supplier__supplier")
            .order_by("created_at", "pk")
        ),
        "waiting": round_.status == RoundStatus.CLOSED
        and not RoundSupplier.objects.filter(round=round_, confirmed_at__isnull=False).exists(),
    }
    return render(request, RECEIVE_TEMPLATE, context, status=status)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/belanja-bareng/", rounds_page, name="member_rounds"),
    path("k/<slug:slug>/belanja-bareng/<int:round_id>/", round_page, name="member_round"),
    path("k/<slug:slug>/belanja-bareng/<int:round_id>/perkiraan/", estimate_partial, name="member_round_estimate"),
    path("k/<slug:slug>/belanja-bareng/<int:round_id>/terima/", receive_page, name="member_receive"),
]
