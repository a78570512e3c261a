"""Money tables on a 360 × 740 phone (issue 11 §1): for every report and money list, each amount cell lies inside
the screen (its box between 0 and 360 px) and its figure is not cut (scrollWidth ≤ clientWidth); the previous
period is one tap away; a 1280 px desktop shows the table as columns; printed, every column shows; the reports
lead to each other and to the lines behind an amount; each report page stays under 150 KB transferred.

The reports are the demo cooperative's books; the members' pages are a cooperative of its own with savings in
the billions (the widest figures a village cooperative writes), seeded in the served database (subledger_data.py).
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session
from tests.e2e.subledger_data import served

MANAGER_PHONE = "081200000001"  # the demo manager
MEMBER_LOGIN = "anggota@demo.simpul.id"  # the demo member, linked to a member of the demo cooperative
DEMO_SLUG = "ksu-mitra-sauyunan"
BUDGET_BYTES = 150 * 1024
REPORTS = {
    "trial balance": "buku/neraca-saldo/",
    "neraca": "buku/neraca/",
    "PHU": "buku/laporan/hasil-usaha/",
    "equity changes": "buku/laporan/perubahan-ekuitas/",
    "cash flow": "buku/laporan/arus-kas/",
    "general ledger": "buku/laporan/buku-besar/?akun=1101",
    "general journal": "buku/laporan/jurnal-umum/",
    "opening balances": "buku/saldo-awal/",
}
# Tables with a previous period, and what the phone hides until "compare" is ticked.
COMPARED = ["buku/neraca-saldo/", "buku/neraca/", "buku/laporan/hasil-usaha/", "buku/laporan/arus-kas/"]

# Every amount on the page: where it is, whether its figure fits, whether the component drew it.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const result = {width, shown: 0, hidden: 0, bad: [], strays: [], texts: []};
  for (const cell of document.querySelectorAll('main .amount, main td.num, main th.num')) {
    if (cell.closest('thead')) continue;
    if (!cell.closest('.money-table')) { result.strays.push(cell.outerHTML.slice(0, 120)); continue; }
    if (getComputedStyle(cell).display === 'none' || !cell.getClientRects().length) { result.hidden++; continue; }
    const box = cell.getBoundingClientRect();
    result.shown++;
    result.texts.push(cell.innerText.trim());
    if (box.left < 0 || box.right > width + 0.5 || cell.scrollWidth > cell.clientWidth + 1) {
      result.bad.push({text: cell.innerText.trim(), left: box.left, right: box.right,
                       scrollWidth: cell.scrollWidth, clientWidth: cell.clientWidth});
    }
  }
  return result;
}"""


def _phone(browser: Any, server_url: str) -> Browsing:
    return open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def _measure(page: Any) -> dict[str, Any]:
    return page.evaluate(MEASURE)


def _amounts_fit(page: Any, where: str, *, at_least: int = 1) -> dict[str, Any]:
    found = _measure(page)
    assert not found["strays"], f"{where}: amount cells outside the money-table component: {found['strays']}"
    assert found["shown"] >= at_least, f"{where}: {found['shown']} amounts shown"
    assert not found["bad"], f"{where}: amounts off the {found['width']} px screen or cut: {found['bad']}"
    no_horizontal_scroll(page)
    return found


class Weigher:
    """What a page transfers on a first load (cache off), as the page-weight test counts it."""

    def __init__(self, session: Browsing) -> None:
        self.responses: list[Any] = []
        cdp = session.context.new_cdp_session(session.page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        session.page.on("response", self._seen)

    def _seen(self, response: Any) -> None:
        self.responses.append(response)

    def load(self, session: Browsing, path: str) -> int:
        self.responses.clear()
        session.goto(path)
        session.page.wait_for_load_state("load")
        total = 0
        for response in list(self.responses):
            sizes = response.request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total


@pytest.fixture(scope="module")
def big_savings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A cooperative whose members hold billions: the widest figures the members' pages show."""
    coop = served(tmp_path_factory, "cooperative_with_members", members=["Siti Nurhasanah Rahmawati", "Bambang"])
    siti, bambang = (m["id"] for m in coop["members"])
    moves = served(
        tmp_path_factory,
        "savings_moves",
        slug=coop["slug"],
        moves=[
            {"member": siti, "kind": "pokok", "amount": "100000", "direction": "deposit"},
            {"member": siti, "kind": "wajib", "amount": "25000", "direction": "deposit"},
            {"member": siti, "kind": "sukarela", "amount": "9876543210", "direction": "deposit"},
            {"member": siti, "kind": "sukarela", "amount": "1234567890.50", "direction": "withdrawal"},
            {"member": bambang, "kind": "sukarela", "amount": "7500000", "direction": "deposit"},
        ],
    )
    return {**coop, "siti": siti, "moves": moves}


# --- every report and money list at 360 px


def test_every_report_shows_its_amounts_inside_a_phone_screen_and_stays_light(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    weigher = Weigher(phone)
    heavy = {}
    for name, path in REPORTS.items():
        weight = weigher.load(phone, f"/k/{DEMO_SLUG}/{path}")
        expect(page.locator("main .money-table").first).to_be_attached()
        _amounts_fit(page, name, at_least=0 if name == "opening balances" else 3)
        if weight > BUDGET_BYTES:
            heavy[name] = weight
    # An entry: the first of the general journal.
    phone.goto(f"/k/{DEMO_SLUG}/buku/laporan/jurnal-umum/")
    page.get_by_test_id("entry-link").first.click()
    expect(page.get_by_test_id("entry-lines")).to_be_visible()
    _amounts_fit(page, "entry", at_least=2)
    weight = weigher.load(phone, page.url.removeprefix(phone.base_url))
    if weight > BUDGET_BYTES:
        heavy["entry"] = weight
    assert not heavy, f"report pages over {BUDGET_BYTES} bytes transferred: {heavy}"


def test_the_members_money_fits_a_phone_even_in_billions(phone: Browsing, big_savings: dict[str, Any]):
    page = phone.page
    slug = big_savings["slug"]
    log_in(phone, big_savings["manager"])
    weigher = Weigher(phone)

    assert weigher.load(phone, f"/k/{slug}/anggota/{big_savings['siti']}/") <= BUDGET_BYTES
    history = page.get_by_test_id("savings-history")
    expect(history).to_contain_text("Rp9.876.543.210")
    expect(history).to_contain_text("−Rp1.234.567.890,50")
    expect(page.get_by_test_id("savings-balance-sukarela")).to_contain_text("Rp8.641.975.319,50")
    _amounts_fit(page, "member's savings", at_least=8)

    for name, path in {
        "savings products": "anggota/simpanan/produk/",
        "reconciliation": "anggota/simpanan/rekonsiliasi/",
        "wajib billing": "anggota/tagihan-wajib/",
        "trial balance": "buku/neraca-saldo/",
        "neraca": "buku/neraca/",
        "general ledger": "buku/laporan/buku-besar/?akun=2201",
    }.items():
        assert weigher.load(phone, f"/k/{slug}/{path}") <= BUDGET_BYTES, name
        _amounts_fit(page, name, at_least=2)

    # Wajib billing: the amount owed and the WhatsApp button on the screen, beside each member.
    whatsapp = page.get_by_test_id("billing-whatsapp")
    phone.goto(f"/k/{slug}/anggota/tagihan-wajib/")
    rows = page.locator('[data-testid^="billing-row-"]')
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        for part in (rows.nth(index).get_by_test_id("billing-amount"), rows.nth(index).locator("a").last):
            box = part.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (part.inner_text(), box)
    if whatsapp.count():
        expect(whatsapp.first).to_have_attribute("href", re.compile(r"^https://wa\.me/"))

    # The receipt of the big deposit.
    phone.goto(f"/k/{slug}/anggota/simpanan/bukti/{big_savings['moves'][2]['transaction']}/")
    expect(page.get_by_test_id("receipt-amount")).to_have_text("Rp9.876.543.210")
    _amounts_fit(page, "receipt", at_least=2)


def test_the_member_reads_their_savings_on_a_phone(phone: Browsing):
    page = phone.page
    log_in(phone, MEMBER_LOGIN)
    phone.goto(f"/anggota/k/{DEMO_SLUG}/")
    expect(page.get_by_test_id("portal-balances")).to_be_visible()
    found = _amounts_fit(page, "member portal", at_least=2)
    assert any(text.startswith("Rp") for text in found["texts"])


# --- the previous period, one tap away on a phone; columns on a desktop; every column in print


def _previous_figures(page: Any, table: str) -> list[str]:
    cells = page.locator(
        f'[data-testid="{table}"] tbody .amount-previous, [data-testid="{table}"] tfoot .amount-previous'
    )
    return [cells.nth(i).inner_text().strip() for i in range(cells.count())]


@pytest.mark.parametrize("path", COMPARED)
def test_the_previous_period_is_one_tap_away_on_a_phone(browser: Any, server_url: str, path: str):
    desktop = open_session(browser, server_url)
    phone = _phone(browser, server_url)
    try:
        log_in(desktop, MANAGER_PHONE)
        desktop.goto(f"/k/{DEMO_SLUG}/{path}")
        table = desktop.page.locator(".money-compare table").first.get_attribute("data-testid")
        assert table
        on_desktop = _previous_figures(desktop.page, table)
        assert on_desktop and all(f.startswith(("Rp", "(Rp", "-Rp")) for f in on_desktop), on_desktop
        expect(desktop.page.get_by_test_id(f"{table}-compare")).to_be_hidden()  # columns: nothing to tap

        log_in(phone, MANAGER_PHONE)
        phone.goto(f"/k/{DEMO_SLUG}/{path}")
        page = phone.page
        previous = page.locator(f'[data-testid="{table}"] .amount-previous').first
        expect(previous).to_be_hidden()
        before = _amounts_fit(page, path)
        page.locator(f'label[for="compare-{table}"]').click()
        expect(page.get_by_test_id(f"{table}-compare")).to_be_checked()
        expect(previous).to_be_visible()
        after = _amounts_fit(page, path)
        assert after["shown"] > before["shown"]
        # On the phone, the previous period's cells show the figures the desktop shows in its own columns.
        assert _previous_figures(page, table) == on_desktop
        page.locator(f'label[for="compare-{table}"]').click()
        expect(previous).to_be_hidden()
    finally:
        phone.problems.assert_clean()
        desktop.problems.assert_clean()
        phone.context.close()
        desktop.context.close()


COLUMNS = """(testid) => {
  const table = document.querySelector(`[data-testid="${testid}"]`);
  const row = table.querySelector('tbody tr[data-code]');
  const cells = [...row.children];
  const tops = new Set(cells.map(c => Math.round(c.getBoundingClientRect().top)));
  return {
    displays: [...new Set(cells.map(c => getComputedStyle(c).display))],
    rows: tops.size,
    cells: cells.length,
    headVisible: getComputedStyle(table.querySelector('thead')).position !== 'absolute',
    fits: table.getBoundingClientRect().right <= document.querySelector('main').getBoundingClientRect().right + 1,
    page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  };
}"""


@pytest.mark.parametrize(
    ("path", "table", "cells"),
    [
        ("buku/neraca-saldo/", "trial-balance-table", 8),
        ("buku/neraca/", "balance-sheet-table", 4),
        ("buku/laporan/hasil-usaha/", "business-results-table", 4),
    ],
)
def test_a_desktop_shows_the_full_table_as_columns(browsing: Browsing, path: str, table: str, cells: int):
    log_in(browsing, MANAGER_PHONE)
    browsing.goto(f"/k/{DEMO_SLUG}/{path}")
    found = browsing.page.evaluate(COLUMNS, table)
    assert found == {"displays": ["table-cell"], "rows": 1, "cells": cells, "headVisible": True, "fits": True,
                     "page": True}  # fmt: skip


# The printable width of A4 with 12 mm margins at 96 px an inch: 186 mm portrait; a wide table turns landscape.
A4_PORTRAIT, A4_LANDSCAPE = 703, 1031


@pytest.mark.parametrize(
    ("path", "width"),
    [("buku/neraca-saldo/", A4_LANDSCAPE), ("buku/neraca/", A4_PORTRAIT), ("buku/laporan/arus-kas/", A4_PORTRAIT)],
)
def test_printed_every_column_shows_within_the_sheet(browser: Any, server_url: str, path: str, width: int):
    session = open_session(browser, server_url, viewport={"width": width, "height": 1000})
    try:
        page = session.page
        log_in(session, MANAGER_PHONE)
        session.goto(f"/k/{DEMO_SLUG}/{path}")
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('main .money-table tbody tr[data-code]')].map(row =>
                 [...row.children].map(c => getComputedStyle(c).display))"""
        )
        assert shown and all(set(row) == {"table-cell"} for row in shown), shown[:3]
        widths = page.evaluate(
            """() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('main .money-table table')]
                      .map(t => t.getBoundingClientRect().right)]"""
        )
        assert max(widths) <= width + 1, widths  # the whole table on the sheet, nothing cut at its edge
        previous = page.locator("main .amount-previous").first
        expect(previous).to_be_visible()
        expect(page.locator(".money-compare-label").first).to_be_hidden()
        expect(page.locator("header.site-header")).to_be_hidden()
        page.emulate_media(media="screen")
        page.set_viewport_size(PHONE)
        expect(previous).to_be_hidden()
    finally:
        session.problems.assert_clean()
        session.context.close()


# --- from a report to the lines behind an amount, to the entry


def test_trial_balance_amount_to_the_ledger_to_the_entry_keeping_the_period(phone: Browsing):
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    phone.goto(f"/k/{DEMO_SLUG}/buku/")
    page.get_by_test_id("reports-from").fill("2025-01-01")
    page.get_by_test_id("reports-until").fill("2026-12-31")
    page.get_by_test_id("report-trial-balance").click()
    expect(page).to_have_url(re.compile(r"/buku/neraca-saldo/\?dari=2025-01-01&sampai=2026-12-31"))

    cash = page.locator('[data-testid="trial-balance-row"][data-code="1101"]')
    amount = cash.locator("td.amount a").first
    box = amount.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    amount.click()
    expect(page).to_have_url(re.compile(r"/buku/laporan/buku-besar/\?dari=2025-01-01&sampai=2026-12-31&akun=1101$"))
    expect(page.get_by_test_id("ledger-account")).to_contain_text("1101")
    _amounts_fit(page, "general ledger of 1101", at_least=3)

    line = page.get_by_test_id("ledger-line").first
    number = line.get_by_test_id("ledger-entry-link").inner_text()
    line.get_by_test_id("ledger-entry-link").click()
    expect(page).to_have_url(re.compile(r"/buku/jurnal/\d+/\?dari=2025-01-01&sampai=2026-12-31$"))
    expect(page.get_by_test_id("entry-number")).to_contain_text(number)
    _amounts_fit(page, "entry", at_least=2)

    # …and back: the entry's cash line opens the ledger of 1101 for the same period; the reports' links keep it.
    page.locator('[data-testid="entry-line"][data-code="1101"]').get_by_test_id("entry-account-link").click()
    expect(page).to_have_url(re.compile(r"/buku/laporan/buku-besar/\?dari=2025-01-01&sampai=2026-12-31&akun=1101$"))
    page.get_by_test_id("report-link-neraca").click()
    expect(page).to_have_url(re.compile(r"/buku/neraca/\?dari=2025-01-01&sampai=2026-12-31$"))
    page.locator('[data-testid="total-assets"] td.amount a').click()
    expect(page).to_have_url(re.compile(r"/buku/neraca-saldo/\?dari=2025-01-01&sampai=2026-12-31&jenis=asset$"))
    expect(page.get_by_test_id("trial-balance-kind")).to_be_visible()
    _amounts_fit(page, "trial balance of the assets", at_least=3)
