"""Forms that help, on a 360 px phone: text too long for a field is told as it is typed (and refused, never cut);
the village picker lists the cooperative's own Sukarasa first and asks before a village in another regency;
a member file may name villages instead of giving their codes."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

MANAGER_PHONE = "081200000001"  # the demo manager, of a cooperative in Gegerkalong, Sukasari, Kota Bandung
DEMO_SLUG = "ksu-mitra-sauyunan"
SUKARASA_BANDUNG = "32.73.01.1001"
SUKARASA_BOGOR = "32.01.36.2007"
SUKASARI_DISTRICT = "327301"


def _nik(day: int, month: int, year: int, serial: int) -> str:
    return f"{SUKASARI_DISTRICT}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


def _settled(page) -> None:
    """htmx has swapped the re-rendered form in and set it up (its triggers, forms.js's counters)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def _member_form(phone: Browsing):
    log_in(phone, MANAGER_PHONE)
    phone.goto(f"/k/{DEMO_SLUG}/anggota/baru/")
    return phone.page.get_by_test_id("member-form")


def _fill_member(form, *, nik: str, name: str) -> None:
    form.locator("input[name=nik]").fill(nik)
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=gender]").select_option("male")
    form.locator("input[name=birth_date]").fill("1985-03-04")


def test_text_too_long_is_told_as_it_is_typed_and_refused_not_cut(phone: Browsing):
    phone.problems.expect_status(400)  # the form refused with its errors
    page = phone.page
    form = _member_form(phone)
    address = form.locator("input[name=address]")  # at most 255 characters
    hint = form.locator("#id_address-length")

    address.fill("Jl. Gegerkalong Hilir No. 12")
    expect(hint).to_be_hidden()  # far from the limit: nothing to say
    address.fill("A" * 250)
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Maksimal 255 karakter; sisa 5")
    address.fill("B" * 262)  # pasted: the browser would have cut it to 255 without a word
    expect(hint).to_have_text("Terlalu panjang: 262 karakter, maksimal 255")
    expect(address).to_have_attribute("aria-invalid", "true")
    assert len(address.input_value()) == 262
    box = hint.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    no_horizontal_scroll(page)

    # The server refuses it with its own message; the text is still there to shorten.
    _fill_member(form, nik=_nik(4, 3, 1985, 9731), name="Panjang Alamat")
    form.get_by_test_id("save-member").click()
    form = page.get_by_test_id("member-form")
    expect(form).to_contain_text("paling banyak 255 karakter (sekarang 262 karakter)")
    _settled(page)
    address = form.locator("input[name=address]")
    assert len(address.input_value()) == 262
    expect(form.locator("#id_address-length")).to_have_text("Terlalu panjang: 262 karakter, maksimal 255")
    # The re-rendered form counts too.
    address.fill("C" * 256)
    expect(form.locator("#id_address-length")).to_have_text("Terlalu panjang: 256 karakter, maksimal 255")
    address.fill("Jl. Gegerkalong Hilir No. 12")
    expect(form.locator("#id_address-length")).to_be_hidden()


def test_the_village_picker_ranks_the_cooperatives_sukarasa_first_and_asks_before_bogor(phone: Browsing):
    phone.problems.expect_status(400)  # the unconfirmed village is refused
    page = phone.page
    form = _member_form(phone)
    _fill_member(form, nik=_nik(4, 3, 1985, 9732), name="Cahya Sukarasa")

    form.get_by_test_id("region-picker-village").fill("Sukarasa")
    choices = form.locator("[data-region-pick]")
    expect(choices.first).to_have_attribute("data-code", SUKARASA_BANDUNG)
    expect(choices.first).to_contain_text("Sukarasa — Sukasari, Kota Bandung, Jawa Barat")
    bogor = form.locator(f'[data-region-pick][data-code="{SUKARASA_BOGOR}"]')
    expect(bogor).to_contain_text("Sukarasa — Tanjungsari, Kabupaten Bogor, Jawa Barat")
    expect(bogor).to_contain_text("di luar kabupaten/kota koperasi")
    no_horizontal_scroll(page)

    # The hurried pick: Bogor's. The confirmation appears; saving without it is refused.
    confirm = form.get_by_test_id("region-outside-village")
    expect(confirm).to_be_hidden()
    bogor.click()
    expect(form.get_by_test_id("region-picker-village")).to_have_value(
        "Sukarasa — Tanjungsari, Kabupaten Bogor, Jawa Barat"
    )
    expect(confirm).to_be_visible()
    expect(form.locator("[data-region-outside]")).to_contain_text("di luar Kota Bandung")
    form.get_by_test_id("save-member").click()
    form = page.get_by_test_id("member-form")
    expect(form.get_by_test_id("village-error")).to_have_text(
        "Sukarasa ada di Kabupaten Bogor, di luar Kota Bandung tempat koperasi. Jika memang benar, centang "
        "konfirmasi desa di luar kabupaten/kota."
    )
    _settled(page)
    expect(form.get_by_test_id("region-outside-village")).to_be_visible()  # rendered shown, for the no-JS case
    no_horizontal_scroll(page)

    # Picking the own city's Sukarasa hides the question again; choosing Bogor's on purpose and confirming saves.
    form.get_by_test_id("region-picker-village").fill("Sukarasa")
    form.locator(f'[data-region-pick][data-code="{SUKARASA_BANDUNG}"]').click()
    expect(form.get_by_test_id("region-outside-village")).to_be_hidden()
    # (Typed differently: htmx searches only when the text differs from its last search.)
    form.get_by_test_id("region-picker-village").fill("sukarasa")
    form.locator(f'[data-region-pick][data-code="{SUKARASA_BOGOR}"]').click()
    form.get_by_test_id("region-outside-village").check()
    form.get_by_test_id("save-member").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/\d+/$"))
    expect(page.get_by_test_id("member-name")).to_have_text("Cahya Sukarasa")
    expect(page.locator("main")).to_contain_text("Sukarasa")


def test_a_member_file_names_its_villages(phone: Browsing):
    phone.problems.expect_status(400)  # the ambiguous file is refused first
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    header = "NIK;Nama;Jenis Kelamin (L/P);Tanggal Lahir;Alamat;Kode Desa;Telepon/WhatsApp;Tanggal Masuk"
    rows = [
        f"{_nik(17, 8, 1990, 9733)};Dewi Desa Nama;L;17/08/1990;;Sukarasa;;15/01/2024",
        f"{_nik(5, 2, 1988, 9734)};Eko Desa Nama;L;05/02/1988;;kel. gegerkalong;;16/01/2024",
    ]

    def upload(*lines: str) -> None:
        phone.goto(f"/k/{DEMO_SLUG}/anggota/impor/")
        form = page.get_by_test_id("import-form")
        content = "\ufeff".encode() + "\r\n".join([header, *lines]).encode()
        form.get_by_test_id("import-file").set_input_files(
            {"name": "anggota-desa.csv", "mimeType": "text/csv", "buffer": content}
        )
        form.get_by_test_id("import-upload").click()

    # A village name found nowhere in the province: the row says so, and nothing is imported.
    upload(rows[0], f"{_nik(5, 2, 1988, 9734)};Eko Desa Nama;L;05/02/1988;;Antah Berantah;;16/01/2024")
    error = page.get_by_test_id("import-error")
    expect(error).to_have_count(1)
    expect(error.first).to_contain_text("Baris 3, Kode Desa: Tidak ada desa bernama “Antah Berantah”")
    no_horizontal_scroll(page)

    upload(*rows)
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/impor/\d+/$"))
    preview = page.get_by_test_id("import-rows")
    expect(page.get_by_test_id("import-row")).to_have_count(2)
    expect(preview).to_contain_text("Sukarasa")
    expect(preview).to_contain_text("Gegerkalong")
    no_horizontal_scroll(page)
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_role("status")).to_contain_text("2 anggota sudah diimpor.")
    phone.goto(f"/k/{DEMO_SLUG}/anggota/?q=Desa+Nama")
    members = page.get_by_test_id("member-row")
    expect(members).to_have_count(2)
    expect(members.filter(has_text="Dewi Desa Nama")).to_contain_text("Sukarasa")
