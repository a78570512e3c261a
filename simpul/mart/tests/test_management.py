"""The network coordinator's view of its member marts (/jaringan/<slug>/mart/): sales today and this month in each
cooperative's zone, margin, stock value, staples below minimum, checklists, cash variances, quiet marts; a fixed
number of queries whatever the number of cooperatives; only the network's coordinators reach it."""

import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OutletFactory,
    person_with_role,
)
from simpul.mart.models import Product, Sale, Shift, ShiftStatus, StockLevel
from simpul.mart.network.selectors_management import checklist_counts, network_marts
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, make_mart

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def sell_noodles(mart: Mart, quantity: int) -> Sale:
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        client_id=uuid.uuid4(),
        lines=[{"product_id": mart.noodles.pk, "quantity": str(quantity)}],
        payments=[{"method": "cash", "amount": str(quantity * 3500)}],
    ).sale


def join(network, mart: Mart, status: str = MembershipStatus.ACTIVE) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory.create(network=network, cooperative=mart.cooperative, status=status)


@pytest.fixture
def network():  # type: ignore[no-untyped-def]
    return NetworkFactory.create()


def test_each_member_mart_shows_its_sales_margin_stock_and_problems(network):
    busy, quiet = make_mart(), make_mart()
    join(network, busy)
    join(network, quiet)
    outsider = make_mart()
    sell_noodles(busy, 10)  # Rp35.000, cost Rp28.000
    sell_noodles(outsider, 50)
    # A sale earlier this month (when today is not the 1st) counts for the month only.
    earlier = sell_noodles(busy, 2)
    today = busy.cooperative.today()
    if today.day > 1:
        Sale.objects.filter(pk=earlier.pk).update(business_date=today - dt.timedelta(days=1))
    Product.objects.filter(pk=quiet.rice.pk).update(min_stock=D(80))  # 50 kg on hand
    Sale.objects.filter(cooperative=quiet.cooperative).delete()  # nothing sold there, ever
    busy.shift.opening_checklist = [{"text": "Buka kas", "done": True}, {"text": "Cek harga", "done": False}]
    busy.shift.status = ShiftStatus.CLOSED
    busy.shift.closing_checklist = [{"text": "Hitung kas", "done": True}, {"text": "Kunci pintu", "done": True}]
    busy.shift.cash_variance = D(-5000)
    busy.shift.save()

    marts = network_marts(network=network)
    rows = {row.cooperative.pk: row for row in marts.rows}
    assert set(rows) == {busy.cooperative.pk, quiet.cooperative.pk}  # the outsider is not in the network
    row = rows[busy.cooperative.pk]
    assert row.today_sales == (D(35000) if today.day > 1 else D(42000))
    assert row.month_sales == D(42000) and row.month_margin == D(42000 - 33600)
    assert row.stock_value == D(88 * 2800 + 50 * 12000)
    assert (row.checks_ticked, row.checks_total, row.checklist_percent) == (3, 4, 75)
    assert row.variance_shifts == 1 and row.variance_total == D(-5000)
    assert not row.quiet and row.staples_short == []
    other = rows[quiet.cooperative.pk]
    assert other.quiet and other.last_sale_at is None
    assert other.staples_short == ["Beras Medium"]
    assert marts.quiet == 1 and marts.month_sales == D(42000)


def test_a_mart_with_no_sale_for_a_day_is_flagged(network):
    mart = make_mart()
    join(network, mart)
    sale = sell_noodles(mart, 1)
    now = timezone.now()
    assert not network_marts(network=network, now=now).rows[0].quiet
    Sale.objects.filter(pk=sale.pk).update(created_at=now - dt.timedelta(hours=25))
    (row,) = network_marts(network=network, now=now).rows
    assert row.quiet and row.last_sale_at is not None


def test_the_view_runs_the_same_queries_for_one_cooperative_or_many(network):
    first = make_mart()
    join(network, first)
    sell_noodles(first, 1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            network_marts(network=network)
        return len(queries)

    one = count()
    for _ in range(3):
        mart = make_mart()
        join(network, mart)
        sell_noodles(mart, 2)
        Shift.objects.filter(pk=mart.shift.pk).update(opening_checklist=[{"done": True}])
        second = OutletFactory.create(cooperative=mart.cooperative)
        StockLevel.objects.create(cooperative=mart.cooperative, outlet=second, product=mart.rice, quantity=D(3))
    assert count() == one <= 8


def test_checklists_count_ticked_items_of_what_was_stored():
    assert checklist_counts([{"done": True}, {"done": False}, {"checked": True}]) == (2, 3)
    assert checklist_counts([True, False]) == (1, 2)
    assert checklist_counts(None) == (0, 0) and checklist_counts({"a": 1}) == (0, 0)


def test_only_the_networks_coordinators_see_it(client, network):
    mart = make_mart()
    join(network, mart)
    sell_noodles(mart, 3)
    url = reverse("mart:network_management", args=[network.slug])
    coordinator = person_with_role(RoleKind.COORDINATOR, network)
    client.force_login(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert mart.cooperative.name in html and "Rp10.500" in html
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert workbook.sheetnames == ["Mart anggota"]
    assert client.get(url, {"format": "doc"}).status_code == 400
    other_coordinator = person_with_role(RoleKind.COORDINATOR, NetworkFactory.create())
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(mart.manager)
    assert client.get(url).status_code == 404


def test_an_empty_network_says_so(client, network):
    other = CooperativeFactory.create()
    MembershipFactory.create(network=network, cooperative=other, status=MembershipStatus.INVITED)
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    page = client.get(reverse("mart:network_management", args=[network.slug]))
    assert page.status_code == 200 and "belum punya koperasi anggota" in page.content.decode()
