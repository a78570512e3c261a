"""Opening stock: the shop's goods move into the mart at their cost, Dr 1302 / Cr 1301."""

from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.mart.models import StockLevel, StockMove
from simpul.mart.stock.checks import stock_problems
from simpul.mart.stock.opening import stock_opening_record
from simpul.mart.tests.stock_factories import balance, mart_cooperative, product

D = Decimal
pytestmark = pytest.mark.django_db


def test_opening_stock_enters_at_its_cost_and_moves_the_value_from_1301():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    rice = product(cooperative, "Beras Medium", base_unit="kg", fractional=True)
    moves = stock_opening_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        items=[(noodles.pk, D("120"), D("2750")), (rice.pk, "12.5", "11800")],
    )
    assert [m.kind for m in moves] == ["opening", "opening"]
    level = StockLevel.objects.get(outlet=outlet, product=noodles)
    assert (level.quantity, level.value, level.average_cost) == (D("120"), D("330000"), D("2750"))
    assert StockLevel.objects.get(outlet=outlet, product=rice).value == D("147500")
    assert balance(cooperative, chart.MART_INVENTORY) == D("477500")
    assert balance(cooperative, chart.INVENTORY) == D("-477500")
    assert stock_problems(cooperative) == []
    assert AuditLog.objects.filter(event="mart.stock_opening", cooperative_id=cooperative.pk).count() == 1


@pytest.mark.parametrize(
    ("quantity", "cost"),
    [("-1", "100"), ("1.5", "100"), ("0", "100"), ("abc", "100"), ("1", "-5"), ("1", "lima")],
)
def test_bad_items_write_nothing(quantity, cost):
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    good = product(cooperative, "Gula Pasir")
    with pytest.raises(ApplicationError) as refused:
        stock_opening_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            items=[(good.pk, "10", "100"), (noodles.pk, quantity, cost)],
        )
    assert refused.value.status == 400
    assert not StockMove.objects.filter(cooperative=cooperative).exists()
    assert balance(cooperative, chart.MART_INVENTORY) == 0


def test_another_cooperatives_product_or_outlet_is_not_found():
    cooperative, outlet, manager = mart_cooperative()
    other, other_outlet, _manager = mart_cooperative()
    mine, theirs = product(cooperative), product(other)
    with pytest.raises(NotFoundError):
        stock_opening_record(cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(theirs.pk, 1, 1)])
    with pytest.raises(NotFoundError):
        stock_opening_record(cooperative=cooperative, actor=manager, outlet_id=other_outlet.pk, items=[(mine.pk, 1, 1)])
    with pytest.raises(NotFoundError):
        stock_opening_record(cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(999999, 1, 1)])
    assert not StockMove.objects.exists()
