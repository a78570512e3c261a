"""Dinas Koperasi officers drill from their region down: province → regency, and city → district."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

JATENG_OFFICER = "dinas.jateng@demo.simpul.id"
BANDUNG_OFFICER = "081200000006"  # the Kota Bandung officer, by phone number
CILACAP = "33.01"
BANDUNG = "32.73"


def test_province_officer_drills_from_province_to_a_regency(browsing: Browsing):
    page = browsing.page
    log_in(browsing, JATENG_OFFICER)
    expect(page).to_have_url(re.compile(r"/dinas/33/$"))
    expect(page.get_by_test_id("dinas-region-name")).to_have_text("Jawa Tengah")
    breakdown = page.get_by_test_id("dinas-breakdown")
    # One row per regency and city of the province (35); the demo has a KUD in ten of them, Cilacap's among them.
    expect(breakdown.get_by_test_id("breakdown-row")).to_have_count(35)
    cilacap_row = breakdown.locator(f'[data-testid="breakdown-row"][data-code="{CILACAP}"]')
    expect(cilacap_row.locator("td").first).to_have_text("1")

    breakdown.get_by_test_id(f"drill-{CILACAP}").click()
    expect(page).to_have_url(re.compile(rf"/dinas/{CILACAP}/$"))
    expect(page.get_by_test_id("dinas-region-name")).to_contain_text("Cilacap")
    cooperatives = page.get_by_test_id("dinas-cooperatives").get_by_test_id("dinas-cooperative")
    expect(cooperatives).to_have_count(1)
    expect(cooperatives.first).to_contain_text("KUD")
    expect(cooperatives.first).to_contain_text("Koperasi Unit Desa (KUD)")

    # The breadcrumb leads back up to the province.
    page.get_by_test_id("dinas-trail").get_by_test_id("trail-33").click()
    expect(page).to_have_url(re.compile(r"/dinas/33/$"))


def test_province_officer_cannot_open_another_province(browsing: Browsing):
    browsing.problems.expect_status(404)
    page = browsing.page
    log_in(browsing, JATENG_OFFICER)
    response = browsing.goto(f"/dinas/{BANDUNG}/")
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("error-404")).to_be_visible()


def test_city_officer_drills_into_a_district(browsing: Browsing):
    page = browsing.page
    log_in(browsing, BANDUNG_OFFICER)
    expect(page).to_have_url(re.compile(rf"/dinas/{re.escape(BANDUNG)}/$"))
    expect(page.get_by_test_id("dinas-region-name")).to_contain_text("Bandung")
    total = int(page.get_by_test_id("dinas-total").inner_text().replace(".", ""))
    assert total >= 100  # the network's hundred cooperatives and the Merah Putih ones

    rows = page.get_by_test_id("dinas-breakdown").get_by_test_id("breakdown-row")
    expect(rows.first).to_be_visible()
    district_code = rows.first.get_attribute("data-code")
    assert district_code and district_code.startswith(BANDUNG + ".")
    district_name = rows.first.get_by_role("link").inner_text()
    rows.first.get_by_role("link").click()

    expect(page).to_have_url(re.compile(rf"/dinas/{re.escape(district_code)}/$"))
    expect(page.get_by_test_id("dinas-region-name")).to_have_text(district_name)
    cooperatives = page.get_by_test_id("dinas-cooperatives").get_by_test_id("dinas-cooperative")
    expect(cooperatives.first).to_be_visible()
    for village in cooperatives.locator("td:nth-child(3)").all_inner_texts():
        assert district_name in village, f"a cooperative outside {district_name}: {village}"


def test_dinas_filter_by_type_updates_the_list(browsing: Browsing):
    page = browsing.page
    log_in(browsing, BANDUNG_OFFICER)
    filters = page.get_by_test_id("dinas-filters")
    with page.expect_response(re.compile(r"jenis=merah_putih")):
        filters.get_by_role("combobox").first.select_option("merah_putih")
    # The response arrives before HTMX swaps the list in (it pushes the URL in the same step): wait for both before
    # reading rows, or the old list's rows are read.
    expect(page).to_have_url(re.compile(r"jenis=merah_putih"))
    cooperatives = page.get_by_test_id("dinas-cooperatives").get_by_test_id("dinas-cooperative")
    expect(cooperatives.locator("td:nth-child(2)").filter(has_not_text="Merah Putih")).to_have_count(0)
    expect(cooperatives.first).to_be_visible()
    for kind in cooperatives.locator("td:nth-child(2)").all_inner_texts():
        assert "Merah Putih" in kind


def test_dinas_home_fits_a_phone(phone: Browsing):
    page = phone.page
    log_in(phone, JATENG_OFFICER)
    expect(page.get_by_test_id("dinas-breakdown")).to_be_visible()
    no_horizontal_scroll(page)
