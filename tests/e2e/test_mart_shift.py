"""A shift at 360 px: the demo's manager (who may do all a kasir does) opens a shift at the mart with the opening
cash and the network's opening checklist, sees what the till should hold, closes it with a count Rp2.500 short, and
reads the variance on the Z report, which fits the phone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
SHIFT = f"/k/{DEMO_SLUG}/mart/shift/"


def test_open_and_close_a_shift_with_its_z_report(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    phone.goto(SHIFT)
    if page.get_by_test_id("shift-open").count():  # a shift left open by an earlier run of this test
        page.get_by_test_id("shift-close-form").locator("input[name=counted_cash]").fill("0")
        with page.expect_navigation():
            page.get_by_test_id("shift-close-submit").click()
        phone.goto(SHIFT)
    form = page.get_by_test_id("shift-open-form")
    expect(form).to_be_visible()
    no_horizontal_scroll(page)
    form.locator("input[name=opening_cash]").fill("200.000")
    ticks = form.locator("input[name=checklist]")
    for index in range(ticks.count()):
        ticks.nth(index).check()
    with page.expect_navigation():
        page.get_by_test_id("shift-open-submit").click()
    expect(page.get_by_test_id("shift-opening-cash")).to_have_text("Rp200.000")
    expect(page.get_by_test_id("shift-expected")).to_have_text("Rp200.000")
    no_horizontal_scroll(page)

    close = page.get_by_test_id("shift-close-form")
    close.locator("input[name=counted_cash]").fill("197.500")
    close.locator("input[name=note]").fill("uang receh kurang")
    with page.expect_navigation():
        page.get_by_test_id("shift-close-submit").click()
    expect(page).to_have_url(re.compile(r"/mart/shift/\d+/z/$"))
    report = page.get_by_test_id("z-report")
    expect(report).to_contain_text("Laporan Z")
    expect(page.get_by_test_id("z-expected")).to_contain_text("Rp200.000")
    expect(page.get_by_test_id("z-counted")).to_contain_text("Rp197.500")
    expect(page.get_by_test_id("z-variance")).to_contain_text("Rp2.500")
    no_horizontal_scroll(page)
