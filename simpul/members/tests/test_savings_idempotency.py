"""A savings client key stands for one request: the same key with another body is a 409 that writes nothing; the
same key with the same body still answers with the first transaction (issue 9 §5)."""

import datetime
import functools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ConflictError
from simpul.ledger.models import JournalEntry
from simpul.members.idempotency import savings_request_hash
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

JSON = "application/json"
DAY = "2025-03-03"
REUSED = "Kunci client_key ini sudah dipakai untuk permintaan lain"


def _coop():
    cooperative = CooperativeFactory.create(slug="sumber-rejeki")
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )
    return cooperative


@pytest.fixture
def coop(db):
    return _coop()


@pytest.fixture
def member(coop):
    return MemberFactory.create(cooperative=coop, name="Siti", join_date=datetime.date(2024, 5, 1))


@pytest.fixture
def manager(coop):
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, coop))
    return client


def url(member, direction="deposits"):
    return f"/api/v1/cooperatives/{member.cooperative.slug}/members/{member.pk}/savings/{direction}"


def body(**overrides):
    return {"kind": "sukarela", "amount": "50000", "date": DAY, "client_key": "hp-1", **overrides}


@pytest.fixture
def first(manager, member):
    response = manager.post(url(member), body(), content_type=JSON)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"amount": "60000"},
        {"kind": "wajib", "amount": "25000"},
        {"date": "2025-03-02"},
    ],
    ids=["amount", "product", "date"],
)
def test_the_same_key_with_another_body_is_a_409_that_writes_nothing(manager, member, first, change):
    response = manager.post(url(member), body(**change), content_type=JSON)
    assert response.status_code == 409, response.content
    answer = response.json()
    assert answer["code"] == "idempotency_key_reused"
    assert answer["message"].startswith(REUSED)
    assert answer["detail"] == {"field": "client_key"}
    assert SavingsTransaction.objects.count() == 1
    assert JournalEntry.objects.filter(cooperative=member.cooperative).count() == 1


@pytest.mark.django_db
def test_the_same_key_for_another_member_is_a_409(manager, member, first):
    other = MemberFactory.create(cooperative=member.cooperative, join_date=datetime.date(2024, 5, 1))
    response = manager.post(url(other), body(), content_type=JSON)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert not SavingsAccount.objects.filter(member=other, balance__gt=0).exists()
    assert SavingsTransaction.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_as_a_withdrawal_is_a_409_not_the_deposit(manager, member, first):
    response = manager.post(url(member, "withdrawals"), body(amount="50000"), content_type=JSON)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert SavingsAccount.objects.get(member=member, product__kind="sukarela").balance == Decimal("50000")


@pytest.mark.django_db
def test_the_same_key_with_the_same_body_returns_the_first_transaction(manager, member, first):
    # "50000.00" is the same amount as "50000".
    again = manager.post(url(member), body(amount="50000.00"), content_type=JSON)
    assert again.status_code == 201
    assert again.json()["id"] == first["id"]
    assert SavingsTransaction.objects.count() == 1


@pytest.mark.django_db
def test_the_hash_of_the_request_is_stored_beside_the_key(member, first):
    row = SavingsTransaction.objects.get(pk=first["id"])
    assert row.request_hash == savings_request_hash(
        direction="deposit",
        member_id=member.pk,
        kind="sukarela",
        amount=Decimal("50000"),
        date=datetime.date(2025, 3, 3),
    )
    assert row.request_hash != savings_request_hash(
        direction="withdrawal",
        member_id=member.pk,
        kind="sukarela",
        amount=Decimal("50000"),
        date=datetime.date(2025, 3, 3),
    )


@pytest.mark.django_db
def test_without_a_key_nothing_is_hashed(manager, member):
    response = manager.post(url(member), body(client_key=None), content_type=JSON)
    assert SavingsTransaction.objects.get(pk=response.json()["id"]).request_hash is None


@pytest.mark.django_db
def test_an_old_form_sent_again_with_other_values_says_so_and_gets_a_new_key(coop, member):
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, coop))
    page = reverse("members:savings", args=[coop.slug, member.pk])
    form = {"direction": "deposit", "kind": "sukarela", "amount": "150000", "date": DAY, "client_key": "form-1"}
    assert client.post(page, form).status_code == 302
    response = client.post(page, {**form, "amount": "175000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Formulir ini sudah dikirim dan tercatat dengan nilai lain." in html
    assert 'value="form-1"' not in html  # a new key: sending it again records this one
    assert SavingsTransaction.objects.count() == 1


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_two_requests_at_once_with_one_key_and_different_bodies_write_exactly_one():
    """Two threads, each its own connection; on PostgreSQL the unique key index decides, on SQLite the write lock."""
    cooperative = _coop()
    one = MemberFactory.create(cooperative=cooperative, join_date=datetime.date(2024, 5, 1))
    two = MemberFactory.create(cooperative=cooperative, join_date=datetime.date(2024, 5, 1))
    move = {"cooperative": cooperative, "actor": None, "kind": "sukarela", "date": datetime.date(2025, 3, 3)}
    works = [
        functools.partial(savings_deposit, **move, member_id=one.pk, amount=Decimal("10000"), client_key="same"),
        functools.partial(savings_deposit, **move, member_id=two.pk, amount=Decimal("20000"), client_key="same"),
    ]
    results = _run_at_once(works)
    written = [r for r in results if isinstance(r, SavingsTransaction)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(written) == 1 and len(refused) == 1, results
    assert refused[0].code == "idempotency_key_reused"
    assert SavingsTransaction.objects.filter(cooperative=cooperative).count() == 1
    assert JournalEntry.objects.filter(cooperative=cooperative).count() == 1
    winner = written[0]
    loser = two if winner.account.member_id == one.pk else one
    assert not SavingsAccount.objects.filter(member=loser, balance__gt=0).exists()


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_the_same_request_twice_at_once_is_one_transaction_for_both():
    cooperative = _coop()
    member = MemberFactory.create(cooperative=cooperative, join_date=datetime.date(2024, 5, 1))
    savings_deposit(
        cooperative=cooperative,
        actor=None,
        member_id=member.pk,
        kind="sukarela",
        amount=Decimal(90000),
        date=datetime.date(2025, 3, 3),
    )
    move = {
        "cooperative": cooperative,
        "actor": None,
        "member_id": member.pk,
        "kind": "sukarela",
        "amount": Decimal("30000"),
        "date": datetime.date(2025, 3, 3),
        "client_key": "retry",
    }
    results = _run_at_once([functools.partial(savings_withdraw, **move) for _ in range(2)])
    first, second = results
    assert isinstance(first, SavingsTransaction) and isinstance(second, SavingsTransaction), results
    assert first.pk == second.pk
    assert SavingsAccount.objects.get(member=member).balance == Decimal("60000")
