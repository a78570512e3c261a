"""Members' savings against their control accounts on any date (issue 10 §2), and the check verify_books runs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.tests.factories import RoleKind, person_with_role
from simpul.ledger import chart, subledgers
from simpul.ledger.models import Account, JournalLine, Subledger
from simpul.ledger.services import journal_post
from simpul.members.corrections.services import savings_correct
from simpul.members.models import SavingsAccount
from simpul.members.reconciliation.selectors import savings_reconciliation
from simpul.members.savings.services import savings_deposit, savings_withdraw
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.subledger_helpers import DAY, WAJIB, ledger_balance, savings_cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

LATER = DAY + datetime.timedelta(days=10)


@pytest.fixture
def cooperative():
    return savings_cooperative()


def deposit(cooperative, member, kind="sukarela", amount=Decimal("50000"), on=DAY):
    return savings_deposit(cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=amount, date=on)


def _tamper(savings_transaction, amount):
    """Change both sides of the transaction's entry (PostgreSQL refuses an unbalanced entry at commit)."""
    lines = JournalLine.objects.filter(entry=savings_transaction.journal_entry)
    lines.filter(credit__gt=0).update(credit=amount)
    lines.filter(debit__gt=0).update(debit=amount)


def accounts(report):
    return {a.code: a for a in report.accounts}


def test_deposits_withdrawals_and_corrections_agree(cooperative):
    one, two = MemberFactory.create_batch(2, cooperative=cooperative)
    first = deposit(cooperative, one, amount=Decimal("70000"))
    deposit(cooperative, two, amount=Decimal("30000"), on=LATER)
    deposit(cooperative, one, kind="wajib", amount=WAJIB * 2)
    savings_withdraw(
        cooperative=cooperative, actor=None, member_id=two.pk, kind="sukarela", amount=Decimal(5000), date=LATER
    )
    savings_correct(cooperative=cooperative, actor=None, transaction_id=first.pk, reason="Salah", date=LATER)
    report = savings_reconciliation(cooperative, LATER)
    assert report.agrees
    sukarela = accounts(report)[chart.SIMPANAN_SUKARELA]
    assert sukarela.savings == sukarela.ledger == Decimal("25000") == ledger_balance(cooperative, "2201")
    assert accounts(report)[chart.SIMPANAN_WAJIB].ledger == WAJIB * 2
    # On an earlier date only what was dated by then counts.
    earlier = accounts(savings_reconciliation(cooperative, DAY))[chart.SIMPANAN_SUKARELA]
    assert earlier.savings == earlier.ledger == Decimal("70000")
    assert subledgers.problems(cooperative) == []


def test_a_line_changed_behind_the_services_back_is_listed_against_its_member(cooperative):
    one, two = MemberFactory.create_batch(2, cooperative=cooperative)
    changed = deposit(cooperative, one)
    deposit(cooperative, two)
    _tamper(changed, Decimal("40000"))
    sukarela = accounts(savings_reconciliation(cooperative, LATER))[chart.SIMPANAN_SUKARELA]
    assert sukarela.difference == Decimal("-10000")
    assert [(m.member_id, m.savings, m.ledger, m.difference) for m in sukarela.members] == [
        (one.pk, Decimal("50000"), Decimal("40000"), Decimal("-10000"))
    ]
    found = subledgers.problems(cooperative)
    assert any("2201" in problem for problem in found) and any(one.name in problem for problem in found)


def test_a_control_line_without_a_savings_transaction_is_listed_by_entry(cooperative):
    member = MemberFactory.create(cooperative=cooperative)
    deposit(cooperative, member)
    stray = journal_post(
        cooperative=cooperative,
        actor=None,
        date=DAY,
        description="Setoran tanpa anggota",
        lines=[(chart.CASH, Decimal(7000), Decimal(0)), (chart.SIMPANAN_SUKARELA, Decimal(0), Decimal(7000))],
        subledger=Subledger.SAVINGS,
    )
    sukarela = accounts(savings_reconciliation(cooperative, LATER))[chart.SIMPANAN_SUKARELA]
    assert sukarela.difference == Decimal(7000)
    assert [(u.number, u.amount) for u in sukarela.unlinked] == [(stray.number, Decimal(7000))]
    assert sukarela.members == []
    assert any(f"#{stray.number}" in problem for problem in subledgers.problems(cooperative))


def test_a_balance_column_changed_behind_the_services_back_is_named(cooperative):
    member = MemberFactory.create(cooperative=cooperative)
    deposit(cooperative, member)
    SavingsAccount.objects.filter(member=member).update(balance=Decimal("90000"))
    report = savings_reconciliation(cooperative, cooperative.today())
    assert [(s.member_id, s.stored, s.transactions) for s in report.stored] == [
        (member.pk, Decimal("90000"), Decimal("50000"))
    ]
    assert not report.agrees and subledgers.problems(cooperative)


def test_without_control_accounts_there_is_nothing_to_reconcile(cooperative):
    Account.objects.filter(cooperative=cooperative).update(subledger="")
    deposit_member = MemberFactory.create(cooperative=cooperative)
    deposit(cooperative, deposit_member)
    assert savings_reconciliation(cooperative, LATER).accounts == []


def _queries(cooperative, members):
    for member in MemberFactory.create_batch(members, cooperative=cooperative):
        entry = deposit(cooperative, member)
        _tamper(entry, Decimal(1))
        journal_post(
            cooperative=cooperative,
            actor=None,
            date=DAY,
            description="Tanpa anggota",
            lines=[(chart.CASH, Decimal(1), Decimal(0)), (chart.SIMPANAN_WAJIB, Decimal(0), Decimal(1))],
            subledger=Subledger.SAVINGS,
        )
    with CaptureQueriesContext(connection) as captured:
        report = savings_reconciliation(cooperative, LATER)
        assert len(accounts(report)[chart.SIMPANAN_SUKARELA].members) == members
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_members():
    assert _queries(savings_cooperative(), 2) == _queries(savings_cooperative(), 9) <= 8


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_managers_and_supervisors_read_the_page_and_the_api(cooperative):
    member = MemberFactory.create(cooperative=cooperative)
    changed = deposit(cooperative, member)
    _tamper(changed, Decimal("40000"))
    url = reverse("members:savings_reconciliation", args=[cooperative.slug])
    for role in (RoleKind.MANAGER, RoleKind.SUPERVISOR):
        page = _client(person_with_role(role, cooperative)).get(url, {"tanggal": LATER.isoformat()})
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="reconciliation-members-2201"' in html and "10.000" in html
    api = f"/api/v1/cooperatives/{cooperative.slug}/savings/reconciliation"
    body = _client(person_with_role(RoleKind.SUPERVISOR, cooperative)).get(api, {"date": LATER.isoformat()}).json()
    sukarela = next(a for a in body["accounts"] if a["code"] == "2201")
    assert body["agrees"] is False and Decimal(sukarela["members"][0]["difference"]) == Decimal(-10000)
    stranger = person_with_role(RoleKind.MANAGER, savings_cooperative())
    assert _client(stranger).get(url).status_code == 404
    assert _client(stranger).get(api).status_code == 404


def test_a_sharia_cooperatives_mudharabah_savings_reconcile_with_their_syirkah_account():
    """The reconciliation reads each product's account as the deposit posts it: by kind and sharia contract."""
    from simpul.coops.models import CooperativeType
    from simpul.coops.tests.factories import CooperativeFactory
    from simpul.ledger.services import chart_of_accounts_create
    from simpul.members.savings.services import savings_products_setup

    cooperative = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    chart_of_accounts_create(cooperative=cooperative)  # the sharia chart marks its savings control accounts
    savings_products_setup(
        cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=WAJIB, sukarela_contract="mudharabah",
        effective_from=datetime.date(2024, 1, 1),
    )  # fmt: skip
    member = MemberFactory.create(cooperative=cooperative)
    deposit(cooperative, member, amount=Decimal("120000"))
    assert ledger_balance(cooperative, chart.MUDHARABAH_SAVINGS) == Decimal("120000")
    report = savings_reconciliation(cooperative, DAY)
    assert report.agrees, report
    syirkah = accounts(report)[chart.MUDHARABAH_SAVINGS]
    assert syirkah.savings == syirkah.ledger == Decimal("120000")
    assert subledgers.problems(cooperative) == []
