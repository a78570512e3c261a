"""The sales pages: a day's sales, the sales waiting for review, one sale, and the manager's review."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.models import AuditLog
from simpul.mart.models import Sale, Shift
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, make_mart

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def mart() -> Mart:
    return make_mart()


def sell(mart: Mart, cashier=None, offline=False, quantity="1"):  # type: ignore[no-untyped-def]
    return sale_record(
        cooperative=mart.cooperative,
        actor=cashier or mart.cashier,
        outlet_id=mart.outlet.pk,
        client_id=uuid.uuid4(),
        lines=[{"product_id": mart.noodles.pk, "quantity": quantity}],
        payments=[{"method": "cash", "amount": "1000000"}],
        offline=offline,
        sold_at=timezone.now() - dt.timedelta(minutes=5) if offline else None,
        shift_id=mart.shift.pk if offline else None,
    ).sale


def test_the_manager_sees_the_days_sales_and_opens_one(client, mart):
    sale = sell(mart)
    client.force_login(mart.manager)
    page = client.get(reverse("mart:sales", args=[mart.cooperative.slug]))
    assert page.status_code == 200
    assert sale.number in page.content.decode()
    detail = client.get(reverse("mart:sale", args=[mart.cooperative.slug, sale.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Mie Instan" in text and 'data-testid="sale-void-link"' in text


def test_the_list_runs_a_fixed_number_of_queries(client, mart):
    client.force_login(mart.manager)
    url = reverse("mart:sales", args=[mart.cooperative.slug])
    sell(mart)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        sell(mart)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_sale_with_problems_waits_for_the_managers_review(client, mart):
    flagged = sell(mart, offline=True, quantity="150")  # more than the 100 on the shelf
    assert flagged.problems
    client.force_login(mart.manager)
    listing = client.get(reverse("mart:sales", args=[mart.cooperative.slug]), {"tinjau": "1"})
    assert flagged.number in listing.content.decode() and 'data-testid="sales-to-review"' in listing.content.decode()
    url = reverse("mart:sale", args=[mart.cooperative.slug, flagged.pk])
    answer = client.post(url, {"note": "Stok dihitung ulang besok"})
    assert answer.status_code == 302
    flagged.refresh_from_db()
    assert flagged.reviewed_at is not None
    assert AuditLog.objects.filter(event="mart.sale_reviewed", target_id=str(flagged.pk)).exists()
    again = client.post(url, {"note": ""})
    assert again.status_code == 400 and "sudah ditinjau" in again.content.decode()


def test_a_supervisor_reads_but_cannot_review(client, mart):
    flagged = sell(mart, offline=True, quantity="150")
    supervisor = person_with_role(RoleKind.SUPERVISOR, mart.cooperative)
    client.force_login(supervisor)
    url = reverse("mart:sale", args=[mart.cooperative.slug, flagged.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    flagged.refresh_from_db()
    assert flagged.reviewed_at is None


def test_a_cashier_sees_only_their_own_sales(client, mart):
    mine = sell(mart)
    colleague = person_with_role(RoleKind.CASHIER, mart.cooperative)
    Shift.objects.create(cooperative=mart.cooperative, outlet=mart.outlet, cashier=colleague)
    theirs = sell(mart, cashier=colleague)
    client.force_login(mart.cashier)
    page = client.get(reverse("mart:sales", args=[mart.cooperative.slug])).content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(reverse("mart:sale", args=[mart.cooperative.slug, theirs.pk])).status_code == 404


def test_another_cooperatives_sale_is_not_found(client, mart):
    other = make_mart()
    sale = sell(other)
    client.force_login(mart.manager)
    assert client.get(reverse("mart:sale", args=[mart.cooperative.slug, sale.pk])).status_code == 404
    assert Sale.objects.filter(pk=sale.pk).exists()
