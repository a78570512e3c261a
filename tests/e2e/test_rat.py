"""The RAT in the browser, at 360 px, with the demo's logins: the demo cooperative's manager records the meeting of
the last ended fiscal year with its minutes and sends it; the Kota Bandung Dinas officer finds it among the region's
reports and accepts it (the year locks in the books); the member reads it in the member portal."""

import datetime as dt
import zoneinfo
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
MEMBER = "081200000004"
OFFICER = "081200000006"
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
MINUTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _phone(browser: Any, server_url: str) -> Browsing:
    return open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def test_a_rat_from_the_cooperative_to_the_dinas_and_the_members(phone: Browsing, browser: Any, server_url: str):
    today = dt.datetime.now(WIB).date()
    year = today.year - 1  # the demo cooperative's fiscal year is the calendar year
    manager = phone
    page = manager.page
    log_in(manager, MANAGER)
    manager.goto(f"/k/{DEMO_SLUG}/")
    with page.expect_navigation():
        page.get_by_test_id("link-rat").click()
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id(f"rat-year-{year}").get_by_role("link").click()
    form = page.get_by_test_id("rat-form")
    members = int(form.get_attribute("data-members-today") or "0")
    assert members >= 2
    form.locator("input[name=meeting_date]").fill(today.isoformat())
    form.locator("input[name=place]").fill("Aula Balai Desa")
    form.locator("input[name=members_present]").fill(str(members // 2 + 1))
    form.locator("input[name=shu_capital_percent]").fill("20")
    form.locator("input[name=shu_business_percent]").fill("25")
    form.locator("input[name=minutes]").set_input_files(
        {"name": "notulen.pdf", "mimeType": "application/pdf", "buffer": MINUTES}
    )
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_test_id("rat-save").click()
    expect(page.get_by_test_id("rat-quorum")).to_contain_text("tercapai")
    with page.expect_navigation():
        page.get_by_test_id("rat-submit").click()
    expect(page.get_by_test_id("rat-pack-hash")).to_be_visible()
    expect(page.get_by_test_id("rat-shu")).to_be_visible()
    no_horizontal_scroll(page)

    officer = _phone(browser, server_url)
    log_in(officer, OFFICER)
    officer.goto(f"/dinas/32.73/rat/?tahun={year}")
    card = officer.page.get_by_test_id(f"rat-cooperative-{DEMO_SLUG}")
    expect(card).to_contain_text("sudah dilaporkan")  # on time or late depends on the day the test runs
    no_horizontal_scroll(officer.page)
    with officer.page.expect_navigation():
        card.get_by_role("link").first.click()
    with officer.page.expect_navigation():
        officer.page.get_by_test_id("rat-accept").click()
    expect(officer.page.get_by_test_id("rat-timeline")).to_contain_text("disahkan")
    no_horizontal_scroll(officer.page)
    officer.context.close()

    member = _phone(browser, server_url)
    log_in(member, MEMBER)
    member.goto(f"/anggota/k/{DEMO_SLUG}/")
    with member.page.expect_navigation():
        member.page.get_by_test_id("portal-rat-link").click()
    expect(member.page.get_by_test_id("member-rat-year")).to_contain_text(str(year))
    expect(member.page.get_by_test_id("rat-attendance")).to_be_visible()
    no_horizontal_scroll(member.page)
    member.context.close()
