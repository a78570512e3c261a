"""A member cooperative's commitments to a round: set, changed or withdrawn until the round closes, within its limit."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import format_rupiah
from simpul.jointbuy import allocation, error_codes
from simpul.jointbuy.models import Commitment, CommitmentChange, Round, RoundItem, RoundLimit, RoundStatus
from simpul.jointbuy.services.numbers import quantity_in

ZERO = Decimal(0)


def network_member_check(cooperative: Cooperative, round_: Round) -> None:
    """A cooperative takes part only in its own network's rounds (an active membership)."""
    if not NetworkMembership.objects.filter(
        cooperative=cooperative, network_id=round_.network_id, status=MembershipStatus.ACTIVE
    ).exists():
        raise ApplicationError(
            _("%(cooperative)s is not a member of this round's network.") % {"cooperative": cooperative.name},
            code=error_codes.NOT_IN_NETWORK,
        )


def round_for_member(cooperative: Cooperative, round_id: Any, *, lock: bool = False) -> Round:
    """A round of one of the cooperative's networks (404 for any other, as for one that does not exist)."""
    rounds = Round.objects.select_for_update() if lock else Round.objects.all()
    try:
        found = rounds.filter(pk=int(round_id)).first()
    except (TypeError, ValueError):
        found = None
    if (
        found is None
        or not NetworkMembership.objects.filter(
            cooperative=cooperative, network_id=found.network_id, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise NotFoundError.plain()
    return found


def _open_check(round_: Round) -> None:
    now = timezone.now()
    if round_.status != RoundStatus.OPEN or now >= round_.closes_at:
        raise ApplicationError(
            _("The round %(title)s is closed: commitments can no longer change.") % {"title": round_.title},
            code=error_codes.ROUND_CLOSED,
        )
    if now < round_.opens_at:
        raise ApplicationError(
            _("The round %(title)s opens later.") % {"title": round_.title}, code=error_codes.ROUND_NOT_OPEN_YET
        )


def round_limit(cooperative: Cooperative, round_: Round) -> Decimal | None:
    own = RoundLimit.objects.filter(cooperative=cooperative, round=round_).values_list("amount", flat=True).first()
    return own if own is not None else round_.default_limit


def highest_price(item: RoundItem) -> Decimal:
    """The most a unit can cost in the round: its first tier (prices never rise with volume)."""
    tiers = list(item.tiers.all())
    return max((tier.price for tier in tiers), default=item.list_price)


def commitments_set(
    *,
    cooperative: Cooperative,
    actor: User,
    round_id: Any,
    lines: Sequence[Mapping[str, Any]],
    ip_address: str | None = None,
) -> list[Commitment]:
    """Set this cooperative's commitments to some of a round's items: [{item_id, quantity, tolerance}].

    Quantity 0 withdraws. All lines or none: each is checked (the item is the round's, whole units unless the
    unit sells in fractions, nothing negative), then the value of everything committed — quantity and tolerance at
    the highest price the round can set — against the cooperative's limit. The round's row is locked, so a
    commitment is never half-seen by its closing."""
    with transaction.atomic():
        round_ = round_for_member(cooperative, round_id, lock=True)
        _open_check(round_)
        items = {item.pk: item for item in RoundItem.objects.filter(round=round_).prefetch_related("tiers")}
        wanted: dict[int, tuple[Decimal, Decimal]] = {}
        for number, raw in enumerate(lines, start=1):
            try:
                item = items[int(raw.get("item_id"))]  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError):
                raise ApplicationError(
                    _("Line %(line)s: choose one of the round's items.") % {"line": number},
                    code=error_codes.UNKNOWN_ITEM,
                    extra={"field": "lines", "line": number},
                ) from None
            label = _("%(item)s: the quantity") % {"item": item.name}
            quantity = quantity_in(
                raw.get("quantity", 0), fractional=item.fractional, unit=item.unit, label=label, field="lines"
            )
            tolerance = quantity_in(
                raw.get("tolerance") or 0,
                fractional=item.fractional,
                unit=item.unit,
                label=_("%(item)s: the tolerance") % {"item": item.name},
                field="lines",
            )
            if tolerance >= item.case_size:
                raise ApplicationError(
                    _("%(item)s: the tolerance fills a case, so it is below %(size)s %(unit)s.")
                    % {"item": item.name, "size": f"{item.case_size.normalize():f}", "unit": item.unit},
                    code=error_codes.INVALID_QUANTITY,
                    extra={"field": "lines", "line": number},
                )
            wanted[item.pk] = (quantity, tolerance if quantity > 0 else ZERO)

        existing = {
            c.item_id: c for c in Commitment.objects.select_for_update().filter(cooperative=cooperative, round=round_)
        }
        limit = round_limit(cooperative, round_)
        if limit is not None:
            value = ZERO
            for item in items.values():
                quantity, tolerance = wanted.get(item.pk) or (
                    (existing[item.pk].quantity, existing[item.pk].tolerance) if item.pk in existing else (ZERO, ZERO)
                )
                value += (quantity + tolerance) * highest_price(item)
            if value > limit:
                raise ApplicationError(
                    _("These commitments could cost up to %(value)s, above this cooperative's limit of %(limit)s.")
                    % {"value": format_rupiah(value), "limit": format_rupiah(limit)},
                    code=error_codes.OVER_LIMIT,
                    extra={"field": "lines", "limit": str(limit), "value": str(value)},
                )

        now = timezone.now()
        saved = []
        for item_id, (quantity, tolerance) in wanted.items():
            found = existing.get(item_id)
            if found is not None and (found.quantity, found.tolerance) == (quantity, tolerance):
                saved.append(found)
                continue
            cases = allocation.wanted_cases(quantity, tolerance, items[item_id].case_size)
            if found is None:
                if quantity == 0:
                    continue
                found = Commitment.objects.create(
                    cooperative=cooperative,
                    round=round_,
                    item_id=item_id,
                    quantity=quantity,
                    tolerance=tolerance,
                    wanted_cases=cases,
                    cases=cases,
                    committed_at=now,
                    updated_at=now,
                    updated_by=actor,
                )
            else:
                if found.quantity == 0 and quantity > 0:
                    found.committed_at = now  # back in after withdrawing: at the end of the queue
                found.quantity, found.tolerance, found.updated_at, found.updated_by = quantity, tolerance, now, actor
                found.wanted_cases = found.cases = cases
                found.save(
                    update_fields=[
                        "quantity",
                        "tolerance",
                        "wanted_cases",
                        "cases",
                        "updated_at",
                        "updated_by",
                        "committed_at",
                    ]
                )
            CommitmentChange.objects.create(
                cooperative=cooperative,
                round=round_,
                item_id=item_id,
                quantity=quantity,
                tolerance=tolerance,
                actor=actor,
                created_at=now,
            )
            saved.append(found)
        audit_record(
            actor=actor,
            event="jointbuy.committed",
            target=round_,
            cooperative=cooperative,
            changes={
                str(item_id): [str(quantity), str(tolerance)] for item_id, (quantity, tolerance) in wanted.items()
            },
            ip_address=ip_address,
        )
    return saved
