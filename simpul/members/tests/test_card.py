"""The printable member card: a credit-card-size PDF with a QR code that names the member, never their NIK."""

import base64
import urllib.parse

import pytest
import segno
from django.template.loader import render_to_string
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.documents.views import CARD_TEMPLATE, member_card_payload, member_card_qr
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory.create(
        name="Koperasi Produsen Susu Sapi Perah Mitra Sauyunan Sejahtera Bersama",
        deed_number="AHU-0001234.AH.01.26.TAHUN 2021",
        nik_koperasi="3273010010001234",
    )


@pytest.fixture
def member(cooperative):
    return MemberFactory.create(cooperative=cooperative, number=42, name="Siti Nurhaliza binti Abdurrahman Wahid")


def _card_context(cooperative, member):
    payload = member_card_payload(cooperative, member)
    return {"cooperative": cooperative, "member": member, "qr_payload": payload, "qr": member_card_qr(payload)}


def test_a_manager_and_a_supervisor_print_the_card(client, cooperative, member):
    url = reverse("members:card", args=[cooperative.slug, member.pk])
    for kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR):
        client.force_login(person_with_role(kind, cooperative))
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Content-Disposition"].startswith("inline;")
        assert f"kartu-anggota-{cooperative.slug}-00042.pdf" in response["Content-Disposition"]
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives


def test_the_detail_page_links_to_the_card(client, cooperative, member):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    page = client.get(reverse("members:detail", args=[cooperative.slug, member.pk])).content.decode()
    assert reverse("members:card", args=[cooperative.slug, member.pk]) in page
    assert "Kartu anggota (PDF)" in page


def test_the_qr_code_names_the_cooperative_and_member_number_and_never_the_nik(cooperative, member):
    payload = member_card_payload(cooperative, member)
    assert payload == f"{cooperative.slug}:00042"
    assert member.nik not in payload
    uri = member_card_qr(payload)
    assert uri.startswith("data:image/svg+xml")
    # The image is exactly the QR code of that payload.
    assert uri == segno.make_qr(payload, error="m").svg_data_uri(scale=4, border=2, dark="#000")
    svg = urllib.parse.unquote(uri.split(",", 1)[1])
    assert member.nik not in svg and base64.b64encode(member.nik.encode()).decode() not in svg


def test_the_card_shows_what_a_card_shows_and_fits_one_card_sized_page(rf, cooperative, member):
    from weasyprint import HTML

    html = render_to_string(CARD_TEMPLATE, _card_context(cooperative, member), request=rf.get("/"))
    assert member.nik not in html
    for text in (cooperative.name, cooperative.deed_number, member.name, "00042", "6 Januari 2020", "Gegerkalong"):
        assert text in html
    assert "85.6mm 54mm" in html
    document = HTML(string=html).render()
    assert len(document.pages) == 1
    page = document.pages[0]
    # 85.6 × 54 mm in CSS pixels (96 per inch).
    assert round(page.width / 96 * 25.4, 1) == 85.6 and round(page.height / 96 * 25.4, 1) == 54.0


def test_cashiers_strangers_and_foreign_members_get_no_card(client, cooperative, member):
    url = reverse("members:card", args=[cooperative.slug, member.pk])
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(url).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url).status_code == 404
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    foreign = MemberFactory.create()
    assert client.get(reverse("members:card", args=[cooperative.slug, foreign.pk])).status_code == 404
