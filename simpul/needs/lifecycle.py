"""A need's status machine and its service levels.

TRANSITIONS says which status may follow which and which side may move it there: the cooperative that posted it,
the Dinas that answers it, or the pledge services ("pledges"), which move a need as goods are promised, sent and
received. `need_transition` (services/needs.py) is the one place a status changes; it writes a NeedEvent each time."""

import datetime

from django.utils.translation import gettext_lazy as _

from simpul.needs.models import Need, NeedPriority, NeedStatus

COOPERATIVE = "cooperative"
DINAS = "dinas"
PLEDGES = "pledges"

S = NeedStatus
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.DRAFT: {S.SUBMITTED: frozenset({COOPERATIVE}), S.CANCELLED: frozenset({COOPERATIVE})},
    S.SUBMITTED: {
        S.ACKNOWLEDGED: frozenset({DINAS}),
        # A pledge accepted before the Dinas answered; or the Dinas commits help that is not goods (training, capital).
        S.COMMITTED: frozenset({PLEDGES, DINAS}),
        S.CLOSED: frozenset({COOPERATIVE, DINAS}),
        S.CANCELLED: frozenset({COOPERATIVE}),
    },
    S.ACKNOWLEDGED: {
        S.COMMITTED: frozenset({PLEDGES, DINAS}),
        S.CLOSED: frozenset({COOPERATIVE, DINAS}),
        S.CANCELLED: frozenset({COOPERATIVE}),
    },
    S.COMMITTED: {
        S.IN_TRANSIT: frozenset({PLEDGES}),
        # Every accepted pledge withdrawn: the need waits for answers again.
        S.ACKNOWLEDGED: frozenset({PLEDGES}),
        S.SUBMITTED: frozenset({PLEDGES}),
        S.FULFILLED: frozenset({COOPERATIVE, PLEDGES}),
        S.CLOSED: frozenset({COOPERATIVE, DINAS}),
    },
    S.IN_TRANSIT: {
        S.COMMITTED: frozenset({PLEDGES}),
        S.FULFILLED: frozenset({COOPERATIVE, PLEDGES}),
        S.CLOSED: frozenset({COOPERATIVE, DINAS}),
    },
    S.FULFILLED: {},
    S.CLOSED: {},
    S.CANCELLED: {},
}

# Transitions that need a reason in the note.
NOTE_REQUIRED = {S.CLOSED, S.CANCELLED}

# Days for the first answer from outside the cooperative, by priority.
RESPONSE_DAYS: dict[str, int] = {
    NeedPriority.URGENT: 1,
    NeedPriority.HIGH: 2,
    NeedPriority.NORMAL: 3,
    NeedPriority.LOW: 7,
}

ACTION_LABELS: dict[str, object] = {
    S.SUBMITTED: _("Submit"),
    S.ACKNOWLEDGED: _("Acknowledge"),
    S.COMMITTED: _("Commit help"),
    S.FULFILLED: _("Mark fulfilled"),
    S.CLOSED: _("Close"),
    S.CANCELLED: _("Cancel"),
}


def allowed_targets(status: str, side: str) -> list[str]:
    """The statuses this side may move a need in `status` to, in the table's order."""
    return [to for to, sides in TRANSITIONS.get(status, {}).items() if side in sides]


def response_due_at(need: Need) -> datetime.datetime | None:
    """When the first answer is due: the priority's days after the need was submitted."""
    if need.submitted_at is None:
        return None
    return need.submitted_at + datetime.timedelta(days=RESPONSE_DAYS.get(need.priority, 3))


def response_overdue(need: Need, now: datetime.datetime) -> bool:
    due = response_due_at(need)
    return due is not None and need.first_response_at is None and need.is_open and now > due


def fulfilment_overdue(need: Need, today: datetime.date) -> bool:
    return need.is_open and today > need.needed_by
