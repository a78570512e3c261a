"""The dates a report is asked for (`?dari=&sampai=` or `?per=`), their defaults and the same period of the previous
year beside them.

Pages and the API share these rules, so both refuse the same bad dates with the same Indonesian message.
"""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.ledger.forms import fiscal_year

# Far enough for any cooperative's books, near enough that the previous period never leaves the calendar.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)
INVALID_DATE = "invalid_date"
INVALID_RANGE = "invalid_range"


@dataclass(frozen=True)
class ReportPeriod:
    """The range a report covers and the same range of the previous year beside it."""

    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date

    @property
    def query(self) -> str:
        """`dari=…&sampai=…`: what links to the same report in another format carry."""
        return urlencode({"dari": self.start.isoformat(), "sampai": self.end.isoformat()})


def _year_before(day: dt.date, *, month_end: bool) -> dt.date:
    """The same day a year before; 29 February becomes the 28th, and a month's last day stays its last day."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    if month_end:
        return dt.date(day.year - 1, day.month, last)
    return dt.date(day.year - 1, day.month, min(day.day, last))


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same period of the previous year (Jan–Nov 2026 beside Jan–Nov 2025), as SAK EP's comparatives are:
    a range ending on a month's last day ends on that month's last day a year before (February 2029 beside
    1–29 February 2028), and 29 February becomes the 28th."""
    is_month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    return _year_before(start, month_end=False), _year_before(end, month_end=is_month_end)


def make_period(start: dt.date, end: dt.date) -> ReportPeriod:
    if start > end:
        raise ApplicationError(
            _("The end date comes before the start date."), code=INVALID_RANGE, extra={"field": "sampai"}
        )
    for value, name in ((start, "dari"), (end, "sampai")):
        if not EARLIEST <= value <= LATEST:
            raise ApplicationError(
                _("Dates must fall between the years 1900 and 2999."), code=INVALID_DATE, extra={"field": name}
            )
    previous_start, previous_end = previous_period(start, end)
    return ReportPeriod(start, end, previous_start, previous_end)


def parse_date(raw: str | None, field: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD; empty is None (the default applies), anything else is refused."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(field)
    except ValueError:
        return _bad_date(field)


def _bad_date(field: str) -> dt.date:
    raise ApplicationError(_("Must be a date in the form YYYY-MM-DD."), code=INVALID_DATE, extra={"field": field})


def default_range(cooperative: Cooperative) -> tuple[dt.date, dt.date]:
    """The cooperative's fiscal year holding today (so the previous period is the fiscal year before)."""
    return fiscal_year(cooperative.today(), cooperative.fiscal_year_start_month)


def resolve_period(cooperative: Cooperative, start: dt.date | None, end: dt.date | None) -> ReportPeriod:
    """A range from optional ends: a missing start is the start of the fiscal year holding the end (or today),
    a missing end the end of the fiscal year holding the start."""
    month = cooperative.fiscal_year_start_month
    if start is None and end is None:
        start, end = default_range(cooperative)
    elif start is None:
        assert end is not None
        start = fiscal_year(end, month)[0] if EARLIEST <= end <= LATEST else end
    elif end is None:
        end = fiscal_year(start, month)[1] if EARLIEST <= start <= LATEST else start
    return make_period(start, end)


def period_from_query(cooperative: Cooperative, params: Mapping[str, str]) -> ReportPeriod:
    """`?dari=&sampai=` of a report page."""
    return resolve_period(
        cooperative, parse_date(params.get("dari"), "dari"), parse_date(params.get("sampai"), "sampai")
    )


def as_of_period(cooperative: Cooperative, as_of: dt.date) -> ReportPeriod:
    """A position at `as_of`, beside the position on the same day of the previous year (the end of the previous
    fiscal year when `as_of` ends a fiscal year)."""
    if not EARLIEST <= as_of <= LATEST:
        raise ApplicationError(
            _("Dates must fall between the years 1900 and 2999."), code=INVALID_DATE, extra={"field": "per"}
        )
    return make_period(fiscal_year(as_of, cooperative.fiscal_year_start_month)[0], as_of)


def balance_sheet_period_from_query(cooperative: Cooperative, params: Mapping[str, str]) -> ReportPeriod:
    """`?per=` (a day: compared with the end of the fiscal year before), or `?dari=&sampai=` like every report
    (the position at the end of the range, compared with the same day a year before); today by default."""
    as_of = parse_date(params.get("per"), "per")
    if as_of is not None:
        return as_of_period(cooperative, as_of)
    if params.get("dari") or params.get("sampai"):
        return period_from_query(cooperative, params)
    return as_of_period(cooperative, cooperative.today())
