"""The demo's kasir on a 360 px phone: finds a member by number and by the card's QR text, deposits "100.000" typed
with separators, gets the receipt with its WhatsApp link, may not pay out until the manager allows it, confirms a
withdrawal seeing the balance after, closes the day with the right total, and meets the 403 page naming "Kasir" in
the books."""

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

DEMO_SLUG = "ksu-mitra-sauyunan"
KASIR = "081200000003"
MANAGER = "081200000001"
KASIR_NAME = "Neng Sulastri"
MEMBER_NAME = "Ujang Saepuloh"  # the demo member login's own record, phone 0812-0000-0004
MEMBER_PHONE = "081200000004"
DESK = f"/k/{DEMO_SLUG}/kasir/"


def _rupiah(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d]", "", text.split(",")[0]))


def _format(amount: Decimal) -> str:
    return "Rp" + f"{int(amount):,}".replace(",", ".")


def _fits(page) -> None:
    """No sideways scrolling at 360 px; on failure, the elements that stick out are named."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
    )
    assert not wide, f"{page.url}: sticks out at 360 px: {wide}"
    no_horizontal_scroll(page)


def _find_member_number(phone: Browsing) -> str:
    """The kasir finds the member by phone number (as people type it) and reads the member number."""
    page = phone.page
    page.get_by_test_id("member-search-input").fill(MEMBER_PHONE)
    page.get_by_test_id("member-search-submit").click()
    result = page.get_by_test_id("member-results").locator("a", has_text=MEMBER_NAME)
    expect(result).to_have_count(1)
    testid = result.get_attribute("data-testid") or ""
    return testid.removeprefix("member-result-")


def _deposit_form(phone: Browsing):
    form = phone.page.get_by_test_id("savings-form")
    expect(form).to_be_visible()
    return form


def test_the_kasir_serves_a_member_from_search_to_closing(phone: Browsing, browser, server_url):
    page = phone.page
    log_in(phone, KASIR)
    # The kasir starts at the Koperasi Mart's till, which links the savings desk.
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/mart/kasir/$"))
    page.get_by_test_id("pos-link-savings").click()
    expect(page).to_have_url(re.compile(rf"{DESK}$"))
    expect(page.get_by_test_id("cashier-home")).to_be_visible()
    _fits(page)

    # What the kasir's day already holds (the demo's history may have something dated today).
    phone.goto(f"{DESK}hari-ini/")
    rows_before = page.get_by_test_id("day-row").count()
    deposits_before = _rupiah(page.get_by_test_id("closing-deposits").inner_text())
    withdrawals_before = _rupiah(page.get_by_test_id("closing-withdrawals").inner_text())
    phone.goto(DESK)

    number = _find_member_number(phone)
    assert re.fullmatch(r"\d{5}", number), number
    # By number: straight to the member.
    page.get_by_test_id("member-search-input").fill(number)
    page.get_by_test_id("member-search-submit").click()
    expect(page.get_by_test_id("desk-member-name")).to_have_text(MEMBER_NAME)
    member_url = page.url
    # By the card's QR text, as a USB scanner types it.
    phone.goto(DESK)
    page.get_by_test_id("member-search-input").fill(f"{DEMO_SLUG}:{number}")
    page.get_by_test_id("member-search-input").press("Enter")
    expect(page).to_have_url(member_url)
    expect(page.get_by_test_id("desk-member-number")).to_contain_text(number)
    expect(page.get_by_test_id("savings-summary")).to_be_visible()
    _fits(page)
    sukarela_before = _rupiah(page.get_by_test_id("summary-balance-sukarela").inner_text())

    # Deposits only, until the manager allows withdrawals.
    expect(page.get_by_test_id("withdrawal-locked")).to_be_visible()
    expect(page.locator("input[name=direction][value=withdrawal]")).to_have_count(0)

    # A deposit typed digit by digit shows its thousands as it is typed.
    form = _deposit_form(phone)
    form.locator("select[name=kind]").select_option("sukarela")
    amount = form.locator("input[name=amount]")
    amount.press_sequentially("100000")
    expect(amount).to_have_value("100.000")
    form.get_by_test_id("savings-submit").click()

    # The receipt at once: print, PDF and WhatsApp with the receipt's link.
    expect(page).to_have_url(re.compile(rf"{DESK}bukti/\d+/$"))
    expect(page.get_by_test_id("receipt-amount")).to_have_text("Rp100.000")
    expect(page.get_by_test_id("receipt-print")).to_be_visible()
    expect(page.get_by_test_id("receipt-pdf")).to_be_visible()
    whatsapp = page.get_by_test_id("receipt-whatsapp")
    expect(whatsapp).to_be_visible()
    href = whatsapp.get_attribute("href") or ""
    assert href.startswith("https://wa.me/6281200000004?text="), href
    text = parse_qs(urlparse(href).query)["text"][0]
    link = re.search(r"(http://\S+/bukti/\S+/)", text)
    assert link is not None, text
    assert link.group(1).startswith(server_url)
    labels = page.get_by_test_id("receipt-signatures").locator("span")
    member_box, cashier_box = labels.nth(0).bounding_box(), labels.nth(1).bounding_box()
    assert member_box and cashier_box and member_box["x"] + member_box["width"] < cashier_box["x"]
    _fits(page)

    # The member opens the link without logging in.
    stranger = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        stranger.page.goto(link.group(1))
        expect(stranger.page.get_by_test_id("receipt-amount")).to_have_text("Rp100.000")
        expect(stranger.page.get_by_test_id("receipt-member")).to_contain_text(MEMBER_NAME)
        stranger.problems.assert_clean()
    finally:
        stranger.context.close()

    # The manager allows this kasir to pay out withdrawals.
    manager = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(manager, MANAGER)
        manager.goto(f"{DESK}izin/")
        row = manager.page.get_by_test_id("cashier-permissions").locator("li", has_text=KASIR_NAME)
        expect(row.get_by_test_id("cashier-state")).to_have_text("Hanya setoran")
        row.get_by_test_id("allow-withdrawals").click()
        expect(manager.page.get_by_role("status")).to_contain_text(f"{KASIR_NAME} kini boleh membayar penarikan.")
        expect(row.get_by_test_id("cashier-state")).to_have_text("Setoran dan penarikan")
        _fits(manager.page)
        manager.problems.assert_clean()
    finally:
        manager.context.close()

    # Now the kasir pays out, after a confirmation that shows the balance after.
    page.goto(member_url)
    form = _deposit_form(phone)
    form.locator("input[name=direction][value=withdrawal]").check()
    form.locator("select[name=kind]").select_option("sukarela")
    form.locator("input[name=amount]").press_sequentially("50000")
    form.get_by_test_id("savings-submit").click()
    confirm = page.get_by_test_id("withdrawal-confirm")
    expect(confirm).to_be_visible()
    balance = sukarela_before + Decimal(100000)
    expect(confirm.get_by_test_id("confirm-balance")).to_have_text(_format(balance))
    expect(confirm.get_by_test_id("confirm-balance-after")).to_have_text(_format(balance - Decimal(50000)))
    _fits(page)
    confirm.get_by_test_id("confirm-withdrawal").click()
    expect(page).to_have_url(re.compile(rf"{DESK}bukti/\d+/$"))
    expect(page.get_by_test_id("receipt-number")).to_contain_text("BP-")
    expect(page.get_by_test_id("receipt-balance")).to_have_text(_format(balance - Decimal(50000)))

    # The day's own list and its closing total.
    phone.goto(DESK)
    page.get_by_test_id("link-cashier-day").click()
    expect(page.get_by_test_id("cashier-day")).to_be_visible()
    expect(page.get_by_test_id("day-row")).to_have_count(rows_before + 2)
    deposits, withdrawals = deposits_before + Decimal(100000), withdrawals_before + Decimal(50000)
    expect(page.get_by_test_id("closing-deposits")).to_have_text(_format(deposits))
    expect(page.get_by_test_id("closing-withdrawals")).to_have_text(_format(withdrawals))
    expect(page.get_by_test_id("closing-net")).to_have_text(_format(deposits - withdrawals))
    expect(page.get_by_test_id("day-print")).to_be_visible()
    _fits(page)


def test_a_kasir_opening_the_books_gets_the_403_page_naming_kasir(phone: Browsing):
    phone.problems.expect_status(403)
    page = phone.page
    log_in(phone, KASIR)
    response = phone.goto(f"/k/{DEMO_SLUG}/buku/")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("error-403")).to_be_visible()
    expect(page.get_by_test_id("error-role-cashier")).to_have_text("Kasir")
    expect(page.get_by_test_id("error-role-scope")).to_contain_text("mencatat setoran simpanan")
    expect(page.get_by_test_id("error-home")).to_have_attribute("href", f"/k/{DEMO_SLUG}/mart/kasir/")
    _fits(page)
