"""The home pages' figures, charts and map on a 360 × 740 phone in Chromium, for the manager, the supervisor, a
member, the network coordinator and a Dinas officer of the demo: each figure inside the screen's width, the chart
drawn by Chart.js (a Chart on a canvas of real size), the map's markers placed by Leaflet, and each page under
150 KB transferred on a first load (compressed bodies and headers, cache off; the map has no tiles by default)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from simpul.coops.demo.plan import BANDUNG, DEMO_COOPERATIVE_SLUG, NETWORK_SLUG

from .conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

BUDGET_BYTES = 150 * 1024

MANAGER_FIGURES = [
    "figure-cash-total",
    "figure-savings-total",
    "figure-members-active",
    "figure-members-joined",
    "figure-members-left",
    "figure-arrears",
    "figure-result-current",
    "figure-result-previous",
]


@contextmanager
def weighed_visit(phone: Browsing, browser: Any, server_url: str, path: str) -> Iterator[tuple[Browsing, int]]:
    """Open `path` as the logged-in `phone` in a new context (the same cookies, an empty cache): the session and
    what its first load transferred (the bodies as sent, compressed, and the headers). Its problems are judged too."""
    session = open_session(
        browser,
        server_url,
        storage_state=phone.context.storage_state(),
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        responses: list[Any] = []

        def record(response: Any) -> None:
            responses.append(response)

        session.page.on("response", record)
        response = session.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        session.page.wait_for_load_state("networkidle")
        session.page.remove_listener("response", record)
        total = 0
        for item in responses:
            sizes = item.request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        assert len(responses) > 3, [r.url for r in responses]  # the page, its styles and scripts
        print(f"{path}: {total / 1024:.1f} KB transferred in {len(responses)} responses")  # shown with -s
        yield session, total
        session.problems.assert_clean()
    finally:
        session.context.close()


def _inside_the_screen(session: Browsing, testid: str) -> None:
    locator = session.page.get_by_test_id(testid).first
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, testid
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{testid} leaves the screen: {box}"


def _chart_drawn(session: Browsing, testid: str) -> dict[str, Any]:
    canvas = session.page.get_by_test_id(testid)
    canvas.scroll_into_view_if_needed()
    drawn = canvas.evaluate(
        """canvas => {
            const chart = window.Chart && window.Chart.getChart(canvas);
            return {
                chart: Boolean(chart),
                width: canvas.width,
                height: canvas.height,
                points: chart ? chart.data.datasets.map(d => d.data.length) : [],
            };
        }"""
    )
    assert drawn["chart"], f"no Chart on {testid}"
    assert drawn["width"] > 0 and drawn["height"] > 0, drawn
    box = canvas.bounding_box()
    assert box is not None and 0 < box["width"] <= PHONE["width"] and box["height"] > 0, box
    return drawn


@pytest.mark.parametrize("login", ["pengurus@demo.simpul.id", "pengawas@demo.simpul.id"])
def test_manager_and_supervisor_home(phone: Browsing, browser: Any, server_url: str, login: str) -> None:
    log_in(phone, login)
    with weighed_visit(phone, browser, server_url, f"/k/{DEMO_COOPERATIVE_SLUG}/") as (home, weight):
        for testid in MANAGER_FIGURES:
            _inside_the_screen(home, testid)
        drawn = _chart_drawn(home, "home-chart")
        assert drawn["points"] == [12, 12]  # results and savings, a year of months
        expect(home.page.get_by_test_id("home-posting").first).to_be_visible()
        # The same numbers as a table, one tap away.
        home.page.get_by_test_id("home-chart-table").locator("summary").click()
        expect(home.page.get_by_test_id("home-chart-table").locator("tbody tr")).to_have_count(12)
        no_horizontal_scroll(home.page)
    assert weight < BUDGET_BYTES, f"the home page transferred {weight / 1024:.1f} KB"


def test_member_home(phone: Browsing, browser: Any, server_url: str) -> None:
    log_in(phone, "anggota@demo.simpul.id")
    with weighed_visit(phone, browser, server_url, f"/anggota/k/{DEMO_COOPERATIVE_SLUG}/") as (home, weight):
        _inside_the_screen(home, "portal-balance-total")
        drawn = _chart_drawn(home, "portal-savings-chart")
        assert drawn["points"] == [12]
        no_horizontal_scroll(home.page)
    assert weight < BUDGET_BYTES, f"the member's page transferred {weight / 1024:.1f} KB"


def test_network_coordinator_home(phone: Browsing, browser: Any, server_url: str) -> None:
    log_in(phone, "koordinator@demo.simpul.id")
    with weighed_visit(phone, browser, server_url, f"/jaringan/{NETWORK_SLUG}/") as (home, weight):
        for testid in ("network-members-total", "network-savings-total", "network-quiet-count"):
            _inside_the_screen(home, testid)
        assert int(home.page.get_by_test_id("network-members-total").inner_text().replace(".", "")) > 0
        no_horizontal_scroll(home.page)
    assert weight < BUDGET_BYTES, f"the network's home transferred {weight / 1024:.1f} KB"


def test_dinas_home_with_its_map(phone: Browsing, browser: Any, server_url: str) -> None:
    log_in(phone, "dinas.bandung@demo.simpul.id")
    with weighed_visit(phone, browser, server_url, f"/dinas/{BANDUNG}/") as (home, weight):
        for testid in ("dinas-members", "dinas-savings", "dinas-assets", "dinas-without-books-count", "dinas-inactive"):
            _inside_the_screen(home, testid)
        assert int(home.page.get_by_test_id("dinas-members").inner_text().replace(".", "")) > 0
        the_map = home.page.get_by_test_id("dinas-map")
        the_map.scroll_into_view_if_needed()
        markers = the_map.locator("path.leaflet-interactive")  # Leaflet loads as the map nears the screen
        expect(markers.first).to_be_attached()
        assert markers.count() > 0
        expect(the_map.locator(".region-label").first).to_be_attached()  # the districts' names, no tiles needed
        assert the_map.locator("img.leaflet-tile").count() == 0  # tiles are off by default
        box = the_map.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] > 100
        no_horizontal_scroll(home.page)
    assert weight < BUDGET_BYTES, f"the Dinas home transferred {weight / 1024:.1f} KB"
