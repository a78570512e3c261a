"""Closing and reopening monthly and yearly periods: after closing, nothing dated inside the period can be posted.

Periods close in order: a month only when every earlier month of the books (from the month of their first entry
after the opening balances) is closed, a fiscal year only when the years before it are closed. Closing a year
closes its months still open and posts the year's closing entry (services/year_end.py). Reopening takes a reason
and two people: a manager asks and a supervisor approves, or the other way round; the period opens only at the
approval, latest period first, never once the RAT has locked it, and a month inside a closed year only after the
year reopens. Reopening a year reverses its closing entry."""

import calendar
import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Role, RoleKind
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes
from simpul.ledger.forms import fiscal_year
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import BooksEventKind, JournalEntry, Period, PeriodKind, PeriodReopenRequest, ReopenStatus
from simpul.ledger.services.events import books_event_record, period_state
from simpul.ledger.services.year_end import year_closing_post, year_closing_reverse

OPENING_SOURCE = "opening"  # services/opening.py

# A reopening request's reason and a decision's note (their columns' length).
REASON_MAX_LENGTH = 2000


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _month_label(start: dt.date) -> str:
    return tanggal(start).split(" ", 1)[-1]  # "Maret 2026" from "1 Maret 2026"


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


def books_start(cooperative: Cooperative) -> dt.date | None:
    """The day of the books' first entry after the opening day: a cooperative moving from paper opens its books
    (the ledger's opening entry and the members' opening savings) on the last day of its paper year, a period it
    never needs to close here. Without opening balances, the day of the first entry."""
    entries = JournalEntry.objects.filter(cooperative=cooperative)
    opening = (
        entries.filter(source=OPENING_SOURCE, reversals__isnull=True).order_by("date").values_list("date", flat=True)
    ).first()
    if opening is not None:
        entries = entries.filter(date__gt=opening)
    return entries.order_by("date", "number").values_list("date", flat=True).first()


def _closed_periods(cooperative: Cooperative) -> list[Period]:
    return list(Period.objects.filter(cooperative=cooperative, closed_at__isnull=False).order_by("start", "kind"))


def _covered(day: dt.date, closed: list[Period]) -> bool:
    return any(p.start <= day <= p.end for p in closed)


def _refuse_out_of_order(cooperative: Cooperative, kind: str, start: dt.date) -> None:
    """No month closes while an earlier month of the books is open; no year while an earlier year is open."""
    first = books_start(cooperative)
    if first is None or first >= start:
        return
    closed = _closed_periods(cooperative)
    if kind == PeriodKind.YEAR:
        year_start, _end = fiscal_year(first, cooperative.fiscal_year_start_month)
        years = {p.start for p in closed if p.kind == PeriodKind.YEAR}
        while year_start < start:
            if year_start not in years:
                raise ApplicationError(
                    _("Close the fiscal year %(start)s – %(end)s first: years close in order.")
                    % {
                        "start": tanggal(year_start),
                        "end": tanggal(year_start.replace(year=year_start.year + 1) - dt.timedelta(days=1)),
                    },
                    code=error_codes.PERIOD_ORDER,
                    extra={"field": "start"},
                )
            year_start = year_start.replace(year=year_start.year + 1)
        return
    month = first.replace(day=1)
    while month < start:
        if not _covered(month, closed):
            raise ApplicationError(
                _("Close %(month)s first: months close in order, from the first month of the books.")
                % {"month": _month_label(month)},
                code=error_codes.PERIOD_ORDER,
                extra={"field": "start"},
            )
        month = _month_end(month) + dt.timedelta(days=1)


def _close_row(cooperative: Cooperative, actor: User | None, kind: str, start: dt.date, end: dt.date) -> Period:
    period, _created = Period.objects.get_or_create(
        cooperative=cooperative, kind=kind, start=start, defaults={"end": end}
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
    closed = _closed_periods(cooperative)
    mine = next((p for p in closed if p.kind == kind and p.start == start), None)
    year = next((p for p in closed if p.kind == PeriodKind.YEAR and p.start <= start <= p.end), None)
    if mine is not None or (kind == PeriodKind.MONTH and year is not None):
        raise ApplicationError(
            _("The period from %(start)s to %(end)s is already closed.")
            % {"start": tanggal(start), "end": tanggal(end)},
            code=error_codes.PERIOD_ALREADY_CLOSED,
        )
    _refuse_out_of_order(cooperative, kind, start)
    if kind == PeriodKind.MONTH:
        return _close_row(cooperative, actor, kind, start, end)
    # A year: its closing entry first (dated its last day, let into months already closed), then its open months
    # and the year itself, all under the lock taken above.
    year_closing_post(cooperative=cooperative, actor=actor, start=start, end=end)
    month = start
    while month <= end:
        if not _covered(month, closed):
            _close_row(cooperative, actor, PeriodKind.MONTH, month, _month_end(month))
        month = _month_end(month) + dt.timedelta(days=1)
    return _close_row(cooperative, actor, kind, start, end)


def periods_lock(*, cooperative: Cooperative, actor: User | None, start: dt.date, end: dt.date) -> int:
    """Lock for good the closed periods from `start` to `end` (the RAT's acceptance: its year and months), each lock
    a books event, so the verifier can tell a lock recorded here from one set in the database. Returns how many."""
    lock_journal_sequence(cooperative)
    periods = list(
        Period.objects.filter(
            cooperative=cooperative, start__gte=start, end__lte=end, closed_at__isnull=False, locked_at__isnull=True
        ).order_by("kind", "start")
    )
    now = timezone.now()
    for period in periods:
        period.locked_at = now
        period.save(update_fields=["locked_at"])
        books_event_record(
            cooperative=cooperative, actor=actor, kind=BooksEventKind.PERIOD_LOCKED, payload=period_state(period)
        )
    return len(periods)


# --- reopening: two people, a reason, latest period first


def _roles(cooperative: Cooperative, user: User) -> set[str]:
    return set(
        Role.objects.filter(
            user=user, cooperative=cooperative, is_active=True, kind__in=(RoleKind.MANAGER, RoleKind.SUPERVISOR)
        ).values_list("kind", flat=True)
    )


def _refuse_reopen(cooperative: Cooperative, period: Period) -> None:
    """Why this period cannot be reopened now, if it cannot."""
    if period.closed_at is None:
        raise ApplicationError(
            _("The period from %(start)s to %(end)s is open.")
            % {"start": tanggal(period.start), "end": tanggal(period.end)},
            code=error_codes.PERIOD_NOT_CLOSED,
        )
    if period.locked_at is not None:
        raise ApplicationError(
            _("The RAT pack of this year has been submitted: its periods can no longer be reopened."),
            code=error_codes.PERIOD_LOCKED,
        )
    closed = _closed_periods(cooperative)
    if period.kind == PeriodKind.MONTH and any(
        p.kind == PeriodKind.YEAR and p.start <= period.start <= p.end for p in closed
    ):
        raise ApplicationError(
            _("This month lies in a closed fiscal year: reopen the year first."), code=error_codes.PERIOD_ORDER
        )
    later = [p for p in closed if p.pk != period.pk and p.kind == period.kind and p.start > period.start]
    if later:
        last = later[-1]
        raise ApplicationError(
            _("Periods reopen latest first: reopen the period from %(start)s to %(end)s first.")
            % {"start": tanggal(last.start), "end": tanggal(last.end)},
            code=error_codes.PERIOD_ORDER,
        )


def period_get(cooperative: Cooperative, period_id: int) -> Period:
    period = Period.objects.filter(cooperative=cooperative, pk=period_id).first()
    if period is None:
        raise NotFoundError(_("Period not found."), code="not_found")
    return period


@transaction.atomic
def period_reopen_request(*, cooperative: Cooperative, actor: User, period_id: int, reason: str) -> PeriodReopenRequest:
    """A manager or a supervisor asks to reopen a closed period, saying why; the other role approves."""
    if not _roles(cooperative, actor):
        raise PermissionDeniedError(_("Your role may not do this."), code="forbidden")
    lock_journal_sequence(cooperative)
    period = period_get(cooperative, period_id)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the period must be reopened."), code=error_codes.REQUIRED, extra={"field": "reason"}
        )
    refuse_too_long(reason, max_length=REASON_MAX_LENGTH, field="reason", label=_("Reason"))
    _refuse_reopen(cooperative, period)
    if PeriodReopenRequest.objects.filter(cooperative=cooperative, period=period, status=ReopenStatus.PENDING).exists():
        raise ApplicationError(
            _("A request to reopen this period is already waiting for approval."), code=error_codes.REOPEN_PENDING
        )
    try:
        with transaction.atomic():
            request = PeriodReopenRequest.objects.create(
                cooperative=cooperative, period=period, reason=reason, requested_by=actor
            )
    except IntegrityError:  # a second request in the same instant
        raise ApplicationError(
            _("A request to reopen this period is already waiting for approval."), code=error_codes.REOPEN_PENDING
        ) from None
    audit_record(
        actor=actor,
        event="ledger.period_reopen_requested",
        target=request,
        cooperative=cooperative,
        changes={"period": period_state(period), "reason": request.reason},
    )
    return request


def _pending(cooperative: Cooperative, request_id: int) -> PeriodReopenRequest:
    found = (
        PeriodReopenRequest.objects.select_for_update()
        .filter(cooperative=cooperative, pk=request_id)
        .select_related("period", "requested_by")
        .first()
    )
    if found is None:
        raise NotFoundError(_("Request not found."), code="not_found")
    if found.status != ReopenStatus.PENDING:
        raise ApplicationError(_("This request has already been decided."), code=error_codes.REOPEN_DECIDED)
    return found


def _refuse_same_side(cooperative: Cooperative, actor: User, request: PeriodReopenRequest) -> None:
    """The second signature: another person, holding the other role (a supervisor for a manager's request)."""
    mine, theirs = _roles(cooperative, actor), _roles(cooperative, request.requested_by)
    other_side = (RoleKind.SUPERVISOR in mine and RoleKind.MANAGER in theirs) or (
        RoleKind.MANAGER in mine and RoleKind.SUPERVISOR in theirs
    )
    if actor.pk == request.requested_by_id or not other_side:
        raise ApplicationError(
            _(
                "The second signature must come from the other role: a supervisor for a manager's request, a "
                "manager for a supervisor's."
            ),
            code=error_codes.REOPEN_SECOND_PERSON,
        )


@transaction.atomic
def period_reopen_approve(
    *, cooperative: Cooperative, actor: User, request_id: int, note: str = ""
) -> PeriodReopenRequest:
    """The second person approves: the period opens now (a year's closing entry is reversed), with its chain
    event and audit row, in one transaction."""
    if not _roles(cooperative, actor):
        raise PermissionDeniedError(_("Your role may not do this."), code="forbidden")
    lock_journal_sequence(cooperative)
    request = _pending(cooperative, request_id)
    _refuse_same_side(cooperative, actor, request)
    period = Period.objects.get(pk=request.period_id)
    _refuse_reopen(cooperative, period)
    period.closed_at = None
    period.closed_by = None
    period.save(update_fields=["closed_at", "closed_by"])
    if period.kind == PeriodKind.YEAR:
        year_closing_reverse(cooperative=cooperative, actor=actor, end=period.end)
    books_event_record(
        cooperative=cooperative, actor=actor, kind=BooksEventKind.PERIOD_REOPENED, payload=period_state(period)
    )
    request.status = ReopenStatus.APPROVED
    request.decided_by = actor
    request.decided_at = timezone.now()
    # Inside the transaction: a note too long undoes the whole decision.
    request.decision_note = refuse_too_long(
        (note or "").strip(), max_length=REASON_MAX_LENGTH, field="note", label=_("Note")
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        event="ledger.period_reopened",
        target=period,
        cooperative=cooperative,
        changes={
            **period_state(period),
            "request": request.pk,
            "reason": request.reason,
            "requested_by": request.requested_by_id,
        },
    )
    return request


@transaction.atomic
def period_reopen_reject(
    *, cooperative: Cooperative, actor: User, request_id: int, note: str = ""
) -> PeriodReopenRequest:
    """The second person refuses (or the one who asked withdraws): the period stays closed."""
    if not _roles(cooperative, actor):
        raise PermissionDeniedError(_("Your role may not do this."), code="forbidden")
    request = _pending(cooperative, request_id)
    withdrawn = actor.pk == request.requested_by_id
    if not withdrawn:
        _refuse_same_side(cooperative, actor, request)
    request.status = ReopenStatus.WITHDRAWN if withdrawn else ReopenStatus.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    # Inside the transaction: a note too long undoes the whole decision.
    request.decision_note = refuse_too_long(
        (note or "").strip(), max_length=REASON_MAX_LENGTH, field="note", label=_("Note")
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        event="ledger.period_reopen_withdrawn" if withdrawn else "ledger.period_reopen_rejected",
        target=request,
        cooperative=cooperative,
        changes={"period": period_state(request.period), "note": request.decision_note},
    )
    return request
