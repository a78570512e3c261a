"""Correcting a savings transaction moves the member's balance and the ledger together (issue 10 §2)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import journal_reverse
from simpul.members.corrections.services import savings_correct
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.savings.selectors import wajib_arrears
from simpul.members.savings.services import savings_deposit, savings_withdraw
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.subledger_helpers import DAY, POKOK, WAJIB, ledger_balance, savings_cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

LATER = DAY + datetime.timedelta(days=2)


@pytest.fixture
def cooperative():
    return savings_cooperative()


@pytest.fixture
def member(cooperative):
    return MemberFactory.create(cooperative=cooperative)


def deposit(cooperative, member, kind="sukarela", amount=Decimal("50000"), on=DAY):
    return savings_deposit(cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=amount, date=on)


def correct(cooperative, original, reason="Salah input", on=LATER, **extra):
    return savings_correct(
        cooperative=cooperative, actor=None, transaction_id=original.pk, reason=reason, date=on, **extra
    )


def balance(member, kind="sukarela"):
    return SavingsAccount.objects.get(member=member, product__kind=kind).balance


def test_correcting_a_deposit_takes_it_back_in_the_balance_and_the_books(cooperative, member):
    original = deposit(cooperative, member, amount=Decimal("75000"))
    fix = correct(cooperative, original)
    assert (fix.kind, fix.amount, fix.balance_after, fix.corrects_id) == (
        "withdrawal",
        Decimal("75000"),
        0,
        original.pk,
    )
    assert fix.note == "Salah input" and fix.date == LATER
    assert balance(member) == 0
    entry = fix.journal_entry
    assert entry.reverses_id == original.journal_entry_id and entry.source == "savings"
    lines = {line.account.code: (line.debit, line.credit) for line in entry.lines.select_related("account")}
    assert lines == {chart.SIMPANAN_SUKARELA: (Decimal("75000"), 0), chart.CASH: (0, Decimal("75000"))}
    assert ledger_balance(cooperative, chart.SIMPANAN_SUKARELA) == 0
    audit = AuditLog.objects.get(event="savings.correction", target_id=str(fix.pk))
    assert audit.changes["corrects"] == original.pk


def test_correcting_a_withdrawal_puts_the_money_back(cooperative, member):
    deposit(cooperative, member, amount=Decimal("50000"))
    taken = savings_withdraw(
        cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela", amount=Decimal(20000), date=DAY
    )
    fix = correct(cooperative, taken)
    assert fix.kind == "deposit" and balance(member) == Decimal("50000")
    assert ledger_balance(cooperative, chart.SIMPANAN_SUKARELA) == Decimal("50000")


def _refused(call, code):
    before = (SavingsTransaction.objects.count(), JournalEntry.objects.count(), AuditLog.objects.count())
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count(), AuditLog.objects.count()) == before
    return caught.value


def test_a_correction_never_takes_the_balance_below_zero(cooperative, member):
    original = deposit(cooperative, member, amount=Decimal("50000"))
    savings_withdraw(
        cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela", amount=Decimal(40000), date=DAY
    )
    _refused(lambda: correct(cooperative, original), "insufficient_balance")


def test_one_correction_per_transaction_and_none_of_a_correction(cooperative, member):
    original = deposit(cooperative, member)
    fix = correct(cooperative, original)
    _refused(lambda: correct(cooperative, original), "already_corrected")
    _refused(lambda: correct(cooperative, fix), "not_correctable")


def test_a_reason_and_a_sensible_date_are_required(cooperative, member):
    original = deposit(cooperative, member)
    _refused(lambda: correct(cooperative, original, reason="  "), "required")
    _refused(lambda: correct(cooperative, original, on=DAY - datetime.timedelta(days=1)), "invalid_date")
    _refused(
        lambda: correct(cooperative, original, on=cooperative.today() + datetime.timedelta(days=1)), "invalid_date"
    )


def test_another_cooperatives_transaction_is_404(cooperative, member):
    original = deposit(cooperative, member)
    other = savings_cooperative()
    with pytest.raises(NotFoundError):
        savings_correct(cooperative=other, actor=None, transaction_id=original.pk, reason="x", date=LATER)


def test_a_client_key_makes_a_retry_return_the_first_correction(cooperative, member):
    original = deposit(cooperative, member)
    first = correct(cooperative, original, client_key="k-1")
    assert correct(cooperative, original, client_key="k-1").pk == first.pk
    with pytest.raises(ConflictError):
        correct(cooperative, original, reason="Lain", client_key="k-1")
    assert SavingsTransaction.objects.filter(corrects=original).count() == 1


def test_a_corrected_pokok_can_be_paid_again_and_billing_counts_the_net(cooperative, member):
    pokok = deposit(cooperative, member, kind="pokok", amount=POKOK)
    correct(cooperative, pokok)
    again = deposit(cooperative, member, kind="pokok", amount=POKOK, on=LATER)
    assert balance(member, "pokok") == POKOK and again.kind == "deposit"

    wajib = deposit(cooperative, member, kind="wajib", amount=WAJIB * 3)
    _schedule, before = wajib_arrears(cooperative)
    owed_before = before.get(pk=member.pk).arrears
    correct(cooperative, wajib)
    _schedule, after = wajib_arrears(cooperative)
    assert after.get(pk=member.pk).arrears == owed_before + WAJIB * 3


def test_the_ledger_refuses_to_reverse_a_savings_entry(cooperative, member):
    original = deposit(cooperative, member)
    with pytest.raises(ApplicationError) as caught:
        journal_reverse(
            cooperative=cooperative, actor=None, entry_id=original.journal_entry_id, date=LATER, reason="Salah"
        )
    assert caught.value.code == "subledger_entry"
    assert balance(member) == Decimal("50000")


def test_the_control_account_stays_equal_to_the_members(cooperative, member):
    other = MemberFactory.create(cooperative=cooperative)
    a = deposit(cooperative, member, amount=Decimal("10000"))
    deposit(cooperative, other, amount=Decimal("20000"))
    correct(cooperative, a)
    total = SavingsAccount.objects.filter(cooperative=cooperative, product__kind="sukarela").aggregate(t=Sum("balance"))
    assert ledger_balance(cooperative, chart.SIMPANAN_SUKARELA) == total["t"] == Decimal("20000")


# --- page and API -------------------------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_manager_corrects_on_the_page(cooperative, member):
    original = deposit(cooperative, member)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    url = reverse("members:savings_correct", args=[cooperative.slug, original.pk])
    page = _client(manager).get(url)
    assert page.status_code == 200 and "50.000" in page.content.decode()
    response = _client(manager).post(url, {"reason": "Salah anggota", "date": LATER.isoformat(), "client_key": "p1"})
    assert response.status_code in (200, 302)
    assert SavingsTransaction.objects.get(corrects=original).note == "Salah anggota"
    refused = _client(manager).post(url, {"reason": "", "date": LATER.isoformat(), "client_key": "p2"})
    assert refused.status_code == 400
    # The member's history marks the deposit as corrected instead of offering a second correction.
    history = _client(manager).get(reverse("members:detail", args=[cooperative.slug, member.pk])).content.decode()
    assert f'data-testid="corrected-{original.pk}"' in history and "sudah dikoreksi" in history
    assert f'data-testid="correct-link-{original.pk}"' not in history


def test_a_supervisor_may_not_correct_and_another_cooperative_is_404(cooperative, member):
    original = deposit(cooperative, member)
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    url = reverse("members:savings_correct", args=[cooperative.slug, original.pk])
    assert _client(supervisor).post(url, {"reason": "x", "date": LATER.isoformat()}).status_code == 403
    stranger = person_with_role(RoleKind.MANAGER, savings_cooperative())
    assert _client(stranger).post(url, {"reason": "x", "date": LATER.isoformat()}).status_code == 404
    assert not SavingsTransaction.objects.filter(corrects=original).exists()


def test_the_api_corrects_once_with_a_client_key(cooperative, member):
    original = deposit(cooperative, member)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    url = f"/api/v1/cooperatives/{cooperative.slug}/savings/transactions/{original.pk}/correct"
    body = {"reason": "Salah input", "date": LATER.isoformat(), "client_key": "api-1"}
    first = _client(manager).post(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["corrects"] == original.pk and first.json()["kind"] == "withdrawal"
    again = _client(manager).post(url, body, content_type="application/json")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    refused = _client(manager).post(url, {**body, "client_key": "api-2"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "already_corrected"
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    assert _client(supervisor).post(url, body, content_type="application/json").status_code == 403
