"""A member leaving while deposits arrive, on PostgreSQL: every deposit either lands before the exit and is paid
out with it, or is refused; no balance is left behind."""

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.exceptions import ApplicationError
from simpul.ledger.services.accounts import chart_of_accounts_create
from simpul.members.models import Member, MemberStatus, SavingsAccount, SavingsTransaction
from simpul.members.savings.services import SETTLEMENT_NOTE, savings_deposit, savings_products_setup
from simpul.members.services import member_exit
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]


def test_deposits_racing_an_exit_are_settled_or_refused():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    today = cooperative.today()
    move: dict[str, Any] = {"cooperative": cooperative, "actor": None, "member_id": member.pk, "date": today}
    savings_deposit(**move, kind="pokok", amount=Decimal("100000"))
    works: list[Callable[[], object]] = [
        functools.partial(savings_deposit, **move, kind=kind, amount=Decimal("25000"))
        for kind in ["sukarela", "wajib"] * 5
    ]
    works.insert(
        5,
        functools.partial(
            member_exit,
            cooperative=cooperative,
            actor=None,
            member_id=member.pk,
            status=MemberStatus.RESIGNED,
            exit_date=today,
        ),
    )
    results = _run_at_once(works)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, ApplicationError)]
    assert not unexpected, unexpected
    assert all(r.code == "member_not_active" for r in results if isinstance(r, ApplicationError))
    assert Member.objects.get(pk=member.pk).status == MemberStatus.RESIGNED
    assert set(SavingsAccount.objects.filter(member=member).values_list("balance", flat=True)) == {Decimal(0)}
    deposited = sum(r.amount for r in results if isinstance(r, SavingsTransaction)) + Decimal("100000")
    paid_out = sum(
        SavingsTransaction.objects.filter(account__member=member, note=SETTLEMENT_NOTE).values_list("amount", flat=True)
    )
    assert paid_out == deposited
