"""Month totals: kept by every posting, equal to the lines they sum, and reports read from them give what the
lines give."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.ledger import month_totals
from simpul.ledger.models import AccountMonth
from simpul.ledger.reports.common import Span, account_sums, sides
from simpul.ledger.services import journal_reverse

from .conftest import post

pytestmark = pytest.mark.calendar  # months and fiscal years

D = Decimal
FIRST_DAY = dt.date(2023, 1, 1)
days = st.dates(min_value=FIRST_DAY, max_value=dt.date(2026, 3, 31))


@given(start=st.one_of(st.none(), days), end=days)
def test_split_covers_every_day_of_the_range_once(start, end):
    months, edges = month_totals.split(start, end)
    covered: list[dt.date] = []
    if months is not None:
        first, last = months
        assert first is None or first.day == 1
        assert last.day == 1
        day = first or FIRST_DAY.replace(year=2000)
        while day < month_totals.next_month(last):
            covered.append(day)
            day += dt.timedelta(days=1)
    for edge_start, edge_end in edges:
        day = edge_start or FIRST_DAY.replace(year=2000)
        # An edge never holds a whole calendar month: those are read from the month totals.
        whole = month_totals.month_start(day) if day.day == 1 else month_totals.next_month(day)
        assert month_totals.next_month(whole) - dt.timedelta(days=1) > edge_end
        while day <= edge_end:
            covered.append(day)
            day += dt.timedelta(days=1)
    expected_start = start or FIRST_DAY.replace(year=2000)
    expected = [expected_start + dt.timedelta(days=n) for n in range((end - expected_start).days + 1)]
    assert sorted(covered) == expected  # every day once: no gap, no overlap


def test_each_posting_adds_to_its_accounts_month(cooperative, manager):
    post(cooperative, manager, "100000.10", on=dt.date(2026, 3, 1))
    post(cooperative, manager, "0.20", on=dt.date(2026, 3, 31))
    post(cooperative, manager, "5000", on=dt.date(2026, 2, 28), debit="1102")
    rows = {
        (row.account.code, row.month): (row.debit, row.credit)
        for row in AccountMonth.objects.filter(cooperative=cooperative).select_related("account")
    }
    assert rows == {
        ("1101", dt.date(2026, 3, 1)): (D("100000.30"), D(0)),
        ("3301", dt.date(2026, 3, 1)): (D(0), D("100000.30")),
        ("1102", dt.date(2026, 2, 1)): (D("5000.00"), D(0)),
        ("3301", dt.date(2026, 2, 1)): (D(0), D("5000.00")),
    }
    assert month_totals.mismatches(cooperative.pk) == []


def test_a_refused_posting_adds_nothing(cooperative, manager):
    from simpul.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        post(cooperative, manager, "100", debit="9999")
    assert not AccountMonth.objects.filter(cooperative=cooperative).exists()


entries = st.lists(
    st.tuples(
        days,
        st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2),
        st.sampled_from(["1101", "1102", "1301"]),
        st.booleans(),  # reverse it afterwards
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posted=entries, ranges=st.lists(st.tuples(st.one_of(st.none(), days), days), min_size=1, max_size=3))
def test_sums_from_months_equal_sums_from_lines(cooperative, manager, posted, ranges):
    AccountMonth.objects.filter(cooperative=cooperative).delete()
    with connection.cursor() as cursor:  # a fresh ledger for each example (the test's transaction keeps them apart)
        for table in ("core_auditlog", "ledger_journalline", "ledger_journalentry", "ledger_journalsequence"):
            cursor.execute(f"DELETE FROM {table} WHERE cooperative_id = %s", [cooperative.pk])
    for day, amount, debit, reverse in posted:
        entry = post(cooperative, manager, str(amount), on=day, debit=debit)
        if reverse:
            journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=day, reason="salah")
    assert month_totals.mismatches(cooperative.pk) == []
    spans = {f"b{n}": Span(start, end) for n, (start, end) in enumerate(ranges)}
    until = max(end for _start, end in ranges)
    from_months = account_sums(cooperative, buckets=spans, until=until)
    # A Q bucket makes account_sums read only the lines.
    from_lines = account_sums(cooperative, buckets={name: span.q() for name, span in spans.items()}, until=until)
    accounts = set(from_months) | set(from_lines)
    for account_id in accounts:
        for name in spans:
            assert sides(from_months, account_id, name) == sides(from_lines, account_id, name), name


def test_rebuild_gives_what_the_postings_kept(cooperative, manager):
    post(cooperative, manager, "100000", on=dt.date(2026, 1, 5))
    post(cooperative, manager, "2500.55", on=dt.date(2026, 3, 9), debit="1102")
    kept = sorted(AccountMonth.objects.filter(cooperative=cooperative).values_list("account_id", "month", "debit"))
    month_totals.rebuild(cooperative.pk)
    rebuilt = sorted(AccountMonth.objects.filter(cooperative=cooperative).values_list("account_id", "month", "debit"))
    assert rebuilt == kept and len(kept) == 4


def test_verify_books_names_a_month_total_changed_behind_the_applications_back(cooperative, manager):
    post(cooperative, manager, "100000", on=dt.date(2026, 3, 10))
    call_command("verify_books", stdout=StringIO(), stderr=StringIO())
    row = AccountMonth.objects.get(cooperative=cooperative, account__code="1101")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_accountmonth SET debit = 1 WHERE id = %s", [row.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="changed outside Simpul"):
        call_command("verify_books", stdout=StringIO(), stderr=err)
    expected = f"{cooperative.slug}: BROKEN: month totals of account 1101 for 2026-03 differ from its journal lines"
    assert expected in err.getvalue()
