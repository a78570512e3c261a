"""Training in the browser, at 360 px, with the demo's logins: the Kota Bandung Dinas officer creates a course,
adds a session and publishes it; the demo cooperative's manager enrols a person; the officer records attendance, the
person is certified, and the public verification page confirms the certificate with the name only. The manager
also sees the demo's overdue recommendation and marks it in progress."""

import datetime as dt
import re
import zoneinfo
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, log_in, no_horizontal_scroll, open_session

DEMO_SLUG = "ksu-mitra-sauyunan"
MANAGER = "081200000001"
OFFICER = "081200000006"
TITLE = "Kasir Cerdas uji peramban"
PARTICIPANT = "Wulan Peramban"
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _phone(browser: Any, server_url: str) -> Browsing:
    return open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def test_a_course_from_the_dinas_to_a_verified_certificate(phone: Browsing, browser: Any, server_url: str):
    officer = phone
    page = officer.page
    log_in(officer, OFFICER)
    officer.goto("/dinas/32.73/")
    with page.expect_navigation():
        page.get_by_test_id("dinas-training-link").click()
    page.get_by_test_id("course-new").click()
    form = page.get_by_test_id("course-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=audience]").select_option("cashiers")
    form.locator("input[name=capacity]").fill("5")
    no_horizontal_scroll(page)
    with page.expect_navigation():
        form.get_by_role("button").click()
    expect(page.get_by_test_id("course-title")).to_have_text(TITLE)
    course_path = re.sub(r"^https?://[^/]+", "", page.url)
    course_id = course_path.rstrip("/").rsplit("/", 1)[-1]
    page.get_by_test_id("session-new").click()
    session_form = page.get_by_test_id("session-form")
    session_form.locator("input[name=date]").fill(dt.datetime.now(WIB).date().isoformat())
    session_form.locator("input[name=starts_at]").fill("09:00")
    session_form.locator("input[name=ends_at]").fill("11:00")
    session_form.locator("input[name=place]").fill("Aula Dinas")
    with page.expect_navigation():
        session_form.get_by_role("button").click()
    with page.expect_navigation():
        page.get_by_test_id("course-publish").click()
    expect(page.get_by_test_id("course-status")).to_have_text("terbit")
    no_horizontal_scroll(page)

    manager = _phone(browser, server_url)
    log_in(manager, MANAGER)
    manager.goto(f"/k/{DEMO_SLUG}/")
    with manager.page.expect_navigation():
        manager.page.get_by_test_id("link-training").click()
    with manager.page.expect_navigation():
        manager.page.get_by_test_id("open-courses").get_by_role("link", name=TITLE).click()
    enrol = manager.page.get_by_test_id("enrol-form")
    enrol.locator("input[name=full_name]").fill(PARTICIPANT)
    enrol.locator("input[name=phone]").fill("081299990001")
    enrol.locator("select[name=position]").select_option("cashiers")
    no_horizontal_scroll(manager.page)
    with manager.page.expect_navigation():
        enrol.get_by_role("button").click()
    expect(manager.page.get_by_test_id("course-enrolments")).to_contain_text(PARTICIPANT)
    expect(manager.page.get_by_test_id("course-places")).to_contain_text("1 dari 5")

    officer.goto(f"/dinas/32.73/pelatihan/{course_id}/")
    page.get_by_test_id("attendance-1").click()
    page.get_by_label(PARTICIPANT).check()
    with page.expect_navigation():
        page.get_by_test_id("attendance-save-1").click()
    certified = page.get_by_test_id("certified")
    expect(certified).to_be_visible()
    no_horizontal_scroll(page)

    public = _phone(browser, server_url)
    verify_path = re.sub(r"^https?://[^/]+", "", certified.get_attribute("href") or "")
    public.goto(verify_path)
    expect(public.page.get_by_test_id("certificate-valid")).to_contain_text(PARTICIPANT)
    expect(public.page.get_by_test_id("certificate-valid")).not_to_contain_text("0812")
    no_horizontal_scroll(public.page)

    manager.goto(f"/k/{DEMO_SLUG}/pelatihan/")
    link = (
        manager.page.get_by_test_id("own-enrolments")
        .locator("li", has_text=PARTICIPANT)
        .get_by_test_id("certificate-link")
    )
    response = manager.page.request.get(link.get_attribute("href") or "")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    # The demo's overdue recommendation, on the cooperative's home and its visits page.
    manager.goto(f"/k/{DEMO_SLUG}/")
    expect(manager.page.get_by_test_id("home-overdue-recommendations")).to_be_visible()
    with manager.page.expect_navigation():
        manager.page.get_by_test_id("link-visits").click()
    late = manager.page.get_by_test_id("recommendation").filter(
        has=manager.page.get_by_test_id("recommendation-overdue")
    )
    late.locator("summary").click()
    late.locator("select[name=status]").select_option("in_progress")
    late.locator("textarea[name=note]").fill("Stok opname dijadwalkan Sabtu.")
    no_horizontal_scroll(manager.page)
    with manager.page.expect_navigation():
        late.get_by_test_id("follow-up-save").click()
    expect(manager.page.get_by_test_id("recommendation-status").first).to_be_visible()
    expect(manager.page.locator("body")).to_contain_text("Stok opname dijadwalkan Sabtu.")
