"""Stock at 360 px: the demo's manager adds a supplier, draws up a purchase order to it, marks it sent, receives part
of it (one unit damaged), sees what is still short on the order, and finds the goods in the outlet's stock list.

The product and the supplier are made here, so the test does not hang on the demo's catalogue."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
MART = f"/k/{DEMO_SLUG}/mart"
PRODUCT = "Kopi Bubuk Uji Stok"
SUPPLIER = "UD Uji Penerimaan"


def _quantity(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d,]", "", text.split(" ")[0]).replace(",", "."))


def test_receive_goods_for_an_order_then_see_the_stock(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    phone.goto(f"{MART}/produk/baru/")
    product_form = page.get_by_test_id("product-form")
    product_form.locator("input[name=name]").fill(PRODUCT)
    product_form.locator("input[name=sku]").fill("UJI-STOK-360")
    product_form.locator("input[name=price]").fill("3.500")
    with page.expect_navigation():
        page.get_by_test_id("product-submit").click()

    phone.goto(f"{MART}/pemasok/")
    supplier_form = page.get_by_test_id("supplier-form")
    supplier_form.locator("input[name=name]").fill(SUPPLIER)
    with page.expect_navigation():
        supplier_form.locator("button[type=submit]").click()
    no_horizontal_scroll(page)

    phone.goto(f"{MART}/pesanan/baru/")
    page.get_by_test_id("order-supplier").select_option(label=SUPPLIER)
    with page.expect_navigation():
        page.get_by_test_id("order-choose").click()
    form = page.get_by_test_id("order-form")
    expect(form).to_be_visible()
    no_horizontal_scroll(page)
    # A new supplier sells nothing yet: the product is found by a search and comes first.
    page.get_by_test_id("order-search").fill(PRODUCT)
    page.get_by_test_id("order-search-submit").click()
    line = page.get_by_test_id("order-line").first
    expect(line.get_by_test_id("order-line-name")).to_have_text(PRODUCT)
    # Once HTMX has settled the form, the script puts the focus on the product found: wait for it, or a field filled
    # before it lands gets the rest of what is typed.
    expect(line.get_by_test_id("order-line-quantity")).to_be_focused()
    line.get_by_test_id("order-line-quantity").fill("10")
    line.get_by_test_id("order-line-cost").fill("2.500")
    with page.expect_navigation():
        page.get_by_test_id("order-save").click()
    expect(page.get_by_test_id("order-status")).to_have_text("draf")
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id("order-send").click()
    with page.expect_navigation():
        page.get_by_test_id("order-receive").click()

    receipt = page.get_by_test_id("receipt-form")
    expect(receipt).to_be_visible()
    no_horizontal_scroll(page)
    page.get_by_test_id("receipt-good").first.fill("7")
    page.get_by_test_id("receipt-damaged").first.fill("1")
    with page.expect_navigation():
        page.get_by_test_id("receipt-save").click()
    expect(page.get_by_test_id("receipt-line-row")).to_have_count(1)
    no_horizontal_scroll(page)

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^PO-")).click()
    expect(page.get_by_test_id("order-status")).to_have_text("diterima sebagian")
    expect(page.get_by_test_id("order-line-short")).to_have_text("3")
    no_horizontal_scroll(page)

    phone.goto(f"{MART}/stok/?q=Uji+Stok")
    row = page.get_by_test_id("stock-row").filter(has_text=PRODUCT)
    expect(row).to_have_count(1)
    assert _quantity(row.get_by_test_id("stock-quantity").inner_text()) == 7
    expect(row.get_by_test_id("stock-value")).to_have_text("Rp17.500")
    no_horizontal_scroll(page)
