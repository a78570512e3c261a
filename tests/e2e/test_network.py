"""The network coordinator sees the network's member cooperatives and their partnership (MoU) records."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

COORDINATOR = "koordinator@demo.simpul.id"
NETWORK_SLUG = "juk-kota-bandung"


def test_coordinator_sees_members_and_partnership_records(browsing: Browsing):
    page = browsing.page
    log_in(browsing, COORDINATOR)
    expect(page).to_have_url(re.compile(rf"/jaringan/{NETWORK_SLUG}/$"))
    expect(page.get_by_test_id("network-name")).to_have_text("Jaringan Usaha Koperasi Kota Bandung")

    members = page.get_by_test_id("member-table").get_by_test_id("member-row")
    expect(members.first).to_be_visible()
    assert members.count() >= 20
    expect(page.get_by_test_id("member-table")).to_contain_text("Anggota")  # the "member" status, in Indonesian

    records = page.get_by_test_id("partnership-table").get_by_test_id("partnership-row")
    expect(records.first).to_be_visible()
    expect(records.first).to_contain_text(re.compile(r"\d{1,2} \w+ \d{4}"))  # signed on, as 25 November 2026


def test_coordinator_filters_the_invitations_waiting(browsing: Browsing):
    page = browsing.page
    log_in(browsing, COORDINATOR)
    with page.expect_navigation(url=re.compile(r"status=invited")):
        page.get_by_test_id("member-filter").get_by_role("combobox").select_option("invited")
    members = page.get_by_test_id("member-table").get_by_test_id("member-row")
    expect(members.first).to_be_visible()
    for row in members.all_inner_texts():
        assert "Diundang" in row, row


def test_network_page_fits_a_phone(phone: Browsing):
    page = phone.page
    log_in(phone, COORDINATOR)
    expect(page.get_by_test_id("member-table")).to_be_visible()
    no_horizontal_scroll(page)
