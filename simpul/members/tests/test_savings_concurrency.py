"""Twenty deposits and withdrawals on one account at the same moment, on PostgreSQL: the exact balance, never below
zero, and the books agree with the savings rows."""

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.exceptions import ApplicationError
from simpul.ledger import chart
from simpul.ledger.models import JournalLine
from simpul.ledger.services.accounts import chart_of_accounts_create
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]


def test_twenty_simultaneous_deposits_and_withdrawals_end_at_the_exact_balance():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    today = cooperative.today()
    move: dict[str, Any] = {
        "cooperative": cooperative,
        "actor": None,
        "member_id": member.pk,
        "kind": "sukarela",
        "date": today,
    }
    savings_deposit(**move, amount=Decimal("100000"))
    # 10 × 10,000 in, 10 × 25,000 out: at most 200,000 is ever there, so some withdrawals must be refused.
    works: list[Callable[[], object]] = [
        functools.partial(savings_deposit, **move, amount=Decimal("10000")) for _ in range(10)
    ]
    works += [functools.partial(savings_withdraw, **move, amount=Decimal("25000")) for _ in range(10)]
    results = _run_at_once(works)

    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, ApplicationError)]
    assert not unexpected, unexpected
    refusals = [r for r in results if isinstance(r, ApplicationError)]
    assert all(r.code == "insufficient_balance" for r in refusals), refusals
    withdrawn = sum(1 for r in results if isinstance(r, SavingsTransaction) and r.kind == "withdrawal")
    assert withdrawn + len(refusals) == 10 and 4 <= withdrawn <= 8

    account = SavingsAccount.objects.get(member=member)
    expected = Decimal("100000") + 10 * Decimal("10000") - withdrawn * Decimal("25000")
    assert account.balance == expected
    history = list(SavingsTransaction.objects.filter(account=account).order_by("id"))
    assert len(history) == 1 + 10 + withdrawn
    assert all(t.balance_after >= 0 for t in history)
    # Replaying the history in commit order gives each row's recorded balance: no update was lost.
    running = Decimal(0)
    for row in history:
        running += row.amount if row.kind == "deposit" else -row.amount
        assert row.balance_after == running
    books = JournalLine.objects.filter(cooperative=cooperative, account__code=chart.SIMPANAN_SUKARELA).aggregate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    assert books["credit"] - books["debit"] == expected


def test_simultaneous_first_deposits_open_one_account_and_all_count():
    """No account yet: every deposit tries to open it; one does, the others wait for it and deposit into it."""
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    deposit = functools.partial(
        savings_deposit, cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela",
        date=cooperative.today(), amount=Decimal("15000"),
    )  # fmt: skip
    results = _run_at_once([deposit for _ in range(8)])

    assert all(isinstance(r, SavingsTransaction) for r in results), results
    account = SavingsAccount.objects.get(member=member)
    assert account.balance == 8 * Decimal("15000")
    assert sorted(t.balance_after for t in SavingsTransaction.objects.filter(account=account)) == [
        n * Decimal("15000") for n in range(1, 9)
    ]
