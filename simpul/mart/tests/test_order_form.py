"""The purchase order form lists the chosen supplier's products, not the whole catalogue: the reorder suggestions
first and filled in, then the other products bought from it; a search adds any other product (by name, SKU or
barcode) and keeps what was typed; only the lines with a quantity are ordered. Its queries do not grow with the
catalogue or the supplier's list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.mart.models import Barcode, PurchaseOrder, PurchaseOrderLine, SupplierProduct
from simpul.mart.purchasing.selectors import ORDER_FORM_PAGE_ROWS
from simpul.mart.purchasing.services import ReceiptLineInput, goods_receipt_record
from simpul.mart.stock.reorder import purchase_order_from_suggestions
from simpul.mart.tests.stock_factories import mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """Noodles (received from the vendor in cartons of 40 at Rp100.000, below their minimum: suggested), sugar
    (listed for the vendor at Rp15.000 a kg, stock enough), soap (another supplier's) and coffee (nobody's)."""
    cooperative, outlet, manager = mart_cooperative()
    vendor, other = supplier(cooperative), supplier(cooperative, "UD Lain")
    noodles = product(cooperative, "Mie Instan", min_stock=D(100))
    carton = unit(noodles)
    sugar = product(cooperative, "Gula Pasir", base_unit="kg", fractional=True, min_stock=D(0))
    soap = product(cooperative, "Sabun Mandi")
    coffee = product(cooperative, "Kopi Bubuk", sku="KOPI-77")
    Barcode.objects.create(cooperative=cooperative, product=coffee, code="8990001112223")
    goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[ReceiptLineInput(product_id=noodles.pk, unit_id=carton.pk, quantity="1", unit_cost="100000")],
    )
    SupplierProduct.objects.create(cooperative=cooperative, supplier=vendor, product=sugar, last_cost=D(15000))
    SupplierProduct.objects.create(cooperative=cooperative, supplier=other, product=soap, last_cost=D(4000))
    client = Client()
    client.force_login(manager)
    world = {
        "cooperative": cooperative,
        "outlet": outlet,
        "manager": manager,
        "vendor": vendor,
        "noodles": noodles,
        "carton": carton,
        "sugar": sugar,
        "soap": soap,
        "coffee": coffee,
        "client": client,
        "url": reverse("mart:purchase_order_new", args=[cooperative.slug]),
    }
    return world


def _lines(html: str) -> list[str]:
    return [part.split("<")[0] for part in html.split('data-testid="order-line-name">')[1:]]


def _values(html: str, testid: str) -> list[str]:
    values = []
    for part in html.split(f'data-testid="{testid}"')[:-1]:
        tag = part.rsplit("<", 1)[1]
        values.append(tag.split('value="', 1)[1].split('"', 1)[0])
    return values


def _choices(html: str) -> list[str]:
    """The unit chosen on each line ("12:3")."""
    chosen = []
    for select in html.split('data-testid="order-line-unit">')[1:]:
        options = select.split("</select>", 1)[0].split("<option ")[1:]
        selected = [o for o in options if " selected" in o.split(">", 1)[0]] or options[:1]
        chosen.append(selected[0].split('value="', 1)[1].split('"', 1)[0])
    return chosen


def test_without_a_supplier_the_form_asks_for_one_and_lists_no_product(shop):
    html = shop["client"].get(shop["url"]).content.decode()
    assert 'data-testid="order-supplier-form"' in html
    assert 'data-testid="order-form"' not in html
    assert _lines(html) == []


def test_the_suppliers_products_come_first_with_the_suggestions_filled_in(shop):
    response = shop["client"].get(shop["url"], {"pemasok": shop["vendor"].pk, "gerai": shop["outlet"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    # Noodles are suggested (minimum 100, 40 on hand: 60 more, 2 cartons); sugar is the vendor's too; soap and
    # coffee are not listed.
    assert _lines(html) == ["Mie Instan", "Gula Pasir"]
    assert _values(html, "order-line-quantity") == ["2", ""]
    assert _values(html, "order-line-cost") == ["100.000", "15.000"]
    assert f'value="{shop["noodles"].pk}:{shop["carton"].pk}" data-factor="40.000" selected' in html
    assert html.count('data-testid="order-line-suggested"') == 1


def test_posting_the_filled_in_form_orders_what_the_one_step_order_would(shop):
    client, noodles, carton, sugar = shop["client"], shop["noodles"], shop["carton"], shop["sugar"]
    response = client.post(
        shop["url"],
        {
            "supplier_id": shop["vendor"].pk,
            "outlet_id": shop["outlet"].pk,
            "line_product": [f"{noodles.pk}:{carton.pk}", str(sugar.pk)],
            "line_quantity": ["2", ""],
            "line_unit_cost": ["100.000", "15.000"],
            "action": "save",
        },
    )
    assert response.status_code == 302
    by_form = PurchaseOrderLine.objects.get(order=PurchaseOrder.objects.get())
    assert (by_form.product_id, by_form.unit_id, by_form.quantity, by_form.unit_cost) == (
        noodles.pk,
        carton.pk,
        D(2),
        D(100000),
    )
    one_step = purchase_order_from_suggestions(
        cooperative=shop["cooperative"],
        actor=shop["manager"],
        outlet_id=shop["outlet"].pk,
        supplier_id=shop["vendor"].pk,
    )
    suggested = one_step.lines.get()
    assert (suggested.product_id, suggested.unit_id, suggested.quantity, suggested.unit_cost) == (
        by_form.product_id,
        by_form.unit_id,
        by_form.quantity,
        by_form.unit_cost,
    )


def test_a_search_adds_products_first_and_keeps_what_was_typed(shop):
    client, noodles, carton, sugar = shop["client"], shop["noodles"], shop["carton"], shop["sugar"]
    typed = {
        "supplier_id": shop["vendor"].pk,
        "outlet_id": shop["outlet"].pk,
        "line_product": [f"{noodles.pk}:{carton.pk}", str(sugar.pk)],
        "line_quantity": ["3", "12,5x"],
        "line_unit_cost": ["99.000", ""],
        "expected_on": "2026-12-24",
        "note": "Untuk lebaran",
        "action": "search",
    }
    for q, found in (("kopi", ["Kopi Bubuk"]), ("KOPI-77", ["Kopi Bubuk"]), ("8990001112223", ["Kopi Bubuk"])):
        response = client.post(shop["url"], typed | {"cari": q})
        html = response.content.decode()
        assert response.status_code == 200
        assert _lines(html) == [*found, "Mie Instan", "Gula Pasir"], q
        assert _values(html, "order-line-quantity") == ["", "3", "12,5x"]
        assert _values(html, "order-line-cost")[1:] == ["99.000", ""]
        assert 'value="2026-12-24"' in html and 'value="Untuk lebaran"' in html
    # A product already on the form is not added twice; a search for nothing new says so.
    html = client.post(shop["url"], typed | {"cari": "mie"}).content.decode()
    assert _lines(html) == ["Mie Instan", "Gula Pasir"]
    assert 'data-testid="order-search-result"' in html
    assert not PurchaseOrder.objects.exists()


def test_a_refused_line_saves_nothing_and_keeps_the_form(shop):
    client, noodles, sugar, coffee = shop["client"], shop["noodles"], shop["sugar"], shop["coffee"]
    response = client.post(
        shop["url"],
        {
            "supplier_id": shop["vendor"].pk,
            "outlet_id": shop["outlet"].pk,
            "line_product": [str(coffee.pk), str(noodles.pk), str(sugar.pk)],
            "line_quantity": ["4", "10", "abc"],
            "line_unit_cost": ["20.000", "2.500", "15.000"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="form-error"' in html and "angka" in html.lower()
    assert _lines(html) == ["Kopi Bubuk", "Mie Instan", "Gula Pasir"]
    assert _values(html, "order-line-quantity") == ["4", "10", "abc"]
    assert not PurchaseOrder.objects.exists()
    # Nothing with a quantity: refused too.
    response = client.post(
        shop["url"],
        {
            "supplier_id": shop["vendor"].pk,
            "outlet_id": shop["outlet"].pk,
            "line_product": [str(noodles.pk)],
            "line_quantity": [""],
            "line_unit_cost": ["2.500"],
        },
    )
    assert response.status_code == 400
    assert not PurchaseOrder.objects.exists()


def test_another_cooperatives_supplier_or_product_is_refused(shop):
    other, other_outlet, _manager = mart_cooperative()
    their_vendor = supplier(other, "CV Tetangga")
    their_product = product(other, "Beras Tetangga")
    client = shop["client"]
    assert client.get(shop["url"], {"pemasok": their_vendor.pk}).status_code == 404
    assert client.get(shop["url"], {"pemasok": shop["vendor"].pk, "gerai": other_outlet.pk}).status_code == 404
    assert client.get(shop["url"], {"pemasok": "x"}).status_code == 404
    response = client.post(
        shop["url"],
        {
            "supplier_id": shop["vendor"].pk,
            "outlet_id": shop["outlet"].pk,
            "line_product": [str(their_product.pk)],
            "line_quantity": ["1"],
            "line_unit_cost": ["1.000"],
        },
    )
    assert response.status_code in (400, 404)
    assert "Beras Tetangga" not in response.content.decode()
    html = client.post(
        shop["url"],
        {"supplier_id": shop["vendor"].pk, "outlet_id": shop["outlet"].pk, "action": "search", "cari": "tetangga"},
    ).content.decode()
    assert _lines(html) == ["Mie Instan", "Gula Pasir"]  # the vendor's own, nothing of the other cooperative
    assert not PurchaseOrder.objects.filter(cooperative=shop["cooperative"]).exists()


def test_only_a_manager_draws_up_an_order(shop):
    for role in (RoleKind.SUPERVISOR, RoleKind.CASHIER):
        client = Client()
        client.force_login(person_with_role(role, shop["cooperative"]))
        assert client.get(shop["url"], {"pemasok": shop["vendor"].pk}).status_code == 403


def _many_products(shop, n: int = 30) -> None:
    """`n` more products of the vendor, in cartons, at Rp1.000 + i a piece; and 60 nobody sells."""
    cooperative, vendor = shop["cooperative"], shop["vendor"]
    for i in range(n):
        item = product(cooperative, f"Produk {i:02}")
        unit(item)
        SupplierProduct.objects.create(cooperative=cooperative, supplier=vendor, product=item, last_cost=D(1000 + i))
    for i in range(60):
        product(cooperative, f"Lain {i:02}")


def test_the_form_runs_the_same_queries_for_a_few_products_or_many(shop):
    client = shop["client"]
    params = {"pemasok": shop["vendor"].pk, "gerai": shop["outlet"].pk}

    def queries() -> int:
        client.get(shop["url"], params)  # warm: sessions, the role cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(shop["url"], params).status_code == 200
        return len(captured)

    few = queries()
    _many_products(shop)
    html = client.get(shop["url"], params).content.decode()
    assert len(_lines(html)) == ORDER_FORM_PAGE_ROWS
    assert "Lain 00" not in html
    assert queries() == few


def test_the_lines_page_and_what_is_typed_on_every_page_is_ordered(shop):
    client, vendor, outlet = shop["client"], shop["vendor"], shop["outlet"]
    _many_products(shop)  # 32 products of the vendor: two pages
    first = client.get(shop["url"], {"pemasok": vendor.pk, "gerai": outlet.pk}).content.decode()
    assert _lines(first)[:3] == ["Mie Instan", "Gula Pasir", "Produk 00"]  # the suggestion, then by name
    choices = _choices(first)
    assert 'data-testid="order-page-next"' in first
    typed = {
        "supplier_id": vendor.pk,
        "outlet_id": outlet.pk,
        "halaman_ini": "1",
        "line_product": choices,
        "line_quantity": ["2", "7.5"] + [""] * (len(choices) - 2),
        "line_unit_cost": _values(first, "order-line-cost"),
    }
    second = client.post(shop["url"], typed | {"halaman": "2"})
    html = second.content.decode()
    assert second.status_code == 200
    assert _lines(html) == [f"Produk {i:02}" for i in range(23, 30)]
    assert 'data-testid="order-page-previous"' in html
    assert 'name="line_quantity" value="7.5"' in html  # sugar, kept from page 1 (unseen)
    assert "2 baris yang berjumlah akan dipesan" in html
    kept = {
        "line_product": [*_choices(html), f"{shop['noodles'].pk}:{shop['carton'].pk}", str(shop["sugar"].pk)],
        "line_quantity": ["3"] + [""] * 6 + ["2", "7.5"],
        "line_unit_cost": [*_values(html, "order-line-cost"), "100.000", "15.000"],
    }
    assert client.post(shop["url"], typed | kept | {"halaman_ini": "2", "action": "save"}).status_code == 302
    lines = {
        (line.product.name, line.quantity, line.unit_cost)
        for line in PurchaseOrderLine.objects.filter(order=PurchaseOrder.objects.get()).select_related("product")
    }
    assert lines == {("Mie Instan", D(2), D(100000)), ("Gula Pasir", D("7.5"), D(15000)), ("Produk 23", D(3), D(1023))}
