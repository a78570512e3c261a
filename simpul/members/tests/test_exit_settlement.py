"""Leaving settles every savings balance in the same transaction, each payout posted to the ledger."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.members.models import Member, MemberStatus, SavingsAccount, SavingsKind, SavingsTransaction
from simpul.members.savings.services import SETTLEMENT_NOTE, savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.services import member_exit
from simpul.members.tests.factories import MemberFactory

# calendar: an exit is refused in the future of the cooperative's today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

DAY = datetime.date(2025, 3, 3)
SAVINGS_CODES = [chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB, chart.SIMPANAN_SUKARELA]


@pytest.fixture
def cooperative():
    cooperative = CooperativeFactory.create()
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    return cooperative


@pytest.fixture
def member(cooperative):
    member = MemberFactory.create(cooperative=cooperative)
    for kind, amount in [(SavingsKind.POKOK, 100000), (SavingsKind.WAJIB, 50000), (SavingsKind.SUKARELA, 70000)]:
        savings_deposit(cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=amount, date=DAY)
    savings_withdraw(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=SavingsKind.SUKARELA, amount=20000, date=DAY
    )
    return member


def leave(cooperative, member, **extra):
    arguments: dict[str, Any] = {
        "status": MemberStatus.RESIGNED,
        "exit_date": datetime.date(2025, 4, 1),
        "reason": "Pindah",
    }
    arguments.update(extra)
    return member_exit(cooperative=cooperative, actor=None, member_id=member.pk, **arguments)


def member_ledger(member: Member, codes: list[str]) -> Decimal:
    """Credits minus debits on the given accounts, over the entries of this member's savings transactions."""
    entries = SavingsTransaction.objects.filter(account__member=member).values("journal_entry")
    totals = JournalLine.objects.filter(entry__in=entries, account__code__in=codes).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    return (totals["c"] or Decimal(0)) - (totals["d"] or Decimal(0))


def test_exit_pays_out_every_balance_and_the_ledger_nets_to_zero(cooperative, member):
    assert member_ledger(member, SAVINGS_CODES) == Decimal("200000")
    leave(cooperative, member)
    assert set(SavingsAccount.objects.filter(member=member).values_list("balance", flat=True)) == {Decimal(0)}
    payouts = SavingsTransaction.objects.filter(account__member=member, note=SETTLEMENT_NOTE).order_by(
        "amount", "account__product__kind"
    )
    assert [(p.account.product.kind, p.amount, p.balance_after, p.date) for p in payouts] == [
        ("sukarela", Decimal("50000"), Decimal(0), datetime.date(2025, 4, 1)),
        ("wajib", Decimal("50000"), Decimal(0), datetime.date(2025, 4, 1)),
        ("pokok", Decimal("100000"), Decimal(0), datetime.date(2025, 4, 1)),
    ]
    for payout in payouts:
        assert payout.kind == "withdrawal"
        lines = {line.account.code: (line.debit, line.credit) for line in payout.journal_entry.lines.all()}
        assert lines[chart.CASH] == (Decimal(0), payout.amount)
    assert member_ledger(member, SAVINGS_CODES) == 0
    assert member_ledger(member, [chart.CASH]) == 0
    assert Member.objects.get(pk=member.pk).status == MemberStatus.RESIGNED


def test_a_member_without_savings_leaves_without_payouts(cooperative):
    quiet = MemberFactory.create(cooperative=cooperative)
    entries = JournalEntry.objects.count()
    leave(cooperative, quiet)
    assert not SavingsTransaction.objects.filter(account__member=quiet).exists()
    assert JournalEntry.objects.count() == entries


def test_a_refused_exit_pays_nothing_out(cooperative, member):
    before = (SavingsTransaction.objects.count(), JournalEntry.objects.count())
    with pytest.raises(ApplicationError) as caught:
        leave(cooperative, member, status=MemberStatus.EXPELLED, reason="")
    assert caught.value.code == "required"
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == before
    assert SavingsAccount.objects.get(member=member, product__kind="pokok").balance == Decimal("100000")
    assert Member.objects.get(pk=member.pk).is_active


def test_after_exit_no_deposit_and_nothing_left_to_withdraw(cooperative, member):
    leave(cooperative, member)
    before = SavingsTransaction.objects.count()
    with pytest.raises(ApplicationError):
        savings_deposit(
            cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela", amount=1000, date=DAY
        )
    with pytest.raises(ApplicationError) as caught:
        savings_withdraw(cooperative=cooperative, actor=None, member_id=member.pk, kind="pokok", amount=1, date=DAY)
    assert caught.value.code == "insufficient_balance"
    assert SavingsTransaction.objects.count() == before


def test_exit_page_shows_the_payout_and_the_member_page_the_settlement(client, cooperative, member):
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    client.force_login(manager)
    url = reverse("members:exit", args=[cooperative.slug, member.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="exit-payout-pokok"' in body and "Rp100.000" in body
    assert 'data-testid="exit-payout-sukarela"' in body and "Rp50.000" in body
    response = client.post(url, {"status": "resigned", "exit_date": "2025-04-01", "reason": "Pindah"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="savings-settlement"' in page and SETTLEMENT_NOTE in page
    assert 'data-testid="savings-form"' not in page
    assert SavingsTransaction.objects.filter(account__member=member, note=SETTLEMENT_NOTE).count() == 3
