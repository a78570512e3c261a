"""The savings subledger's pages on a 360 × 740 phone (issue 10 §2): the reconciliation a manager and a supervisor
reach from the books, a savings transaction corrected from the member's history, and opening balances brought in
with each member's savings. Each test seeds a cooperative of its own in the served database (subledger_data.py);
any console error, uncaught exception or unexpected HTTP error on these pages fails the test (conftest.py)."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session
from tests.e2e.subledger_data import served

AGREES = re.compile(r"simpanan anggota dan buku besar sesuai sampai ke rupiah")
ALREADY_CORRECTED = re.compile(r"Transaksi ini sudah dikoreksi pada \d{1,2} \w+ \d{4}\.")


def _inside_the_screen(locator: Any) -> None:
    """The element lies within the 360 px wide viewport as the page is shown: not scrolled to, since scrolling it
    into view would slide a table sideways inside its wrapper and hide exactly what this checks."""
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (locator.inner_text(), box)


def _amounts_inside_the_screen(page: Any) -> int:
    cells = page.locator("main td.amount")
    count = cells.count()
    for index in range(count):
        _inside_the_screen(cells.nth(index))
    return count


def _phone_session(browser: Any, server_url: str) -> Browsing:
    return open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


# --- the reconciliation ------------------------------------------------------------------------------------------


def test_the_reconciliation_agrees_and_then_names_the_member_whose_line_was_changed(
    phone: Browsing, tmp_path_factory: pytest.TempPathFactory
):
    coop = served(tmp_path_factory, "cooperative_with_members", members=["Siti Rahmawati", "Bambang Sutrisno"])
    siti, bambang = (m["id"] for m in coop["members"])
    moves = served(
        tmp_path_factory,
        "savings_moves",
        slug=coop["slug"],
        moves=[
            {"member": siti, "kind": "pokok", "amount": "100000", "direction": "deposit"},
            {"member": bambang, "kind": "pokok", "amount": "100000", "direction": "deposit"},
            {"member": siti, "kind": "wajib", "amount": "25000", "direction": "deposit"},
            {"member": siti, "kind": "sukarela", "amount": "1250000000", "direction": "deposit"},
            {"member": bambang, "kind": "sukarela", "amount": "7500000", "direction": "deposit"},
            {"member": siti, "kind": "sukarela", "amount": "125000000", "direction": "withdrawal"},
            {"member": bambang, "kind": "sukarela", "amount": "300000", "direction": "deposit"},
        ],
    )
    served(
        tmp_path_factory,
        "savings_correction",
        slug=coop["slug"],
        transaction=moves[-1]["transaction"],
        reason="Salah catat",
    )

    page = phone.page
    log_in(phone, coop["manager"])
    phone.goto(f"/k/{coop['slug']}/buku/")
    page.get_by_test_id("link-savings-reconciliation").click()
    expect(page).to_have_url(re.compile(rf"/k/{coop['slug']}/anggota/simpanan/rekonsiliasi/$"))
    expect(page.get_by_test_id("reconciliation-agrees")).to_contain_text(AGREES)
    sukarela = page.get_by_test_id("reconciliation-2201")
    expect(sukarela).to_contain_text("Rp1.132.500.000")  # 1.250.000.000 + 7.500.000 − 125.000.000, corrected 300.000
    expect(page.get_by_test_id("reconciliation-3101")).to_contain_text("Rp200.000")
    assert _amounts_inside_the_screen(page) == 9  # three control accounts: members, books, difference
    no_horizontal_scroll(page)

    # Someone with database access lowers Bambang's deposit of 7.500.000 in the books (both sides, balanced).
    assert served(tmp_path_factory, "entry_amount_changed", entry=moves[4]["entry"], amount="7000000.00") == 2
    page.reload()
    expect(page.get_by_test_id("reconciliation-differs")).to_be_visible()
    expect(sukarela).to_contain_text("-Rp500.000")
    members = page.get_by_test_id("reconciliation-members-2201")
    expect(members).to_contain_text("Bambang Sutrisno")
    expect(members).not_to_contain_text("Siti Rahmawati")
    row = members.locator("tbody tr").filter(has_text="Bambang Sutrisno")
    expect(row).to_contain_text("Rp7.500.000")  # his sukarela: 7.500.000, and 300.000 deposited then corrected
    expect(row).to_contain_text("Rp7.000.000")  # what the books now say
    expect(row).to_contain_text("-Rp500.000")
    assert _amounts_inside_the_screen(page) >= 12
    no_horizontal_scroll(page)


def test_a_supervisor_reaches_the_reconciliation_from_the_members_but_not_the_opening(
    phone: Browsing, tmp_path_factory: pytest.TempPathFactory
):
    coop = served(tmp_path_factory, "cooperative_with_members", members=["Dewi Lestari"])
    page = phone.page
    log_in(phone, coop["supervisor"])
    phone.goto(f"/k/{coop['slug']}/anggota/")
    expect(page.get_by_test_id("savings-opening-link")).to_have_count(0)
    page.get_by_test_id("savings-reconciliation-link").click()
    expect(page.get_by_test_id("reconciliation-agrees")).to_contain_text(AGREES)
    no_horizontal_scroll(page)
    phone.goto(f"/k/{coop['slug']}/buku/")
    expect(page.get_by_test_id("link-savings-reconciliation")).to_be_visible()
    expect(page.get_by_test_id("link-savings-opening")).to_have_count(0)


# --- a correction from the member's savings history --------------------------------------------------------------


def test_a_manager_corrects_a_deposit_once_and_a_supervisor_cannot(
    phone: Browsing, browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
):
    coop = served(tmp_path_factory, "cooperative_with_members", members=["Rina Marlina"])
    rina = coop["members"][0]["id"]
    moves = served(
        tmp_path_factory,
        "savings_moves",
        slug=coop["slug"],
        moves=[
            {"member": rina, "kind": "sukarela", "amount": "200000", "direction": "deposit"},
            {"member": rina, "kind": "sukarela", "amount": "50000", "direction": "deposit"},
        ],
    )
    wrong = moves[1]["transaction"]
    detail = f"/k/{coop['slug']}/anggota/{rina}/"

    page = phone.page
    log_in(phone, coop["manager"])
    phone.goto(detail)
    balance = page.get_by_test_id("savings-balance-sukarela")
    expect(balance).to_contain_text("Rp250.000")
    no_horizontal_scroll(page)

    # A second tab opens the same correction before the first is submitted (the refusal it will meet below).
    other = phone.context.new_page()
    other.on("console", phone.problems.on_console)
    other.on("pageerror", phone.problems.on_page_error)
    other.on("response", phone.problems.on_response)
    other.goto(phone.url(f"/k/{coop['slug']}/anggota/simpanan/bukti/{wrong}/koreksi/"))

    page.get_by_test_id(f"correct-link-{wrong}").click()
    expect(page).to_have_url(re.compile(rf"/bukti/{wrong}/koreksi/$"))
    expect(page.get_by_test_id("correction-amount")).to_have_text("Rp50.000")
    no_horizontal_scroll(page)
    page.get_by_label("Mengapa dikoreksi?").fill("Setoran tercatat dua kali")
    page.get_by_test_id("correction-submit").click()
    expect(page).to_have_url(re.compile(rf"/anggota/{rina}/\?bukti=\d+$"))
    expect(page.get_by_role("status").first).to_contain_text("Transaksi sudah dikoreksi: Rp50.000 dibalik")
    expect(balance).to_contain_text("Rp200.000")
    history = page.get_by_test_id("savings-history")
    expect(history).to_contain_text("Setoran tercatat dua kali")
    expect(history.locator("tbody tr")).to_have_count(3)
    no_horizontal_scroll(page)

    # The second tab's correction of the same deposit is refused in Indonesian, and nothing moves.
    phone.problems.expect_status(400)
    other.get_by_label("Mengapa dikoreksi?").fill("Koreksi kedua")
    other.get_by_test_id("correction-submit").click()
    expect(other.get_by_test_id("form-error")).to_contain_text(ALREADY_CORRECTED)
    other.close()
    page.reload()
    expect(balance).to_contain_text("Rp200.000")
    expect(history.locator("tbody tr")).to_have_count(3)
    # Opened again, the correction page says it is done and offers no form.
    phone.goto(f"/k/{coop['slug']}/anggota/simpanan/bukti/{wrong}/koreksi/")
    expect(page.get_by_test_id("correction-done")).to_contain_text("Sudah dikoreksi pada")
    expect(page.get_by_test_id("correction-form")).to_have_count(0)

    supervisor = _phone_session(browser, server_url)
    try:
        log_in(supervisor, coop["supervisor"])
        supervisor.goto(detail)
        expect(supervisor.page.get_by_test_id("savings-history")).to_be_visible()
        expect(supervisor.page.get_by_test_id("savings-balance-sukarela")).to_contain_text("Rp200.000")
        expect(supervisor.page.locator('[data-testid^="correct-link-"]')).to_have_count(0)
        supervisor.problems.expect_status(403)
        response = supervisor.goto(f"/k/{coop['slug']}/anggota/simpanan/bukti/{moves[0]['transaction']}/koreksi/")
        assert response is not None and response.status == 403
        supervisor.problems.assert_clean()
    finally:
        supervisor.context.close()


# --- opening balances with the members' savings ------------------------------------------------------------------


def _fill_opening(page: Any, amounts: dict[str, str], balances: str) -> None:
    form = page.get_by_test_id("savings-opening-form")
    form.locator("textarea[name=balances]").fill(balances)
    for code, amount in amounts.items():
        form.locator(f'tr[data-code="{code}"] input').fill(amount)


def test_a_manager_brings_in_the_opening_balances_with_the_members_savings(
    phone: Browsing, tmp_path_factory: pytest.TempPathFactory
):
    coop = served(tmp_path_factory, "cooperative_with_members", members=["Agus Salim", "Yuli Astuti"])
    page = phone.page
    log_in(phone, coop["manager"])
    phone.goto(f"/k/{coop['slug']}/buku/saldo-awal/")
    expect(page.get_by_test_id("opening-savings-note")).to_be_visible()
    expect(page.get_by_test_id("opening-savings-control")).to_have_count(3)  # no amount field for 2201, 3101, 3102
    no_horizontal_scroll(page)
    page.get_by_test_id("opening-savings-link").click()
    expect(page).to_have_url(re.compile(rf"/k/{coop['slug']}/anggota/simpanan/saldo-awal/$"))
    fields = page.get_by_test_id("opening-accounts").locator("input")
    assert fields.count() > 10
    for index in range(fields.count()):  # every account's amount field can be typed into without sliding sideways
        _inside_the_screen(fields.nth(index))
    no_horizontal_scroll(page)

    # Agus: pokok 100.000, wajib 250.000, sukarela 1.500.000; Yuli: pokok 100.000, wajib 150.000, no sukarela.
    balances = "1; 100.000; 250.000; 1.500.000\n2; 100000; 150000; 0"
    # The books balance (kas 2.090.000 = 200.000 + 390.000 + 1.500.000), but wajib is 10.000 short of the members'.
    books = {"1101": "2090000", "3101": "200000", "3102": "390000", "2201": "1500000"}
    phone.problems.expect_status(400)
    _fill_opening(page, books, balances)
    page.get_by_test_id("post-savings-opening").click()
    error = page.get_by_test_id("form-error")
    expect(error).to_contain_text("3102")
    expect(error).to_contain_text("selisihnya -Rp10.000")
    no_horizontal_scroll(page)
    assert served(tmp_path_factory, "books_written", slug=coop["slug"]) == {"entries": 0, "savings": 0}

    _fill_opening(page, {"1101": "2100000", "3102": "400000"}, balances)
    page.get_by_test_id("post-savings-opening").click()
    expect(page).to_have_url(re.compile(rf"/k/{coop['slug']}/anggota/simpanan/rekonsiliasi/$"))
    expect(page.get_by_role("status").first).to_contain_text("Saldo awal dan simpanan anggota sudah dibukukan")
    expect(page.get_by_test_id("reconciliation-agrees")).to_contain_text(AGREES)
    expect(page.get_by_test_id("reconciliation-3102")).to_contain_text("Rp400.000")
    expect(page.get_by_test_id("reconciliation-2201")).to_contain_text("Rp1.500.000")
    _amounts_inside_the_screen(page)
    no_horizontal_scroll(page)
    assert served(tmp_path_factory, "books_written", slug=coop["slug"]) == {"entries": 1, "savings": 5}

    # The ledger's own opening page now shows the entry standing.
    phone.goto(f"/k/{coop['slug']}/buku/saldo-awal/")
    expect(page.get_by_test_id("opening-standing")).to_be_visible()
