"""The Dinas officer's monitoring dashboard in the browser, at 360 px, on the demo: from the Dinas home of Kota
Bandung to the dashboard, down a district and a village to KSU Mitra Sauyunan, whose figures the demo seeding
rolled up (its members, its mart's sales); then the region's public transparency page, without logging in."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

OFFICER = "081200000006"
DISTRICT = "32.73.01"
VILLAGE = "32.73.01.1002"
COOPERATIVE = "Koperasi Serba Usaha Mitra Sauyunan"


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def test_the_officer_drills_down_to_a_cooperative(phone: Browsing, browser: Any, server_url: str):
    page = phone.page
    log_in(phone, OFFICER)
    phone.goto("/dinas/32.73/")
    with page.expect_navigation():
        page.get_by_test_id("dinas-monitoring-link").click()
    expect(page.get_by_test_id("monitoring-title")).to_contain_text("Kota Bandung")
    assert _number(page.get_by_test_id("mon-cooperatives").inner_text()) >= 100
    assert _number(page.get_by_test_id("mon-members").inner_text()) > 0
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    no_horizontal_scroll(page)

    with page.expect_navigation():
        page.get_by_test_id(f"drill-{DISTRICT}").click()
    expect(page.get_by_test_id("dinas-trail")).to_contain_text("Kota Bandung")
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id(f"drill-{VILLAGE}").click()
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id("cooperative-ksu-mitra-sauyunan").click()
    expect(page.get_by_test_id("monitoring-cooperative")).to_have_text(COOPERATIVE)
    assert _number(page.get_by_test_id("coop-members").inner_text()) > 0
    no_horizontal_scroll(page)

    # The public page on a phone, without logging in: the figures, then the cooperative's published books head found
    # by its name among the region's 100-odd (50 a page).
    public = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        anyone = public.page
        public.goto("/transparansi/32.73/")
        expect(anyone.get_by_test_id("transparency-title")).to_contain_text("Kota Bandung")
        assert _number(anyone.get_by_test_id("mon-cooperatives").inner_text()) >= 100
        expect(anyone.get_by_test_id("head-row")).to_have_count(50)
        expect(anyone.get_by_test_id("page-next")).to_be_visible()
        no_horizontal_scroll(anyone)
        anyone.get_by_test_id("heads-search-name").fill("mitra sauyunan")
        with anyone.expect_navigation():
            anyone.get_by_test_id("heads-search-submit").click()
        rows = anyone.get_by_test_id("head-row")
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text(COOPERATIVE)
        expect(anyone.get_by_test_id("heads-search-name")).to_have_value("mitra sauyunan")
        no_horizontal_scroll(anyone)
        public.problems.assert_clean()
    finally:
        public.context.close()
