"""The RAT's dates: six months after the year end to meet, one month after the meeting to report (UU 25/1992)."""

import datetime as dt

from simpul.rat import deadlines

D = dt.date


def test_a_calendar_year_meets_by_30_june_and_reports_a_month_after_the_meeting():
    end = D(2025, 12, 31)
    assert deadlines.meeting_due(end) == D(2026, 6, 30)
    assert deadlines.on_time(end, D(2026, 6, 30), D(2026, 7, 30))
    assert not deadlines.on_time(end, D(2026, 6, 30), D(2026, 7, 31))  # a day after the month
    assert not deadlines.on_time(end, D(2026, 7, 1), D(2026, 7, 1))  # held after 30 June


def test_a_month_after_31_january_is_the_end_of_february_in_leap_and_common_years():
    assert deadlines.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert deadlines.add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert deadlines.on_time(D(2027, 12, 31), D(2028, 1, 31), D(2028, 2, 29))
    assert not deadlines.on_time(D(2026, 12, 31), D(2027, 1, 31), D(2027, 3, 1))
    # Counted to the same day: 29 February → 29 March; 30 June → 30 July.
    assert deadlines.add_months(D(2028, 2, 29), 1) == D(2028, 3, 29)
    assert deadlines.add_months(D(2026, 6, 30), 1) == D(2026, 7, 30)
    assert deadlines.add_months(D(2028, 1, 29), 1) == D(2028, 2, 29)


def test_a_fiscal_year_from_july_meets_by_the_end_of_december():
    start, end = deadlines.fiscal_year_bounds(2025, 7)
    assert (start, end) == (D(2025, 7, 1), D(2026, 6, 30))
    assert deadlines.meeting_due(end) == D(2026, 12, 31)
    assert deadlines.last_ended_fiscal_year(D(2026, 7, 1), 7) == 2025
    assert deadlines.last_ended_fiscal_year(D(2026, 6, 30), 7) == 2024
    assert deadlines.last_ended_fiscal_year(D(2027, 1, 1), 1) == 2026
    assert deadlines.last_ended_fiscal_year(D(2026, 12, 31), 1) == 2025


def test_overdue_when_not_held_by_30_june_or_not_reported_a_month_after_the_meeting():
    end = D(2025, 12, 31)
    assert not deadlines.overdue(end, None, None, D(2026, 6, 30))
    assert deadlines.overdue(end, None, None, D(2026, 7, 1))
    assert not deadlines.overdue(end, D(2026, 5, 10), None, D(2026, 6, 10))
    assert deadlines.overdue(end, D(2026, 5, 10), None, D(2026, 6, 11))
    assert not deadlines.overdue(end, D(2026, 5, 10), D(2026, 7, 1), D(2026, 9, 1))  # reported (late): not overdue
    # Held late: overdue from the meeting deadline on, whatever the meeting's date.
    assert deadlines.overdue(end, D(2026, 7, 5), None, D(2026, 7, 6))
    assert deadlines.report_due(end, None) == D(2026, 7, 30)
