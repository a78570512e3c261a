"""The mart's reports: sales by day, product, category, cashier, outlet and member/non-member with margins (voided
sales out, returns subtracted), best and slow sellers, stock value and ageing, HET exceptions, staples across the
network; their pages and workbooks, with access by role and the other cooperative's case."""

import datetime as dt
import io
import uuid
import zoneinfo
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password
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
from simpul.mart.models import Category, PriceCeiling, Product, SaleReturn, StockLevel
from simpul.mart.reports.selectors import (
    age_bucket,
    het_exceptions,
    sales_report,
    slow_sellers,
    staple_holders,
    stock_report,
)
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, make_mart, stock_in
from simpul.regions.models import Region

D = Decimal
PIN = "123456"
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def mart() -> Mart:
    return make_mart(manager_pin_hash=make_password(PIN))


def sell(mart: Mart, lines, payments, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("client_id", uuid.uuid4())
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        lines=lines,
        payments=payments,
        **kwargs,
    ).sale


def noodles(mart: Mart, quantity: str, **kwargs):  # type: ignore[no-untyped-def]
    price = 3300 if kwargs.get("member_id") else 3500
    amount = str(int(D(quantity) * price))
    return sell(
        mart, [{"product_id": mart.noodles.pk, "quantity": quantity}], [{"method": "cash", "amount": amount}], **kwargs
    )


def rice(mart: Mart, quantity: str):  # type: ignore[no-untyped-def]
    amount = str(int(D(quantity) * 14000))
    return sell(mart, [{"product_id": mart.rice.pk, "quantity": quantity}], [{"method": "cash", "amount": amount}])


def a_day_of_sales(mart: Mart) -> dt.date:
    """Non-member: 10 noodles (Rp35.000, cost 28.000) and 2 kg rice (Rp28.000, cost 24.000); member: 5 noodles
    (Rp16.500, cost 14.000); a voided sale of 7 noodles; 2 of the 10 noodles returned (Rp7.000, cost 5.600)."""
    kept = noodles(mart, "10")
    rice(mart, "2")
    noodles(mart, "5", member_id=mart.member.pk)
    voided = noodles(mart, "7")
    sale_void(cooperative=mart.cooperative, actor=mart.cashier, sale_id=voided.pk, pin=PIN, reason="Salah input")
    line = kept.lines.get()
    sale_return(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        sale_id=kept.pk,
        quantities={line.pk: "2"},
        pin=PIN,
        reason="Kemasan rusak",
    )
    return kept.business_date


# --- the figures


def test_sales_are_net_of_returns_without_voided_sales_with_their_margin(mart):
    today = a_day_of_sales(mart)
    report = sales_report(cooperative=mart.cooperative, start=today.replace(day=1), end=today)
    total = report.total
    assert total.count == 3  # the voided sale counts nowhere
    assert total.sales == D(35000 + 28000 + 16500)
    assert total.returns == D(7000)
    assert total.net == D(72500)
    assert total.cost == D(28000 + 24000 + 14000 - 5600)
    assert total.margin == D(72500 - 60400) == D(12100)
    assert total.margin_percent == D("16.7")
    day = next(row for row in report.days if row.key == today)
    assert day.figures.net == D(72500) and day.figures.margin == D(12100)
    assert sum(row.figures.net for row in report.days) == total.net

    products = {row.label: row.figures for row in report.products}
    assert products["Mie Instan"].quantity == D(13)  # 10 + 5 − 2 returned
    assert products["Mie Instan"].net == D(35000 + 16500 - 7000)
    assert products["Mie Instan"].cost == D(28000 + 14000 - 5600)
    assert products["Beras Medium"].margin == D(4000)
    assert report.best_sellers[0].label == "Mie Instan"

    members = {row.key: row.figures for row in report.member_kinds}
    assert members["member"].net == D(16500) and members["member"].count == 1
    assert members["non_member"].net == D(35000 + 28000 - 7000) and members["non_member"].count == 2
    (cashier,) = report.cashiers
    assert cashier.key == mart.cashier.pk and cashier.figures.net == D(72500)
    (outlet,) = report.outlets
    assert outlet.label == "Mart Utama" and outlet.figures.margin == D(12100)
    (category,) = report.categories
    assert category.figures.net == D(72500)


def test_categories_and_outlets_split_the_sales(mart):
    drinks = Category.objects.create(cooperative=mart.cooperative, name="Sembako")
    Product.objects.filter(pk=mart.rice.pk).update(category=drinks)
    second = OutletFactory.create(cooperative=mart.cooperative, name="Mart Pasar")
    rice(mart, "1")
    today = noodles(mart, "2").business_date
    report = sales_report(cooperative=mart.cooperative, start=today, end=today)
    categories = {row.label: row.figures.net for row in report.categories}
    assert categories == {"Sembako": D(14000), "Tanpa kategori": D(7000)}
    only_second = sales_report(cooperative=mart.cooperative, start=today, end=today, outlet_id=second.pk)
    assert only_second.total.count == 0 and only_second.total.net == 0


def test_a_sale_at_23_30_wita_belongs_to_that_wita_day(mart):
    """DESIGN convention 11: 23:30 WITA is 15:30 UTC; the sale and a return made then fall on that WITA day."""
    village = Region.objects.filter(level=4, timezone="Asia/Makassar").first()
    assert village is not None
    cooperative = mart.cooperative
    type(cooperative).objects.filter(pk=cooperative.pk).update(village=village)
    cooperative.refresh_from_db()
    mart.cooperative = cooperative
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    day = cooperative.today() - dt.timedelta(days=2)
    late = dt.datetime.combine(day, dt.time(23, 30), tzinfo=wita)
    sale = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "4", "unit_price": "3500"}],
        [{"method": "cash", "amount": "14000"}],
        offline=True,
        sold_at=late,
        shift_id=mart.shift.pk,
    )
    assert sale.business_date == day
    line = sale.lines.get()
    returned = sale_return(
        cooperative=cooperative,
        actor=mart.cashier,
        sale_id=sale.pk,
        quantities={line.pk: "1"},
        pin=PIN,
        reason="Rusak",
    )
    SaleReturn.objects.filter(pk=returned.pk).update(created_at=late + dt.timedelta(minutes=10))
    on_day = sales_report(cooperative=cooperative, start=day, end=day)
    next_day = sales_report(cooperative=cooperative, start=day + dt.timedelta(days=1), end=day + dt.timedelta(days=1))
    assert on_day.total.sales == D(14000) and on_day.total.returns == D(3500)
    assert next_day.total.sales == 0 and next_day.total.returns == 0
    assert [row.figures.net for row in on_day.days] == [D(10500)]


def test_the_sales_report_runs_the_same_queries_for_one_sale_or_many(mart):
    today = noodles(mart, "1").business_date

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            report = sales_report(cooperative=mart.cooperative, start=today.replace(day=1), end=today)
            report.best_sellers  # noqa: B018 - read as the page reads it
        return len(queries)

    few = count()
    other = OutletFactory.create(cooperative=mart.cooperative, name="Mart Dua")
    stock_in(mart, mart.noodles, "50", "2800", outlet=other)
    for _ in range(5):
        noodles(mart, "1", member_id=mart.member.pk)
        rice(mart, "1")
    many = count()
    assert few == many <= 4


def test_slow_sellers_have_stock_and_no_recent_sale(mart):
    now = timezone.now()
    noodles(mart, "1")
    StockLevel.objects.filter(product=mart.rice).update(last_sold_at=now - dt.timedelta(days=45))
    slow = slow_sellers(cooperative=mart.cooperative, days=30, now=now)
    assert [(s.name, s.days_unsold) for s in slow] == [("Beras Medium", 45)]
    assert slow_sellers(cooperative=mart.cooperative, days=60, now=now) == []
    StockLevel.objects.filter(product=mart.rice).update(last_sold_at=None)
    (never,) = slow_sellers(cooperative=mart.cooperative, days=60, now=now)
    assert never.days_unsold is None and never.value == D(600000)


def test_stock_value_per_outlet_and_its_ageing(mart):
    now = timezone.now()
    second = OutletFactory.create(cooperative=mart.cooperative, name="Mart Pasar")
    stock_in(mart, mart.noodles, "10", "3000", outlet=second)
    StockLevel.objects.filter(outlet=mart.outlet, product=mart.rice).update(
        last_received_at=now - dt.timedelta(days=75), last_sold_at=now - dt.timedelta(days=40)
    )
    StockLevel.objects.filter(outlet=second).update(last_received_at=now - dt.timedelta(days=100), last_sold_at=None)
    report = stock_report(cooperative=mart.cooperative, now=now)
    outlets = {o.name: o for o in report.outlets}
    assert outlets["Mart Utama"].value == D(280000 + 600000)
    assert outlets["Mart Utama"].ages["31-60"] == D(600000)  # sold 40 days ago: the latest of received and sold
    assert outlets["Mart Utama"].ages["0-30"] == D(280000)
    assert outlets["Mart Pasar"].ages[">90"] == D(30000)
    assert report.total.value == D(910000) and report.total.products == 3
    assert [age_bucket(d) for d in (0, 30, 31, 60, 61, 90, 91, None)] == [
        "0-30",
        "0-30",
        "31-60",
        "31-60",
        "61-90",
        "61-90",
        ">90",
        ">90",
    ]


def test_het_exceptions_name_the_price_the_het_and_the_reason(mart):
    cooperative = mart.cooperative
    today = cooperative.today()
    PriceCeiling.objects.create(
        region_id=cooperative.province_code, staple="rice", unit="kg", price=D(15000), valid_from=today.replace(day=1)
    )
    assert het_exceptions(cooperative=cooperative) == []  # Rp14.000 within Rp15.000
    PriceCeiling.objects.create(
        region_id=cooperative.regency_code, staple="rice", unit="kg", price=D(13000), valid_from=today.replace(day=1)
    )
    Product.objects.filter(pk=mart.rice.pk).update(het_reason="Ongkos angkut ke desa")
    (row,) = het_exceptions(cooperative=cooperative)
    assert (row.name, row.het, row.price, row.reason) == ("Beras Medium", D(13000), D(14000), "Ongkos angkut ke desa")


# --- staples across the network


def test_staples_across_the_network_nearest_first_with_name_and_phone(mart):
    here = mart.cooperative
    network = NetworkFactory.create()
    MembershipFactory.create(network=network, cooperative=here, status=MembershipStatus.ACTIVE)
    same_province = (
        Region.objects.filter(level=4, province_code=here.province_code).exclude(regency_code=here.regency_code).first()
    )
    same_regency = (
        Region.objects.filter(level=4, regency_code=here.regency_code).exclude(district_code=here.district_code).first()
    )
    elsewhere = Region.objects.filter(level=4).exclude(province_code=here.province_code).first()
    assert same_province and same_regency and elsewhere
    holders = {}
    for label, village, quantity in (
        ("jauh", elsewhere, "500"),
        ("provinsi", same_province, "80"),
        ("kabupaten", same_regency, "20"),
        ("kecamatan", here.village, "5"),
    ):
        other = CooperativeFactory.create(village_code=village.code, name=f"Koperasi {label}", phone="+6281234567890")
        MembershipFactory.create(network=network, cooperative=other, status=MembershipStatus.ACTIVE)
        outlet = OutletFactory.create(cooperative=other)
        product = Product.objects.create(cooperative=other, sku="B", name="Beras", base_unit="kg", staple="rice")
        StockLevel.objects.create(cooperative=other, outlet=outlet, product=product, quantity=D(quantity))
        holders[label] = other
    outsider = CooperativeFactory.create(village_code=here.village_id)
    left = CooperativeFactory.create(village_code=here.village_id)
    MembershipFactory.create(network=network, cooperative=left, status=MembershipStatus.LEFT)
    for other in (outsider, left):
        outlet = OutletFactory.create(cooperative=other)
        product = Product.objects.create(cooperative=other, sku="B", name="Beras", base_unit="kg", staple="rice")
        StockLevel.objects.create(cooperative=other, outlet=outlet, product=product, quantity=D(999))

    with CaptureQueriesContext(connection) as queries:
        found = staple_holders(cooperative=here, staple="rice")
    assert len(queries) <= 2
    assert [h.name for h in found] == ["Koperasi kecamatan", "Koperasi kabupaten", "Koperasi provinsi", "Koperasi jauh"]
    assert [h.nearness for h in found] == [0, 1, 2, 3]
    assert found[0].phone == "+6281234567890" and found[0].quantity == D(5) and found[0].unit == "kg"
    assert staple_holders(cooperative=here, staple="sugar") == []


# --- pages


def client_as(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


REPORT_PAGES = ("reports_sales", "reports_products", "reports_stock", "reports_het", "reports_staples")


@pytest.mark.parametrize("name", REPORT_PAGES)
def test_managers_and_supervisors_read_cashiers_403_others_404(client, mart, name):
    url = reverse(f"mart:{name}", args=[mart.cooperative.slug])
    assert client_as(client, mart.manager).get(url).status_code == 200
    supervisor = person_with_role(RoleKind.SUPERVISOR, mart.cooperative)
    assert client_as(client, supervisor).get(url).status_code == 200
    assert client_as(client, mart.cashier).get(url).status_code == 403
    stranger = person_with_role(RoleKind.MANAGER, CooperativeFactory.create())
    assert client_as(client, stranger).get(url).status_code == 404


@pytest.mark.parametrize("name", REPORT_PAGES)
def test_each_report_downloads_as_excel(client, mart, name):
    a_day_of_sales(mart)
    response = client_as(client, mart.manager).get(
        reverse(f"mart:{name}", args=[mart.cooperative.slug]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames


def test_the_sales_page_shows_the_figures_and_the_chart_data(client, mart):
    a_day_of_sales(mart)
    url = reverse("mart:reports_sales", args=[mart.cooperative.slug])
    page = client_as(client, mart.manager).get(url, {"menurut": "anggota"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="sales-net">Rp72.500<' in html
    assert 'data-testid="sales-margin">Rp12.100<' in html
    assert "Rp16.500" in html and "Non-anggota" in html  # the member/non-member breakdown
    assert 'id="sales-chart-data"' in html
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    by_day = workbook["Per hari"]
    values = [cell.value for row in by_day.iter_rows() for cell in row]
    assert 72500 in values  # the net sales of the day, an exact number in its cell


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"dari": "2026-13-01"}, "Harus berupa tanggal"),
        ({"dari": "2026-06-30", "sampai": "2026-06-01"}, "lebih awal dari tanggal mulai"),
        ({"dari": "2024-01-01", "sampai": "2026-06-01"}, "400"),
        ({"outlet": "abc"}, "gerai koperasi"),
        ({"format": "pdfx"}, "xlsx"),
    ],
)
def test_bad_input_is_a_400_page_with_the_reason(client, mart, query, message):
    page = client_as(client, mart.manager).get(reverse("mart:reports_sales", args=[mart.cooperative.slug]), query)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_another_cooperatives_outlet_is_refused(client, mart):
    foreign = OutletFactory.create(cooperative=CooperativeFactory.create())
    page = client_as(client, mart.manager).get(
        reverse("mart:reports_sales", args=[mart.cooperative.slug]), {"outlet": foreign.pk}
    )
    assert page.status_code == 400


def test_a_bad_staple_or_days_is_refused(client, mart):
    client_as(client, mart.manager)
    staples = client.get(reverse("mart:reports_staples", args=[mart.cooperative.slug]), {"pokok": "gold"})
    days = client.get(reverse("mart:reports_products", args=[mart.cooperative.slug]), {"hari": "-3"})
    assert staples.status_code == 400 and days.status_code == 400


# --- the API


def test_the_api_answers_the_same_figures_and_refusals(client, mart):
    today = a_day_of_sales(mart)
    base = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/reports"
    client.force_login(mart.manager)
    body = client.get(f"{base}/sales", {"dari": today.replace(day=1).isoformat(), "sampai": today.isoformat()}).json()
    assert D(body["total"]["net"]) == D(72500) and D(body["total"]["margin"]) == D(12100)
    assert body["total"]["count"] == 3
    assert {g["key"]: D(g["figures"]["net"]) for g in body["member_kinds"]} == {
        "member": D(16500),
        "non_member": D(56000),
    }
    bad = client.get(f"{base}/sales", {"dari": "2026-02-30"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_date"
    stock = client.get(f"{base}/stock").json()
    assert D(stock["total"]["value"]) > 0
    assert client.get(f"{base}/staples", {"pokok": "emas"}).json()["code"] == "invalid_staple"
    client.force_login(mart.cashier)
    assert client.get(f"{base}/sales").status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(f"{base}/sales").status_code == 404


def test_the_network_api_is_for_its_coordinators(client, mart):
    network = NetworkFactory.create()
    MembershipFactory.create(network=network, cooperative=mart.cooperative, status=MembershipStatus.ACTIVE)
    noodles(mart, "2")
    url = f"/api/v1/networks/{network.slug}/mart/management"
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    body = client.get(url).json()
    assert [m["slug"] for m in body["marts"]] == [mart.cooperative.slug]
    assert D(body["marts"][0]["today_sales"]) == D(7000)
    client.force_login(mart.manager)
    assert client.get(url).status_code == 404
