"""Belanja Bareng in the browser, at 360 px, with the demo's logins: the network's coordinator opens a round of
Minyakita through the form, the managers of two member cooperatives commit through their round page, the first sees
the tier drop its estimated price after the second's commitment, the coordinator closes the round, the supplier
confirms part of its order, and the first manager receives the goods and finds them in the mart's stock and the
payable to the supplier in its books (the supplier's page: the payables subledger).

The round is made here, so the test does not hang on the demo's own rounds."""

import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

NETWORK = "juk-kota-bandung"
DEMO_SLUG = "ksu-mitra-sauyunan"
PARTNER_SLUG = "ksu-sejahtera-sukarasa"
COORDINATOR = "081200000005"
MANAGER = "081200000001"
PARTNER_MANAGER = "081200000010"
SUPPLIER = "081200000008"
SUPPLIER_NAME = "PT Mitra Pangan Priangan"
TITLE = "Minyakita Uji Peramban"
ITEM = "Minyakita 1 liter uji, dus isi 12"
STANDARD = "Minyak Goreng Minyakita 1 liter"
CASE = 12  # liter a case
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _number(text: str) -> Decimal:
    """The first figure of a text as Indonesian pages write it: "Rp14.600", "1.234,5 liter"."""
    found = re.search(r"\d[\d.]*(,\d+)?", text)
    assert found, text
    return Decimal(found.group(0).replace(".", "").replace(",", "."))


def _phone(browser: Any, server_url: str) -> Browsing:
    return open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def _open_round(session: Browsing) -> str:
    """The coordinator fills the new round's form; returns the round page's path."""
    page = session.page
    log_in(session, COORDINATOR)
    session.goto(f"/jaringan/{NETWORK}/belanja-bareng/")
    with page.expect_navigation():
        page.locator(f"a[href='/jaringan/{NETWORK}/belanja-bareng/baru/']").first.click()
    form = page.get_by_test_id("round-form")
    form.locator("input[name=title]").fill(TITLE)
    closes = dt.datetime.now(WIB) + dt.timedelta(days=3)
    form.locator("input[name=closes_at]").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    form.locator("select[name=payment_terms]").select_option("on_delivery")
    form.locator("select[name=payment_route]").select_option("direct")
    agreement = form.locator("select[name='suppliers-0-agreement_id'] option", has_text=SUPPLIER_NAME).first
    form.locator("select[name='suppliers-0-agreement_id']").select_option(agreement.get_attribute("value"))
    item = form.get_by_test_id("round-item").first
    field = f"items-{item.get_attribute('data-item')}-"
    item.locator(f"select[name='{field}supplier_id']").select_option(label=SUPPLIER_NAME)
    item.locator(f"input[name='{field}name']").fill(ITEM)
    item.locator(f"select[name='{field}standard_product_id']").select_option(label=STANDARD)
    item.locator(f"input[name='{field}unit']").fill("liter")
    item.locator(f"input[name='{field}case_size']").fill(str(CASE))
    item.locator(f"input[name='{field}min_cases']").fill("1")
    item.locator(f"input[name='{field}list_price']").fill("14900")
    item.locator("[data-add-tier]").click()
    tiers = item.locator("[data-tiers] .tier-row")
    expect(tiers).to_have_count(2)
    for row, (low, high, price) in zip(tiers.all(), [("1", "9", "14600"), ("10", "", "14200")], strict=True):
        row.locator("input[name$='-min_cases']").fill(low)
        row.locator("input[name$='-max_cases']").fill(high)
        row.locator("input[name$='-price']").fill(price)
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id("round-submit").click()
    expect(page.get_by_test_id("round-title")).to_have_text(TITLE)
    path = re.sub(r"^https?://[^/]+", "", page.url)
    assert re.fullmatch(rf"/jaringan/{NETWORK}/belanja-bareng/\d+/", path), path
    return path


def _commit(session: Browsing, slug: str, quantity: int) -> None:
    """A manager (logged in) finds the round among its cooperative's rounds and commits `quantity` liter."""
    page = session.page
    session.goto(f"/k/{slug}/belanja-bareng/")
    with page.expect_navigation():
        page.get_by_test_id("open-round-link").filter(has_text=TITLE).click()
    line = page.get_by_test_id("commit-line").filter(has_text=ITEM)
    line.get_by_test_id("commit-quantity").fill(str(quantity))
    with page.expect_navigation():
        page.get_by_test_id("commit-save").click()
    expect(page.get_by_test_id("estimate-cases").first).to_contain_text(str(quantity // CASE))
    no_horizontal_scroll(page)


def _estimate(session: Browsing) -> tuple[Decimal, Decimal]:
    """The round's total cases and this cooperative's estimated price per unit, as its round page shows them."""
    line = session.page.get_by_test_id("estimate-line").filter(has_text=ITEM)
    return (
        _number(line.get_by_test_id("estimate-round-cases").inner_text()),
        _number(line.get_by_test_id("estimate-price").inner_text()),
    )


def _stock(session: Browsing) -> Decimal:
    session.goto(f"/k/{DEMO_SLUG}/mart/stok/?q=Minyakita")
    row = session.page.get_by_test_id("stock-row").filter(has_text=STANDARD)
    expect(row).to_have_count(1)
    return _number(row.get_by_test_id("stock-quantity").inner_text())


def test_a_round_from_the_form_to_the_marts_stock_and_books(phone: Browsing, browser: Any, server_url: str):
    coordinator = _phone(browser, server_url)
    partner = _phone(browser, server_url)
    supplier = _phone(browser, server_url)
    try:
        round_path = _open_round(coordinator)

        # The first manager's six cases reach only the first tier.
        log_in(phone, MANAGER)
        stock_before = _stock(phone)
        _commit(phone, DEMO_SLUG, 6 * CASE)
        member_round = phone.page.url
        assert _estimate(phone) == (6, Decimal(14_600))

        # The second cooperative's five cases take the round to eleven: the tier from ten cases.
        log_in(partner, PARTNER_MANAGER)
        _commit(partner, PARTNER_SLUG, 5 * CASE)
        assert _estimate(partner) == (11, Decimal(14_200))
        phone.page.reload()
        assert _estimate(phone) == (11, Decimal(14_200))

        # The coordinator sees both and closes the round: eleven cases ordered.
        coordinator.goto(round_path)
        expect(coordinator.page.get_by_test_id("commitment-row")).to_have_count(2)
        with coordinator.page.expect_navigation():
            coordinator.page.get_by_test_id("close-button").click()
        expect(coordinator.page.get_by_test_id("item-cases")).to_contain_text("11")

        # The supplier can deliver nine: the cases are shared again.
        log_in(supplier, SUPPLIER)
        supplier.goto("/pemasok/belanja-bareng/")
        order_row = supplier.page.get_by_test_id("order-row").filter(has_text=TITLE)
        with supplier.page.expect_navigation():
            order_row.get_by_role("link").click()
        form = supplier.page.get_by_test_id("confirm-form")
        form.get_by_label(ITEM).fill("9")
        delivery = dt.datetime.now(WIB).date() + dt.timedelta(days=1)
        form.locator("input[name=delivery_date]").fill(delivery.isoformat())
        with supplier.page.expect_navigation():
            supplier.page.get_by_test_id("confirm-submit").click()
        expect(supplier.page.get_by_test_id("order-confirmed")).to_be_visible()
        no_horizontal_scroll(supplier.page)

        # The first manager receives its share into the mart.
        phone.page.goto(member_round)
        with phone.page.expect_navigation():
            phone.page.get_by_test_id("receive-link").click()
        line = phone.page.get_by_test_id("receive-line").filter(has_text=ITEM)
        cases = _number(line.locator("small").first.inner_text())
        assert 0 < cases < 6  # part of what it asked for, as the supplier confirmed only part
        line.get_by_test_id("receive-good").fill(str(cases))
        line.get_by_test_id("receive-damaged").fill("0")
        phone.page.get_by_test_id("receive-outlet").select_option(label="Koperasi Mart Gegerkalong")
        with phone.page.expect_navigation():
            phone.page.get_by_test_id("receive-save").click()
        # Back on the round page, told the receipt's number; the receipt is among the mart's goods receipts.
        flash = phone.page.locator(".flash[role=status]").first
        expect(flash).to_be_visible()
        number = re.search(r"GR-\d+", flash.inner_text())
        assert number, flash.inner_text()
        no_horizontal_scroll(phone.page)
        phone.goto(f"/k/{DEMO_SLUG}/mart/penerimaan/")
        with phone.page.expect_navigation():
            phone.page.get_by_role("link", name=number.group(0)).click()
        receipt_line = phone.page.get_by_test_id("receipt-line-row").first
        expect(receipt_line).to_contain_text(STANDARD)
        total = _number(phone.page.get_by_test_id("receipt-line-row").last.locator("td").last.inner_text())
        assert total == cases * CASE * Decimal(14_600)  # nine cases: the first tier's price
        with phone.page.expect_navigation():
            phone.page.get_by_role("link", name=SUPPLIER_NAME).click()
        assert _number(phone.page.get_by_test_id("supplier-owed").inner_text()) == total
        no_horizontal_scroll(phone.page)

        assert _stock(phone) == stock_before + cases * CASE
        no_horizontal_scroll(phone.page)
    finally:
        for session in (coordinator, partner, supplier):
            session.context.close()
    for session in (coordinator, partner, supplier):
        session.problems.assert_clean()
