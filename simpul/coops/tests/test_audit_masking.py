"""The audit trail shows members' personal data only to those who read the member register.

A Dinas officer (the ministry: the whole country) gets 404 on a member register, yet the region's audit trail
showed every member's full NIK, name, phone and savings amounts. Now the Dinas trail masks them; the
cooperative's own manager and supervisor still read every row in full."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import OfficeKind, RoleKind
from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, OfficeFactory, person_with_role
from simpul.core.masking import mask_email, mask_name, mask_nik, mask_phone
from simpul.members.models import Gender, MemberStatus, SavingsKind
from simpul.members.portal.services import member_portal_invite
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.services import MemberData, member_exit, member_register, member_update
from simpul.members.tests.factories import make_nik

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 8, 17)
NIK = make_nik(BORN, Gender.MALE, serial=4321)
NEW_NIK = make_nik(BORN, Gender.MALE, serial=8765)


def test_the_masks():
    assert mask_nik("3273011708900001") == "3273********0001"
    assert mask_phone("+6281298765432") == "+628******5432"
    assert mask_email("budi.santoso@example.com") == "b***@example.com"
    assert mask_name("Budi  Santoso") == "B. S."
    assert mask_name("") == "•••" and mask_nik("123") == "***"


@pytest.fixture
def trail():
    """A member registered, corrected, invited to the portal, saving, and leaving: every personal kind of row."""
    cooperative = CooperativeFactory.create(name="Koperasi Sumber Rejeki")
    manager = person_with_role(RoleKind.MANAGER, cooperative, full_name="Pak Manajer")
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000)
    data = MemberData(
        nik=NIK,
        name="Budi Santoso",
        gender=Gender.MALE,
        birth_date=BORN,
        village=BANDUNG_VILLAGE,
        join_date=datetime.date(2024, 1, 15),
        address="Jl. Sukasari 3",
        phone="+6281298765432",
    )
    member = member_register(cooperative=cooperative, actor=manager, data=data)
    data = MemberData(**{**data.__dict__, "nik": NEW_NIK, "phone": "+6285711112222", "address": "Gang Mawar 7"})
    member_update(cooperative=cooperative, actor=manager, member_id=member.pk, data=data)
    member_portal_invite(cooperative=cooperative, actor=manager, member_id=member.pk, email="budi.santoso@example.com")
    savings_deposit(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        kind=SavingsKind.SUKARELA,
        amount=Decimal("987654"),
        date=datetime.date(2025, 6, 2),
    )
    member_exit(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2025, 6, 3),
        reason="Pindah ke Surabaya",
    )
    return cooperative


PERSONAL = [
    NIK,
    NEW_NIK,
    "Budi Santoso",
    "+6281298765432",
    "+6285711112222",
    "budi.santoso@example.com",
    "Jl. Sukasari 3",
    "Gang Mawar 7",
    "Pindah ke Surabaya",
    "987654",  # the deposit, the balance and the pay-out on leaving
    "Rp987.654",
    "100000",  # the simpanan pokok of the by-laws
    "Rp100.000",
]
# The trail writes amounts as people read them (Rp987.654), never as stored (987654.00).
AS_STORED = {"987654", "100000"}


def _page(kind: str, organisation: object, url: str) -> str:
    client = Client()
    client.force_login(person_with_role(kind, organisation))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("office_kind", "region_code", "url_code"),
    [(OfficeKind.REGENCY, "32.73", "32.73"), (OfficeKind.PROVINCE, "32", "32"), (OfficeKind.MINISTRY, None, "id")],
)
def test_a_dinas_officer_sees_the_trail_with_personal_data_masked(trail, office_kind, region_code, url_code):
    office = OfficeFactory.create(kind=office_kind, region_id=region_code)
    html = _page(RoleKind.DINAS, office, reverse("coops:dinas_audit", args=[url_code]))

    assert html.count('data-testid="audit-entry"') >= 6
    assert [value for value in PERSONAL if value in html] == []
    for masked in (mask_nik(NIK), mask_nik(NEW_NIK), "+628******5432", "+628******2222", "b***@example.com"):
        assert masked in html
    assert "B. S." in html and "Pak Manajer" in html  # who did it stays: the cooperative's staff answer for it
    assert "Koperasi Sumber Rejeki" in html  # which cooperative, and what happened, stay readable


@pytest.mark.parametrize("kind", [RoleKind.MANAGER, RoleKind.SUPERVISOR])
def test_the_cooperatives_own_staff_read_the_trail_in_full(trail, kind):
    html = _page(kind, trail, reverse("coops:audit_trail", args=[trail.slug]))
    assert [value for value in PERSONAL if value not in html and value not in AS_STORED] == []
    assert "987654.00" not in html and "100000.00" not in html
    assert "Setoran Rp987.654 ke Simpanan Sukarela Budi Santoso (00001)" in html
