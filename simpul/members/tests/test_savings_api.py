"""The savings API: the same rules and access as the pages, refusals as {code, message, detail} with nothing
written."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.tokens import api_token_create
from simpul.ledger.models import JournalEntry
from simpul.members.models import MemberStatus, SavingsTransaction
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]  # an undated deposit is dated the cooperative's today

JSON = "application/json"
DAY = "2025-03-03"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coop():
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
def member(coop):
    return MemberFactory.create(cooperative=coop, name="Siti", join_date=datetime.date(2024, 5, 1))


@pytest.fixture
def manager(coop):
    return logged_in(person_with_role(RoleKind.MANAGER, coop))


def base(member):
    return f"/api/v1/cooperatives/{member.cooperative.slug}/members/{member.pk}/savings"


def error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    return body["code"]


def written():
    return SavingsTransaction.objects.count(), JournalEntry.objects.count()


def test_deposit_withdraw_and_history(manager, member):
    response = manager.post(
        f"{base(member)}/deposits", {"kind": "sukarela", "amount": "150000", "date": DAY}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "deposit" and Decimal(body["amount"]) == 150000 and Decimal(body["balance_after"]) == 150000
    assert body["receipt_number"].startswith("BS-") and body["amount_in_words"] == "Seratus lima puluh ribu rupiah"
    response = manager.post(
        f"{base(member)}/withdrawals", {"kind": "sukarela", "amount": 50000, "date": DAY}, content_type=JSON
    )
    assert response.status_code == 201 and response.json()["receipt_number"].startswith("BP-")
    savings = manager.get(base(member)).json()
    assert {b["product"]: Decimal(b["balance"]) for b in savings["balances"]} == {
        "pokok": 0,
        "wajib": 0,
        "sukarela": 100000,
    }
    assert [row["kind"] for row in savings["history"]] == ["withdrawal", "deposit"]
    one = manager.get(f"/api/v1/cooperatives/{member.cooperative.slug}/savings/transactions/{body['id']}")
    assert one.status_code == 200 and one.json()["id"] == body["id"]


def test_client_key_records_once(manager, member):
    payload = {"kind": "sukarela", "amount": "1000", "date": DAY, "client_key": "hp-1"}
    first = manager.post(f"{base(member)}/deposits", payload, content_type=JSON).json()
    again = manager.post(f"{base(member)}/deposits", payload, content_type=JSON).json()
    assert first["id"] == again["id"]
    assert SavingsTransaction.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "payload", "status", "code"),
    [
        ("withdrawals", {"kind": "sukarela", "amount": "1000", "date": DAY}, 400, "insufficient_balance"),
        ("withdrawals", {"kind": "pokok", "amount": "1000", "date": DAY}, 400, "not_withdrawable"),
        ("withdrawals", {"kind": "wajib", "amount": "1000", "date": DAY}, 400, "not_withdrawable"),
        ("deposits", {"kind": "sukarela", "amount": "0", "date": DAY}, 400, "invalid_amount"),
        ("deposits", {"kind": "sukarela", "amount": "-5", "date": DAY}, 400, "invalid_amount"),
        ("deposits", {"kind": "sukarela", "amount": "1.001", "date": DAY}, 400, "invalid_amount"),
        ("deposits", {"kind": "sukarela", "amount": "abc", "date": DAY}, 400, "invalid_amount"),
        ("deposits", {"kind": "emas", "amount": "1000", "date": DAY}, 400, "invalid_savings_kind"),
        ("deposits", {"kind": "sukarela", "amount": "1000", "date": "2999-01-01"}, 400, "invalid_date"),
        ("deposits", {"kind": "pokok", "amount": "5000", "date": DAY}, 400, "pokok_amount"),
    ],
)
def test_refusals_write_nothing(manager, member, path, payload, status, code):
    before = written()
    got = error(manager.post(f"{base(member)}/{path}", payload, content_type=JSON), status)
    if code:
        assert got == code
    assert written() == before


def test_foreign_member_and_transaction_are_404(manager, coop):
    other = CooperativeFactory.create()
    savings_products_setup(cooperative=other, actor=None, pokok_amount=100000, wajib_amount=25000)
    stranger = MemberFactory.create(cooperative=other)
    row = savings_deposit(
        cooperative=other,
        actor=None,
        member_id=stranger.pk,
        kind="sukarela",
        amount=5000,
        date=datetime.date(2025, 3, 3),
    )
    before = written()
    url = f"/api/v1/cooperatives/{coop.slug}/members/{stranger.pk}/savings"
    assert error(manager.get(url), 404) == "not_found"
    payload = {"kind": "sukarela", "amount": "1000", "date": DAY}
    assert error(manager.post(f"{url}/deposits", payload, content_type=JSON), 404) == "not_found"
    assert error(manager.get(f"/api/v1/cooperatives/{coop.slug}/savings/transactions/{row.pk}"), 404) == "not_found"
    assert written() == before


def test_supervisor_reads_but_may_not_write_cashier_gets_403(coop, member):
    supervisor = logged_in(person_with_role(RoleKind.SUPERVISOR, coop))
    assert supervisor.get(base(member)).status_code == 200
    payload = {"kind": "sukarela", "amount": "1000", "date": DAY}
    assert error(supervisor.post(f"{base(member)}/deposits", payload, content_type=JSON), 403)
    cashier = logged_in(person_with_role(RoleKind.CASHIER, coop))
    assert error(cashier.get(base(member)), 403)
    assert not SavingsTransaction.objects.exists()


def test_products_and_wajib_arrears_by_token(coop, member):
    user = person_with_role(RoleKind.MANAGER, coop)
    _token, key = api_token_create(user=user, name="skrip")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    products = client.get(f"/api/v1/cooperatives/{coop.slug}/savings/products").json()
    assert [p["kind"] for p in products] == ["pokok", "wajib", "sukarela"]
    assert products[1]["rates"][0]["effective_from"] == "2025-01-01"
    MemberFactory.create(cooperative=coop, status=MemberStatus.RESIGNED, exit_date=datetime.date(2024, 12, 1))
    arrears = client.get(f"/api/v1/cooperatives/{coop.slug}/savings/wajib-arrears").json()
    assert arrears["count"] == 1 and [a["member_id"] for a in arrears["items"]] == [member.pk]
    item = arrears["items"][0]
    assert item["since"] == "2025-01-01" and item["months"] >= 1
    assert Decimal(item["amount"]) == Decimal(25000) * item["months"] == Decimal(arrears["total"])


def test_set_products_over_the_api(manager, coop):
    response = manager.put(
        f"/api/v1/cooperatives/{coop.slug}/savings/products",
        {"pokok_amount": "150000", "wajib_amount": "25000"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert Decimal(response.json()[0]["fixed_amount"]) == 150000
    bad = manager.put(
        f"/api/v1/cooperatives/{coop.slug}/savings/products",
        {"pokok_amount": "0", "wajib_amount": "25000"},
        content_type=JSON,
    )
    assert error(bad, 400) == "invalid_amount"
