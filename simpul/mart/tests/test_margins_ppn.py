"""Margins leave PPN out: PPN collected on taxed products is owed to the state, not the cooperative's income, so the
mart's reports (selectors, page, API, Excel, the network coordinator's view) take the margin from sales net of returns
and of PPN, and show the PPN on its own.

The day: oil is taxed (Rp11.100, PPN Rp1.100 inside, cost Rp8.000), noodles are not (Rp3.500, cost Rp2.800).
Sale 1: 3 oil + 10 noodles = Rp68.300, PPN Rp3.300, cost Rp52.000.
Sale 2: 2 oil + 4 noodles = Rp36.200, PPN Rp2.200, cost Rp27.200.
Return of sale 2: 1 oil + 2 noodles = Rp18.100 refunded, PPN Rp1.100 (18.100 × 2.200 / 36.200), cost Rp13.600.
Sales Rp104.500 − returns Rp18.100 − PPN Rp4.400 = Rp82.000; cost Rp65.600; margin Rp16.400 (20.0 %)."""

import io
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import MembershipFactory, NetworkFactory, person_with_role
from simpul.ledger import chart
from simpul.mart.models import Product, Sale
from simpul.mart.network.selectors_management import network_marts
from simpul.mart.reports.selectors import sales_report
from simpul.mart.sales.returns import sale_return
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, balance, make_mart, stock_in

D = Decimal
PIN = "123456"
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def mart() -> Mart:
    return make_mart(manager_pin_hash=make_password(PIN))


@pytest.fixture
def oil(mart: Mart) -> Product:
    product = Product.objects.create(
        cooperative=mart.cooperative,
        sku="MINYAK-1",
        name="Minyak Goreng",
        price=D(11100),
        member_price=D(11100),
        taxed=True,
    )
    stock_in(mart, product, "20", "8000")
    return product


def sell(mart: Mart, oil: Product, oil_quantity: int, noodles: int) -> Sale:
    amount = oil_quantity * 11100 + noodles * 3500
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        client_id=uuid.uuid4(),
        lines=[
            {"product_id": oil.pk, "quantity": str(oil_quantity)},
            {"product_id": mart.noodles.pk, "quantity": str(noodles)},
        ],
        payments=[{"method": "cash", "amount": str(amount)}],
    ).sale


def the_day(mart: Mart, oil: Product) -> Sale:
    first = sell(mart, oil, 3, 10)
    second = sell(mart, oil, 2, 4)
    assert (first.total, first.tax, second.total, second.tax) == (D(68300), D(3300), D(36200), D(2200))
    lines = {line.product_id: line.pk for line in second.lines.all()}
    sale_return(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        sale_id=second.pk,
        quantities={lines[oil.pk]: "1", lines[mart.noodles.pk]: "2"},
        pin=PIN,
        reason="Kemasan rusak",
    )
    return first


def test_the_margin_is_taken_from_sales_without_ppn(mart, oil):
    day = the_day(mart, oil).business_date
    report = sales_report(cooperative=mart.cooperative, start=day, end=day)
    total = report.total
    assert (total.sales, total.returns, total.tax) == (D(104500), D(18100), D(4400))
    assert total.gross == D(86400)
    assert total.net == D(82000)
    assert total.cost == D(65600)
    assert total.margin == D(16400)
    assert total.margin_percent == D("20.0")
    # The PPN the report leaves out is the PPN the books owe: Utang Pajak holds Rp4.400 on credit.
    assert balance(mart.cooperative, chart.TAX_PAYABLE) == -total.tax
    # Every breakdown agrees with the total.
    for rows in (report.days, report.outlets, report.cashiers):
        assert sum((r.figures.net for r in rows), D(0)) == D(82000)
        assert sum((r.figures.margin for r in rows), D(0)) == D(16400)
    [non_member] = [r for r in report.member_kinds if r.key == "non_member"]
    assert non_member.figures.tax == D(4400) and non_member.figures.margin == D(16400)


def test_per_product_the_ppn_belongs_to_the_taxed_product_only(mart, oil):
    day = the_day(mart, oil).business_date
    report = sales_report(cooperative=mart.cooperative, start=day, end=day)
    products = {row.label: row.figures for row in report.products}
    oil_row, noodle_row = products["Minyak Goreng"], products["Mie Instan"]
    assert (oil_row.sales, oil_row.returns, oil_row.tax) == (D(55500), D(11100), D(4400))
    assert (oil_row.net, oil_row.cost, oil_row.margin) == (D(40000), D(32000), D(8000))
    assert oil_row.margin_percent == D("20.0") and oil_row.quantity == D(4)
    assert (noodle_row.sales, noodle_row.returns, noodle_row.tax) == (D(49000), D(7000), D(0))
    assert (noodle_row.net, noodle_row.cost, noodle_row.margin) == (D(42000), D(33600), D(8400))
    [category] = report.categories
    assert (category.figures.tax, category.figures.net, category.figures.margin) == (D(4400), D(82000), D(16400))


def test_a_return_of_several_lines_is_subtracted_once(mart, oil):
    """The return's refund is summed from its lines: the join to two lines does not count it twice."""
    day = the_day(mart, oil).business_date
    report = sales_report(cooperative=mart.cooperative, start=day, end=day)
    assert report.total.returns == D(18100)
    assert report.days[-1].figures.returns == D(18100)


def test_the_page_the_api_and_the_workbook_show_sales_without_ppn(client, mart, oil):
    day = the_day(mart, oil).business_date
    client.force_login(mart.manager)
    url = reverse("mart:reports_sales", args=[mart.cooperative.slug])
    query = {"dari": day.isoformat(), "sampai": day.isoformat()}
    html = client.get(url, {**query, "menurut": "produk"}).content.decode()
    assert "Penjualan (tanpa PPN)" in html
    assert 'data-testid="sales-net">Rp82.000<' in html
    assert 'data-testid="sales-margin">Rp16.400<' in html
    assert "PPN dipungut Rp4.400" in html

    body = client.get(f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/reports/sales", query).json()
    assert D(body["total"]["tax"]) == D(4400)
    assert D(body["total"]["net"]) == D(82000) and D(body["total"]["margin"]) == D(16400)
    assert D(body["total"]["margin_percent"]) == D("20.0")

    workbook = load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content))
    by_day = workbook["Per hari"]
    rows = [[cell.value for cell in row] for row in by_day.iter_rows()]
    header = next(row for row in rows if "Penjualan (tanpa PPN)" in row)
    assert header[2:] == [
        "Penjualan",
        "Retur",
        "PPN",
        "Penjualan (tanpa PPN)",
        "Harga pokok",
        "Margin",
        "Persentase margin",
    ]
    total = next(row for row in rows if row[0] == "Jumlah")
    assert [D(str(v)) for v in total[2:8]] == [D(104500), D(18100), D(4400), D(82000), D(65600), D(16400)]
    assert total[8] == 20.0
    by_product = workbook["Per produk"]
    oil_row = next([cell.value for cell in row] for row in by_product.iter_rows() if row[1].value == "Minyak Goreng")
    assert [D(str(v)) for v in oil_row[5:11]] == [D(55500), D(11100), D(4400), D(40000), D(32000), D(8000)]


def test_the_network_coordinator_sees_sales_and_margin_without_ppn(client, mart, oil):
    the_day(mart, oil)
    network = NetworkFactory.create()
    MembershipFactory.create(network=network, cooperative=mart.cooperative, status=MembershipStatus.ACTIVE)
    marts = network_marts(network=network)
    [row] = marts.rows
    assert (row.today_sales, row.today_margin) == (D(82000), D(16400))
    assert (row.month_sales, row.month_margin) == (D(82000), D(16400))
    assert marts.month_margin == D(16400)
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    body = client.get(f"/api/v1/networks/{network.slug}/mart/management").json()
    assert D(body["marts"][0]["month_sales"]) == D(82000) and D(body["marts"][0]["month_margin"]) == D(16400)
    url = reverse("mart:network_management", args=[network.slug])
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert "Penjualan bulan ini (tanpa PPN)" in values
    assert 16400 in values and 82000 in values
