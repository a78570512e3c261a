"""A manager registers a member, records a deposit and sees the neraca change; the member, invited to the portal
through the real invitation link, logs in on a 360 px phone and sees the deposit in their own history."""

import random
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

MANAGER_PHONE = "081200000001"  # the demo manager
DEMO_SLUG = "ksu-mitra-sauyunan"
GEGERKALONG = "32.73.01.1002"  # a village of Kecamatan Sukasari, Kota Bandung
SUKASARI_DISTRICT = "327301"
DEPOSIT = 150_000
PASSWORD = "kopi-tubruk-2026"
CASH, SIMPANAN_SUKARELA = "1101", "2201"


def _nik(day: int, month: int, year: int, *, female: bool, serial: int) -> str:
    """A valid NIK: the district code, the birth date (day + 40 for a woman), then a serial number."""
    return f"{SUKASARI_DISTRICT}{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{serial:04d}"


def _rupiah(text: str) -> int:
    """'Rp1.234.567' → 1234567; a negative figure keeps its sign."""
    digits = re.sub(r"[^0-9]", "", text.split(",")[0])
    value = int(digits or 0)
    return -value if ("-" in text or "−" in text) else value


def _neraca(session: Browsing) -> dict[str, int]:
    """The current figure of cash and simpanan sukarela on today's statement of financial position."""
    session.goto(f"/k/{DEMO_SLUG}/buku/neraca/")
    table = session.page.get_by_test_id("balance-sheet-table")
    expect(table).to_be_visible()
    figures = {}
    for code in (CASH, SIMPANAN_SUKARELA):
        row = table.locator(f'[data-testid="balance-sheet-row"][data-code="{code}"]')
        figures[code] = _rupiah(row.locator("td.amount").first.inner_text())
    return figures


def _savings_products_ready(session: Browsing) -> None:
    """The cooperative needs its savings products; set them up through their page if nobody has yet."""
    page = session.page
    session.goto(f"/k/{DEMO_SLUG}/anggota/simpanan/produk/")
    if page.get_by_test_id("savings-product-sukarela").count():
        return
    form = page.get_by_test_id("savings-products-form")
    form.locator("input[name=pokok_amount]").fill("100000")
    form.locator("input[name=wajib_amount]").fill("25000")
    form.get_by_test_id("savings-products-submit").click()
    expect(page.get_by_test_id("savings-product-sukarela")).to_be_visible()


def _register_member(session: Browsing, name: str, phone: str, nik: str) -> str:
    page = session.page
    session.goto(f"/k/{DEMO_SLUG}/anggota/baru/")
    form = page.get_by_test_id("member-form")
    form.locator("input[name=nik]").fill(nik)
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=gender]").select_option("female")
    form.locator("input[name=birth_date]").fill("1990-08-17")
    form.locator("input[name=address]").fill("Jl. Gegerkalong Hilir No. 12")
    form.get_by_test_id("region-picker-village").fill("Gegerkalong")
    form.locator(f'[data-region-pick][data-code="{GEGERKALONG}"]').click()
    form.locator("input[name=phone]").fill(phone)
    form.get_by_test_id("save-member").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/\d+/$"))
    expect(page.get_by_test_id("member-name")).to_have_text(name)
    return page.url


def _deposit(session: Browsing, amount: int) -> None:
    page = session.page
    savings = page.get_by_test_id("savings")
    form = savings.get_by_test_id("savings-form")
    if not form.is_visible():
        savings.get_by_test_id("savings-open").click()
    form.locator("input[name=direction][value=deposit]").check()
    form.locator("select[name=kind]").select_option("sukarela")
    form.locator("input[name=amount]").fill(str(amount))
    form.get_by_test_id("savings-submit").click()
    expect(page.get_by_test_id("savings-balance-sukarela")).to_contain_text("Rp150.000")


def _invite_to_portal(session: Browsing, e164_digits: str) -> str:
    """Invite from the member page's portal panel; returns the invitation link the WhatsApp message carries."""
    page = session.page
    panel = page.get_by_test_id("portal-panel")
    expect(panel.get_by_test_id("portal-status")).to_have_attribute("data-state", "none")
    panel.get_by_test_id("portal-invite-submit").click()  # the phone is filled in from the member's data
    expect(panel.get_by_test_id("portal-status")).to_have_attribute("data-state", "invited")
    share = urlparse(panel.get_by_test_id("portal-whatsapp").get_attribute("href") or "")
    assert (share.netloc, share.path) == ("wa.me", f"/{e164_digits}")
    link = panel.get_by_test_id("portal-invitation-link").input_value()
    assert link in parse_qs(share.query)["text"][0]
    return link


def _member_sees_the_deposit(member: Browsing, name: str) -> None:
    page = member.page
    expect(page).to_have_url(re.compile(r"/anggota/$"))
    card = page.get_by_test_id("member-cooperative").filter(has_text="Mitra Sauyunan")
    card.get_by_test_id("member-portal-link").click()
    expect(page).to_have_url(re.compile(rf"/anggota/k/{DEMO_SLUG}/$"))
    expect(page.get_by_test_id("portal-member-name")).to_have_text(name)
    expect(page.get_by_test_id("portal-balance-sukarela")).to_contain_text("Rp150.000")
    history = page.get_by_test_id("portal-history-row")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Rp150.000")
    no_horizontal_scroll(page)


def test_a_deposit_changes_the_neraca_and_the_member_sees_it_in_the_portal(browsing: Browsing, browser, server_url):
    manager = browsing
    serial = random.randint(9000, 9999)
    name = f"Rina Kartika {serial}"
    phone_local = f"0857-2026-{serial}"
    phone_digits = f"62857 2026{serial}".replace(" ", "")

    # (a) The manager registers the member, records a deposit, and the neraca moves by it.
    log_in(manager, MANAGER_PHONE)
    _savings_products_ready(manager)
    before = _neraca(manager)
    member_url = _register_member(manager, name, phone_local, _nik(17, 8, 1990, female=True, serial=serial))
    link = _invite_to_portal(manager, phone_digits)
    _deposit(manager, DEPOSIT)
    after = _neraca(manager)
    assert after[CASH] - before[CASH] == DEPOSIT, (before, after)
    assert after[SIMPANAN_SUKARELA] - before[SIMPANAN_SUKARELA] == DEPOSIT, (before, after)

    # (b) The member opens the invitation on her phone, chooses a password and sees her deposit.
    member = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        member.page.goto(link)
        expect(member.page.get_by_test_id("invitation-accept")).to_contain_text(name)
        member.page.locator("input[name=password1]").fill(PASSWORD)
        member.page.locator("input[name=password2]").fill(PASSWORD)
        member.page.get_by_test_id("accept-submit").click()
        _member_sees_the_deposit(member, name)
        member.problems.assert_clean()
    finally:
        member.context.close()

    # Later she logs in with her phone number, as members do.
    again = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(again, phone_local, PASSWORD)
        _member_sees_the_deposit(again, name)
        # Another cooperative's portal page does not exist for her.
        again.problems.expect_status(404)
        response = again.goto("/anggota/k/koperasi-lain/")
        assert response is not None and response.status == 404
        again.problems.assert_clean()
    finally:
        again.context.close()

    # The manager's member page now shows the linked login.
    manager.page.goto(member_url)
    expect(manager.page.get_by_test_id("portal-status")).to_have_attribute("data-state", "linked")
