"""Shifts: opening with the network's checklist, one open shift per cashier and outlet, closing with the counted
cash and its variance posted against Kas, the Z report."""

from decimal import Decimal

import pytest

from simpul.coops.tests.factories import MembershipFactory, NetworkFactory, OutletFactory
from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.mart.models import ChecklistPhase, Shift, ShiftStatus, StandardChecklistItem
from simpul.mart.shifts.selectors import checklist_for, expected_cash, z_report_day, z_report_shift
from simpul.mart.shifts.services import shift_close, shift_open
from simpul.mart.tests.shifts_support import balance, sell, shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return shop()


def _checklists(s):
    network = NetworkFactory.create()
    MembershipFactory.create(cooperative=s.cooperative, network=network, status="active")
    opening = [
        StandardChecklistItem.objects.create(network=network, phase=ChecklistPhase.OPENING, position=i, text=t)
        for i, t in enumerate(["Lampu dan AC menyala", "Harga rak sesuai"])
    ]
    closing = StandardChecklistItem.objects.create(network=network, phase=ChecklistPhase.CLOSING, text="Kunci pintu")
    return opening, closing


def test_open_with_checklist(s):
    opening, _closing = _checklists(s)
    assert [i.text for i in checklist_for(s.cooperative, "opening")] == ["Lampu dan AC menyala", "Harga rak sesuai"]
    shift = shift_open(
        cooperative=s.cooperative,
        actor=s.cashier,
        outlet_id=s.outlet.pk,
        opening_cash=Decimal(200000),
        checklist=[opening[0].pk],
    )
    assert shift.status == ShiftStatus.OPEN
    assert shift.opening_checklist == [
        {"id": opening[0].pk, "text": "Lampu dan AC menyala", "done": True},
        {"id": opening[1].pk, "text": "Harga rak sesuai", "done": False},
    ]
    assert AuditLog.objects.filter(event="mart.shift_opened", target_id=str(shift.pk)).exists()


def test_second_open_shift_is_a_conflict(s):
    shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    with pytest.raises(ConflictError) as refused:
        shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(5))
    assert refused.value.status == 409
    assert refused.value.code == "shift_already_open"
    assert "sudah" in refused.value.message
    # Another cashier, or another outlet, may open theirs.
    shift_open(cooperative=s.cooperative, actor=s.manager, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    other = OutletFactory.create(cooperative=s.cooperative)
    shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=other.pk, opening_cash=Decimal(0))
    assert Shift.objects.filter(cooperative=s.cooperative, status="open").count() == 3


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"opening_cash": Decimal(-1)}, "invalid_price"),
        ({"opening_cash": Decimal("1.005")}, "invalid_price"),
        ({"opening_cash": 1.5}, "invalid_price"),
        ({"checklist": [999999]}, "invalid_checklist"),
        ({"checklist": ["abc"]}, "invalid_checklist"),
    ],
)
def test_open_refusals_write_nothing(s, kwargs, code):
    arguments = {"opening_cash": Decimal(0), **kwargs}
    with pytest.raises(ApplicationError) as refused:
        shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, **arguments)
    assert refused.value.code == code
    assert not Shift.objects.filter(cooperative=s.cooperative).exists()


def test_outlet_of_another_cooperative_refused(s):
    foreign = OutletFactory.create()
    with pytest.raises(ApplicationError) as refused:
        shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=foreign.pk, opening_cash=Decimal(0))
    assert refused.value.code == "invalid_outlet"


def test_close_with_shortage_posts_cash_difference(s):
    _opening, closing = _checklists(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(100000))
    sell(s, [(s.rice, Decimal(2), Decimal(15000))], shift=shift)
    sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=shift, method="qris")
    assert expected_cash(shift) == Decimal(130000)
    cash_before = balance(s.cooperative, chart.CASH)
    closed = shift_close(
        cooperative=s.cooperative,
        actor=s.cashier,
        shift_id=shift.pk,
        counted_cash=Decimal(128500),
        checklist=[closing.pk],
        note="uang receh kurang",
    )
    assert closed.status == ShiftStatus.CLOSED
    assert closed.expected_cash == Decimal(130000)
    assert closed.cash_variance == Decimal(-1500)
    assert closed.closing_checklist == [{"id": closing.pk, "text": "Kunci pintu", "done": True}]
    assert balance(s.cooperative, chart.CASH_DIFFERENCES) == Decimal(1500)
    assert balance(s.cooperative, chart.CASH) == cash_before - Decimal(1500)
    report = z_report_shift(closed)
    assert report.sales_count == 2
    assert report.net == Decimal(35000)
    assert report.cash_expected == Decimal(130000)
    assert report.cash_counted == Decimal(128500)
    assert report.variance == Decimal(-1500)
    assert dict(report.by_method) == {"tunai": Decimal(30000), "QRIS": Decimal(5000)}
    day = z_report_day(s.cooperative, s.outlet.pk, s.cooperative.today())
    assert day.sales_count == 2 and day.variance == Decimal(-1500) and len(day.shifts) == 1


def test_close_with_overage_and_exact(s):
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(1000))
    closed = shift_close(cooperative=s.cooperative, actor=s.cashier, shift_id=shift.pk, counted_cash=Decimal(1200))
    assert closed.cash_variance == Decimal(200)
    assert balance(s.cooperative, chart.CASH_DIFFERENCES) == Decimal(-200)
    second = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(500))
    exact = shift_close(cooperative=s.cooperative, actor=s.cashier, shift_id=second.pk, counted_cash=Decimal(500))
    assert exact.cash_variance == 0 and exact.journal_entry is None


def test_closed_shift_refuses_a_second_close(s):
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    shift_close(cooperative=s.cooperative, actor=s.cashier, shift_id=shift.pk, counted_cash=Decimal(0))
    with pytest.raises(ConflictError) as refused:
        shift_close(cooperative=s.cooperative, actor=s.cashier, shift_id=shift.pk, counted_cash=Decimal(10))
    assert refused.value.code == "shift_closed"
    assert Shift.objects.get(pk=shift.pk).counted_cash == 0


def test_only_its_cashier_or_a_manager_closes(s):
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    with pytest.raises(PermissionDeniedError):
        shift_close(cooperative=s.cooperative, actor=s.manager, shift_id=shift.pk, counted_cash=Decimal(0))
    shift_close(cooperative=s.cooperative, actor=s.manager, shift_id=shift.pk, counted_cash=Decimal(0), as_manager=True)


def test_another_cooperatives_shift_is_404(s):
    other = shop()
    shift = shift_open(
        cooperative=other.cooperative, actor=other.cashier, outlet_id=other.outlet.pk, opening_cash=Decimal(0)
    )
    with pytest.raises(NotFoundError):
        shift_close(
            cooperative=s.cooperative, actor=s.manager, shift_id=shift.pk, counted_cash=Decimal(0), as_manager=True
        )
