"""Receipts (bukti setoran/penarikan): numbered by the journal entry, the amount in words, page and PDF."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.savings.selectors import receipt_number, rupiah_in_words
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("1"), "Satu rupiah"),
        (Decimal("1000"), "Seribu rupiah"),
        (Decimal("25000"), "Dua puluh lima ribu rupiah"),
        (Decimal("111000"), "Seratus sebelas ribu rupiah"),
        (Decimal("1250000"), "Satu juta dua ratus lima puluh ribu rupiah"),
        (Decimal("2000500.50"), "Dua juta lima ratus rupiah lima puluh sen"),
    ],
)
def test_amount_in_words(amount, words):
    assert rupiah_in_words(amount) == words


@pytest.fixture
def cooperative():
    cooperative = CooperativeFactory.create(name="Koperasi Sumber Rejeki")
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    return cooperative


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative, full_name="Sri Kasir")


@pytest.fixture
def row(cooperative, manager):
    member = MemberFactory.create(cooperative=cooperative, name="Siti Aminah")
    return savings_deposit(
        cooperative=cooperative, actor=manager, member_id=member.pk, kind="sukarela", amount=1250000, date=DAY
    )


def test_receipt_page_shows_everything(client, cooperative, manager, row):
    client.force_login(manager)
    response = client.get(reverse("members:savings_receipt", args=[cooperative.slug, row.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    number = f"BS-{row.journal_entry.number:06d}"
    assert receipt_number(row) == number and number in body
    for text in ["Koperasi Sumber Rejeki", "Siti Aminah", "Simpanan Sukarela", "Rp1.250.000", "Sri Kasir"]:
        assert text in body
    assert "Satu juta dua ratus lima puluh ribu rupiah" in body
    assert reverse("members:savings_receipt_pdf", args=[cooperative.slug, row.pk]) in body


def test_withdrawal_receipt_is_bp_with_the_balance_after(client, cooperative, manager, row):
    out = savings_withdraw(
        cooperative=cooperative,
        actor=manager,
        member_id=row.account.member_id,
        kind="sukarela",
        amount=250000,
        date=DAY,
    )
    client.force_login(manager)
    body = client.get(reverse("members:savings_receipt", args=[cooperative.slug, out.pk])).content.decode()
    assert f"BP-{out.journal_entry.number:06d}" in body and "Rp1.000.000" in body


def test_receipt_pdf(client, cooperative, manager, row):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    response = client.get(reverse("members:savings_receipt_pdf", args=[cooperative.slug, row.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"bs-{row.journal_entry.number:06d}" in response["Content-Disposition"]


def test_another_cooperatives_receipt_is_404(client, cooperative, manager):
    other = CooperativeFactory.create()
    savings_products_setup(cooperative=other, actor=None, pokok_amount=100000, wajib_amount=25000)
    stranger = MemberFactory.create(cooperative=other)
    foreign = savings_deposit(
        cooperative=other, actor=None, member_id=stranger.pk, kind="sukarela", amount=5000, date=DAY
    )
    client.force_login(manager)
    assert client.get(reverse("members:savings_receipt", args=[cooperative.slug, foreign.pk])).status_code == 404
    assert client.get(reverse("members:savings_receipt_pdf", args=[cooperative.slug, foreign.pk])).status_code == 404
    assert client.get(reverse("members:savings_receipt", args=[cooperative.slug, 999999])).status_code == 404


def test_cashier_may_not_open_receipts(client, cooperative, row):
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(reverse("members:savings_receipt", args=[cooperative.slug, row.pk])).status_code == 403


def test_member_page_links_each_history_row_to_its_receipt(client, cooperative, manager, row):
    client.force_login(manager)
    body = client.get(reverse("members:detail", args=[cooperative.slug, row.account.member_id])).content.decode()
    assert reverse("members:savings_receipt", args=[cooperative.slug, row.pk]) in body
