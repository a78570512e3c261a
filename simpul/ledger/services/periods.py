"""Closing monthly and yearly periods: after closing, nothing dated inside the period can be posted."""

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import BooksEventKind, Period, PeriodKind
from simpul.ledger.services.events import books_event_record, period_state


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def period_bounds_valid(*, cooperative: Cooperative, kind: str, start: dt.date, end: dt.date) -> bool:
    """A month runs from its 1st to its last day; a year is the cooperative's fiscal year (twelve months)."""
    if kind == PeriodKind.MONTH:
        last_day = calendar.monthrange(start.year, start.month)[1]
        return start.day == 1 and end == start.replace(day=last_day)
    if kind == PeriodKind.YEAR:
        if start.day != 1 or start.month != cooperative.fiscal_year_start_month:
            return False
        return end == start.replace(year=start.year + 1) - dt.timedelta(days=1)
    return False


@transaction.atomic
def period_close(*, cooperative: Cooperative, actor: User | None, start: dt.date, end: dt.date, kind: str) -> Period:
    if kind not in PeriodKind.values:
        raise ApplicationError(
            _("A period is a month or a year."), code=error_codes.INVALID_PERIOD, extra={"field": "kind"}
        )
    if (
        not _is_date(start)
        or not _is_date(end)
        or not period_bounds_valid(cooperative=cooperative, kind=kind, start=start, end=end)
    ):
        message = (
            _("A monthly period runs from the first to the last day of one month.")
            if kind == PeriodKind.MONTH
            else _(
                "A yearly period is the cooperative's fiscal year: twelve months from the first day of its first month."
            )
        )
        raise ApplicationError(message, code=error_codes.INVALID_PERIOD, extra={"field": "start"})
    today = cooperative.today()
    if end >= today:
        raise ApplicationError(
            _("A period can be closed only after it has ended (%(end)s).") % {"end": tanggal(end)},
            code=error_codes.INVALID_PERIOD,
            extra={"field": "end"},
        )
    lock_journal_sequence(cooperative)  # no posting can be in flight while the period closes
    period, _created = Period.objects.get_or_create(
        cooperative=cooperative, kind=kind, start=start, defaults={"end": end}
    )
    if period.closed_at is not None:
        raise ApplicationError(
            _("The period from %(start)s to %(end)s is already closed.")
            % {"start": tanggal(start), "end": tanggal(end)},
            code=error_codes.PERIOD_ALREADY_CLOSED,
        )
    period.closed_at = timezone.now()
    period.closed_by = actor if actor is not None and actor.pk else None
    period.save(update_fields=["closed_at", "closed_by"])
    books_event_record(
        cooperative=cooperative, actor=actor, kind=BooksEventKind.PERIOD_CLOSED, payload=period_state(period)
    )
    audit_record(
        actor=actor,
        event="ledger.period_closed",
        target=period,
        cooperative=cooperative,
        changes={"kind": kind, "start": start.isoformat(), "end": end.isoformat()},
    )
    return period
