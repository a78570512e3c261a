"""Opening stock dated on an earlier day (the demo's, before its first sale, is checked in test_demo.py).

`stock_opening_record(on=…)` dates the opening at the start of that day in the cooperative's zone (moves, level, the
journal entry on that day), only when nothing of those products has moved at the outlet since, the day is not after
today and its books are open; the audit row keeps the date given and the moment it was recorded. The demo dates its
opening stock on the first day of its month of sales, so each product's stock card starts with the opening."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine, Period
from simpul.mart.models import MoveKind, StockLevel, StockMove
from simpul.mart.stock.opening import stock_opening_record
from simpul.mart.tests.stock_factories import balance, mart_cooperative, product

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def _start_of(cooperative, day: dt.date) -> dt.datetime:  # type: ignore[no-untyped-def]
    return dt.datetime.combine(day, dt.time.min, tzinfo=zoneinfo.ZoneInfo(cooperative.timezone))


def test_opening_dated_on_an_earlier_day_moves_and_posts_on_that_day():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    day = cooperative.today() - dt.timedelta(days=30)
    moves = stock_opening_record(
        cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(noodles.pk, "100", "2800")], on=day
    )
    assert [m.created_at for m in moves] == [_start_of(cooperative, day)]
    stored = StockMove.objects.get(cooperative=cooperative, product=noodles)
    assert stored.kind == MoveKind.OPENING and stored.created_at == _start_of(cooperative, day)
    assert StockLevel.objects.get(outlet=outlet, product=noodles).last_move_at == _start_of(cooperative, day)
    entry_ids = JournalLine.objects.filter(
        cooperative=cooperative, account__code=chart.MART_INVENTORY, debit=D(280000)
    ).values("entry_id")
    assert list(JournalEntry.objects.filter(pk__in=entry_ids).values_list("date", flat=True)) == [day]
    assert balance(cooperative, chart.MART_INVENTORY) == D(280000)
    audit = AuditLog.objects.get(event="mart.stock_opening", cooperative_id=cooperative.pk)
    assert audit.changes["dated"] == day.isoformat() and "recorded_at" in audit.changes


def test_without_a_date_the_opening_is_dated_now():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    [move] = stock_opening_record(
        cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(noodles.pk, "5", "2800")]
    )
    assert move.created_at.date() >= cooperative.today() - dt.timedelta(days=1)
    audit = AuditLog.objects.get(event="mart.stock_opening", cooperative_id=cooperative.pk)
    assert "dated" not in audit.changes


def _nothing_written(cooperative) -> None:  # type: ignore[no-untyped-def]
    assert not StockMove.objects.filter(cooperative=cooperative, kind=MoveKind.OPENING).exists()


def test_a_day_after_today_is_refused():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    with pytest.raises(ApplicationError) as refused:
        stock_opening_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            items=[(noodles.pk, "5", "2800")],
            on=cooperative.today() + dt.timedelta(days=1),
        )
    assert refused.value.code == "invalid_date" and "setelah hari ini" in refused.value.message
    _nothing_written(cooperative)


def test_a_back_date_before_a_later_move_of_the_product_is_refused():
    """The 'no back-dated move' rule: once a product has moved, its opening cannot be slipped in before that."""
    cooperative, outlet, manager = mart_cooperative()
    noodles, rice = product(cooperative), product(cooperative, "Beras Medium")
    stock_opening_record(cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(noodles.pk, "5", "2800")])
    with pytest.raises(ApplicationError) as refused:
        stock_opening_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            items=[(rice.pk, "5", "12000"), (noodles.pk, "5", "2800")],
            on=cooperative.today() - dt.timedelta(days=3),
        )
    assert refused.value.code == "invalid_date" and "sudah bergerak" in refused.value.message
    assert StockMove.objects.filter(cooperative=cooperative).count() == 1
    assert not StockLevel.objects.filter(cooperative=cooperative, product=rice, quantity__gt=0).exists()
    # The product that never moved may still be dated back on its own.
    stock_opening_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        items=[(rice.pk, "5", "12000")],
        on=cooperative.today() - dt.timedelta(days=3),
    )


def test_a_day_in_closed_books_is_refused():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    day = cooperative.today() - dt.timedelta(days=40)
    Period.objects.create(
        cooperative=cooperative,
        kind="month",
        start=day.replace(day=1),
        end=day,
        closed_at=dt.datetime.now(dt.UTC),
    )
    with pytest.raises(ApplicationError) as refused:
        stock_opening_record(
            cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(noodles.pk, "5", "2800")], on=day
        )
    assert refused.value.code == "period_closed" and "ditutup" in refused.value.message
    _nothing_written(cooperative)
