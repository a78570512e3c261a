import pytest

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger import chart, services
from simpul.ledger.models import Account, AccountKind, NormalBalance, RevenueSource
from simpul.ledger.services import account_create, chart_of_accounts_create


def test_the_chart_follows_sak_ep_with_indonesian_names(cooperative):
    accounts = {a.code: a for a in Account.objects.filter(cooperative=cooperative)}
    assert len(accounts) == len(chart.STANDARD_CHART) == 46
    assert all(a.is_system and a.parent is None for a in accounts.values())
    assert accounts[chart.CASH].name == "Kas"
    assert accounts[chart.SIMPANAN_SUKARELA].kind == AccountKind.LIABILITY
    assert accounts[chart.SIMPANAN_POKOK].kind == AccountKind.EQUITY
    assert accounts[chart.SIMPANAN_WAJIB].name == "Simpanan Wajib"
    assert accounts[chart.RESERVE].name == "Cadangan"
    assert accounts[chart.ACCUMULATED_DEPRECIATION].kind == AccountKind.ASSET
    assert accounts[chart.ACCUMULATED_DEPRECIATION].normal_balance == NormalBalance.CREDIT
    # SAK EP: revenue from members and from non-members apart.
    assert accounts[chart.SALES_TO_MEMBERS].revenue_source == RevenueSource.MEMBER
    assert accounts[chart.SALES_TO_NON_MEMBERS].revenue_source == RevenueSource.NON_MEMBER
    assert {a.kind for a in accounts.values()} == set(AccountKind.values) - {AccountKind.TEMPORARY_SYIRKAH}


def test_creating_the_chart_twice_changes_nothing(cooperative):
    before = list(Account.objects.filter(cooperative=cooperative).values_list("pk", "code", "name"))
    chart_of_accounts_create(cooperative=cooperative)
    assert list(Account.objects.filter(cooperative=cooperative).values_list("pk", "code", "name")) == before
    assert AuditLog.objects.filter(cooperative=cooperative, event="ledger.chart_created").count() == 1


def test_a_missing_system_account_is_added_back(db):
    coop = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=coop)
    Account.objects.filter(cooperative=coop, code=chart.GRANTS).delete()  # as if the chart grew later
    chart_of_accounts_create(cooperative=coop)
    assert Account.objects.filter(cooperative=coop).count() == len(chart.STANDARD_CHART)


def test_a_sub_account_takes_its_parents_nature(cooperative, manager):
    account = account_create(
        cooperative=cooperative,
        actor=manager,
        parent_code=chart.SALES_TO_MEMBERS,
        code="4101.01",
        name="Penjualan Beras",
    )
    assert account.parent is not None and account.parent.code == chart.SALES_TO_MEMBERS
    assert (account.kind, account.normal_balance, account.revenue_source) == ("revenue", "credit", "member")
    assert not account.is_system
    log = AuditLog.objects.get(event="ledger.account_created")
    assert log.cooperative_id == cooperative.pk and log.actor == manager


@pytest.mark.parametrize(
    ("parent_code", "code", "name", "message", "error_code"),
    [
        ("9999", "9999.1", "Apa saja", "Tidak ada akun dengan kode “9999”", "unknown_account"),
        ("1101", "1101", "Kas lagi", "Kode akun “1101” sudah dipakai", "duplicate_account_code"),
        ("1101", "kas-kecil", "Kas Kecil", "Kode akun diawali angka", "invalid_account_code"),
        ("1101", "1101.1", "  ", "Beri nama akun", "required"),
    ],
)
def test_bad_sub_accounts_are_refused(cooperative, manager, parent_code, code, name, message, error_code):
    count = Account.objects.count()
    with pytest.raises(ApplicationError) as refused:
        account_create(cooperative=cooperative, actor=manager, parent_code=parent_code, code=code, name=name)
    assert message in refused.value.message
    assert refused.value.code == error_code
    assert Account.objects.count() == count
    assert not AuditLog.objects.filter(event="ledger.account_created").exists()


def test_a_parent_of_another_cooperative_is_unknown(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    other_manager = person_with_role(RoleKind.MANAGER, other)
    account_create(cooperative=other, actor=other_manager, parent_code="1101", code="1101.9", name="Kas Lain")
    with pytest.raises(ApplicationError) as refused:
        account_create(cooperative=cooperative, actor=manager, parent_code="1101.9", code="1101.91", name="Anak")
    assert refused.value.code == "unknown_account"
    assert not Account.objects.filter(cooperative=cooperative, code="1101.91").exists()


def test_the_only_account_services_are_create_rename_and_delete():
    # Deleting and renaming refuse system accounts (test_accounts_manage.py); there is no other way to change one.
    names = [n for n in dir(services) if not n.startswith("_")]
    accounts = sorted(n for n in names if n.startswith("account_"))
    assert accounts == ["account_create", "account_delete", "account_rename"]
    assert not [n for n in names if "update" in n]
