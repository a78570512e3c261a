"""A manager (pengurus) on a 360 px phone: logs in with the phone number, edits the cooperative's profile."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

MANAGER_PHONE = "081200000001"  # the demo manager, typed as people type it (08…)
DEMO_SLUG = "ksu-mitra-sauyunan"
DEMO_COOPERATIVE = "Koperasi Serba Usaha Mitra Sauyunan"


def _open_profile_form(phone: Browsing) -> None:
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    # The home redirect lands the manager in the cooperative's workspace.
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/$"))
    expect(page.get_by_test_id("cooperative-name")).to_have_text(DEMO_COOPERATIVE)
    no_horizontal_scroll(page)
    page.get_by_test_id("link-profile").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/profil/$"))
    expect(page.get_by_test_id("profile-form")).to_be_visible()
    no_horizontal_scroll(page)


def test_manager_edits_the_profile_on_a_phone(phone: Browsing):
    page = phone.page
    _open_profile_form(phone)
    form = page.get_by_test_id("profile-form")
    form.get_by_label("Alamat", exact=True).fill("Jl. Gegerkalong Girang No. 17, RT 02/RW 05")
    form.get_by_label("Telepon", exact=True).fill("0813-2244-6688")
    form.get_by_test_id("save-profile").click()

    # Saved: back on the workspace with the message, the new address, and the phone stored as +62….
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/$"))
    expect(page.get_by_role("status")).to_contain_text("Profil sudah disimpan.")
    summary = page.get_by_test_id("profile-summary")
    expect(summary).to_contain_text("Jl. Gegerkalong Girang No. 17, RT 02/RW 05")
    expect(summary).to_contain_text("+6281322446688")
    no_horizontal_scroll(page)

    # The public profile shows the change too.
    phone.goto(f"/koperasi/{DEMO_SLUG}/")
    expect(page.get_by_test_id("profile-address")).to_have_text("Jl. Gegerkalong Girang No. 17, RT 02/RW 05")
    expect(page.get_by_test_id("profile-phone")).to_have_text("+6281322446688")


def test_a_bad_nik_koperasi_is_refused_in_indonesian(phone: Browsing):
    phone.problems.expect_status(400)  # the refused form answers 400 and is shown again
    page = phone.page
    _open_profile_form(phone)
    form = page.get_by_test_id("profile-form")
    form.get_by_label("Alamat", exact=True).fill("Alamat yang tidak boleh tersimpan")
    form.get_by_label("NIK Koperasi", exact=True).fill("12345")
    form.get_by_test_id("save-profile").click()

    form = page.get_by_test_id("profile-form")
    expect(form.get_by_test_id("form-has-errors")).to_have_text(
        "Profil belum disimpan. Periksa isian yang ditandai di bawah."
    )
    expect(form).to_contain_text("NIK Koperasi harus tepat 16 digit angka.")
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/profil/$"))
    no_horizontal_scroll(page)

    # Nothing was saved: the workspace still shows the old address.
    phone.goto(f"/k/{DEMO_SLUG}/")
    expect(page.get_by_test_id("profile-summary")).not_to_contain_text("Alamat yang tidak boleh tersimpan")


def test_a_supervisor_reads_the_profile_without_a_form(browsing: Browsing):
    page = browsing.page
    log_in(browsing, "pengawas@demo.simpul.id")
    browsing.goto(f"/k/{DEMO_SLUG}/profil/")
    expect(page.get_by_test_id("profile-summary")).to_be_visible()
    expect(page.get_by_test_id("profile-form")).to_have_count(0)
