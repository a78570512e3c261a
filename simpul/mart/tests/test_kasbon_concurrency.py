"""On PostgreSQL: repayments of one member's kasbon at the same moment (two tills, the desk and the API) never take
more than is owed, and each one that passes is its own row with its own receipt number."""

import functools
from decimal import Decimal

import pytest
from django.db import connection

from simpul.core.exceptions import ApplicationError
from simpul.ledger import chart
from simpul.mart.models import Kasbon, KasbonRepayment
from simpul.mart.sales.kasbon import kasbon_limit_set, kasbon_problems, kasbon_repay
from simpul.mart.shifts.selectors import expected_cash
from simpul.mart.shifts.services import shift_open
from simpul.mart.tests.shifts_support import balance, sell, shop
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart"]),
]


def _owing(s):
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(100000))
    sell(s, [(s.soap, Decimal(4), Decimal(5000))], member=member, method="kasbon")  # owes Rp20.000
    return member


def test_two_repayments_at_once_never_exceed_the_balance():
    s = shop()
    member = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    repay = functools.partial(
        kasbon_repay, cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(15000)
    )
    results = _run_at_once([repay, repay])
    made = [r for r in results if isinstance(r, KasbonRepayment)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].code == "repayment_too_large"
    assert Kasbon.objects.get(member=member).balance == Decimal(5000)
    assert KasbonRepayment.objects.filter(member=member).count() == 1
    assert balance(s.cooperative, chart.MART_KASBON_RECEIVABLES) == Decimal(5000)
    assert expected_cash(shift) == Decimal(15000)
    assert kasbon_problems(s.cooperative) == []


def test_repayments_that_fit_all_pass_with_their_own_numbers():
    s = shop()
    member = _owing(s)
    methods = ["cash", "qris", "transfer", "cash"]
    works = [
        functools.partial(
            kasbon_repay,
            cooperative=s.cooperative,
            actor=s.cashier if i % 2 else s.manager,
            member_id=member.pk,
            amount=Decimal(5000),
            method=method,
        )
        for i, method in enumerate(methods)
    ]
    results = _run_at_once(works)
    assert all(isinstance(r, KasbonRepayment) for r in results), results
    rows = list(KasbonRepayment.objects.filter(member=member).order_by("balance_after"))
    assert len({r.number for r in rows}) == 4
    assert [r.balance_after for r in rows] == [Decimal(0), Decimal(5000), Decimal(10000), Decimal(15000)]
    assert Kasbon.objects.get(member=member).balance == Decimal(0)
    assert kasbon_problems(s.cooperative) == []
