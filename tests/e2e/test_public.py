"""The public site: the landing page says what Simpul does; the directory finds a cooperative and opens it."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, no_horizontal_scroll

DEMO_COOPERATIVE = "Koperasi Serba Usaha Mitra Sauyunan"
DEMO_SLUG = "ksu-mitra-sauyunan"


def test_landing_page_says_what_simpul_does(browsing: Browsing):
    page = browsing.page
    browsing.goto("/")
    expect(page).to_have_title(re.compile("Simpul"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_test_id("landing-hero")).to_be_visible()
    expect(page.get_by_test_id("landing-hero").get_by_role("heading", level=1)).to_have_text(
        re.compile("^Koperasi Indonesia")
    )
    # The figures count the demo's cooperatives and networks.
    cooperatives = int(page.get_by_test_id("stat-cooperatives").inner_text().replace(".", ""))
    assert cooperatives >= 100
    expect(page.get_by_test_id("stat-networks")).not_to_have_text("0")
    page.get_by_test_id("landing-directory").click()
    expect(page).to_have_url(re.compile(r"/koperasi/$"))


def test_directory_search_by_name_filter_by_type_and_open_a_profile(browsing: Browsing):
    page = browsing.page
    browsing.goto("/koperasi/")
    results = page.get_by_test_id("directory-results")
    expect(results.get_by_test_id("directory-item").first).to_be_visible()

    # Typing a name narrows the list through HTMX and puts the query in the address bar.
    with page.expect_response(re.compile(r"/koperasi/\?.*cari=Mitra")):
        page.get_by_test_id("directory-search").fill("Mitra Sauyunan")
    expect(results.get_by_test_id("directory-item")).to_have_count(1)
    expect(results.get_by_test_id("directory-item")).to_contain_text(DEMO_COOPERATIVE)
    expect(page).to_have_url(re.compile(r"cari=Mitra"))

    # A type filter that the cooperative does not have empties the list; its own type brings it back.
    with page.expect_response(re.compile(r"jenis=kud")):
        page.get_by_test_id("directory-type").select_option("kud")
    expect(results.get_by_test_id("directory-empty")).to_be_visible()
    with page.expect_response(re.compile(r"jenis=ksu")):
        page.get_by_test_id("directory-type").select_option("ksu")
    expect(results.get_by_test_id("directory-item")).to_have_count(1)

    results.get_by_role("link", name=DEMO_COOPERATIVE).click()
    expect(page).to_have_url(re.compile(rf"/koperasi/{DEMO_SLUG}/$"))
    expect(page.get_by_test_id("profile-name")).to_have_text(DEMO_COOPERATIVE)
    expect(page.get_by_test_id("profile-village")).to_contain_text("Kota Bandung")


def test_directory_filters_by_type_alone(browsing: Browsing):
    page = browsing.page
    browsing.goto("/koperasi/")
    with page.expect_response(re.compile(r"jenis=kud")):
        page.get_by_test_id("directory-type").select_option("kud")
    results = page.get_by_test_id("directory-results")
    expect(results.get_by_test_id("directory-item")).to_have_count(10)  # the ten KUDs of Jawa Tengah
    for text in results.get_by_test_id("directory-item").all_inner_texts():
        assert "KUD" in text
    expect(page).to_have_url(re.compile(r"jenis=kud"))


def test_directory_works_on_a_phone(phone: Browsing):
    page = phone.page
    phone.goto("/koperasi/")
    expect(page.get_by_test_id("directory-item").first).to_be_visible()
    no_horizontal_scroll(page)
    phone.goto(f"/koperasi/{DEMO_SLUG}/")
    expect(page.get_by_test_id("profile-name")).to_be_visible()
    no_horizontal_scroll(page)


def test_unknown_page_is_the_friendly_404(browsing: Browsing):
    browsing.problems.expect_status(404)
    page = browsing.page
    response = browsing.goto("/koperasi/tidak-ada-koperasi-ini/")
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("error-404")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    page.get_by_test_id("error-home").click()
    expect(page.get_by_test_id("landing-hero")).to_be_visible()
