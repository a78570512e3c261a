"""Savings products: the page, amount changes from a month on (history), sharia contracts and wording."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from simpul.coops.models import Cooperative
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.members.models import SavingsKind, SavingsProduct, SavingsRate
from simpul.members.savings.services import rate_on, savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

# calendar: a new wajib amount applies from a month after the cooperative's today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def today(monkeypatch):
    holder = {"day": datetime.date(2025, 5, 10)}
    monkeypatch.setattr(Cooperative, "today", lambda cooperative: holder["day"])
    return holder


def setup(cooperative, **extra):
    arguments: dict[str, Any] = {"pokok_amount": 100000, "wajib_amount": 25000}
    arguments.update(extra)
    return savings_products_setup(cooperative=cooperative, actor=None, **arguments)


def test_a_change_applies_from_its_month_and_keeps_the_past(today):
    cooperative = CooperativeFactory.create()
    setup(cooperative, effective_from=datetime.date(2024, 1, 15))
    wajib = SavingsProduct.objects.get(cooperative=cooperative, kind=SavingsKind.WAJIB)
    assert list(wajib.rates.values_list("effective_from", "amount")) == [(datetime.date(2024, 1, 1), Decimal(25000))]
    setup(cooperative, wajib_amount=30000, effective_from=datetime.date(2025, 6, 1))
    assert rate_on(wajib, datetime.date(2025, 5, 31)) == Decimal(25000)
    assert rate_on(wajib, datetime.date(2025, 6, 1)) == Decimal(30000)
    wajib.refresh_from_db()
    assert wajib.fixed_amount == Decimal(30000)
    # Calling again with the same amounts changes nothing.
    logged = AuditLog.objects.filter(event="savings.products_set_up").count()
    setup(cooperative, wajib_amount=30000, effective_from=datetime.date(2025, 6, 1))
    assert AuditLog.objects.filter(event="savings.products_set_up").count() == logged


def test_a_change_never_reaches_back(today):
    cooperative = CooperativeFactory.create()
    setup(cooperative, effective_from=datetime.date(2024, 1, 1))
    rates = SavingsRate.objects.count()
    with pytest.raises(ApplicationError) as caught:
        setup(cooperative, wajib_amount=30000, effective_from=datetime.date(2025, 4, 1))
    assert caught.value.extra["field"] == "effective_from"
    assert SavingsRate.objects.count() == rates
    assert SavingsProduct.objects.get(cooperative=cooperative, kind="wajib").fixed_amount == Decimal(25000)


@pytest.mark.parametrize("amount", [0, -1, Decimal("0.001"), 2.5, "abc"])
def test_bad_amounts_are_refused_and_nothing_written(amount):
    cooperative = CooperativeFactory.create()
    with pytest.raises(ApplicationError):
        setup(cooperative, wajib_amount=amount)
    assert not SavingsProduct.objects.filter(cooperative=cooperative).exists()
    assert not SavingsRate.objects.exists()


def test_wajib_deposit_is_checked_against_the_amount_of_its_month(today):
    cooperative = CooperativeFactory.create()
    setup(cooperative, effective_from=datetime.date(2025, 1, 1))
    setup(cooperative, wajib_amount=30000)  # from May 2025
    member = MemberFactory.create(cooperative=cooperative)

    def pay(amount, day):
        return savings_deposit(
            cooperative=cooperative, actor=None, member_id=member.pk, kind="wajib", amount=amount, date=day
        )

    assert pay(50000, datetime.date(2025, 4, 1)).amount == Decimal(50000)
    assert pay(60000, datetime.date(2025, 5, 2)).amount == Decimal(60000)
    with pytest.raises(ApplicationError) as caught:
        pay(25000, datetime.date(2025, 5, 3))
    assert caught.value.code == "wajib_amount"


def test_sharia_contract_per_product_and_wording(client):
    cooperative = CooperativeFactory.create(is_sharia=True)
    setup(cooperative, wajib_contract="mudharabah", sukarela_contract="wadiah")
    names = dict(SavingsProduct.objects.filter(cooperative=cooperative).values_list("kind", "name"))
    assert names == {
        "pokok": "Simpanan Pokok (Wadiah)",
        "wajib": "Simpanan Wajib (Mudharabah)",
        "sukarela": "Simpanan Sukarela (Wadiah)",
    }
    with pytest.raises(ApplicationError) as caught:
        setup(cooperative, pokok_contract="riba")
    assert caught.value.extra["field"] == "pokok_contract"
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    body = client.get(reverse("members:savings_products", args=[cooperative.slug])).content.decode()
    assert 'data-testid="sharia-note"' in body and "Simpanan Sukarela (Wadiah)" in body
    assert "titipan" in body and "bunga" not in body.lower().replace("bagi hasil", "")
    assert 'data-testid="savings-products-form"' not in body  # supervisors read only
    member = MemberFactory.create(cooperative=cooperative)
    row = savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela", amount=5000, date=member.join_date
    )
    receipt = client.get(reverse("members:savings_receipt", args=[cooperative.slug, row.pk])).content.decode()
    assert "Wadiah" in receipt and "titipan" in receipt and "bunga" not in receipt.lower()
    assert 'data-testid="receipt-contract"' in receipt


def test_the_products_page_sets_up_and_refuses(client):
    cooperative = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    client.force_login(manager)
    url = reverse("members:savings_products", args=[cooperative.slug])
    assert 'data-testid="savings-products-form"' in client.get(url).content.decode()
    response = client.post(url, {"pokok_amount": "0", "wajib_amount": "25000", "effective_from": "2024-01"})
    assert response.status_code == 400 and 'data-testid="form-error"' not in response.content.decode()
    assert not SavingsProduct.objects.filter(cooperative=cooperative).exists()
    response = client.post(url, {"pokok_amount": "100000", "wajib_amount": "abc", "effective_from": "2024-01"})
    assert response.status_code == 400
    assert not SavingsProduct.objects.filter(cooperative=cooperative).exists()
    response = client.post(url, {"pokok_amount": "100000", "wajib_amount": "25000", "effective_from": "2024-01"})
    assert response.status_code == 302
    wajib = SavingsProduct.objects.get(cooperative=cooperative, kind="wajib")
    assert wajib.fixed_amount == Decimal(25000)
    assert wajib.rates.get().effective_from == datetime.date(2024, 1, 1)
    body = client.get(url).content.decode()
    assert 'data-testid="savings-rates"' in body and "01/2024" in body


def test_a_supervisor_may_not_post_and_a_stranger_gets_404(client):
    cooperative = CooperativeFactory.create()
    url = reverse("members:savings_products", args=[cooperative.slug])
    data = {"pokok_amount": "100000", "wajib_amount": "25000", "effective_from": "2024-01"}
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert client.post(url, data).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.post(url, data).status_code == 404
    assert client.get(url).status_code == 404
    assert not SavingsProduct.objects.filter(cooperative=cooperative).exists()
