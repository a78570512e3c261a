"""Money in the savings API follows the one rule (simpul.core.money): a string or a whole number, never a JSON
float, at most two decimals, within the column, more than zero. Every refusal is a 400 "invalid_amount" that
writes nothing; "-1E+30" used to be a 500 (decimal.InvalidOperation)."""

import datetime

import pytest
from django.test import Client

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.ledger.models import JournalEntry
from simpul.members.models import SavingsProduct, SavingsTransaction
from simpul.members.savings.services import savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
DAY = "2025-03-03"


@pytest.fixture
def coop():
    cooperative = CooperativeFactory.create(slug="sumber-rejeki")
    savings_products_setup(
        cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    return cooperative


@pytest.fixture
def manager(coop):
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, coop))
    return client


@pytest.fixture
def url(coop):
    member = MemberFactory.create(cooperative=coop, join_date=datetime.date(2024, 5, 1))
    return f"/api/v1/cooperatives/{coop.slug}/members/{member.pk}/savings"


@pytest.mark.parametrize("direction", ["deposits", "withdrawals"])
@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-1E+30", "bukan jumlah uang"),
        ("1E+30", "bukan jumlah uang"),
        ("NaN", "bukan jumlah uang"),
        ("Infinity", "bukan jumlah uang"),
        ("1.000,50", "bukan jumlah uang"),
        (1.5, "teks"),
        (25000.0, "teks"),
        (True, "teks"),
        ("1.001", "dua angka"),
        ("10000000000000000", "terlalu besar"),
        (10**20, "terlalu besar"),
        ("-5", "lebih dari nol"),
        (0, "lebih dari nol"),
    ],
)
def test_a_bad_amount_is_a_400_that_writes_nothing(manager, url, direction, amount, words):
    response = manager.post(f"{url}/{direction}", {"kind": "sukarela", "amount": amount, "date": DAY}, JSON)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_amount" and words in body["message"]
    assert body["detail"][0]["field"] == "amount"
    assert SavingsTransaction.objects.count() == 0 and JournalEntry.objects.count() == 0


@pytest.mark.parametrize("amount", ["150000.50", " 150000.5 ", 150000, "+150000"])
def test_a_string_or_a_whole_number_is_accepted(manager, url, amount):
    response = manager.post(f"{url}/deposits", {"kind": "sukarela", "amount": amount, "date": DAY}, JSON)
    assert response.status_code == 201, response.content
    assert SavingsTransaction.objects.get().amount in {150000, 150000.50}


def test_product_amounts_follow_the_same_rule(manager, coop):
    url = f"/api/v1/cooperatives/{coop.slug}/savings/products"
    response = manager.put(url, {"pokok_amount": 100000.5, "wajib_amount": "25000"}, JSON)
    assert response.status_code == 400 and response.json()["code"] == "invalid_amount"
    assert response.json()["detail"][0]["field"] == "pokok_amount"
    assert SavingsProduct.objects.get(cooperative=coop, kind="pokok").fixed_amount == 100000


def test_the_schema_says_string_or_integer():
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["MoveIn"]
    kinds = {alt["type"] for alt in schema["properties"]["amount"]["anyOf"]}
    assert kinds == {"string", "integer"}


@pytest.mark.parametrize("amount", ["-1E+30", "1E+30", "-99999999999999999.99"])
def test_the_service_refuses_an_amount_past_the_column_whatever_its_sign(coop, amount):
    """Callers other than the API (forms, imports, later apps) get the same refusal, not decimal.InvalidOperation."""
    from decimal import Decimal

    from simpul.core.exceptions import ApplicationError
    from simpul.members.savings.services import savings_deposit

    member = MemberFactory.create(cooperative=coop, join_date=datetime.date(2024, 5, 1))
    with pytest.raises(ApplicationError) as refused:
        savings_deposit(
            cooperative=coop, actor=None, member_id=member.pk, kind="sukarela", amount=Decimal(amount),
            date=datetime.date(2025, 3, 3),
        )  # fmt: skip
    assert refused.value.code == "invalid_amount"
    assert not SavingsTransaction.objects.filter(cooperative=coop).exists()
