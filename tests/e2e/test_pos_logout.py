"""Logging out of a shared phone clears the till's products and members, never its unsent sales.

1. The kasir opens the till (the outlet's products and members land in IndexedDB, the worker keeps the page) and
   logs out: the snapshot store is empty and the kept till page is gone; the worker's static files stay.
2. A sale waits in the outbox (the sale and sync endpoints are cut by routing): the first tap on "Log out" clears the
   snapshot and warns "1 penjualan belum terkirim"; the second logs out and the outbox still holds the sale. The next
   time the kasir opens the till, the sale goes to the server, once.
"""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, open_session
from tests.e2e.test_mart_pos import DEMO_SLUG, KASIR, open_till, prepare_till, sales_on_server, sell

DATABASE = f"simpul-pos-{DEMO_SLUG}"
# What the till's database holds, read with the bare IndexedDB API (pages other than the till load no idb).
STORES = """async (name) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all = (store) => new Promise((resolve) => {
    const query = db.transaction(store).objectStore(store).getAll();
    query.onsuccess = () => resolve(query.result);
  });
  const found = { snapshot: await all("snapshot"), sales: await all("sales") };
  db.close();
  return found;
}"""
KEPT_URLS = """async () => {
  const urls = [];
  for (const key of await caches.keys()) {
    for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def stores(page: Any) -> dict[str, list[dict[str, Any]]]:
    return dict(page.evaluate(STORES, DATABASE))


def log_out(page: Any) -> None:
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("logout").click()


def test_logging_out_clears_the_tills_products_and_members_and_its_kept_page(
    browsing: Browsing, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    page = browsing.page
    log_in(browsing, KASIR)
    open_till(browsing, till["outlet"])
    page.wait_for_function("() => document.querySelector('[data-pos]').dataset.worker === '1'")
    page.wait_for_function(
        "async () => (await caches.match(location.pathname)) !== undefined && navigator.serviceWorker.controller"
    )
    (snapshot,) = stores(page)["snapshot"]
    assert snapshot["products"] and snapshot["members"]
    till_page = f"/k/{DEMO_SLUG}/mart/kasir/"

    with page.expect_navigation():
        log_out(page)
    expect(page.get_by_test_id("nav-login")).to_be_visible()
    found = stores(page)
    assert found["snapshot"] == [], "the products and members of the till are still on this phone"
    kept = page.evaluate(KEPT_URLS)
    assert till_page not in kept, "the worker still keeps the till page (the cashier's name is in it)"
    assert any("/static/mart/pos/" in url for url in kept), "the till's static files should stay kept"


def test_a_waiting_sale_is_warned_about_kept_through_the_logout_and_sent_at_the_next_opening(
    browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    till = prepare_till(tmp_path_factory)
    tea = till["products"][0]
    # No service worker: routing must see the till's requests to cut the server off.
    session = open_session(browser, server_url, service_workers="block")
    cut: list[str] = []

    def no_server(route: Any) -> None:
        cut.append(route.request.url)
        route.abort()

    try:
        page = session.page
        log_in(session, KASIR)
        open_till(session, till["outlet"])
        session.context.route("**/mart/sales", no_server)
        session.context.route("**/mart/sync", no_server)
        sell(page, tea["barcode"], "5.000")
        expect(page.get_by_test_id("pos-outbox")).to_have_attribute("data-count", "1")
        (waiting,) = stores(page)["sales"]
        assert waiting["state"] == "pending" and cut

        log_out(page)
        warning = page.get_by_test_id("logout-warning")
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("1 penjualan belum terkirim")
        assert "/kasir/" in page.url, "the first tap with a sale waiting must not log out"
        found = stores(page)
        assert found["snapshot"] == []
        assert [s["client_id"] for s in found["sales"]] == [waiting["client_id"]]

        with page.expect_navigation():
            page.get_by_test_id("logout").click()
        expect(page.get_by_test_id("nav-login")).to_be_visible()
        (kept,) = stores(page)["sales"]
        assert kept["client_id"] == waiting["client_id"] and kept["state"] == "pending"

        # The next opening of the till, with the server reachable: the sale is sent, once.
        session.context.unroute("**/mart/sales")
        session.context.unroute("**/mart/sync")
        log_in(session, KASIR)
        open_till(session, till["outlet"])
        expect(page.get_by_test_id("pos-outbox")).to_be_hidden(timeout=30_000)
        (sent,) = stores(page)["sales"]
        assert sent["state"] == "accepted"
        assert sales_on_server(tmp_path_factory, [waiting["client_id"]]) == {waiting["client_id"]: 1}
    finally:
        session.context.close()
    session.problems.found = [p for p in session.problems.found if not any(url in p for url in cut)]
    session.problems.assert_clean()
