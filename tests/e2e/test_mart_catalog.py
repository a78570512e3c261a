"""The demo's manager on a 360 px phone adds a product with a barcode and a dus of 40 from the cooperative home's
Koperasi Mart link, and finds it in the product list by its barcode."""

import time

from playwright.sync_api import expect

from simpul.mart.catalog.barcodes import in_store_ean13
from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"


def test_a_manager_adds_a_product_with_a_barcode_and_a_dus(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    stamp = int(time.time() * 1000) % 10**9
    code = in_store_ean13(900_000_000 + stamp % 99_999_999, prefix="29")
    name = f"Teh Celup Uji {stamp}"
    phone.goto(f"/k/{DEMO_SLUG}/")
    page.get_by_test_id("link-mart-products").click()
    no_horizontal_scroll(page)
    page.get_by_test_id("product-new").click()
    form = page.get_by_test_id("product-form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=sku]").fill(f"UJI-{stamp}")
    form.locator("input[name=barcodes]").fill(code)
    form.locator("input[name=price]").fill("12500")
    form.locator("input[name=unit_1_name]").fill("dus")
    form.locator("input[name=unit_1_factor]").fill("40")
    no_horizontal_scroll(page)
    form.get_by_test_id("product-submit").click()
    expect(page.get_by_test_id("product-name")).to_have_text(name)
    expect(page.get_by_test_id("unit-dus")).to_contain_text("40")
    expect(page.get_by_test_id("product-barcodes")).to_contain_text(code)
    no_horizontal_scroll(page)
    phone.goto(f"/k/{DEMO_SLUG}/mart/produk/?q={code}")
    rows = page.get_by_test_id("product-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(name)
    expect(rows.first).to_contain_text("Rp12.500")
    no_horizontal_scroll(page)
