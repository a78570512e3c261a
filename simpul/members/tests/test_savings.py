"""Savings: products from the by-laws, deposits and withdrawals, each rule's refusal writing nothing, the ledger."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.members.models import MemberStatus, SavingsAccount, SavingsKind, SavingsProduct, SavingsTransaction
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.tests.factories import MemberFactory

# calendar: deposits are dated, and refused in the future, by the cooperative's today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

DAY = datetime.date(2025, 3, 3)
POKOK = Decimal("100000")
WAJIB = Decimal("25000")


@pytest.fixture
def cooperative():
    cooperative = CooperativeFactory.create()
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=POKOK, wajib_amount=WAJIB)
    return cooperative


@pytest.fixture
def member(cooperative):
    return MemberFactory.create(cooperative=cooperative)


def deposit(cooperative, member, kind=SavingsKind.SUKARELA, amount=Decimal("50000"), **extra):
    return savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=amount, date=DAY, **extra
    )


def withdraw(cooperative, member, kind=SavingsKind.SUKARELA, amount=Decimal("10000"), **extra):
    return savings_withdraw(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=kind, amount=amount, date=DAY, **extra
    )


def counts() -> tuple[int, int, int, int]:
    return (
        SavingsTransaction.objects.count(),
        JournalEntry.objects.count(),
        AuditLog.objects.filter(event__startswith="savings.").count(),
        SavingsAccount.objects.exclude(balance=0).count(),
    )


def refused(call, code: str, message: str | None = None) -> ApplicationError:
    before = counts()
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code
    if message is not None:
        assert message in caught.value.message
    assert counts() == before, "a refusal wrote something"
    return caught.value


def test_products_setup_is_idempotent_and_updates_amounts():
    cooperative = CooperativeFactory.create()
    first = savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=POKOK, wajib_amount=WAJIB)
    again = savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=POKOK, wajib_amount=WAJIB)
    assert [p.pk for p in first] == [p.pk for p in again]
    assert SavingsProduct.objects.filter(cooperative=cooperative).count() == 3
    assert AuditLog.objects.filter(event="savings.products_set_up").count() == 1
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=POKOK, wajib_amount=Decimal("30000"))
    wajib = SavingsProduct.objects.get(cooperative=cooperative, kind=SavingsKind.WAJIB)
    assert wajib.fixed_amount == Decimal("30000") and wajib.name == "Simpanan Wajib" and wajib.sharia_contract == ""
    sukarela = SavingsProduct.objects.get(cooperative=cooperative, kind=SavingsKind.SUKARELA)
    assert sukarela.fixed_amount is None


def test_sharia_cooperative_labels_products_by_contract():
    cooperative = CooperativeFactory.create(is_sharia=True)
    savings_products_setup(
        cooperative=cooperative, actor=None, pokok_amount=POKOK, wajib_amount=WAJIB, sukarela_contract="mudharabah"
    )
    products = {p.kind: p for p in SavingsProduct.objects.filter(cooperative=cooperative)}
    assert products["sukarela"].sharia_contract == "mudharabah"
    assert products["sukarela"].name == "Simpanan Sukarela (Mudharabah)"
    assert products["pokok"].sharia_contract == "wadiah"


def test_products_setup_refuses_a_float_amount():
    cooperative = CooperativeFactory.create()
    with pytest.raises(ApplicationError) as caught:
        savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000.0, wajib_amount=WAJIB)  # type: ignore[arg-type]
    assert caught.value.code == "invalid_amount"
    assert not SavingsProduct.objects.filter(cooperative=cooperative).exists()


def test_deposit_moves_the_balance_and_posts_a_balanced_entry(cooperative, member):
    done = deposit(cooperative, member, amount=Decimal("75000.50"))
    account = SavingsAccount.objects.get(member=member, product__kind="sukarela")
    assert account.balance == Decimal("75000.50") and done.balance_after == Decimal("75000.50")
    entry = done.journal_entry
    assert entry.cooperative_id == cooperative.pk and entry.source == "savings"
    lines = {line.account.code: (line.debit, line.credit) for line in entry.lines.select_related("account")}
    assert lines == {
        chart.CASH: (Decimal("75000.50"), Decimal(0)),
        chart.SIMPANAN_SUKARELA: (Decimal(0), Decimal("75000.50")),
    }
    assert "Setoran Simpanan Sukarela" in entry.description
    assert AuditLog.objects.filter(event="savings.deposit", target_id=str(done.pk)).exists()


def test_withdrawal_posts_the_reverse_entry(cooperative, member):
    deposit(cooperative, member, amount=Decimal("50000"))
    done = withdraw(cooperative, member, amount=Decimal("20000"))
    assert done.balance_after == Decimal("30000")
    lines = {
        line.account.code: (line.debit, line.credit) for line in done.journal_entry.lines.select_related("account")
    }
    assert lines == {
        chart.SIMPANAN_SUKARELA: (Decimal("20000"), Decimal(0)),
        chart.CASH: (Decimal(0), Decimal("20000")),
    }
    totals = JournalLine.objects.filter(cooperative=cooperative).aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"] == Decimal("70000")


def test_pokok_and_wajib_post_to_their_equity_accounts(cooperative, member):
    pokok = deposit(cooperative, member, kind=SavingsKind.POKOK, amount=POKOK)
    wajib = deposit(cooperative, member, kind=SavingsKind.WAJIB, amount=WAJIB * 3)
    assert pokok.journal_entry.lines.get(credit__gt=0).account.code == chart.SIMPANAN_POKOK
    assert wajib.journal_entry.lines.get(credit__gt=0).account.code == chart.SIMPANAN_WAJIB
    assert wajib.balance_after == Decimal("75000")


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-5000"), Decimal("1.005"), 5000.0, "5000", True])
def test_a_zero_negative_float_or_odd_amount_is_refused(cooperative, member, amount):
    refused(lambda: deposit(cooperative, member, amount=amount), "invalid_amount")


def test_zero_amount_message_is_indonesian(cooperative, member):
    refused(lambda: deposit(cooperative, member, amount=0), "invalid_amount", "Jumlah harus lebih dari nol.")


def test_pokok_must_be_the_fixed_amount(cooperative, member):
    refused(
        lambda: deposit(cooperative, member, kind=SavingsKind.POKOK, amount=Decimal("50000")),
        "pokok_amount",
        "Simpanan pokok sebesar Rp100.000",
    )


def test_pokok_is_paid_once(cooperative, member):
    deposit(cooperative, member, kind=SavingsKind.POKOK, amount=POKOK)
    refused(lambda: deposit(cooperative, member, kind=SavingsKind.POKOK, amount=POKOK), "pokok_already_paid")


def test_wajib_is_a_whole_number_of_months(cooperative, member):
    refused(lambda: deposit(cooperative, member, kind=SavingsKind.WAJIB, amount=Decimal("30000")), "wajib_amount")


def test_withdrawal_beyond_the_balance_is_refused(cooperative, member):
    deposit(cooperative, member, amount=Decimal("10000"))
    refused(
        lambda: withdraw(cooperative, member, amount=Decimal("10000.01")),
        "insufficient_balance",
        "Penarikan melebihi saldo sebesar Rp10.000",
    )
    withdraw(cooperative, member, amount=Decimal("10000"))
    assert SavingsAccount.objects.get(member=member, product__kind="sukarela").balance == 0


def test_withdrawal_from_an_account_never_opened_is_refused(cooperative, member):
    refused(lambda: withdraw(cooperative, member), "insufficient_balance")
    assert not SavingsAccount.objects.filter(member=member).exists()


@pytest.mark.parametrize("kind", [SavingsKind.POKOK, SavingsKind.WAJIB])
def test_pokok_and_wajib_are_not_withdrawn_while_active(cooperative, member, kind):
    deposit(cooperative, member, kind=kind, amount=POKOK)
    refused(
        lambda: withdraw(cooperative, member, kind=kind, amount=WAJIB),
        "not_withdrawable",
        "hanya dapat ditarik ketika anggota keluar",
    )


def test_a_member_who_left_takes_back_pokok_but_cannot_deposit(cooperative, member):
    deposit(cooperative, member, kind=SavingsKind.POKOK, amount=POKOK)
    member.status, member.exit_date = MemberStatus.RESIGNED, DAY
    member.save()
    refused(
        lambda: deposit(cooperative, member), "member_not_active", "sudah bukan anggota aktif dan tidak dapat menyetor"
    )
    done = withdraw(cooperative, member, kind=SavingsKind.POKOK, amount=POKOK)
    assert done.balance_after == 0


def test_another_cooperatives_member_is_not_found(cooperative):
    stranger = MemberFactory.create()
    before = counts()
    with pytest.raises(NotFoundError):
        deposit(cooperative, stranger)
    with pytest.raises(NotFoundError):
        withdraw(cooperative, stranger)
    assert counts() == before


def test_future_date_and_unknown_kind_are_refused(cooperative, member):
    refused(
        lambda: savings_deposit(
            cooperative=cooperative,
            actor=None,
            member_id=member.pk,
            kind="sukarela",
            amount=1000,
            date=datetime.date(2999, 1, 1),
        ),
        "invalid_date",
    )
    refused(lambda: deposit(cooperative, member, kind="deposito"), "invalid_savings_kind")


def test_savings_not_set_up_is_refused():
    member = MemberFactory.create()
    refused(lambda: deposit(member.cooperative, member), "savings_not_set_up")


def test_a_replayed_client_key_returns_the_first_transaction(cooperative, member):
    first = deposit(cooperative, member, client_key="hp-7f3a")
    again = deposit(cooperative, member, client_key="hp-7f3a")
    assert again.pk == first.pk
    assert SavingsTransaction.objects.count() == 1
    assert SavingsAccount.objects.get(member=member, product__kind="sukarela").balance == Decimal("50000")


def test_the_same_client_key_in_another_cooperative_is_separate(cooperative, member):
    other = CooperativeFactory.create()
    savings_products_setup(cooperative=other, actor=None, pokok_amount=POKOK, wajib_amount=WAJIB)
    other_member = MemberFactory.create(cooperative=other)
    first = deposit(cooperative, member, client_key="k1")
    second = deposit(other, other_member, client_key="k1")
    assert first.pk != second.pk


# --- the member page: balances and history for the management, the form for the manager ----------------------


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


def savings_url(cooperative, member):
    return reverse("members:savings", args=[cooperative.slug, member.pk])


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "direction": "deposit",
        "kind": "sukarela",
        "amount": "150000",
        "date": DAY.isoformat(),
        "client_key": "form-1",
    }
    data.update(overrides)
    return data


def test_a_manager_records_a_deposit_from_the_member_page(client, cooperative, member, manager):
    client.force_login(manager)
    detail = client.get(reverse("members:detail", args=[cooperative.slug, member.pk]))
    assert 'data-testid="savings-form"' in detail.content.decode()
    response = client.post(savings_url(cooperative, member), form_data(), follow=True)
    saved = SavingsTransaction.objects.get()
    detail_url = reverse("members:detail", args=[cooperative.slug, member.pk])
    assert response.redirect_chain[-1][0] == f"{detail_url}?bukti={saved.pk}"
    body = response.content.decode()
    # The receipt is offered right away.
    assert 'data-testid="receipt-offer"' in body
    assert reverse("members:savings_receipt", args=[cooperative.slug, saved.pk]) in body
    # … WhatsApp included: a wa.me link whose message carries the receipt's shareable link.
    offer = re.search(r'href="(https://wa\.me/[^"]+)"[^>]*data-testid="receipt-offer-whatsapp"', body)
    assert offer is not None
    assert "%2Fbukti%2F" in offer.group(1)
    assert "Setoran Rp150.000 ke Simpanan Sukarela tercatat." in body
    assert 'data-testid="savings-history"' in body and "Rp150.000" in body
    # The same form sent twice (a double click) is one deposit.
    client.post(savings_url(cooperative, member), form_data())
    assert SavingsAccount.objects.get(member=member).balance == Decimal("150000")


def test_a_refused_withdrawal_shows_the_reason_with_status_400(client, cooperative, member, manager):
    client.force_login(manager)
    response = client.post(savings_url(cooperative, member), form_data(direction="withdrawal", amount="5000"))
    assert response.status_code == 400
    assert "Penarikan melebihi saldo sebesar Rp0" in response.content.decode()
    assert not SavingsTransaction.objects.exists()


def test_a_supervisor_sees_balances_but_no_form_and_may_not_post(client, cooperative, member):
    deposit(cooperative, member)
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    client.force_login(supervisor)
    detail = client.get(reverse("members:detail", args=[cooperative.slug, member.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and 'data-testid="savings-balances"' in body and "Rp50.000" in body
    assert 'data-testid="savings-form"' not in body
    assert client.post(savings_url(cooperative, member), form_data()).status_code == 403
    assert SavingsTransaction.objects.count() == 1


def test_another_cooperatives_member_page_is_404(client, cooperative, manager):
    stranger = MemberFactory.create()
    client.force_login(manager)
    assert client.post(savings_url(cooperative, stranger), form_data()).status_code == 404
    assert not SavingsTransaction.objects.exists()


def test_the_member_page_with_savings_history_without_extra_queries(
    client, cooperative, member, manager, django_assert_max_num_queries
):
    for _ in range(20):
        deposit(cooperative, member, amount=Decimal("1000"))
    url = reverse("members:detail", args=[cooperative.slug, member.pk])
    client.force_login(manager)
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["savings_history"]) == 20
