"""Kasbon at 360 px: the demo's manager opens the member who owes the most, reads their kasbon history, takes a
repayment of Rp1.000 by QRIS, gets its receipt (number, what is still owed) and sees it on top of the history."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
KASBON = f"/k/{DEMO_SLUG}/mart/kasbon/"


def _rupiah(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_repay_kasbon_by_qris_with_its_receipt_and_history(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    phone.goto(KASBON)
    with page.expect_navigation():
        page.get_by_test_id("kasbon-row").first.locator("a").first.click()
    owed = _rupiah(page.get_by_test_id("kasbon-balance").inner_text())
    assert owed >= 1000, "the demo's member who owes the most owes at least Rp1.000"
    no_horizontal_scroll(page)

    with page.expect_navigation():
        page.get_by_test_id("kasbon-history-link").click()
    expect(page.get_by_test_id("kasbon-history-balance")).to_have_text(re.compile(r"Rp[\d.]+"))
    rows = page.get_by_test_id("kasbon-history-row")
    expect(rows.first).to_be_visible()
    expect(page.get_by_test_id("kasbon-history-owed").first).to_have_text(
        page.get_by_test_id("kasbon-history-balance").inner_text()
    )
    no_horizontal_scroll(page)
    page.go_back()

    form = page.get_by_test_id("kasbon-repay-form")
    form.locator("input[name=amount]").fill("1.000")
    form.locator("input[name=method][value=qris]").check()
    with page.expect_navigation():
        page.get_by_test_id("kasbon-repay-submit").click()
    expect(page).to_have_url(re.compile(r"/mart/kasbon/pembayaran/\d+/$"))
    receipt = page.get_by_test_id("kasbon-receipt")
    expect(receipt).to_contain_text("Pembayaran kasbon")
    expect(receipt).to_contain_text("QRIS")
    expect(page.get_by_test_id("kasbon-receipt-number")).to_have_text(re.compile(r"^KB-\d{6}-\d+$"))
    expect(page.get_by_test_id("kasbon-receipt-amount")).to_have_text("Rp1.000")
    still = _rupiah(page.get_by_test_id("kasbon-receipt-balance").inner_text())
    assert still == owed - 1000
    no_horizontal_scroll(page)
    number = page.get_by_test_id("kasbon-receipt-number").inner_text()

    with page.expect_navigation():
        page.get_by_test_id("kasbon-receipt-history").click()
    first = page.get_by_test_id("kasbon-history-row").first
    expect(first).to_have_attribute("data-kind", "repayment")
    expect(first).to_contain_text(number)
    expect(page.get_by_test_id("kasbon-history-balance")).to_have_text(f"Rp{still:,}".replace(",", "."))
    expect(page.get_by_test_id("kasbon-history-owed").first).to_have_text(f"Rp{still:,}".replace(",", "."))
