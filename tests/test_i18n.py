"""Bahasa Indonesia by default, English second: complete catalogs, a language switch that sticks, Rupiah and dates."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

SIMPUL = Path(settings.BASE_DIR) / "simpul"


def catalogs() -> list[Path]:
    """Every .po under simpul/: simpul/locale and any app locale folder."""
    return sorted(SIMPUL.rglob("*.po"))


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple: one text, or the singular and plural forms."""
    if isinstance(value, (list, tuple)):
        return tuple(str(v or "") for v in value)
    return (str(value or ""),)


def _relative(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


def test_there_is_an_indonesian_catalog():
    assert any("/id/LC_MESSAGES/" in str(p) for p in catalogs()), "no Indonesian catalog under simpul/"


@pytest.mark.parametrize("path", catalogs(), ids=_relative)
def test_catalog_parses_and_is_complete(path: Path):
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert re.search(r'"Content-Type: text/plain; charset=UTF-8\\n"', header, re.I), f"{_relative(path)}: no charset"
    if "/id/" in str(path):
        assert "nplurals=1; plural=0;" in header, f"{_relative(path)}: Indonesian has one plural form"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{_relative(path)}: fuzzy entries left: {fuzzy}"
    empty = []
    for message in catalog:
        if not message.id:
            continue
        if not all(s.strip() for s in _texts(message.string)):
            empty.append(message.id)
    assert not empty, f"{_relative(path)}: untranslated entries: {empty}"


@pytest.mark.parametrize("path", catalogs(), ids=_relative)
def test_catalog_keeps_the_placeholders(path: Path):
    """A translation keeps every %(name)s of its msgid, or the page crashes (or shows the wrong value)."""
    placeholder = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    broken = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = _texts(message.id)
        wanted = set().union(*(placeholder.findall(text) for text in ids))
        for string in _texts(message.string):
            found = set(placeholder.findall(string))
            # A plural form may leave out the count; a plain message keeps exactly its placeholders.
            if found - wanted or (len(ids) == 1 and found != wanted):
                broken.append(ids[0])
    assert not broken, f"{_relative(path)}: placeholders differ between msgid and msgstr: {broken}"


def test_catalogs_agree_on_shared_strings():
    """The same msgid in two catalogs gets the same Indonesian words (only the first one found is used)."""
    seen: dict[tuple[str, str | None], tuple[str, Path]] = {}
    conflicts = []
    for path in catalogs():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            ids = _texts(message.id)
            if not ids[0] or len(ids) > 1:
                continue
            key = (ids[0], message.context)
            string = _texts(message.string)[0]
            if key in seen and seen[key][0] != string:
                other, where = seen[key]
                conflicts.append(f"{ids[0]!r}: {other!r} ({_relative(where)}) vs {string!r} ({_relative(path)})")
            seen.setdefault(key, (string, path))
    assert not conflicts, "different translations of one msgid:\n" + "\n".join(conflicts)


@pytest.mark.django_db
def test_landing_page_is_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert "Masuk" in html  # the "Log in" link
    assert "Bahasa" in html  # the language switch's label


@pytest.mark.django_db
def test_a_browser_asking_for_english_still_gets_indonesian_pages(client):
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="id"' in html


@pytest.mark.django_db
def test_language_switch_sets_the_cookie_and_english_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert settings.LANGUAGE_COOKIE_NAME == "simpul_language"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert "Masuk" not in html
    # Switching back gives Bahasa Indonesia again.
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert '<html lang="id"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_keeps_indonesian(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="id"' in client.get("/").content.decode()


def _render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234567"), "Rp1.234.567"),
        (Decimal("1234567.00"), "Rp1.234.567"),
        (0, "Rp0"),
        (Decimal("2500.5"), "Rp2.500,50"),
        (Decimal("-15000"), "-Rp15.000"),
        ("750000", "Rp750.000"),
    ],
)
def test_rupiah_filter(amount, text):
    assert _render("{{ amount|rupiah }}", amount=amount) == text


def test_rupiah_is_the_same_in_english():
    with translation.override("en"):
        assert _render("{{ amount|rupiah }}", amount=Decimal("1234567")) == "Rp1.234.567"


def test_rupiah_of_nothing_is_empty():
    assert _render("{{ amount|rupiah }}", amount=None) == ""


def test_tanggal_filter_in_indonesian_and_english():
    day = datetime.date(2026, 11, 25)
    with translation.override("id"):
        assert _render("{{ day|tanggal }}", day=day) == "25 November 2026"
        assert _render("{{ day|tanggal }}", day=datetime.date(2026, 8, 17)) == "17 Agustus 2026"
    with translation.override("en"):
        assert _render("{{ day|tanggal }}", day=day) == "25 November 2026"
        assert _render("{{ day|tanggal }}", day=datetime.date(2026, 8, 17)) == "17 August 2026"


def test_tanggal_of_a_moment_uses_the_local_day():
    # 20:00 UTC on 24 November is 03:00 WIB on 25 November.
    moment = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert _render("{{ moment|tanggal }}", moment=moment) == "25 November 2026"
