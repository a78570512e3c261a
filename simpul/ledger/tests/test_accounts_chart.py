"""The SAK EP chart (issue 10 §5): the accounts a cooperative needs, their cash-flow classes and subledgers, the
sharia chart, and migration 0007 bringing a cooperative made with the old chart up to it."""

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from simpul.coops.models import CooperativeType
from simpul.coops.services.cooperatives import cooperative_register
from simpul.coops.tests.factories import CILACAP_VILLAGE, CooperativeFactory, UserFactory
from simpul.ledger import chart, month_totals
from simpul.ledger.chart import SHARIA_CHART, STANDARD_CHART, chart_for
from simpul.ledger.models import (
    Account,
    AccountKind,
    AccountMonth,
    BooksEvent,
    BooksEventKind,
    CashFlowClass,
    JournalLine,
    NormalBalance,
    RevenueSource,
    Subledger,
)
from simpul.ledger.services import chart_of_accounts_create

pytestmark = pytest.mark.django_db

migration = importlib.import_module("simpul.ledger.migrations.0007_chart_sak_ep")

# The chart every cooperative had before issue 10 (codes, names, kinds, normal balances; no classes).
OLD_CODES = [
    "1101",
    "1102",
    "1201",
    "1202",
    "1301",
    "1501",
    "1502",
    "2101",
    "2201",
    "2301",
    "2302",
    "2303",
    "2401",
    "3101",
    "3102",
    "3201",
    "3301",
    "3401",
    "4101",
    "4102",
    "4901",
    "5101",
    "5201",
]
BALANCE_SHEET = {AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.EQUITY, AccountKind.TEMPORARY_SYIRKAH}


def _constants() -> dict[str, str]:
    return {name: value for name, value in vars(chart).items() if name.isupper() and isinstance(value, str)}


def _codes(cooperative) -> dict[str, Account]:  # type: ignore[no-untyped-def]
    return {account.code: account for account in Account.objects.filter(cooperative=cooperative)}


def test_the_standard_chart_has_what_an_indonesian_cooperative_needs(cooperative):
    accounts = _codes(cooperative)
    assert set(accounts) == {item.code for item in STANDARD_CHART}
    expected = {
        chart.MEMBER_LOANS: ("Piutang Pinjaman Anggota", AccountKind.ASSET, NormalBalance.DEBIT),
        chart.LOAN_INTEREST_INCOME: ("Pendapatan Jasa Pinjaman Anggota", AccountKind.REVENUE, NormalBalance.CREDIT),
        chart.ALLOWANCE_FOR_DOUBTFUL_LOANS: (
            "Penyisihan Piutang Tak Tertagih",
            AccountKind.ASSET,
            NormalBalance.CREDIT,
        ),
        chart.PREPAID_EXPENSES: ("Beban Dibayar di Muka", AccountKind.ASSET, NormalBalance.DEBIT),
        chart.ACCRUED_INCOME: ("Pendapatan Masih Harus Diterima", AccountKind.ASSET, NormalBalance.DEBIT),
        chart.ACCRUED_EXPENSES: ("Beban Masih Harus Dibayar", AccountKind.LIABILITY, NormalBalance.CREDIT),
        chart.TAX_PAYABLE: ("Utang Pajak", AccountKind.LIABILITY, NormalBalance.CREDIT),
        chart.INCOME_TAX_EXPENSE: ("Beban Pajak Penghasilan", AccountKind.EXPENSE, NormalBalance.DEBIT),
        chart.BANK_LOANS: ("Utang Bank", AccountKind.LIABILITY, NormalBalance.CREDIT),
        chart.TERM_DEPOSITS: ("Deposito Berjangka", AccountKind.ASSET, NormalBalance.DEBIT),
        chart.SECONDARY_COOPERATIVE_INVESTMENTS: (
            "Penyertaan pada Koperasi Sekunder",
            AccountKind.ASSET,
            NormalBalance.DEBIT,
        ),
        chart.MODAL_PENYERTAAN: ("Modal Penyertaan", AccountKind.EQUITY, NormalBalance.CREDIT),
        chart.UNDISTRIBUTED_SHU: ("SHU Belum Dibagi", AccountKind.EQUITY, NormalBalance.CREDIT),
        chart.CURRENT_YEAR_SHU: ("SHU Tahun Berjalan", AccountKind.EQUITY, NormalBalance.CREDIT),
        chart.COST_OF_GOODS_SOLD_MEMBERS: (
            "Harga Pokok Penjualan kepada Anggota",
            AccountKind.EXPENSE,
            NormalBalance.DEBIT,
        ),
        chart.COST_OF_GOODS_SOLD_NON_MEMBERS: (
            "Harga Pokok Penjualan kepada Non-Anggota",
            AccountKind.EXPENSE,
            NormalBalance.DEBIT,
        ),
    }
    for code, (name, kind, normal) in expected.items():
        assert (accounts[code].name, accounts[code].kind, accounts[code].normal_balance) == (name, kind, normal)
    # SHU belum dibagi (last year's, waiting for the RAT) is apart from this year's and from the members' share.
    assert len({chart.UNDISTRIBUTED_SHU, chart.CURRENT_YEAR_SHU, chart.MEMBERS_UNDISTRIBUTED_SHU}) == 3
    assert accounts[chart.LOAN_INTEREST_INCOME].revenue_source == RevenueSource.MEMBER


def test_the_codes_other_apps_use_keep_their_meaning():
    constants = _constants()
    for name, code in {
        "CASH": "1101",
        "BANK": "1102",
        "MEMBER_RECEIVABLES": "1201",
        "INVENTORY": "1301",
        "TRADE_PAYABLES": "2101",
        "SIMPANAN_SUKARELA": "2201",
        "MEMBERS_UNDISTRIBUTED_SHU": "2401",
        "SIMPANAN_POKOK": "3101",
        "SIMPANAN_WAJIB": "3102",
        "CURRENT_YEAR_SHU": "3401",
        "SALES_TO_MEMBERS": "4101",
        "COST_OF_GOODS_SOLD": "5101",
        "OPERATING_EXPENSES": "5201",
    }.items():
        assert constants[name] == code
    # Every code is named once and every named code is in one of the charts.
    codes = [value for value in constants.values() if value.isdigit()]
    assert len(codes) == len(set(codes))
    assert set(codes) == {item.code for item in STANDARD_CHART + SHARIA_CHART}
    for item in STANDARD_CHART + SHARIA_CHART:
        assert item.code.startswith(chart.CLASS_DIGIT[AccountKind(item.kind)]), item
        assert item.kind != AccountKind.REVENUE or item.revenue_source or item.code == chart.OTHER_INCOME


def test_every_balance_sheet_account_has_its_sak_ep_class(cooperative):
    accounts = _codes(cooperative)
    for account in accounts.values():
        assert bool(account.cash_flow_class) == (account.kind in BALANCE_SHEET), account
    cash = {code for code, account in accounts.items() if account.cash_flow_class == CashFlowClass.CASH}
    assert cash == {chart.CASH, chart.BANK, chart.QRIS_CLEARING}
    classes = {
        CashFlowClass.OPERATING: [chart.MEMBER_RECEIVABLES, chart.INVENTORY, chart.TRADE_PAYABLES, chart.TAX_PAYABLE],
        CashFlowClass.INVESTING: [chart.FIXED_ASSETS, chart.TERM_DEPOSITS, chart.SECONDARY_COOPERATIVE_INVESTMENTS],
        CashFlowClass.FINANCING: [
            chart.BANK_LOANS,
            chart.SIMPANAN_POKOK,
            chart.SIMPANAN_WAJIB,
            chart.MODAL_PENYERTAAN,
            chart.GRANTS,
            chart.SHU_FUND_BOARD,
            chart.SIMPANAN_SUKARELA,  # a KSU: the members' deposits fund it
        ],
    }
    for cash_flow_class, codes in classes.items():
        for code in codes:
            assert accounts[code].cash_flow_class == cash_flow_class, code


def test_the_control_accounts_are_the_savings_and_the_marts_own(cooperative):
    controls = set(
        Account.objects.filter(cooperative=cooperative, subledger=Subledger.SAVINGS).values_list("code", flat=True)
    )
    assert controls == {chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB, chart.SIMPANAN_SUKARELA}
    mart = dict(
        Account.objects.filter(cooperative=cooperative)
        .exclude(subledger__in=["", "savings"])
        .values_list("code", "subledger")
    )
    # ADR 0008: the chart's own 1301, 2101 and 1201 stay open to manual postings.
    assert mart == {
        chart.MART_INVENTORY: Subledger.INVENTORY,
        chart.MART_PAYABLES: Subledger.PAYABLES,
        chart.MART_KASBON_RECEIVABLES: Subledger.RECEIVABLES,
    }


@pytest.mark.parametrize(
    ("cooperative_type", "sharia", "deposits"),
    [
        (CooperativeType.KSP, False, CashFlowClass.OPERATING),
        (CooperativeType.KSPPS, True, CashFlowClass.OPERATING),
        (CooperativeType.KUD, False, CashFlowClass.FINANCING),
        (CooperativeType.KOPONTREN, True, CashFlowClass.FINANCING),
    ],
)
def test_voluntary_deposits_are_operating_in_a_savings_and_loan_cooperative(cooperative_type, sharia, deposits):
    items = {item.code: item for item in chart_for(cooperative_type=cooperative_type, is_sharia=sharia)}
    for code in chart.DEPOSITS & set(items):
        assert items[code].cash_flow_class == deposits
    assert items[chart.SIMPANAN_POKOK].cash_flow_class == CashFlowClass.FINANCING


def test_a_sharia_cooperative_gets_the_sharia_chart_at_registration():
    coop = cooperative_register(
        actor=UserFactory.create(),
        office=None,
        name="KSPPS Berkah Umat",
        type=CooperativeType.KSPPS,
        village=CILACAP_VILLAGE,
    )
    accounts = _codes(coop)
    assert set(accounts) == {item.code for item in SHARIA_CHART}
    assert not set(accounts) & chart.NOT_IN_SHARIA_CHART  # no interest-bearing loans, no interest
    wadiah, mudharabah = accounts[chart.WADIAH_SAVINGS], accounts[chart.MUDHARABAH_SAVINGS]
    assert (wadiah.name, wadiah.kind, wadiah.subledger) == ("Simpanan Wadiah", AccountKind.LIABILITY, "savings")
    assert (mudharabah.name, mudharabah.kind) == ("Simpanan Mudharabah", AccountKind.TEMPORARY_SYIRKAH)
    assert mudharabah.normal_balance == NormalBalance.CREDIT and mudharabah.subledger == Subledger.SAVINGS
    assert wadiah.cash_flow_class == mudharabah.cash_flow_class == CashFlowClass.OPERATING  # a KSPPS
    for code, name in {
        chart.PROFIT_SHARING_EXPENSE: "Beban Bagi Hasil Simpanan Mudharabah",
        chart.MURABAHAH_RECEIVABLES: "Piutang Murabahah",
        chart.MUSYARAKAH_FINANCING: "Pembiayaan Musyarakah",
        chart.MUDHARABAH_FINANCING: "Pembiayaan Mudharabah",
        chart.QARDH_LOANS: "Pinjaman Qardh",
        chart.MURABAHAH_MARGIN_INCOME: "Pendapatan Margin Murabahah",
        chart.MUSYARAKAH_INCOME: "Pendapatan Bagi Hasil Musyarakah",
        chart.MUDHARABAH_INCOME: "Pendapatan Bagi Hasil Mudharabah",
    }.items():
        assert accounts[code].name == name
    for code in chart.ZIS_FUNDS:
        assert accounts[code].kind == AccountKind.LIABILITY
    assert accounts[chart.DEFERRED_MURABAHAH_MARGIN].normal_balance == NormalBalance.CREDIT
    # Everything other apps post to is there too.
    for code in (chart.CASH, chart.SIMPANAN_POKOK, chart.SALES_TO_MEMBERS, chart.UNDISTRIBUTED_SHU):
        assert code in accounts
    event = BooksEvent.objects.get(cooperative=coop, kind=BooksEventKind.CHART_CREATED)
    assert [a["code"] for a in event.payload["accounts"]] == sorted(accounts)
    assert {a["code"]: a["kind"] for a in event.payload["accounts"]}[chart.MUDHARABAH_SAVINGS] == "syirkah"


def test_a_chart_account_may_name_its_parent(monkeypatch, db):
    sub = chart.ChartAccount("1102.01", "Bank Desa", AccountKind.ASSET, NormalBalance.DEBIT, parent=chart.BANK)
    monkeypatch.setattr(chart, "STANDARD_CHART", (*STANDARD_CHART, sub))
    coop = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=coop)
    account = Account.objects.select_related("parent").get(cooperative=coop, code="1102.01")
    assert account.parent is not None
    assert account.parent.code == chart.BANK and account.is_system
    event = BooksEvent.objects.get(cooperative=coop, kind=BooksEventKind.CHART_CREATED)
    assert {a["code"]: a["parent"] for a in event.payload["accounts"]}["1102.01"] == chart.BANK


# --- migration 0007 on cooperatives made with the old chart


def _old_chart(cooperative) -> None:  # type: ignore[no-untyped-def]
    items = {item.code: item for item in STANDARD_CHART}
    Account.objects.bulk_create(
        Account(
            cooperative=cooperative,
            code=code,
            name=items[code].name,
            kind=items[code].kind,
            normal_balance=items[code].normal_balance,
            revenue_source=items[code].revenue_source,
            is_system=True,
        )
        for code in OLD_CODES
    )


def _snapshot(cooperative) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(
        Account.objects.filter(cooperative=cooperative)
        .order_by("code")
        .values_list("pk", "code", "name", "kind", "normal_balance", "parent_id", "cash_flow_class", "subledger")
    )


def test_the_migration_brings_an_old_chart_up_to_sak_ep():
    coop = CooperativeFactory.create(type=CooperativeType.KUD)
    _old_chart(coop)
    bank = Account.objects.get(cooperative=coop, code=chart.BANK)
    receivables = Account.objects.get(cooperative=coop, code=chart.MEMBER_RECEIVABLES)
    Account.objects.create(
        cooperative=coop, code="1102.01", name="Bank BRI", kind="asset", normal_balance="debit", parent=bank
    )
    # A manager had already used a code the chart now gives: it stays theirs.
    Account.objects.create(
        cooperative=coop,
        code=chart.MEMBER_LOANS,
        name="Piutang Karyawan",
        kind="asset",
        normal_balance="debit",
        parent=receivables,
    )
    untouched = CooperativeFactory.create()  # no chart at all: the migration leaves it alone
    migration.forwards(apps, None)
    accounts = _codes(coop)
    assert set(accounts) == {item.code for item in STANDARD_CHART} | {"1102.01"}
    for item in STANDARD_CHART:
        if item.code == chart.MEMBER_LOANS:
            continue
        account = accounts[item.code]
        assert (account.cash_flow_class, account.subledger, account.is_system) == (
            item.cash_flow_class,
            item.subledger,
            True,
        ), item.code
    assert accounts["1102.01"].cash_flow_class == CashFlowClass.CASH
    loans = accounts[chart.MEMBER_LOANS]
    assert (loans.name, loans.is_system, loans.parent_id) == ("Piutang Karyawan", False, receivables.pk)
    assert loans.cash_flow_class == CashFlowClass.OPERATING  # as its parent
    assert not Account.objects.filter(cooperative=untouched).exists()
    before = _snapshot(coop)
    migration.forwards(apps, None)
    assert _snapshot(coop) == before


@pytest.mark.parametrize(
    ("contract", "target"),
    [("wadiah", chart.WADIAH_SAVINGS), ("mudharabah", chart.MUDHARABAH_SAVINGS)],
)
@pytest.mark.calendar
def test_the_migration_moves_a_sharia_cooperatives_savings_to_their_contracts_account(contract, target):
    from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
    from simpul.members.tests.factories import MemberFactory

    coop = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    savings_products_setup(
        cooperative=coop, actor=None, pokok_amount=Decimal(1000), wajib_amount=Decimal(1000), sukarela_contract=contract
    )
    member = MemberFactory.create(cooperative=coop)
    day = datetime.date(2025, 3, 3)
    move: dict[str, Any] = {"cooperative": coop, "actor": None, "member_id": member.pk, "kind": "sukarela", "date": day}
    savings_deposit(amount=Decimal(150000), **move)
    savings_withdraw(amount=Decimal(50000), **move)
    savings_deposit(**{**move, "kind": "pokok"}, amount=Decimal(1000))
    # As the books stood before: the voluntary savings in Simpanan Sukarela, the sharia accounts not there.
    sukarela = Account.objects.get(cooperative=coop, code=chart.SIMPANAN_SUKARELA)
    JournalLine.objects.filter(cooperative=coop, account__code=target).update(account=sukarela)
    month_totals.rebuild(coop.pk)
    sharia_only = {item.code for item in SHARIA_CHART} - set(OLD_CODES)
    Account.objects.filter(cooperative=coop, code__in=sharia_only).delete()
    assert JournalLine.objects.filter(cooperative=coop, account=sukarela).count() == 2

    migration.forwards(apps, None)
    accounts = _codes(coop)
    assert set(accounts) == {item.code for item in SHARIA_CHART} | set(OLD_CODES)
    lines = JournalLine.objects.filter(cooperative=coop, account=accounts[target])
    assert sorted((line.debit, line.credit) for line in lines) == [
        (Decimal(0), Decimal(150000)),
        (Decimal(50000), Decimal(0)),
    ]
    assert not JournalLine.objects.filter(cooperative=coop, account=sukarela).exists()
    assert JournalLine.objects.filter(cooperative=coop, account__code=chart.SIMPANAN_POKOK).count() == 1
    assert month_totals.mismatches(coop.pk) == []
    month = AccountMonth.objects.get(cooperative=coop, account=accounts[target])
    assert (month.debit, month.credit) == (Decimal(50000), Decimal(150000))
    before = _snapshot(coop), list(JournalLine.objects.filter(cooperative=coop).values_list("pk", "account_id"))
    migration.forwards(apps, None)
    assert (
        _snapshot(coop),
        list(JournalLine.objects.filter(cooperative=coop).values_list("pk", "account_id")),
    ) == before
