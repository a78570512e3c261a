"""The RAT's dates (UU 25/1992 and its rules): the meeting within six months after the fiscal year ends, the
report to the Dinas within one month after the meeting.

Months are counted to the same day, a day missing in the shorter month becoming its last day: a meeting on
31 January must be reported by 28 (or 29) February, one on 30 June by 30 July. The meeting deadline counts from the
year's last day to a month's last day: 31 December → 30 June, 30 June → 31 December."""

import calendar
import datetime as dt

MEETING_MONTHS = 6
REPORT_MONTHS = 1


def add_months(day: dt.date, months: int, *, month_end: bool = False) -> dt.date:
    """The same day `months` later, a day the month lacks becoming its last (31 Jan + 1 → 28/29 Feb); with
    `month_end`, a month's last day stays the last day (30 Jun + 6 → 31 Dec: a fiscal year's end)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if month_end and day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def fiscal_year_bounds(fiscal_year: int, start_month: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year that starts in `start_month` of `fiscal_year`."""
    start = dt.date(fiscal_year, start_month, 1)
    return start, dt.date(fiscal_year + 1, start_month, 1) - dt.timedelta(days=1)


def last_ended_fiscal_year(today: dt.date, start_month: int) -> int:
    """The latest fiscal year that has ended by `today` (the one whose RAT is due now)."""
    year = today.year if today.month >= start_month else today.year - 1
    return year - 1


def meeting_due(year_end: dt.date) -> dt.date:
    """The last day the meeting may be held."""
    return add_months(year_end, MEETING_MONTHS, month_end=True)


def report_due(year_end: dt.date, meeting_date: dt.date | None) -> dt.date:
    """The last day to report: a month after the meeting, or after the meeting deadline when none is held yet."""
    held = meeting_date if meeting_date is not None and meeting_date <= meeting_due(year_end) else None
    return add_months(held or meeting_due(year_end), REPORT_MONTHS)


def on_time(year_end: dt.date, meeting_date: dt.date, reported_on: dt.date) -> bool:
    return meeting_date <= meeting_due(year_end) and reported_on <= add_months(meeting_date, REPORT_MONTHS)


def overdue(year_end: dt.date, meeting_date: dt.date | None, reported_on: dt.date | None, today: dt.date) -> bool:
    """Not reported, and past a deadline: no meeting held by its deadline, or no report a month after it."""
    if reported_on is not None:
        return False
    if meeting_date is None or meeting_date > meeting_due(year_end):
        return today > meeting_due(year_end)
    return today > add_months(meeting_date, REPORT_MONTHS)
