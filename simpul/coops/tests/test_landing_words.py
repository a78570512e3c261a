"""The landing page says what Simpul does today and lists what is coming as coming, not as done."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _section(html: str, testid: str) -> str:
    found = re.search(rf'<section data-testid="{testid}">(.*?)</section>', html, re.S)
    assert found is not None, testid
    return found.group(1)


def test_today_and_coming_are_told_apart(client):
    html = client.get(reverse("core:landing")).content.decode()
    today = _section(html, "landing-today")
    coming = _section(html, "landing-coming")
    for done in ("Anggota", "Simpanan", "Pembukuan", "Laporan", "Dinas Koperasi", "Jaringan"):
        assert f"<strong>{done}</strong>" in today, done
    assert "Segera hadir" in coming and "Belum ada di Simpul" in coming
    for later in ("Koperasi Mart", "Belanja Bareng", "Kebutuhan", "Pemantauan", "Produk UMKM lintas daerah"):
        assert later in coming and later not in today, later
    assert "Minimarket dan belanja bersama menyusul." in html


def test_the_landing_reads_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("core:landing")).content.decode()
    assert "What Simpul does today" in html and "Coming next" in html and "Monitoring" in html
