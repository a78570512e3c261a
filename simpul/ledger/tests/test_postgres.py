"""What only PostgreSQL can show: the database refusing an unbalanced entry at commit, and real concurrent posting."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction

from simpul.coops.tests.factories import CooperativeFactory
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import GENESIS_HASH, Account, JournalEntry, JournalLine, JournalSequence
from simpul.ledger.services import chart_of_accounts_create

from .conftest import D, post

# The region table is loaded once per session; a transactional test flushes only these apps afterwards, keeping it.
KEEP_REGIONS = [app for app in settings.INSTALLED_APPS if app != "simpul.regions"]

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
committed = pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
DAY = dt.date(2026, 3, 10)


def _bare_entry(cooperative: Any, number: int = 1) -> JournalEntry:
    """An entry written straight through the ORM, bypassing journal_post."""
    return JournalEntry.objects.create(
        cooperative=cooperative, number=number, date=DAY, description="langsung", previous_hash=GENESIS_HASH, hash="x"
    )


@pytest.fixture
def books(transactional_db):  # type: ignore[no-untyped-def]
    coop = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=coop)
    accounts = {a.code: a for a in Account.objects.filter(cooperative=coop)}
    return coop, accounts


@postgres_only
@committed
def test_the_database_refuses_an_unbalanced_entry_at_commit(books):
    coop, accounts = books
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        entry = _bare_entry(coop)
        JournalLine.objects.create(cooperative=coop, entry=entry, account=accounts["1101"], date=DAY, debit=D(100))
        JournalLine.objects.create(cooperative=coop, entry=entry, account=accounts["3101"], date=DAY, credit=D(90))
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


@postgres_only
@committed
def test_the_database_refuses_an_entry_without_lines(books):
    coop, _accounts = books
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        _bare_entry(coop)
    assert not JournalEntry.objects.exists()


@postgres_only
@committed
def test_the_database_refuses_unbalancing_a_posted_entry(books):
    coop, _accounts = books
    entry = post(coop, None, "5000")
    line = entry.lines.order_by("id")[0]
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        JournalLine.objects.filter(pk=line.pk).update(debit=D(4000))
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        JournalLine.objects.filter(pk=line.pk).delete()
    assert list(entry.lines.order_by("id").values_list("debit", flat=True)) == [D(5000), D(0)]


@postgres_only
@committed
def test_a_balanced_entry_written_directly_commits(books):
    # The trigger checks balance, not who wrote: the service's own rules are what keeps the rest out.
    coop, accounts = books
    with transaction.atomic():
        entry = _bare_entry(coop)
        JournalLine.objects.create(cooperative=coop, entry=entry, account=accounts["1101"], date=DAY, debit=D(100))
        JournalLine.objects.create(cooperative=coop, entry=entry, account=accounts["3101"], date=DAY, credit=D(100))
    assert JournalLine.objects.filter(entry=entry).count() == 2


@postgres_only
@committed
def test_simultaneous_postings_get_consecutive_numbers_and_one_chain(books):
    coop, _accounts = books
    threads_count, per_thread = 8, 3
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            for round_ in range(per_thread):
                post(coop, None, f"{1000 * (index + 1) + round_}")
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    total = threads_count * per_thread
    numbers = list(JournalEntry.objects.filter(cooperative=coop).order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, total + 1))
    report = verify_chain(coop)
    assert report.intact and report.entries == total, report.problem
    assert JournalSequence.objects.get(cooperative=coop).last_number == total


def _waiting_on_a_lock(seconds: float = 10) -> bool:
    """Whether another backend is waiting on a row lock (the posting behind the closing)."""
    import time

    deadline = time.monotonic() + seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@postgres_only
@committed
def test_a_posting_that_waited_while_its_period_closed_is_refused(books):
    """The closed-period check comes after the sequence lock, in a statement of its own: a check in the lock's own
    statement would read the periods as they were before the wait and let the posting in."""
    from simpul.core.exceptions import ApplicationError
    from simpul.ledger.services import period_close

    coop, _accounts = books
    post(coop, None, "1000")  # the sequence row exists
    closed, release = threading.Event(), threading.Event()
    outcome: list[BaseException | JournalEntry] = []

    def closing() -> None:
        try:
            with transaction.atomic():
                period_close(cooperative=coop, actor=None, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31),
                             kind="month")  # fmt: skip
                closed.set()
                release.wait(timeout=30)  # holds the sequence lock until the posting waits on it
        finally:
            connections.close_all()

    def posting() -> None:
        try:
            closed.wait(timeout=30)
            outcome.append(post(coop, None, "2000", on=dt.date(2026, 3, 20)))
        except BaseException as error:  # asserted below
            outcome.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=closing), threading.Thread(target=posting)]
    for thread in threads:
        thread.start()
    assert closed.wait(timeout=30)
    assert _waiting_on_a_lock(), "the posting never waited on the closing's lock"
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcome) == 1 and isinstance(outcome[0], ApplicationError), outcome
    assert outcome[0].code == "period_closed"
    assert JournalEntry.objects.filter(cooperative=coop).count() == 1


@committed
def test_regions_survive_the_transactional_tests():
    from simpul.regions.models import Region

    assert Region.objects.filter(level=4).count() == 83762
