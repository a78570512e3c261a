"""Opening a round: its terms, suppliers (each with the agreement its prices rest on), items and tiers, checked whole
before anything is written; and the round's status machine."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Network, Supplier
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.allocation import Tier, tier_problems
from simpul.jointbuy.models import (
    AllocationRule,
    DeliveryMode,
    EventKind,
    PaymentRoute,
    PaymentTerms,
    PriceTier,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    RoundStatusChange,
    RoundSupplier,
    SupplierAgreement,
)
from simpul.jointbuy.services.numbers import decimal_in, price_in, quantity_in, whole_in
from simpul.mart.models import StandardProduct

S = RoundStatus
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.OPEN, S.CANCELLED},
    S.OPEN: {S.CLOSED, S.CANCELLED},
    S.CLOSED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}


def _refuse(message: str, code: str, field: str, **extra: Any) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field, **extra})


def _choice(value: Any, choices: type, *, field: str, label: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise _refuse(_("Choose %(label)s.") % {"label": label}, error_codes.REQUIRED, field)
    return str(value)


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = refuse_too_long(str(value or "").strip(), max_length=max_length, field=field, label=label)
    if required and not text:
        raise _refuse(_("%(label)s is required.") % {"label": label}, error_codes.REQUIRED, field)
    return text


def _moment(value: Any, *, field: str, label: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise _refuse(_("%(label)s is not a valid date and time.") % {"label": label}, error_codes.INVALID_DATES, field)
    if timezone.is_naive(value):
        raise _refuse(_("%(label)s needs its time zone.") % {"label": label}, error_codes.INVALID_DATES, field)
    return value


def tier_message(problems: Sequence[str]) -> str:
    """The tier table's problems in words."""
    words = {
        "no_tiers": _("give at least one price tier"),
        "first_not_one": _("the first tier must start at 1 case"),
        "gap": _("the tiers leave a gap"),
        "overlap": _("the tiers overlap"),
        "last_not_open": _("the last tier must have no upper limit"),
        "empty_range": _("a tier ends before it starts"),
        "price_rises": _("a larger tier cannot cost more"),
        "price_not_positive": _("every price must be more than Rp0"),
    }
    return "; ".join(words[p] for p in problems)


def _tiers(raw: Any, *, item_number: int) -> list[Tier]:
    field = f"items.{item_number}.tiers"
    tiers = []
    for position, tier in enumerate(raw or [], start=1):
        label = _("Item %(item)s, tier %(tier)s") % {"item": item_number, "tier": position}
        upper = tier.get("max_cases")
        tiers.append(
            Tier(
                min_cases=whole_in(tier.get("min_cases"), label=label, field=field, minimum=1),
                max_cases=None if upper in (None, "") else whole_in(upper, label=label, field=field, minimum=1),
                price=price_in(tier.get("price"), label=label, field=field),
            )
        )
    problems = tier_problems(tiers)
    if problems:
        raise _refuse(
            _("Item %(item)s: %(problems)s.") % {"item": item_number, "problems": tier_message(problems)},
            error_codes.INVALID_TIERS,
            field,
            problems=problems,
        )
    return sorted(tiers, key=lambda t: t.min_cases)


def _agreement(network: Network, supplier: Supplier, agreement_id: Any, closes_at: dt.datetime) -> SupplierAgreement:
    agreement = SupplierAgreement.objects.filter(network=network, supplier=supplier, pk=_int(agreement_id)).first()
    if agreement is None:
        raise _refuse(
            _("Choose the agreement with %(supplier)s that this round rests on.") % {"supplier": supplier.name},
            error_codes.INVALID_AGREEMENT,
            "suppliers",
        )
    if agreement.valid_until is not None and agreement.valid_until < closes_at.date():
        raise _refuse(
            _("The agreement %(number)s with %(supplier)s ends before the round closes.")
            % {"number": agreement.number, "supplier": supplier.name},
            error_codes.INVALID_AGREEMENT,
            "suppliers",
        )
    return agreement


def _int(value: Any) -> int:
    """An id from input; 0 (no row) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def round_create(
    *,
    network: Network,
    actor: User,
    data: Mapping[str, Any],
    ip_address: str | None = None,
) -> Round:
    """Open a round for the network's member cooperatives, with its suppliers, items and tiers: all of it or nothing;
    its closing is enqueued for its closing time once the round is committed.

    data: title, opens_at, closes_at (aware), delivery_mode, hub_address, payment_terms, deposit_percent,
    payment_route, allocation_rule, default_limit (None: no limit),
    suppliers: [{supplier_id, agreement_id}],
    items: [{supplier_id, name, supplier_code?, standard_product_id?, unit, fractional, case_size, min_cases,
             max_cases?, list_price, tiers: [{min_cases, max_cases?, price}]}]."""
    title = _text(data.get("title"), field="title", label=_("Title"), max_length=150)
    opens_at = _moment(data.get("opens_at") or timezone.now(), field="opens_at", label=_("Opening time"))
    closes_at = _moment(data.get("closes_at"), field="closes_at", label=_("Closing time"))
    if closes_at <= opens_at:
        raise _refuse(_("The round must close after it opens."), error_codes.INVALID_DATES, "closes_at")
    if closes_at <= timezone.now():
        raise _refuse(_("The closing time has already passed."), error_codes.INVALID_DATES, "closes_at")
    delivery_mode = _choice(data.get("delivery_mode"), DeliveryMode, field="delivery_mode", label=_("the delivery"))
    hub_address = _text(
        data.get("hub_address"),
        field="hub_address",
        label=_("Hub address"),
        max_length=255,
        required=delivery_mode == DeliveryMode.HUB,
    )
    payment_terms = _choice(data.get("payment_terms"), PaymentTerms, field="payment_terms", label=_("payment terms"))
    deposit_percent = Decimal(0)
    if payment_terms == PaymentTerms.DEPOSIT:
        deposit_percent = decimal_in(
            data.get("deposit_percent"),
            label=_("The deposit"),
            field="deposit_percent",
            places=Decimal("0.01"),
            code=error_codes.INVALID_PRICE,
            positive=True,
        )
        if deposit_percent > 100:
            raise _refuse(_("The deposit is at most 100%."), error_codes.INVALID_PRICE, "deposit_percent")
    payment_route = _choice(data.get("payment_route"), PaymentRoute, field="payment_route", label=_("who pays"))
    if payment_route == PaymentRoute.CENTRAL and network.coordinator_cooperative_id is None:
        raise _refuse(
            _("Central payment needs a network coordinated by a cooperative."),
            error_codes.INVALID_STATUS,
            "payment_route",
        )
    allocation_rule = _choice(
        data.get("allocation_rule") or AllocationRule.PROPORTIONAL,
        AllocationRule,
        field="allocation_rule",
        label=_("the rule for short supply"),
    )
    limit = data.get("default_limit")
    default_limit = (
        None
        if limit in (None, "")
        else decimal_in(
            limit, label=_("The limit"), field="default_limit", places=Decimal("0.01"), code=error_codes.INVALID_PRICE
        )
    )

    chosen: dict[int, tuple[Supplier, SupplierAgreement]] = {}
    for raw in data.get("suppliers") or []:
        supplier = Supplier.objects.filter(pk=_int(raw.get("supplier_id"))).first()
        if supplier is None:
            raise NotFoundError.plain()
        chosen[supplier.pk] = (supplier, _agreement(network, supplier, raw.get("agreement_id"), closes_at))

    raw_items = list(data.get("items") or [])
    if not raw_items:
        raise _refuse(_("A round needs at least one item."), error_codes.NO_ITEMS, "items")
    items = []
    for number, raw in enumerate(raw_items, start=1):
        field = f"items.{number}"
        supplier_id = _int(raw.get("supplier_id"))
        if supplier_id not in chosen:
            raise _refuse(
                _("Item %(item)s: choose one of the round's suppliers.") % {"item": number},
                error_codes.REQUIRED,
                f"{field}.supplier_id",
            )
        label = _("Item %(item)s") % {"item": number}
        unit = _text(raw.get("unit") or "pcs", field=f"{field}.unit", label=_("Unit"), max_length=20)
        fractional = bool(raw.get("fractional"))
        case_size = quantity_in(
            raw.get("case_size"), fractional=fractional, unit=unit, label=label, field=f"{field}.case_size"
        )
        if case_size <= 0:
            raise _refuse(
                _("%(label)s: a case holds at least one unit.") % {"label": label},
                error_codes.INVALID_QUANTITY,
                f"{field}.case_size",
            )
        least = raw.get("min_cases")
        min_cases = whole_in(
            1 if least in (None, "") else least, label=label, field=f"{field}.min_cases", minimum=1
        )  # 0 is refused, never taken as the default
        cap = raw.get("max_cases")
        max_cases = None if cap in (None, "") else whole_in(cap, label=label, field=f"{field}.max_cases", minimum=1)
        if max_cases is not None and max_cases < min_cases:
            raise _refuse(
                _("%(label)s: the supplier's most is below its minimum.") % {"label": label},
                error_codes.INVALID_QUANTITY,
                f"{field}.max_cases",
            )
        standard = None
        if raw.get("standard_product_id") not in (None, ""):
            standard = StandardProduct.objects.filter(network=network, pk=_int(raw["standard_product_id"])).first()
            if standard is None:
                raise NotFoundError.plain()
        items.append(
            (
                supplier_id,
                RoundItem(
                    name=_text(raw.get("name"), field=f"{field}.name", label=_("Product"), max_length=150),
                    supplier_code=_text(
                        raw.get("supplier_code"),
                        field=f"{field}.supplier_code",
                        label=_("Code"),
                        max_length=40,
                        required=False,
                    ),
                    standard_product=standard,
                    unit=unit,
                    fractional=fractional,
                    case_size=case_size,
                    min_cases=min_cases,
                    max_cases=max_cases,
                    list_price=price_in(raw.get("list_price"), label=label, field=f"{field}.list_price"),
                    position=number,
                ),
                _tiers(raw.get("tiers"), item_number=number),
            )
        )

    with transaction.atomic():
        round_ = Round.objects.create(
            network=network,
            number=_round_number(network),
            title=title,
            status=RoundStatus.OPEN,
            opens_at=opens_at,
            closes_at=closes_at,
            delivery_mode=delivery_mode,
            hub_address=hub_address,
            payment_terms=payment_terms,
            deposit_percent=deposit_percent,
            payment_route=payment_route,
            allocation_rule=allocation_rule,
            default_limit=default_limit,
            created_by=actor,
        )
        suppliers = {
            pk: RoundSupplier.objects.create(round=round_, supplier=supplier, agreement=agreement)
            for pk, (supplier, agreement) in chosen.items()
        }
        for supplier_id, item, tiers in items:
            item.round = round_
            item.round_supplier = suppliers[supplier_id]
            item.save()
            PriceTier.objects.bulk_create(
                [PriceTier(item=item, min_cases=t.min_cases, max_cases=t.max_cases, price=t.price) for t in tiers]
            )
        RoundStatusChange.objects.create(round=round_, from_status="", to_status=RoundStatus.OPEN, actor=actor)
        RoundEvent.objects.create(
            round=round_,
            kind=EventKind.OPENED,
            actor=actor,
            details={"items": len(items), "closes_at": closes_at.isoformat()},
        )
        audit_record(
            actor=actor,
            event="jointbuy.round_opened",
            target=round_,
            region_code=network.region_id or "",
            changes={"title": title, "items": len(items), "suppliers": len(suppliers)},
            ip_address=ip_address,
        )
        # It closes by itself at its closing time, however it was opened (page, API, template).
        from simpul.jointbuy.services.schedule import round_close_when_due

        round_close_when_due(round_)
    return round_


def _round_number(network: Network) -> str:
    """BB-<year>-<n>: the network's rounds counted per year (the network row locked while counting)."""
    Network.objects.select_for_update().filter(pk=network.pk).first()
    year = timezone.now().year
    count = Round.objects.filter(network=network, number__startswith=f"BB-{year}-").count()
    return f"BB-{year}-{count + 1:03d}"


def round_transition(*, round_: Round, to: str, actor: User | None, note: str = "") -> Round:
    """Move a locked round along TRANSITIONS, with a row per change."""
    if to not in TRANSITIONS[round_.status]:
        raise ApplicationError(
            _("A round that is %(status)s cannot become %(to)s.")
            % {"status": RoundStatus(round_.status).label, "to": RoundStatus(to).label},
            code=error_codes.INVALID_STATUS,
        )
    RoundStatusChange.objects.create(round=round_, from_status=round_.status, to_status=to, actor=actor, note=note)
    round_.status = to
    Round.objects.filter(pk=round_.pk).update(status=to)
    return round_


def round_lock(network: Network, round_id: Any) -> Round:
    """The network's round, its row locked (commitments and closing take it: a close never races a commitment)."""
    found = Round.objects.select_for_update().filter(network=network, pk=_int(round_id)).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def round_cancel(*, network: Network, actor: User, round_id: Any, reason: str) -> Round:
    reason = _text(reason, field="reason", label=_("Reason"), max_length=255)
    with transaction.atomic():
        round_ = round_lock(network, round_id)
        round_transition(round_=round_, to=RoundStatus.CANCELLED, actor=actor, note=reason)
        RoundEvent.objects.create(round=round_, kind=EventKind.CANCELLED, actor=actor, details={"reason": reason})
    return round_
