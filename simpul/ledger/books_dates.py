"""The dates a cooperative's books can hold: one rule for the journal API, the entry form and journal_post.

Not before the cooperative was founded (nor before 1900, where reports stop), nor before the books' opening date
(the date of the opening balances, when they were posted); not after today in the cooperative's own zone (WIB,
WITA or WIT): an accrual is dated in the period it belongs to, never ahead, and a typo such as 0202 or 9999 never
enters the journal. The reports cover 1900–2999, so every date the books hold is inside their range."""

import datetime as dt

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes
from simpul.ledger.models import JournalEntry

EARLIEST = dt.date(1900, 1, 1)  # the reports' lower bound (reports.dates.EARLIEST)
FUTURE_DAYS = 0  # an entry is dated today at the latest
OPENING_SOURCE = "opening"  # services/opening.py


def books_date_range(cooperative: Cooperative) -> tuple[dt.date, dt.date]:
    earliest = max(EARLIEST, cooperative.founded_on or EARLIEST)
    return earliest, cooperative.today() + dt.timedelta(days=FUTURE_DAYS)


def opening_date_after(cooperative: Cooperative, date: dt.date) -> dt.date | None:
    """The date of the standing opening entry when it is later than `date` (then `date` is before the books open).

    Reads the (cooperative, date) index from `date` on only: for an entry dated today, nothing."""
    return (
        JournalEntry.objects.filter(
            cooperative=cooperative, date__gt=date, source=OPENING_SOURCE, reversals__isnull=True
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def validate_books_date(cooperative: Cooperative, date: dt.date, *, field: str = "date", source: str = "") -> dt.date:
    earliest, latest = books_date_range(cooperative)
    if date < earliest:
        message = (
            _("The cooperative's books start on %(date)s (its founding date); an entry cannot be dated before it.")
            if cooperative.founded_on and cooperative.founded_on > EARLIEST
            else _("An entry cannot be dated before %(date)s.")
        )
        raise ApplicationError(
            message % {"date": tanggal(earliest)}, code=error_codes.INVALID_DATE, extra={"field": field}
        )
    if date > latest:
        raise ApplicationError(
            _(
                "An entry cannot be dated after today (%(date)s): an accrual is dated in the period it belongs to, "
                "not ahead."
            )
            % {"date": tanggal(latest)},
            code=error_codes.INVALID_DATE,
            extra={"field": field},
        )
    # The opening entry is dated today at the latest: an entry of today (a sale, a deposit) needs no look.
    opening = opening_date_after(cooperative, date) if source != OPENING_SOURCE and date < latest else None
    if opening is not None:
        raise ApplicationError(
            _("The books open on %(date)s with the opening balances; an entry cannot be dated before it.")
            % {"date": tanggal(opening)},
            code=error_codes.INVALID_DATE,
            extra={"field": field},
        )
    return date
