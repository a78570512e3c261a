"""The goods receipt without an order, the transfer form and the counting page pick products by a search (name, SKU
or barcode) instead of listing the whole catalogue: a search adds what it finds and keeps what was typed, another
cooperative's product is never offered nor accepted, and bad input comes back with what was typed and a clear
Indonesian message, nothing written."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.tests.factories import OutletFactory
from simpul.mart.models import (
    Barcode,
    GoodsReceipt,
    GoodsReceiptLine,
    Product,
    StockCount,
    StockCountLine,
    StockLevel,
    StockTransfer,
)
from simpul.mart.purchasing.services import ReceiptLineInput, goods_receipt_record
from simpul.mart.stock.counts import stock_count_start
from simpul.mart.tests.stock_factories import mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """Noodles (cartons of 40), coffee (SKU KOPI-77, a barcode), sugar, and a catalogue of 30 more; a second outlet;
    another cooperative with a product of the same name and its own barcode."""
    cooperative, outlet, manager = mart_cooperative()
    branch = OutletFactory.create(cooperative=cooperative, name="Mart Cabang")
    vendor = supplier(cooperative)
    noodles = product(cooperative, "Mie Instan")
    carton = unit(noodles)
    coffee = product(cooperative, "Kopi Bubuk", sku="KOPI-77")
    Barcode.objects.create(cooperative=cooperative, product=coffee, code="8990001112223")
    sugar = product(cooperative, "Gula Pasir", base_unit="kg", fractional=True)
    for index in range(30):
        product(cooperative, f"Barang Katalog {index:02d}")
    goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[
            ReceiptLineInput(product_id=noodles.pk, quantity="50", unit_cost="2500"),
            ReceiptLineInput(product_id=coffee.pk, quantity="10", unit_cost="9000"),
        ],
    )
    other, _other_outlet, _other_manager = mart_cooperative()
    theirs = product(other, "Kopi Bubuk Lain", sku="KOPI-LAIN")
    Barcode.objects.create(cooperative=other, product=theirs, code="8990009998887")
    client = Client()
    client.force_login(manager)
    return {
        "cooperative": cooperative,
        "outlet": outlet,
        "branch": branch,
        "vendor": vendor,
        "noodles": noodles,
        "carton": carton,
        "coffee": coffee,
        "sugar": sugar,
        "theirs": theirs,
        "client": client,
    }


def _names(html: str, testid: str) -> list[str]:
    return re.findall(rf'data-testid="{testid}">([^<]+)<', html)


def _error(html: str) -> str:
    found = re.search(r'data-testid="form-error">([^<]+)<', html)
    return found.group(1) if found else ""


# --- goods receipt without an order -----------------------------------------------------------------------------


def _receipt_url(shop) -> str:
    return reverse("mart:goods_receipt_new", args=[shop["cooperative"].slug])


def _receipt_post(shop, rows, **fields):
    """rows: (product choice, good units, damaged, price) as the form sends them."""
    data = {
        "supplier_id": shop["vendor"].pk,
        "outlet_id": shop["outlet"].pk,
        "line_product": [row[0] for row in rows],
        "line_quantity": [row[1] for row in rows],
        "line_damaged": [row[2] for row in rows],
        "line_unit_cost": [row[3] for row in rows],
    } | fields
    return shop["client"].post(_receipt_url(shop), data)


def test_the_receipt_form_lists_no_catalogue_and_searches_by_name_sku_and_barcode(shop):
    page = shop["client"].get(_receipt_url(shop)).content.decode()
    assert 'data-testid="receipt-search"' in page
    assert "Barang Katalog" not in page and "Mie Instan" not in page
    assert 'name="line_product"' not in page
    for text in ("kopi", "KOPI-77", "8990001112223"):
        response = _receipt_post(shop, [], action="search", cari=text)
        html = response.content.decode()
        assert response.status_code == 200
        assert _names(html, "receipt-line-name") == ["Kopi Bubuk"], text  # never the other cooperative's
    html = _receipt_post(shop, [], action="search", cari="8990009998887").content.decode()
    assert _names(html, "receipt-line-name") == []
    assert "Tidak ada produk lain yang cocok" in html
    html = _receipt_post(shop, [], action="search", cari="katalog").content.decode()
    assert len(_names(html, "receipt-line-name")) == 10  # a search adds ten at most


def test_a_search_keeps_the_typed_lines_and_the_found_product_comes_first(shop):
    noodles, carton = shop["noodles"], shop["carton"]
    response = _receipt_post(
        shop, [(f"{noodles.pk}:{carton.pk}", "2", "1", "100.000")], action="search", cari="gula", delivery_note="SJ-9"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _names(html, "receipt-line-name") == ["Gula Pasir", "Mie Instan"]
    assert re.search(rf'value="{noodles.pk}:{carton.pk}" data-factor="40[.0]*" selected', html)
    assert 'value="100.000"' in html and 'name="line_damaged" value="1"' in html and 'value="SJ-9"' in html
    # Searching for what is already on the form does not add it twice.
    html = _receipt_post(shop, [(str(noodles.pk), "", "", "")], action="search", cari="mie").content.decode()
    assert _names(html, "receipt-line-name") == ["Mie Instan"]
    assert not GoodsReceipt.objects.filter(delivery_note="SJ-9").exists()


def test_the_receipt_records_the_lines_with_units_only(shop):
    noodles, carton, sugar = shop["noodles"], shop["carton"], shop["sugar"]
    response = _receipt_post(
        shop,
        [
            (f"{noodles.pk}:{carton.pk}", "2", "1", "100.000"),
            (str(sugar.pk), "", "", ""),
            (str(shop["coffee"].pk), "", "", ""),
        ],
        action="save",
    )
    assert response.status_code == 302, _error(response.content.decode())
    receipt = GoodsReceipt.objects.order_by("-id").first()
    assert receipt is not None and receipt.order_id is None
    lines = list(GoodsReceiptLine.objects.filter(receipt=receipt))
    assert [(line.product_id, line.quantity, line.damaged) for line in lines] == [(noodles.pk, D(2), D(1))]
    assert StockLevel.objects.get(outlet=shop["outlet"], product=noodles).quantity == D(50 + 80)


def test_bad_input_on_the_receipt_keeps_what_was_typed(shop):
    noodles, carton, sugar = shop["noodles"], shop["carton"], shop["sugar"]
    before = GoodsReceipt.objects.count()
    response = _receipt_post(
        shop,
        [(f"{noodles.pk}:{carton.pk}", "2", "", "100.000,5x"), (str(sugar.pk), "3,5", "", "15000")],
        action="save",
        delivery_note="SJ-10",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert _error(html)  # a message, in Indonesian
    assert "Enter" not in _error(html) and "amount" not in _error(html).lower()
    assert 'value="100.000,5x"' in html and 'value="3,5"' in html and 'value="SJ-10"' in html
    assert _names(html, "receipt-line-name") == ["Mie Instan", "Gula Pasir"]
    assert GoodsReceipt.objects.count() == before
    response = _receipt_post(shop, [], action="save")
    assert response.status_code == 400 and _error(response.content.decode())
    assert GoodsReceipt.objects.count() == before


def test_another_cooperatives_product_is_not_accepted_on_the_receipt(shop):
    theirs = shop["theirs"]
    before = GoodsReceipt.objects.count()
    html = _receipt_post(shop, [(str(theirs.pk), "", "", "")], action="search", cari="zzz").content.decode()
    assert "Kopi Bubuk Lain" not in html  # a row naming it is not shown
    response = _receipt_post(shop, [(str(theirs.pk), "5", "", "1000")], action="save")
    assert response.status_code == 404
    assert GoodsReceipt.objects.count() == before
    assert not StockLevel.objects.filter(product=theirs).exists()


def test_the_receipt_search_queries_do_not_grow_with_the_lines(shop):
    cooperative = shop["cooperative"]
    ids = [
        str(pk)
        for pk in Product.objects.filter(cooperative=cooperative, name__startswith="Barang").values_list(
            "pk", flat=True
        )
    ]
    with CaptureQueriesContext(connection) as few:
        _receipt_post(shop, [(ids[0], "1", "", "1000")], action="search", cari="gula")
    with CaptureQueriesContext(connection) as more:
        _receipt_post(shop, [(pk, "1", "", "1000") for pk in ids], action="search", cari="gula")
    assert len(more) == len(few)


# --- transfers ----------------------------------------------------------------------------------------------------


def _transfer_url(shop) -> str:
    return reverse("mart:stock_transfers", args=[shop["cooperative"].slug])


def _transfer_post(shop, rows, **fields):
    data = {
        "from_outlet_id": shop["outlet"].pk,
        "to_outlet_id": shop["branch"].pk,
        "line_product": [row[0] for row in rows],
        "line_quantity": [row[1] for row in rows],
    } | fields
    return shop["client"].post(_transfer_url(shop), data)


def test_the_transfer_form_lists_no_catalogue_and_searches_by_name_sku_and_barcode(shop):
    page = shop["client"].get(_transfer_url(shop)).content.decode()
    assert 'data-testid="transfer-search"' in page
    assert "Barang Katalog" not in page and "Mie Instan" not in page and page.count("<option") == 2 * 2 + 2
    for text in ("kopi", "KOPI-77", "8990001112223"):
        html = _transfer_post(shop, [], action="search", cari=text).content.decode()
        assert _names(html, "transfer-line-name") == ["Kopi Bubuk"], text
        assert "stok ada 10 pcs" in html  # on hand at the outlet the goods leave
    html = _transfer_post(shop, [], action="search", cari="KOPI-LAIN").content.decode()
    assert _names(html, "transfer-line-name") == []


def test_the_transfer_keeps_what_was_typed_and_moves_only_the_lines_with_a_quantity(shop):
    noodles, coffee = shop["noodles"], shop["coffee"]
    html = _transfer_post(shop, [(str(noodles.pk), "12")], action="search", cari="kopi", note="rak").content.decode()
    assert _names(html, "transfer-line-name") == ["Kopi Bubuk", "Mie Instan"]
    assert 'name="line_quantity" value="12"' in html and 'value="rak"' in html
    assert not StockTransfer.objects.exists()
    response = _transfer_post(shop, [(str(coffee.pk), ""), (str(noodles.pk), "12")], action="save", note="rak")
    assert response.status_code == 302
    assert StockLevel.objects.get(outlet=shop["branch"], product=noodles).quantity == D(12)
    assert not StockLevel.objects.filter(outlet=shop["branch"], product=coffee, quantity__gt=0).exists()


def test_bad_input_on_the_transfer_keeps_what_was_typed(shop):
    noodles, coffee = shop["noodles"], shop["coffee"]
    response = _transfer_post(shop, [(str(noodles.pk), "500"), (str(coffee.pk), "2")], action="save", note="rak")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Stok Mie Instan di Mart Utama hanya 50 pcs" in _error(html)
    assert 'value="500"' in html and 'name="line_quantity" value="2"' in html and 'value="rak"' in html
    response = _transfer_post(shop, [(str(noodles.pk), "1,5x")], action="save")
    assert response.status_code == 400 and "angka" in _error(response.content.decode()).lower()
    response = _transfer_post(shop, [(str(noodles.pk), "")], action="save")
    assert response.status_code == 400 and _error(response.content.decode())
    assert not StockTransfer.objects.exists()


def test_the_transfer_search_queries_do_not_grow_with_the_lines(shop):
    cooperative = shop["cooperative"]
    ids = [str(pk) for pk in Product.objects.filter(cooperative=cooperative).values_list("pk", flat=True)]
    with CaptureQueriesContext(connection) as few:
        _transfer_post(shop, [(ids[0], "1")], action="search", cari="gula")
    with CaptureQueriesContext(connection) as more:
        _transfer_post(shop, [(pk, "1") for pk in ids], action="search", cari="gula")
    assert len(more) == len(few)


def test_another_cooperatives_product_is_not_accepted_on_the_transfer(shop):
    theirs = shop["theirs"]
    html = _transfer_post(shop, [(str(theirs.pk), "1")], action="search", cari="zzz").content.decode()
    assert "Kopi Bubuk Lain" not in html
    assert _transfer_post(shop, [(str(theirs.pk), "1")], action="save").status_code == 404
    assert not StockTransfer.objects.exists()


# --- the counting page ------------------------------------------------------------------------------------------


@pytest.fixture
def counting(shop):
    count = stock_count_start(cooperative=shop["cooperative"], actor=None, outlet_id=shop["outlet"].pk)
    return shop | {"count": count, "url": reverse("mart:stock_count", args=[shop["cooperative"].slug, count.pk])}


def _matches(html: str) -> list[str]:
    return re.findall(r'data-testid="count-match"> ([^<]+) <small', html)


def test_the_counting_page_embeds_no_catalogue_and_finds_by_name_sku_and_barcode(counting):
    client, url = counting["client"], counting["url"]
    page = client.get(url).content.decode()
    assert "Barang Katalog" not in page and "Mie Instan" not in page and 'name="product_id"' not in page
    html = client.post(url, {"action": "search", "code": "katalog"}).content.decode()
    assert len(_matches(html)) == 10 and "checked" not in html
    for text in ("kopi bub", "KOPI-77", "8990001112223"):
        html = client.post(url, {"action": "search", "code": text, "counted": "7"}).content.decode()
        assert _matches(html) == ["Kopi Bubuk"], text
        assert f'value="{counting["coffee"].pk}" checked' in html and 'value="7"' in html
    html = client.post(url, {"action": "search", "code": "8990009998887"}).content.decode()
    assert _matches(html) == [] and "Tidak ada produk yang cocok" in html
    assert not StockCountLine.objects.exists()


def test_a_scanned_code_counts_at_once_a_name_asks_which_product(counting):
    client, url, coffee, noodles = counting["client"], counting["url"], counting["coffee"], counting["noodles"]
    response = client.post(url, {"action": "count", "code": "8990001112223", "counted": "8"})
    assert response.status_code == 200
    assert StockCountLine.objects.get(product=coffee).counted == D(8)
    response = client.post(url, {"action": "count", "code": "mie", "counted": "45"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "mie" in _error(html) and "pilih" in _error(html).lower()
    assert _matches(html) == ["Mie Instan"] and 'value="45"' in html
    assert not StockCountLine.objects.filter(product=noodles).exists()
    response = client.post(url, {"action": "count", "product_id": noodles.pk, "code": "mie", "counted": "45"})
    assert response.status_code == 200
    assert StockCountLine.objects.get(product=noodles).counted == D(45)


def test_bad_input_on_the_counting_page_keeps_what_was_typed(counting):
    client, url, noodles = counting["client"], counting["url"], counting["noodles"]
    response = client.post(url, {"action": "count", "product_id": noodles.pk, "counted": "-3"})
    html = response.content.decode()
    assert response.status_code == 400 and "negatif" in _error(html)
    assert _matches(html) == ["Mie Instan"] and f'value="{noodles.pk}" checked' in html and 'value="-3"' in html
    response = client.post(url, {"action": "count", "code": "tidak-ada", "counted": "3"})
    assert response.status_code == 400 and "tidak-ada" in _error(response.content.decode())
    assert not StockCountLine.objects.exists()


def test_another_cooperatives_product_is_not_counted(counting):
    client, url, theirs = counting["client"], counting["url"], counting["theirs"]
    assert client.post(url, {"action": "count", "product_id": theirs.pk, "counted": "1"}).status_code == 404
    assert client.post(url, {"action": "count", "code": "8990009998887", "counted": "1"}).status_code == 400
    assert client.post(url, {"action": "count", "code": "KOPI-LAIN", "counted": "1"}).status_code == 400
    assert not StockCountLine.objects.exists()
    assert StockCount.objects.get(pk=counting["count"].pk).status == "open"
