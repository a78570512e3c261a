"""The product pickers on a 360 px phone with the demo's whole catalogue (251 products): the goods receipt without an
order lists no catalogue; the manager searches the product delivered, types its units with the keyboard alone (Enter
searches and never records the receipt) and records it. The three pages that used to list every product — the goods
receipt, the transfers and an open stock count — stay under the page budget; their weights are printed for
docs/benchmarks.md."""

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

from .test_page_weight import BUDGET_BYTES, Transferred

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
MART = f"/k/{DEMO_SLUG}/mart"
PRODUCT = "Kecap Uji Penerimaan"
SKU = "UJI-TERIMA-360"


def _add_product(phone: Browsing, name: str = PRODUCT, sku: str = SKU) -> None:
    page = phone.page
    phone.goto(f"{MART}/produk/baru/")
    form = page.get_by_test_id("product-form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=sku]").fill(sku)
    form.locator("input[name=price]").fill("6.000")
    with page.expect_navigation():
        page.get_by_test_id("product-submit").click()


def _search(page: Any) -> None:
    """Press Enter (it searches) and wait until HTMX has settled the form that came back: only then has the page's
    script moved the focus to the product found (listeners run in the order added, the page's before this one), and a
    field focused before that would lose the focus to it."""
    page.evaluate(
        """() => {
            delete document.body.dataset.settled;
            document.addEventListener("htmx:afterSettle", () => { document.body.dataset.settled = "1"; }, {once: true});
        }"""
    )
    page.keyboard.press("Enter")
    page.locator("body[data-settled]").wait_for(state="attached")


def test_receive_goods_without_an_order_by_searching_with_the_keyboard(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    _add_product(phone)

    phone.goto(f"{MART}/penerimaan/baru/")
    url = page.url
    expect(page.get_by_test_id("receipt-no-lines")).to_be_visible()
    assert page.locator("select option").count() < 40  # suppliers and outlets, not the catalogue
    no_horizontal_scroll(page)

    # Type in the search field, Enter searches without leaving the page; the product found gets the focus.
    page.get_by_test_id("receipt-search").focus()
    page.keyboard.type("Uji Penerimaan")
    _search(page)
    expect(page.get_by_test_id("receipt-search-result")).to_be_visible()
    lines = page.get_by_test_id("receipt-line")
    expect(lines).to_have_count(1)
    first = lines.first
    expect(first.get_by_test_id("receipt-line-name")).to_have_text(PRODUCT)
    expect(first.get_by_test_id("receipt-line-quantity")).to_be_focused()
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    expect(first.get_by_test_id("receipt-line-damaged")).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    expect(first.get_by_test_id("receipt-line-unit")).to_be_focused()
    page.keyboard.press("Tab")
    expect(first.get_by_test_id("receipt-line-cost")).to_be_focused()
    page.keyboard.type("4500")
    expect(first.get_by_test_id("receipt-line-cost")).to_have_value("4.500")

    # Enter in a line searches again (nothing new for the same words) and records nothing; what is typed stays.
    _search(page)
    expect(page.get_by_test_id("receipt-search-result")).to_contain_text("Tidak ada produk lain")
    assert page.url == url
    expect(first.get_by_test_id("receipt-line-quantity")).to_have_value("12")
    expect(first.get_by_test_id("receipt-line-damaged")).to_have_value("1")
    expect(first.get_by_test_id("receipt-line-cost")).to_have_value("4.500")

    # A search by the SKU of a product already on the form adds nothing; another word adds the demo's products
    # under it, the typed line kept.
    page.get_by_test_id("receipt-search").fill(SKU)
    _search(page)
    expect(page.get_by_test_id("receipt-search-result")).to_contain_text("Tidak ada produk lain")
    page.get_by_test_id("receipt-search").fill("beras")
    _search(page)
    expect(page.get_by_test_id("receipt-search-result")).to_contain_text("ditemukan")
    assert 1 < lines.count() <= 11
    mine = lines.filter(has_text=PRODUCT)
    expect(mine.get_by_test_id("receipt-line-quantity")).to_have_value("12")
    expect(mine.get_by_test_id("receipt-line-cost")).to_have_value("4.500")
    no_horizontal_scroll(page)

    page.get_by_test_id("receipt-save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    rows = page.get_by_test_id("receipt-line-row")
    expect(rows).to_have_count(1)  # the products found and left empty are not received
    expect(rows).to_contain_text(PRODUCT)
    expect(rows).to_contain_text("12")
    no_horizontal_scroll(page)


def _weigh(session: Browsing, transferred: Transferred, path: str) -> int:
    transferred.reset()
    response = session.page.goto(session.url(path), wait_until="load")
    assert response is not None and response.status == 200, path
    session.page.wait_for_load_state("networkidle")
    return transferred.bytes


def _open_count(session: Browsing) -> str:
    """The path of an open stock count of the demo mart (started here when none is open)."""
    page = session.page
    session.goto(f"{MART}/stok/opname/")
    counting = page.get_by_test_id("count-list").locator("li").filter(has_text="sedang dihitung").locator("a")
    if counting.count() == 0:
        with page.expect_navigation():
            page.get_by_test_id("count-start").click()
        assert re.search(r"/stok/opname/\d+/$", page.url), page.url
        return page.url.removeprefix(session.base_url)
    href = counting.first.get_attribute("href")
    assert href
    return href


def test_count_a_product_by_its_code_then_by_its_name_with_the_keyboard(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER)
    _add_product(phone, "Sambal Uji Hitung", "UJI-HITUNG-360")
    phone.goto(_open_count(phone))
    assert page.locator("select").count() <= 1  # the language switch; no list of products
    no_horizontal_scroll(page)
    # The code typed (or scanned) and Enter: the product it names is chosen, the focus on the count.
    expect(page.get_by_test_id("count-code")).to_be_focused()
    page.keyboard.type("UJI-HITUNG-360")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("count-match")).to_have_count(1)
    expect(page.get_by_test_id("count-match")).to_be_checked()
    expect(page.get_by_test_id("count-quantity")).to_be_focused()
    # Enter in the count saves it.
    page.keyboard.type("7")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("count-saved")).to_be_visible()
    row = page.get_by_test_id("count-row").filter(has_text="Sambal Uji Hitung")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("7")
    # A name: the products it names to choose from, nothing counted until one is chosen.
    page.get_by_test_id("count-code").fill("uji hitung")
    with page.expect_navigation():
        page.get_by_test_id("count-code").press("Enter")
    expect(page.get_by_test_id("count-match")).to_have_count(1)
    page.get_by_test_id("count-quantity").fill("9")
    with page.expect_navigation():
        page.get_by_test_id("count-save").click()
    expect(row).to_contain_text("9")
    no_horizontal_scroll(page)


def test_the_pages_that_used_to_list_every_product_stay_under_the_budget(browser: Any, server_url: str):
    session = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(session, MANAGER)
        count_path = _open_count(session)
        page = session.page
        cdp = session.context.new_cdp_session(page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        transferred = Transferred(cdp)
        paths = [f"{MART}/penerimaan/baru/", f"{MART}/stok/transfer/", count_path]
        weights = {path: _weigh(session, transferred, path) for path in paths}
        for path in paths:
            session.goto(path)
            no_horizontal_scroll(page)
        # A search adds ten rows at most to the receipt: still light.
        _weigh(session, transferred, f"{MART}/penerimaan/baru/")
        transferred.reset()
        page.get_by_test_id("receipt-search").fill("a")
        _search(page)
        expect(page.get_by_test_id("receipt-search-result")).to_be_visible()
        page.wait_for_load_state("networkidle")
        weights["receipt form after a search for 'a' (HTMX)"] = transferred.bytes
        print("\nThe product pickers, bytes transferred at 360 px (cache off):")
        for path, weight in sorted(weights.items(), key=lambda item: -item[1]):
            print(f"  {weight / 1024:6.1f} KB  {re.sub(r'^/k/[^/]+', '', path)}")
        heavy = [f"{path}: {weight / 1024:.1f} KB" for path, weight in weights.items() if weight > BUDGET_BYTES]
        assert not heavy, "over the budget:\n" + "\n".join(heavy)
        session.problems.assert_clean()
    finally:
        session.context.close()
