"""At the same moment, on PostgreSQL: a year closing while postings dated in it arrive, and two approvals of one
reopening request. The sequence lock orders them: each posting lands before the closing (and is in its closing
entry) or is refused; one approval reopens the year, the other finds the request decided."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.ledger.services import chart_of_accounts_create, journal_post, period_close
from simpul.ledger.services.periods import period_reopen_approve, period_reopen_request
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]
D = Decimal
END = dt.date(2025, 12, 31)


def _books():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    return cooperative, manager


def _sale(cooperative, manager, on=dt.date(2025, 12, 30)):
    return journal_post(
        cooperative=cooperative,
        actor=manager,
        date=on,
        description="Penjualan",
        lines=[(chart.CASH, D(1000), D(0)), (chart.SALES_TO_MEMBERS, D(0), D(1000))],
    )


def test_postings_racing_the_year_close_are_in_its_closing_entry_or_refused():
    cooperative, manager = _books()
    _sale(cooperative, manager, dt.date(2025, 1, 5))

    def close():
        return period_close(cooperative=cooperative, actor=manager, start=dt.date(2025, 1, 1), end=END, kind="year")

    results = _run_at_once([close] + [lambda: _sale(cooperative, manager) for _ in range(5)])
    posted = [r for r in results if isinstance(r, JournalEntry)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(posted) + len(refused) == 5 and all(r.code == "period_closed" for r in refused)
    closing = JournalEntry.objects.get(cooperative=cooperative, source="closing")
    sales = JournalLine.objects.get(entry=closing, account__code=chart.SALES_TO_MEMBERS)
    assert sales.debit == D(1000) * (1 + len(posted))  # every sale that landed, and none that did not
    assert verify_chain(cooperative).intact


def test_two_approvals_at_once_reopen_once():
    cooperative, manager = _books()
    _sale(cooperative, manager, dt.date(2025, 3, 5))
    year = period_close(cooperative=cooperative, actor=manager, start=dt.date(2025, 1, 1), end=END, kind="year")
    request = period_reopen_request(cooperative=cooperative, actor=manager, period_id=year.pk, reason="Koreksi")
    supervisors = [person_with_role(RoleKind.SUPERVISOR, cooperative) for _ in range(2)]

    def approve_as(who: User) -> Callable[[], object]:
        return lambda: period_reopen_approve(cooperative=cooperative, actor=who, request_id=request.pk)

    results = _run_at_once([approve_as(who) for who in supervisors])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ApplicationError) and errors[0].code == "reopen_decided"
    assert JournalEntry.objects.filter(cooperative=cooperative, source="reversal").count() == 1
    assert verify_chain(cooperative).intact
