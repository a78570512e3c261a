"""The harness itself: the server serves static files like `make run`, and the problem collector bites."""

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing


def test_static_files_come_from_whitenoise_with_hashed_names(browsing: Browsing):
    page = browsing.page
    browsing.goto("/")
    stylesheet = page.locator('link[rel="stylesheet"][href^="/static/simpul/simpul."]').get_attribute("href") or ""
    # The manifest storage gives hashed names, which whitenoise serves with a far-future cache header.
    assert stylesheet.startswith("/static/simpul/simpul.") and stylesheet != "/static/simpul/simpul.css", stylesheet
    response = page.request.get(browsing.url(stylesheet))
    assert response.status == 200
    assert "max-age=315360000" in response.headers.get("cache-control", "")


def test_the_problem_collector_sees_console_errors_and_broken_assets(browsing: Browsing):
    page = browsing.page
    browsing.goto("/")
    expect(page.get_by_test_id("landing-hero")).to_be_visible()
    page.evaluate("console.error('uji: kesalahan')")
    with page.expect_response(lambda r: r.url.endswith("/static/tidak-ada.png")):
        page.evaluate(
            "() => { const img = document.createElement('img'); img.src = '/static/tidak-ada.png';"
            " document.body.append(img); }"
        )
    page.wait_for_timeout(200)  # let the console message of the failed image arrive
    found = list(browsing.problems.found)
    browsing.problems.found.clear()  # the test passes when the collector saw both
    assert any("uji: kesalahan" in problem for problem in found), found
    assert any("HTTP 404 for image" in problem for problem in found), found
