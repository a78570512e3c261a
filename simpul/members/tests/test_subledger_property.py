"""Property (issue 10 §6): any sequence of deposits, withdrawals, corrections and unrelated manual postings keeps
each savings control account equal to the sum of its members' balances, on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.core.exceptions import ApplicationError
from simpul.ledger import chart
from simpul.ledger.services import journal_post
from simpul.members.corrections.services import savings_correct
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.reconciliation.selectors import savings_reconciliation
from simpul.members.savings.services import LEDGER_ACCOUNT, savings_deposit, savings_withdraw
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.subledger_helpers import DAY, WAJIB, ledger_balance, savings_cooperative

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.calendar]

step = st.one_of(
    st.tuples(st.just("deposit"), st.integers(0, 2), st.sampled_from(["sukarela", "wajib"]), st.integers(1, 4)),
    st.tuples(st.just("withdraw"), st.integers(0, 2), st.just("sukarela"), st.integers(1, 4)),
    st.tuples(st.just("correct"), st.integers(0, 30), st.just(""), st.integers(0, 0)),
    st.tuples(st.just("manual"), st.integers(0, 0), st.sampled_from(["3301", "2101"]), st.integers(1, 4)),
)


class Rollback(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_control_accounts_equal_their_subledger(steps):
    try:
        with transaction.atomic():
            _run(steps)
            raise Rollback
    except Rollback:
        pass


def _run(steps):
    cooperative = savings_cooperative()
    members = MemberFactory.create_batch(3, cooperative=cooperative)
    for offset, (action, who, kind, units) in enumerate(steps):
        day = DAY + datetime.timedelta(days=offset)
        try:
            if action == "deposit":
                amount = WAJIB * units if kind == "wajib" else Decimal(10_000 * units)
                savings_deposit(
                    cooperative=cooperative, actor=None, member_id=members[who].pk, kind=kind, amount=amount, date=day
                )
            elif action == "withdraw":
                savings_withdraw(
                    cooperative=cooperative,
                    actor=None,
                    member_id=members[who].pk,
                    kind=kind,
                    amount=Decimal(10_000 * units),
                    date=day,
                )
            elif action == "correct":
                rows = list(SavingsTransaction.objects.filter(cooperative=cooperative).order_by("pk"))
                if rows:
                    target = rows[who % len(rows)]
                    savings_correct(
                        cooperative=cooperative, actor=None, transaction_id=target.pk, reason="Salah", date=day
                    )
            else:
                journal_post(
                    cooperative=cooperative,
                    actor=None,
                    date=day,
                    description="Lain-lain",
                    lines=[
                        (chart.CASH, Decimal(5_000 * units), Decimal(0)),
                        (kind, Decimal(0), Decimal(5_000 * units)),
                    ],
                )
        except ApplicationError:
            pass  # a refused move (more than the balance, corrected twice …) writes nothing
    for product_kind, code in LEDGER_ACCOUNT.items():
        total = SavingsAccount.objects.filter(cooperative=cooperative, product__kind=product_kind).aggregate(
            t=Sum("balance")
        )["t"] or Decimal(0)
        assert ledger_balance(cooperative, code) == total
    assert savings_reconciliation(cooperative, cooperative.today()).agrees
