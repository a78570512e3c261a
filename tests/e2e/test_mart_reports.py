"""The demo's manager on a 360 px phone opens the mart's sales report: the month's net sales and margin are figures
inside the screen, the chart is drawn, the breakdown by member or not stacks without sideways scrolling, and the
Excel download is offered; the stock, best and slow sellers, HET and staples reports fit the screen as well."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"


def _rupiah(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d]", "", text.split(",")[0]) or "0")


def _inside(page, testid: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_test_id(testid).bounding_box()
    assert box is not None, testid
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (testid, box)
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (testid, box)


def _fits(page) -> None:  # type: ignore[no-untyped-def]
    """No sideways scrolling at 360 px; on failure, the elements that stick out are named."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
    )
    assert not wide, f"{page.url}: sticks out at 360 px: {wide}"
    no_horizontal_scroll(page)


def test_the_manager_reads_the_sales_report_on_a_phone(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    phone.goto(f"/k/{DEMO_SLUG}/mart/laporan/?menurut=anggota")
    net = page.get_by_test_id("sales-net")
    # Sales without PPN may end in sen (PPN is 11/111 of a taxed price).
    expect(net).to_have_text(re.compile(r"^Rp[\d.]+(,\d{2})?$"))
    # The demo sells every day of the past month: this month so far has sales (on the 1st, today's open shift may
    # not have any yet, so only the format is certain then).
    _inside(page, "sales-net")
    _inside(page, "sales-margin")
    assert _rupiah(page.get_by_test_id("sales-margin").inner_text()) <= _rupiah(net.inner_text())
    expect(page.get_by_test_id("sales-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances || {}).length > 0")
    expect(page.get_by_test_id("sales-row")).to_have_count(2)  # members and non-members
    expect(page.get_by_test_id("download-xlsx")).to_have_attribute("href", re.compile(r"format=xlsx"))
    _fits(page)
    # The other reports fit the phone too (their tables stack; the stock chart is drawn).
    for path, testid in (
        ("stok/", "stock-total"),
        ("produk/", "report-filter"),
        ("het/", "download-xlsx"),
        ("bahan-pokok/", "staple-filter"),
    ):
        phone.goto(f"/k/{DEMO_SLUG}/mart/laporan/{path}")
        expect(page.get_by_test_id(testid)).to_be_visible()
        _fits(page)
