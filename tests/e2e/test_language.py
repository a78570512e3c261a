"""The language switch: Bahasa Indonesia by default, English on request, remembered by a cookie."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, open_session

LANGUAGE_COOKIE = "simpul_language"


def _switch_to(browsing: Browsing, language: str) -> None:
    page = browsing.page
    # The select submits its form by itself (simpul.js); the POST redirects back to the same page.
    with page.expect_navigation():
        page.get_by_test_id("language-select").select_option(language)


def test_switch_to_english_survives_a_reload_and_switches_back(browsing: Browsing):
    page = browsing.page
    browsing.goto("/koperasi/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Direktori koperasi")
    expect(page.get_by_test_id("nav-login")).to_have_text("Masuk")

    _switch_to(browsing, "en")
    expect(page).to_have_url(re.compile(r"/koperasi/$"))  # still on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of cooperatives")
    expect(page.get_by_test_id("nav-login")).to_have_text("Log in")
    cookies = {c["name"]: c["value"] for c in browsing.context.cookies()}
    assert cookies.get(LANGUAGE_COOKIE) == "en"

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of cooperatives")
    # Another page keeps English too.
    browsing.goto("/")
    expect(page.get_by_test_id("landing-directory")).to_have_text("Find a cooperative")

    _switch_to(browsing, "id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_test_id("landing-directory")).to_have_text("Cari koperasi")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_a_browser_set_to_english_still_gets_indonesian_until_the_switch(browser, server_url):  # type: ignore[no-untyped-def]
    """Pages are in Bahasa Indonesia unless the person switched: the browser's Accept-Language does not decide."""
    session = open_session(browser, server_url, locale="en-US")
    try:
        page = session.page
        session.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        _switch_to(session, "en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        session.context.close()
    session.problems.assert_clean()
