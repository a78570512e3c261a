"""Kasbon: the manager's limit per member, repayments at the till, and the books' check."""

from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.ledger import chart
from simpul.mart.models import Kasbon
from simpul.mart.sales.kasbon import kasbon_limit_set, kasbon_list, kasbon_problems, kasbon_repay
from simpul.mart.shifts.selectors import expected_cash
from simpul.mart.shifts.services import shift_open
from simpul.mart.tests.shifts_support import balance, sell, shop
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_limit_repay_and_check():
    s = shop()
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon = kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(300000))
    assert kasbon.limit == Decimal(300000) and kasbon.balance == 0
    sell(s, [(s.soap, Decimal(4), Decimal(5000))], member=member, method="kasbon")
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    kasbon = kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(15000))
    assert kasbon.balance == Decimal(5000)
    assert balance(s.cooperative, chart.MART_KASBON_RECEIVABLES) == Decimal(5000)
    assert expected_cash(shift) == Decimal(15000)
    assert kasbon_problems(s.cooperative) == []
    assert [k.member_id for k in kasbon_list(s.cooperative)] == [member.pk]
    with pytest.raises(ApplicationError) as refused:
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(6000))
    assert refused.value.code == "repayment_too_large"
    assert Kasbon.objects.get(member=member).balance == Decimal(5000)
    Kasbon.objects.filter(member=member).update(balance=Decimal(1))
    assert kasbon_problems(s.cooperative) == ["Kasbon anggota berjumlah Rp1 tetapi akun 1205 berisi Rp5.000."]


@pytest.mark.parametrize("amount", [Decimal(0), Decimal(-1), Decimal("0.001"), 2.5])
def test_bad_repayments(amount):
    s = shop()
    member = MemberFactory.create(cooperative=s.cooperative)
    with pytest.raises(ApplicationError) as refused:
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=amount)
    assert refused.value.code == "invalid_price"


def test_other_cooperatives_member_is_404():
    s = shop()
    stranger = MemberFactory.create()
    with pytest.raises(NotFoundError):
        kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=stranger.pk, limit=Decimal(1))
