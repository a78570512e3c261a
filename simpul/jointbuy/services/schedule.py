"""A round's clock: it closes at its closing time (a task enqueued for that moment, and `manage.py jointbuy_due`
as the safety net), and a recurring round (rice and LPG every month) opens again from its template."""

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Network
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import Round, RoundItem, RoundStatus, RoundTemplate
from simpul.jointbuy.services.closing import round_close
from simpul.jointbuy.services.numbers import whole_in
from simpul.jointbuy.services.rounds import round_create


def _zone(network: Network) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(network.region.timezone)


def round_close_when_due(round_: Round) -> None:
    """Enqueue the round's closing for its closing time, once the round's row is committed."""
    from simpul.jointbuy.tasks import close_round_when_due

    round_id, closes_at = round_.pk, round_.closes_at
    transaction.on_commit(lambda: close_round_when_due.using(run_after=closes_at).enqueue(round_id))


def round_close_if_due(round_id: int, *, now: dt.datetime | None = None) -> bool:
    """Close the round if it is still open and its closing time has passed (closed by nobody: the clock)."""
    now = now or timezone.now()
    found = Round.objects.select_related("network").filter(pk=round_id).first()
    if found is None or found.status != RoundStatus.OPEN or found.closes_at > now:
        return False
    try:
        round_close(network=found.network, actor=None, round_id=found.pk)
    except ApplicationError as refused:
        if refused.code == error_codes.INVALID_STATUS:
            return False  # closed meanwhile by the coordinator
        raise
    return True


def _next_date(after: dt.date, day: int, every_months: int) -> dt.date:
    """The `day` of the month `every_months` after `after`'s month (the month's last day when it is shorter)."""
    month_index = after.year * 12 + after.month - 1 + every_months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(min(day, 31), 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day, 28))


def round_template_create(
    *,
    network: Network,
    actor: User,
    round_id: Any,
    every_months: Any = 1,
    open_day: Any = 1,
    open_days: Any = 7,
    ip_address: str | None = None,
) -> RoundTemplate:
    """Make a round recur: a copy of it opens on `open_day` of the month every `every_months` months and stays
    open `open_days` days. The first copy opens in the month after the round's own."""
    source = Round.objects.filter(network=network, pk=_int(round_id)).first()
    if source is None:
        from simpul.core.exceptions import NotFoundError

        raise NotFoundError.plain()
    every = whole_in(every_months, label=_("Every (months)"), field="every_months", minimum=1)
    day = whole_in(open_day, label=_("Opening day of the month"), field="open_day", minimum=1)
    days = whole_in(open_days, label=_("Days open"), field="open_days", minimum=1)
    if every > 12 or day > 28 or days > 27:
        raise ApplicationError(
            _("A recurring round opens at least once a year, on day 1 to 28, for at most 27 days."),
            code=error_codes.INVALID_DATES,
            extra={"field": "open_day"},
        )
    opened_on = source.opens_at.astimezone(_zone(network)).date()
    template = RoundTemplate.objects.create(
        network=network,
        title=source.title,
        source_round=source,
        every_months=every,
        open_day=day,
        open_days=days,
        next_open_on=_next_date(opened_on, day, every),
    )
    audit_record(
        actor=actor,
        event="jointbuy.template_created",
        target=template,
        region_code=network.region_id or "",
        changes={"title": template.title, "every_months": every, "next_open_on": template.next_open_on.isoformat()},
        ip_address=ip_address,
    )
    return template


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def round_data_from(source: Round, opens_at: dt.datetime, closes_at: dt.datetime) -> dict[str, Any]:
    """A round's terms, suppliers, items and tiers as round_create takes them, with new opening and closing times."""
    items = RoundItem.objects.filter(round=source).select_related("round_supplier").prefetch_related("tiers")
    return {
        "title": source.title,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "delivery_mode": source.delivery_mode,
        "hub_address": source.hub_address,
        "payment_terms": source.payment_terms,
        "deposit_percent": source.deposit_percent,
        "payment_route": source.payment_route,
        "allocation_rule": source.allocation_rule,
        "default_limit": source.default_limit,
        "suppliers": [{"supplier_id": s.supplier_id, "agreement_id": s.agreement_id} for s in source.suppliers.all()],
        "items": [
            {
                "supplier_id": item.round_supplier.supplier_id,
                "name": item.name,
                "supplier_code": item.supplier_code,
                "standard_product_id": item.standard_product_id,
                "unit": item.unit,
                "fractional": item.fractional,
                "case_size": item.case_size,
                "min_cases": item.min_cases,
                "max_cases": item.max_cases,
                "list_price": item.list_price,
                "tiers": [
                    {"min_cases": t.min_cases, "max_cases": t.max_cases, "price": t.price} for t in item.tiers.all()
                ],
            }
            for item in items
        ],
    }


def round_from_template(template_id: int, *, today: dt.date | None = None) -> Round | None:
    """Open the template's next round if its day has come (in the network's zone): a copy of its latest round,
    opening now and closing `open_days` later at the same hour. The template then points at the next date."""
    with transaction.atomic():
        template = (
            RoundTemplate.objects.select_for_update().select_related("network__region").filter(pk=template_id).first()
        )
        if template is None or not template.active:
            return None
        zone = _zone(template.network)
        today = today or timezone.localdate(timezone=zone)
        if template.next_open_on > today:
            return None
        latest = Round.objects.filter(template=template).order_by("-opens_at").first() or template.source_round
        now = timezone.now()
        created = round_create(
            network=template.network,
            actor=None,  # type: ignore[arg-type]
            data=round_data_from(latest, now, now + dt.timedelta(days=template.open_days)),
        )
        Round.objects.filter(pk=created.pk).update(template=template)
        created.template = template
        template.next_open_on = _next_date(today, template.open_day, template.every_months)
        template.save(update_fields=["next_open_on"])
        _open_template_when_due(template)
    return created


def _open_template_when_due(template: RoundTemplate) -> None:
    from simpul.jointbuy.tasks import open_template_round

    zone = _zone(template.network)
    at = dt.datetime.combine(template.next_open_on, dt.time(6, 0), tzinfo=zone)
    template_id = template.pk
    transaction.on_commit(lambda: open_template_round.using(run_after=at).enqueue(template_id))


def rounds_due(*, now: dt.datetime | None = None) -> tuple[list[int], list[int]]:
    """The safety net (cron): close every open round past its closing time, open every recurring round whose day
    has come. Returns the ids closed and opened."""
    now = now or timezone.now()
    closed = [
        pk
        for pk in Round.objects.filter(status=RoundStatus.OPEN, closes_at__lte=now).values_list("pk", flat=True)
        if round_close_if_due(pk, now=now)
    ]
    opened = []
    for template_id in RoundTemplate.objects.filter(active=True).values_list("pk", flat=True):
        created = round_from_template(template_id)
        if created is not None:
            opened.append(created.pk)
    return closed, opened
