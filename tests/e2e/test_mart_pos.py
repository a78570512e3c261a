"""The kasir's point of sale in Chromium at 360 px: scan a barcode (a USB scanner types it and Enter), search by name,
+/− and typed quantities, a member by number for member prices, cash with change, the receipt with its number, the
WhatsApp link and the 58/80 mm switch; and the page's weight and speed: under 200 KB transferred on a first load,
and usable within 2 s on an emulated slow 3G network with a 4× slower CPU once the till is installed.

The data the till sells comes from `prepare_till` (manage.py shell on the test server's database): a few products
with barcodes and stock at the demo's Koperasi Mart and an open shift for the demo kasir, whether or not the demo
seeded the mart."""

import json
import subprocess
import sys
import time
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.e2e.conftest import BASE_DIR, PHONE, Browsing, log_in, no_horizontal_scroll, open_session
from tests.e2e.served import served_env

DEMO_SLUG = "ksu-mitra-sauyunan"
KASIR = "081200000003"
POS = f"/k/{DEMO_SLUG}/mart/kasir/"
PAGE_BUDGET_BYTES = 200 * 1024
USABLE_WITHIN_S = 2.0
# Chrome DevTools' "Slow 3G": 400 kbit/s each way, 2 s of round-trip latency.
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}

PREPARE = r"""
import json
from decimal import Decimal as D
from simpul.coops.models import Cooperative, Outlet
from simpul.core.models import User
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import Barcode, Product, Shift, ShiftStatus, StockLevel
from simpul.mart.stock.opening import stock_opening_record
from simpul.members.models import Member

coop = Cooperative.objects.get(slug="ksu-mitra-sauyunan")
mart_books_ensure(coop)
kasir = User.objects.get(phone="+6281200000003")
manager = User.objects.get(phone="+6281200000001")
shift = Shift.objects.filter(cooperative=coop, cashier=kasir, status=ShiftStatus.OPEN).first()
outlet = shift.outlet if shift else Outlet.objects.filter(cooperative=coop, is_active=True).order_by("name", "id")[0]
if shift is None:
    Shift.objects.create(cooperative=coop, outlet=outlet, cashier=kasir, opening_cash=D(200000))
items = [("E2E-POS-1", "Teh Celup Uji", "5000", "4500", "2990000000011"),
         ("E2E-POS-2", "Sabun Mandi Uji", "4000", "3800", "2990000000028"),
         ("E2E-POS-3", "Kecap Manis Uji", "12500", "12000", "2990000000035")]
products = []
for sku, name, price, member_price, code in items:
    product, _ = Product.objects.get_or_create(
        cooperative=coop, sku=sku, defaults={"name": name, "price": D(price), "member_price": D(member_price)}
    )
    Barcode.objects.get_or_create(cooperative=coop, code=code, defaults={"product": product})
    level = StockLevel.objects.filter(cooperative=coop, outlet=outlet, product=product).first()
    if level is None or level.quantity < 500:
        stock = [(product.pk, D(1000), D(3000))]
        stock_opening_record(cooperative=coop, actor=manager, outlet_id=outlet.pk, items=stock)
    products.append({"id": product.pk, "name": product.name, "barcode": code, "price": price})
member = Member.objects.filter(cooperative=coop, status="active").order_by("number").first()
found = {"number": f"{member.number:05d}", "name": member.name}
print(json.dumps({"outlet": outlet.pk, "products": products, "member": found}))
"""


def shell(tmp_path_factory: pytest.TempPathFactory, code: str) -> str:
    """Run Python in manage.py shell against the test server's database; its last printed line."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=served_env(tmp_path_factory),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def prepare_till(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return dict(json.loads(shell(tmp_path_factory, PREPARE)))


def sales_on_server(tmp_path_factory: pytest.TempPathFactory, client_ids: list[str]) -> dict[str, int]:
    """How many sales the server holds under each client id."""
    code = (
        "import json\nfrom django.db.models import Count\nfrom simpul.mart.models import Sale\n"
        f"ids = {json.dumps(client_ids)}\n"
        "rows = Sale.objects.filter(client_id__in=ids).values('client_id').annotate(n=Count('id'))\n"
        "print(json.dumps({str(r['client_id']): r['n'] for r in rows}))"
    )
    return dict(json.loads(shell(tmp_path_factory, code)))


def fits(page: Any) -> None:
    """No sideways scrolling at 360 px; on failure, the elements that stick out are named."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
    )
    assert not wide, f"{page.url}: sticks out at 360 px: {wide}"
    no_horizontal_scroll(page)


def open_till(session: Browsing, outlet: int) -> Any:
    """The POS page, its outlet chosen, ready to sell (the snapshot in IndexedDB)."""
    page = session.page
    session.goto(POS)
    choose = page.get_by_test_id(f"pos-outlet-{outlet}")
    page.wait_for_function(
        "() => !document.querySelector('[data-view=sale]').hidden"
        " || !document.querySelector('[data-view=outlet]').hidden"
    )
    if choose.is_visible():
        choose.click()
    page.wait_for_function("() => document.querySelector('[data-pos]').dataset.ready === '1'")
    return page


CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def wait_until_controlled(page: Any) -> None:
    """The till's service worker controls the page. One that activated without claiming the open page (seen on a
    loaded machine, where installing takes longer than a wait) controls it after a reload: the till's next opening
    is the worker's all the same."""
    try:
        page.wait_for_function(CONTROLLED, timeout=20_000)
    except PlaywrightTimeoutError:
        page.reload()
        page.wait_for_function(CONTROLLED, timeout=60_000)
        page.wait_for_function("() => document.querySelector('[data-pos]').dataset.ready === '1'", timeout=60_000)


def device_sales(page: Any) -> list[dict[str, Any]]:
    """Every sale the till keeps in IndexedDB (waiting or answered)."""
    return list(page.evaluate(f"async () => (await window.idb.openDB('simpul-pos-{DEMO_SLUG}')).getAll('sales')"))


def sell(page: Any, barcode: str, cash: str) -> None:
    """Scan one product (the scanner types the code and Enter), pay cash, and come back for the next sale."""
    scan = page.get_by_test_id("pos-scan")
    expect(scan).to_be_focused()
    scan.type(barcode)
    scan.press("Enter")
    expect(page.get_by_test_id("pos-line-0")).to_be_visible()
    page.get_by_test_id("pos-pay-amount").fill(cash)
    page.get_by_test_id("pos-pay-add").click()
    page.get_by_test_id("pos-pay").click()
    expect(page.get_by_test_id("pos-receipt")).to_be_visible()
    page.get_by_test_id("pos-new-sale").click()
    expect(page.get_by_test_id("pos-scan")).to_be_focused()


def test_the_kasir_sells_by_scanner_search_and_member_number_and_gets_the_receipt(
    phone: Browsing, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    tea, soap, _soy = till["products"]
    log_in(phone, KASIR)
    page = open_till(phone, till["outlet"])
    expect(page.get_by_test_id("pos-network")).to_have_text("Daring")

    scan = page.get_by_test_id("pos-scan")
    expect(scan).to_be_focused()
    scan.type(tea["barcode"])
    scan.press("Enter")
    expect(page.get_by_test_id("pos-line-0")).to_contain_text(tea["name"])
    page.get_by_test_id("pos-line-0").locator(".pos-plus").click()
    expect(page.get_by_test_id("pos-qty-0")).to_have_value("2")
    # A fraction of a product sold in whole units is refused in words.
    page.get_by_test_id("pos-qty-0").fill("1,5")
    page.get_by_test_id("pos-qty-0").press("Enter")
    expect(page.get_by_test_id("pos-message")).to_contain_text("hanya dijual dalam satuan utuh")
    expect(page.get_by_test_id("pos-qty-0")).to_have_value("2")
    # An unknown code says so; a name finds the product.
    scan.fill("2990000099999")
    scan.press("Enter")
    expect(page.get_by_test_id("pos-message")).to_contain_text("tidak dikenal")
    scan.fill("sabun mandi uji")
    scan.press("Enter")
    expect(page.get_by_test_id("pos-line-1")).to_contain_text(soap["name"])
    expect(page.get_by_test_id("pos-total")).to_have_text("Rp14.000")  # 2 × 5.000 + 4.000

    # The member by number: member prices.
    page.get_by_test_id("pos-member-input").fill(till["member"]["number"])
    page.get_by_test_id("pos-member-submit").click()
    expect(page.get_by_test_id("pos-member")).to_contain_text(till["member"]["name"])
    expect(page.get_by_test_id("pos-total")).to_have_text("Rp12.800")  # 2 × 4.500 + 3.800

    page.get_by_test_id("pos-pay-amount").fill("20.000")
    page.get_by_test_id("pos-pay-add").click()
    expect(page.get_by_test_id("pos-change")).to_have_text("Rp7.200")
    fits(page)
    page.get_by_test_id("pos-pay").click()

    receipt = page.get_by_test_id("pos-receipt-text")
    expect(receipt).to_contain_text("No. struk")
    expect(receipt).to_contain_text("Kembalian: Rp7.200")
    expect(receipt).to_contain_text("Rp12.800")
    expect(receipt).not_to_contain_text("belum terkirim")
    whatsapp = page.get_by_test_id("pos-whatsapp").get_attribute("href") or ""
    assert whatsapp.startswith("https://wa.me/?text=") and "12.800" in whatsapp
    page.get_by_label("80 mm").check()
    assert page.evaluate("document.body.dataset.receipt") == "80"
    fits(page)

    sales = device_sales(page)
    assert len(sales) == 1 and sales[0]["state"] == "accepted" and sales[0]["number"]
    assert sales_on_server(tmp_path_factory, [sales[0]["client_id"]]) == {sales[0]["client_id"]: 1}
    page.get_by_test_id("pos-new-sale").click()
    page.get_by_test_id("pos-reprint").click()
    expect(receipt).to_contain_text(sales[0]["number"])


class Transferred:
    """Bytes as Chromium received them (CDP Network.loadingFinished encodedDataLength), like test_page_weight."""

    def __init__(self, cdp: Any) -> None:
        self.bytes = 0
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event["encodedDataLength"])


def test_the_till_is_light_on_a_first_load_and_opens_within_2_s_on_slow_3g(
    browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    session = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(session, KASIR)
        page = session.page
        cdp = session.context.new_cdp_session(page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        transferred = Transferred(cdp)
        open_till(session, till["outlet"])
        page.wait_for_function("() => document.querySelector('[data-pos]').dataset.worker === '1'", timeout=60_000)
        page.wait_for_load_state("networkidle")
        first_load = transferred.bytes
        assert first_load < PAGE_BUDGET_BYTES, f"the POS page's first load took {first_load} bytes"

        # The till installed (its service worker and snapshot kept): a phone on slow 3G with a 4× slower CPU.
        # The worker takes control once installed and activated: slow on a busy machine, not on the phone's time.
        wait_until_controlled(page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        started = time.monotonic()
        page.reload(wait_until="commit")
        page.wait_for_function("() => document.querySelector('[data-pos]').dataset.ready === '1'", timeout=20_000)
        usable = time.monotonic() - started
        expect(page.get_by_test_id("pos-scan")).to_be_focused()
        print(f"POS page: first load {first_load} bytes; usable after {usable:.2f} s on slow 3G with 4x CPU")
        assert usable < USABLE_WITHIN_S, f"the POS page was usable after {usable:.2f} s on slow 3G"
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    finally:
        session.context.close()
    session.problems.assert_clean()
