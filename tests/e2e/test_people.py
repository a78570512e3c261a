"""People on a 360 px phone: a wrong login, the lockout, and a manager inviting a cashier who joins by the link."""

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

MANAGER_PHONE = "081200000001"  # the demo manager
DEMO_SLUG = "ksu-mitra-sauyunan"


def _try_login(phone: Browsing, login: str, password: str) -> None:
    page = phone.page
    phone.goto("/masuk/")
    page.locator("input[name=username]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.get_by_test_id("login-submit").click()


def test_a_wrong_login_is_refused_and_repeated_failures_lock_it(phone: Browsing):
    phone.problems.expect_status(400, 429)
    page = phone.page
    nobody = "0899 1234 0000"  # nobody has it, so the lock troubles no other test
    _try_login(phone, nobody, "salah-sekali")
    expect(page.get_by_test_id("form-error")).to_have_text(
        "Nomor HP/e-mail atau kata sandi salah. Periksa keduanya, lalu coba lagi."
    )
    no_horizontal_scroll(page)
    for _attempt in range(4):
        _try_login(phone, nobody, "salah-sekali")
    expect(page.get_by_test_id("lockout")).to_contain_text("Coba lagi dalam 15 menit.")
    no_horizontal_scroll(page)


def test_a_manager_invites_a_cashier_who_joins_through_the_link(phone: Browsing, browser, server_url):
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    page.get_by_test_id("link-staff").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/undangan/$"))
    no_horizontal_scroll(page)

    form = page.get_by_test_id("invitation-form")
    form.get_by_label("Nama lengkap").fill("Wulan Sari")
    form.get_by_label("kasir").check()
    form.get_by_label("Nomor HP (WhatsApp)").fill("0813-5555-0101")
    form.get_by_test_id("invitation-submit").click()

    new = page.get_by_test_id("new-invitation")
    expect(new).to_contain_text("Undangan untuk Wulan Sari")
    share = urlparse(new.get_by_test_id("whatsapp-share").get_attribute("href") or "")
    assert (share.netloc, share.path) == ("wa.me", "/6281355550101")
    link = new.get_by_test_id("invitation-link").input_value()
    assert link in parse_qs(share.query)["text"][0]
    expect(page.get_by_test_id("open-invitation").filter(has_text="Wulan Sari")).to_be_visible()
    no_horizontal_scroll(page)

    # The invitee opens the link on her own phone, chooses a password and starts as cashier.
    invitee = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        invitee.page.goto(link)
        expect(invitee.page.get_by_test_id("invitation-accept")).to_contain_text("Wulan Sari, Anda diundang")
        no_horizontal_scroll(invitee.page)
        invitee.page.locator("input[name=password1]").fill("kopi-tubruk-2026")
        invitee.page.locator("input[name=password2]").fill("kopi-tubruk-2026")
        invitee.page.get_by_test_id("accept-submit").click()
        expect(invitee.page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/mart/kasir/$"))  # a kasir starts at the till
        expect(invitee.page.get_by_role("status")).to_contain_text("Selamat datang! Sekarang Anda kasir")
        invitee.problems.assert_clean()
    finally:
        invitee.context.close()

    # Back on the manager's page she is staff, and the invitation is no longer open.
    page.reload()
    expect(page.get_by_test_id("staff-member").filter(has_text="Wulan Sari")).to_contain_text("kasir")
    expect(page.get_by_test_id("open-invitation").filter(has_text="Wulan Sari")).to_have_count(0)
