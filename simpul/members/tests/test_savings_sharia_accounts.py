"""A sharia cooperative's savings post to the accounts their contract requires (issue 10 §5)."""

import datetime
from decimal import Decimal

import pytest

from simpul.coops.models import CooperativeType
from simpul.coops.tests.factories import CooperativeFactory
from simpul.ledger import chart
from simpul.ledger.models import Account, AccountKind, JournalLine, Subledger
from simpul.members.models import SavingsKind, ShariaContract
from simpul.members.savings.services import (
    ledger_account_code,
    savings_deposit,
    savings_products_setup,
    savings_withdraw,
)
from simpul.members.tests.factories import MemberFactory

# calendar: deposits are dated, and refused in the future, by the cooperative's today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

DAY = datetime.date(2025, 3, 3)


def _sharia(sukarela_contract: str):  # type: ignore[no-untyped-def]
    cooperative = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=Decimal(100000),
        wajib_amount=Decimal(20000),
        sukarela_contract=sukarela_contract,
        pokok_contract=ShariaContract.MUDHARABAH,
    )
    return cooperative


def _lines(transaction) -> dict[str, tuple[Decimal, Decimal]]:  # type: ignore[no-untyped-def]
    return {
        line.account.code: (line.debit, line.credit)
        for line in JournalLine.objects.filter(entry=transaction.journal_entry).select_related("account")
    }


def _move(cooperative, member, kind, amount, withdraw=False):  # type: ignore[no-untyped-def]
    service = savings_withdraw if withdraw else savings_deposit
    return service(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=Decimal(amount), date=DAY
    )


def test_a_wadiah_deposit_is_a_liability_in_the_wadiah_account():
    cooperative = _sharia(ShariaContract.WADIAH)
    member = MemberFactory.create(cooperative=cooperative)
    deposit = _move(cooperative, member, SavingsKind.SUKARELA, "150000")
    assert _lines(deposit) == {
        chart.CASH: (Decimal(150000), Decimal(0)),
        chart.WADIAH_SAVINGS: (Decimal(0), Decimal(150000)),
    }
    account = Account.objects.get(cooperative=cooperative, code=chart.WADIAH_SAVINGS)
    assert (account.kind, account.subledger) == (AccountKind.LIABILITY, Subledger.SAVINGS)
    withdrawal = _move(cooperative, member, SavingsKind.SUKARELA, "50000", withdraw=True)
    assert _lines(withdrawal)[chart.WADIAH_SAVINGS] == (Decimal(50000), Decimal(0))
    assert not JournalLine.objects.filter(cooperative=cooperative, account__code=chart.SIMPANAN_SUKARELA).exists()


def test_a_mudharabah_deposit_is_temporary_syirkah_funds():
    cooperative = _sharia(ShariaContract.MUDHARABAH)
    member = MemberFactory.create(cooperative=cooperative)
    deposit = _move(cooperative, member, SavingsKind.SUKARELA, "250000")
    assert _lines(deposit) == {
        chart.CASH: (Decimal(250000), Decimal(0)),
        chart.MUDHARABAH_SAVINGS: (Decimal(0), Decimal(250000)),
    }
    account = Account.objects.get(cooperative=cooperative, code=chart.MUDHARABAH_SAVINGS)
    assert (account.kind, account.subledger) == (AccountKind.TEMPORARY_SYIRKAH, Subledger.SAVINGS)


def test_pokok_and_wajib_stay_equity_whatever_their_contract():
    cooperative = _sharia(ShariaContract.WADIAH)  # pokok under mudharabah, wajib under wadiah
    member = MemberFactory.create(cooperative=cooperative)
    assert chart.SIMPANAN_POKOK in _lines(_move(cooperative, member, SavingsKind.POKOK, "100000"))
    assert chart.SIMPANAN_WAJIB in _lines(_move(cooperative, member, SavingsKind.WAJIB, "20000"))


def test_the_mapping_from_kind_and_contract():
    assert ledger_account_code(SavingsKind.SUKARELA) == chart.SIMPANAN_SUKARELA
    assert ledger_account_code(SavingsKind.SUKARELA, ShariaContract.WADIAH) == chart.WADIAH_SAVINGS
    assert ledger_account_code(SavingsKind.SUKARELA, ShariaContract.MUDHARABAH) == chart.MUDHARABAH_SAVINGS
    assert ledger_account_code(SavingsKind.POKOK, ShariaContract.MUDHARABAH) == chart.SIMPANAN_POKOK
    assert ledger_account_code(SavingsKind.WAJIB, ShariaContract.WADIAH) == chart.SIMPANAN_WAJIB


def test_a_conventional_cooperative_keeps_simpanan_sukarela():
    cooperative = CooperativeFactory.create()
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=Decimal(1000), wajib_amount=Decimal(1000))
    member = MemberFactory.create(cooperative=cooperative)
    assert chart.SIMPANAN_SUKARELA in _lines(_move(cooperative, member, SavingsKind.SUKARELA, "5000"))
    assert not Account.objects.filter(cooperative=cooperative, code=chart.WADIAH_SAVINGS).exists()


def test_a_sukarela_contract_cannot_change_while_members_hold_balances_under_it():
    """The balances sit in the old contract's account; a new contract would post beside them and split the books."""
    from simpul.core.exceptions import ApplicationError

    cooperative = _sharia(ShariaContract.WADIAH)
    member = MemberFactory.create(cooperative=cooperative)
    savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=SavingsKind.SUKARELA, amount=Decimal(50000),
        date=DAY,
    )  # fmt: skip

    def change():  # type: ignore[no-untyped-def]
        return savings_products_setup(
            cooperative=cooperative, actor=None, pokok_amount=Decimal(100000), wajib_amount=Decimal(20000),
            sukarela_contract=ShariaContract.MUDHARABAH, pokok_contract=ShariaContract.MUDHARABAH,
        )  # fmt: skip

    with pytest.raises(ApplicationError) as refused:
        change()
    assert refused.value.code == "contract_in_use"
    assert "hanya dapat diubah bila semua saldo nol" in str(refused.value.message)
    savings_withdraw(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=SavingsKind.SUKARELA, amount=Decimal(50000),
        date=DAY,
    )  # fmt: skip
    products = {p.kind: p.sharia_contract for p in change()}
    assert products[SavingsKind.SUKARELA] == ShariaContract.MUDHARABAH
