"""The platform admin is branded Simpul and speaks Indonesian; its lists link to Simpul's own pages, and its audit
log reads as the trail's sentences (names fetched once per page)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, person_with_role
from simpul.core.models import User
from simpul.members.models import SavingsKind
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    admin = User.objects.create_superuser("admin@simpul.id", "rahasia-admin-123", full_name="Admin")
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_is_branded_simpul_in_indonesian(admin_client):
    html = admin_client.get("/admin-platform/").content.decode()
    assert "<title>Kantor belakang platform | Admin Simpul</title>" in html
    assert "Administrasi Platform Simpul" in html
    assert "Django" not in html
    assert "Koperasi dan organisasi" in html and "Wilayah" in html and "Orang dan jejak audit" in html


def test_cooperatives_and_regions_link_to_their_simpul_pages(admin_client):
    cooperative = CooperativeFactory.create(name="KSU Sukamaju", slug="ksu-sukamaju")
    html = admin_client.get("/admin-platform/coops/cooperative/").content.decode()
    profile = reverse("coops:cooperative_profile", args=[cooperative.slug])
    assert f'href="{profile}" data-testid="open-in-simpul"' in html
    assert "Buka di Simpul" in html
    regions = admin_client.get("/admin-platform/regions/region/", {"q": BANDUNG_VILLAGE}).content.decode()
    assert f"/koperasi/?wilayah={BANDUNG_VILLAGE}" in regions


def test_the_admin_audit_log_reads_as_sentences_in_a_fixed_number_of_queries(admin_client):
    cooperative = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000)

    def deposits(count: int) -> None:
        for _number in range(count):
            member = MemberFactory.create(cooperative=cooperative, name="Siti Nurhasanah")
            savings_deposit(
                cooperative=cooperative,
                actor=manager,
                member_id=member.pk,
                kind=SavingsKind.WAJIB,
                amount=Decimal(25000),
                date=cooperative.today(),
            )

    deposits(2)
    url = "/admin-platform/core/auditlog/"
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        html = admin_client.get(url).content.decode()
    assert "Setoran Rp25.000 ke Simpanan Wajib Siti Nurhasanah (" in html
    deposits(20)
    with CaptureQueriesContext(connection) as many:
        html = admin_client.get(url).content.decode()
    assert html.count("Setoran Rp25.000 ke Simpanan Wajib Siti Nurhasanah (") == 22
    assert len(many) == len(few)


def test_api_use_is_a_setting_platform_admins_can_change(admin_client):
    budi = User.objects.create_user("budi@contoh.id", "kata-sandi-yang-panjang-91", full_name="Budi")
    page = admin_client.get(f"/admin-platform/core/user/{budi.pk}/change/").content.decode()
    assert 'name="api_access"' in page and "Memakai API" in page
