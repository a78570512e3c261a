"""The member exports cannot attack their reader: text that starts a formula is quoted, numbers stay numbers,
and a control character stored before input refused it is dropped instead of making the download a 500."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.models import Cooperative
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import Member, MemberStatus
from simpul.members.savings.services import savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","klik")'


def _cells(response):
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _texts(cells):
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
    return {cell.value for cell in cells if isinstance(cell.value, str)}


@pytest.fixture
def cooperative():
    return CooperativeFactory.create(name="=Koperasi Maju")


def test_the_member_export_quotes_formulas_and_drops_control_characters(client, cooperative):
    MemberFactory.create(
        cooperative=cooperative,
        name=HYPERLINK,
        address="-2+3",
        business_name="@SUM(A1)",
        phone="+6281298765432",
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2025, 3, 1),
        exit_reason="+1",
    )
    other = MemberFactory.create(cooperative=cooperative, name="Budi Santoso")
    # Stored before input refused control characters (written past the forms, as an old row would be).
    Member.objects.filter(pk=other.pk).update(address="Jl.\x01 Merdeka\x7f", business_name="Warung\x0b\x85 Budi")
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))

    texts = _texts(_cells(client.get(reverse("members:export", args=[cooperative.slug]))))

    assert {"'" + HYPERLINK, "'-2+3", "'@SUM(A1)", "'+1"} <= texts
    assert {"Jl. Merdeka", "Warung Budi"} <= texts
    assert "+6281298765432" in texts  # a phone number is no formula and keeps its form


def test_the_wajib_billing_workbook_quotes_formulas_and_keeps_amounts_as_numbers(client, cooperative, monkeypatch):
    monkeypatch.setattr(Cooperative, "today", lambda coop: datetime.date(2025, 3, 10))
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )
    member = MemberFactory.create(cooperative=cooperative, name=HYPERLINK, join_date=datetime.date(2024, 6, 1))
    Member.objects.filter(pk=member.pk).update(phone="@SUM(A1)\x02")
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))

    cells = _cells(client.get(reverse("members:wajib_billing_xlsx", args=[cooperative.slug])))

    texts = _texts(cells)
    assert {"'" + HYPERLINK, "'@SUM(A1)", "'=Koperasi Maju"} <= texts
    amounts = [cell.value for cell in cells if cell.data_type == "n" and cell.number_format != "0"]
    assert Decimal(str(amounts[0])) == Decimal(75000)  # January to March, owed, as a number
