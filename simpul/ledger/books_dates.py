"""The dates a cooperative's books can hold: one rule for the journal API, the entry form and journal_post.

Not before the cooperative was founded (nor before 1900, where reports stop); not more than FUTURE_DAYS after
today in the cooperative's own zone (WIB, WITA or WIT), so a typo such as 0202 or 9999 never enters the journal,
while a manager may still date an entry a few weeks ahead."""

import datetime as dt

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes

EARLIEST = dt.date(1900, 1, 1)  # the reports' lower bound (periods_query.EARLIEST)
FUTURE_DAYS = 31


def books_date_range(cooperative: Cooperative) -> tuple[dt.date, dt.date]:
    earliest = max(EARLIEST, cooperative.founded_on or EARLIEST)
    return earliest, cooperative.today() + dt.timedelta(days=FUTURE_DAYS)


def validate_books_date(cooperative: Cooperative, date: dt.date, *, field: str = "date") -> dt.date:
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
            _("An entry can be dated at most %(days)s days ahead, until %(date)s.")
            % {"days": FUTURE_DAYS, "date": tanggal(latest)},
            code=error_codes.INVALID_DATE,
            extra={"field": field},
        )
    return date
