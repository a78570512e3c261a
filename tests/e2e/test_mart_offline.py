"""The till keeps selling with the network cut, and no sale is lost or doubled on the way back.

1. Sell online; cut the network (context.set_offline); sell ten times; reload the page while offline (the service
   worker serves it, IndexedDB still holds the outbox); sell again; reconnect: every sale is on the server once.
2. The server stops in the middle of a sync: the harness runs one gunicorn for the whole session, so stopping it is
   played by the browser's routing instead — the first sync request reaches the server and its sales are recorded,
   but its answer never comes back (route.fetch, then abort); the next requests fail as against a stopped server.
   When the server "returns", the outbox is sent again and the server answers 'duplicate' for what it already had:
   each sale exactly once.
"""

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, open_session
from tests.e2e.test_mart_pos import (
    KASIR,
    device_sales,
    open_till,
    prepare_till,
    sales_on_server,
    sell,
    wait_until_controlled,
)

OFFLINE_SALES = 10


def _forgive_cut_requests(session: Browsing) -> None:
    """The requests the test itself cut (offline, aborted) are not page problems; anything else still is."""
    cut = ("ERR_INTERNET_DISCONNECTED", "ERR_FAILED", "ERR_NETWORK_CHANGED", "Failed to fetch")
    session.problems.found = [p for p in session.problems.found if not any(mark in p for mark in cut)]


KEPT = """async () => {
  const urls = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => u.includes("/static/"));
  urls.push(location.pathname);
  const found = await Promise.all(urls.map((u) => caches.match(u)));
  return urls.filter((u, i) => !found[i]);
}"""


def _wait_until_kept(page: Any, seconds: float = 20) -> None:
    """The service worker has kept the page and every static file it loaded."""
    deadline = time.monotonic() + seconds
    while missing := page.evaluate(KEPT):
        assert time.monotonic() < deadline, f"the service worker did not keep {missing}"
        page.wait_for_timeout(250)


def _waiting(page: Any) -> int:
    return int(page.get_by_test_id("pos-outbox").get_attribute("data-count") or "0")


def test_ten_sales_offline_a_reload_offline_and_each_on_the_server_exactly_once(
    browsing: Browsing, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    tea, soap, soy = till["products"]
    page = browsing.page
    log_in(browsing, KASIR)
    open_till(browsing, till["outlet"])
    # The till is installed: its worker controls the page and has kept the page and its files.
    page.wait_for_function("() => document.querySelector('[data-pos]').dataset.worker === '1'")
    wait_until_controlled(page)
    _wait_until_kept(page)
    sell(page, tea["barcode"], "5.000")
    assert device_sales(page)[0]["state"] == "accepted"

    browsing.context.set_offline(True)
    expect(page.get_by_test_id("pos-network")).to_contain_text("Luring")
    for i in range(OFFLINE_SALES):
        sell(page, (soap if i % 2 else soy)["barcode"], "20.000")
    expect(page.get_by_test_id("pos-outbox-count")).to_have_text(f"{OFFLINE_SALES} penjualan menunggu dikirim")
    expect(page.get_by_test_id("pos-outbox-warning")).to_contain_text("Jangan hapus data situs")

    page.reload()
    page.wait_for_function("() => document.querySelector('[data-pos]').dataset.ready === '1'")
    expect(page.get_by_test_id("pos-outbox-count")).to_have_text(f"{OFFLINE_SALES} penjualan menunggu dikirim")
    sell(page, tea["barcode"], "5.000")
    assert _waiting(page) == OFFLINE_SALES + 1

    browsing.context.set_offline(False)
    expect(page.get_by_test_id("pos-outbox")).to_be_hidden(timeout=30_000)
    sales = device_sales(page)
    assert len(sales) == OFFLINE_SALES + 2
    assert {s["state"] for s in sales} == {"accepted"}, [(s["state"], s.get("message")) for s in sales]
    on_server = sales_on_server(tmp_path_factory, [s["client_id"] for s in sales])
    assert on_server == {s["client_id"]: 1 for s in sales}
    _forgive_cut_requests(browsing)


def test_a_sync_cut_after_the_server_recorded_it_still_gives_each_sale_once(
    browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    tea = till["products"][0]
    # No service worker here: this test is about the outbox and the server, and routing sees every request.
    session = open_session(browser, server_url, service_workers="block")
    try:
        page = session.page
        log_in(session, KASIR)
        open_till(session, till["outlet"])
        session.context.set_offline(True)
        for _ in range(5):
            sell(page, tea["barcode"], "5.000")
        assert _waiting(page) == 5

        calls: list[str] = []

        def server_goes_down(route: Any) -> None:
            calls.append(route.request.url)
            if len(calls) == 1:
                route.fetch()  # the server records the batch…
            route.abort()  # …and the answer never reaches the till; later requests find no server

        session.context.route("**/mart/sync", server_goes_down)
        session.context.set_offline(False)
        page.wait_for_timeout(500)
        for _ in range(30):  # the till tries again while the server is down (a loaded machine answers slowly)
            page.evaluate("window.dispatchEvent(new Event('online'))")
            page.wait_for_timeout(300)
            if len(calls) >= 2:
                break
        assert len(calls) >= 2
        assert _waiting(page) == 5, "a sale left the outbox without the server's answer"
        recorded = sales_on_server(tmp_path_factory, [s["client_id"] for s in device_sales(page)])
        assert sum(recorded.values()) == 5, "the first sync request should have reached the server"

        session.context.unroute("**/mart/sync")  # the server is back
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.get_by_test_id("pos-outbox")).to_be_hidden(timeout=30_000)
        sales = device_sales(page)
        assert {s["state"] for s in sales} == {"duplicate"}
        assert sales_on_server(tmp_path_factory, [s["client_id"] for s in sales]) == {s["client_id"]: 1 for s in sales}
    finally:
        session.context.close()
    _forgive_cut_requests(session)
    session.problems.assert_clean()
