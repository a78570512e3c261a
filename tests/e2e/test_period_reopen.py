"""Reopening a closed month on a 360 px phone: the manager closes the books' first month and asks, with a reason,
to reopen it; the supervisor, on another phone, approves; the month is open again and the history shows who did
what. The demo books open the day before their first month (simpul/ledger/demo.py): that month closes first."""

import datetime as dt
import re
from typing import Any

from playwright.sync_api import expect

from simpul.ledger.demo import HISTORY_MONTHS
from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

MANAGER_PHONE = "081200000001"
SUPERVISOR_PHONE = "081200000002"
DEMO_SLUG = "ksu-mitra-sauyunan"


def _first_month() -> dt.date:
    """The first of the demo's twelve months (its opening entry, the day before, needs no month closed)."""
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - (HISTORY_MONTHS - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def test_a_month_reopens_with_a_reason_and_two_people(phone: Browsing, browser: Any, server_url: str):
    page = phone.page
    month = _first_month()
    log_in(phone, MANAGER_PHONE)
    phone.goto(f"/k/{DEMO_SLUG}/buku/periode/?tahun={month.year}")
    row = page.locator(f'[data-testid="period-row"][data-kind="month"][data-start="{month.isoformat()}"]')
    row.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("ditutup")
    no_horizontal_scroll(page)

    page.get_by_test_id("reopen-link").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/buku/periode/buka-kembali/$"))
    ask = page.get_by_test_id("reopen-ask")
    ask.get_by_label("Alasan").fill("Nota pembelian akhir bulan tertinggal")
    ask.get_by_role("button").click()
    pending = page.get_by_test_id("reopen-request")
    expect(pending).to_contain_text("Nota pembelian akhir bulan tertinggal")
    expect(pending.get_by_test_id("reopen-withdraw")).to_be_visible()  # the asker cannot approve
    no_horizontal_scroll(page)

    supervisor = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(supervisor, SUPERVISOR_PHONE)
        supervisor.goto(f"/k/{DEMO_SLUG}/buku/periode/buka-kembali/")
        waiting = supervisor.page.get_by_test_id("reopen-request")
        waiting.get_by_label("Catatan (opsional)").fill("Sudah dicek")
        waiting.get_by_test_id("reopen-approve").get_by_role("button").click()
        expect(supervisor.page.get_by_role("status")).to_contain_text("dibuka kembali")
        decided = supervisor.page.get_by_test_id("reopen-decided").first
        expect(decided).to_have_attribute("data-status", "approved")
        expect(decided).to_contain_text("Sudah dicek")
        no_horizontal_scroll(supervisor.page)
        supervisor.problems.assert_clean()
    finally:
        supervisor.context.close()

    phone.goto(f"/k/{DEMO_SLUG}/buku/periode/?tahun={month.year}")
    expect(row).to_have_attribute("data-closed", "no")
