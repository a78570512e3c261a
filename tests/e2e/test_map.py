"""The potential map in the browser, at 360 px, with every request to anywhere but the test server aborted (and none
attempted): the platform operator imports synthetic square boundaries for Kota Bandung's districts, the Dinas officer
records a commodity survey, opens the map and sees the boundary polygons and each layer drawn, turns a layer off and
on, and the commodity table names the surveyed village."""

import json
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

OFFICER = "081200000006"  # Dinas Kota Bandung
OPERATOR = "081200000009"  # platform admin (staff)
VILLAGE = "32.73.01.1002"


def _offline(browser: Any, server_url: str) -> tuple[Browsing, list[str]]:
    session = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    outside: list[str] = []

    def guard(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    session.context.route("**/*", guard)
    return session, outside


def _squares(codes: list[str]) -> bytes:
    features = []
    for i, code in enumerate(codes):
        lon, lat = 107.55 + (i % 6) * 0.03, -6.85 - (i // 6) * 0.03
        ring = [[lon, lat], [lon + 0.025, lat], [lon + 0.025, lat + 0.025], [lon, lat + 0.025], [lon, lat]]
        features.append(
            {
                "type": "Feature",
                "properties": {"kode": code.replace(".", "")},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _markers(page: Any, key: str) -> int:
    return int(page.locator(f"#potential-map path.marker-{key}").count())


def test_the_map_draws_boundaries_and_layers_offline(browser: Any, server_url: str) -> None:
    operator, outside = _offline(browser, server_url)
    districts = operator.page.request.get(server_url + "/api/v1/regions/32.73/children").json()
    codes = [d["code"] for d in districts]
    assert len(codes) > 5
    log_in(operator, OPERATOR)
    operator.goto("/peta-batas/impor/")
    operator.page.get_by_test_id("boundary-form").locator("input[name=file]").set_input_files(
        {"name": "batas.geojson", "mimeType": "application/geo+json", "buffer": _squares(codes)}
    )
    with operator.page.expect_navigation():
        operator.page.get_by_test_id("boundary-form").locator("button[type=submit]").click()
    expect(operator.page.get_by_test_id("boundary-count")).to_contain_text(str(len(codes)))
    operator.problems.assert_clean()
    operator.context.close()

    officer, outside_officer = _offline(browser, server_url)
    page = officer.page
    log_in(officer, OFFICER)
    officer.goto("/dinas/32.73/")
    with page.expect_navigation():
        page.get_by_test_id("dinas-potential-link").click()
    # A survey for the village, by the form.
    officer.goto("/dinas/32.73/peta/survei/")
    form = page.get_by_test_id("survey-form")
    form.locator("input[name=village_code]").fill(VILLAGE)
    form.locator("select[name=commodity]").select_option("jagung")
    form.locator("input[name=volume]").fill("75")
    form.locator("input[name=unit]").fill("ton")
    form.locator("input[name=months][value='4']").check()
    form.locator("input[name=surveyed_on]").fill("2026-06-01")
    no_horizontal_scroll(page)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("survey-list")).to_contain_text(VILLAGE)

    officer.goto("/dinas/32.73/peta/")
    box = page.get_by_test_id("potential-map")
    expect(box).to_have_attribute("data-loaded", "1")
    assert page.locator("#potential-map path.region-shape").count() == len(codes)
    for key in ("cooperatives", "producers", "commodities", "needs"):
        count = int(box.get_attribute("data-count-" + key) or -1)
        assert count >= 0, f"layer {key} did not load"
        assert _markers(page, key) == count
    assert _markers(page, "cooperatives") > 0
    assert _markers(page, "commodities") >= 1
    page.get_by_test_id("toggle-cooperatives").uncheck()
    assert _markers(page, "cooperatives") == 0
    page.get_by_test_id("toggle-cooperatives").check()
    assert _markers(page, "cooperatives") == int(box.get_attribute("data-count-cooperatives") or 0)
    no_horizontal_scroll(page)

    officer.goto("/dinas/32.73/peta/komoditas/?komoditas=jagung")
    expect(page.get_by_test_id("commodity-villages")).to_contain_text("Gegerkalong")
    officer.problems.assert_clean()
    officer.context.close()
    assert outside == [] and outside_officer == [], f"requests to the outside: {outside + outside_officer}"
