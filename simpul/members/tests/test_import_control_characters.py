"""A member import file is text accepted too: control characters in its cells are dropped, as NUL already was,
so a file from another system cannot store one that would break the member export later."""

import pytest
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import Member, MemberImport

from .test_import import BANDUNG_VILLAGE, BUDI_NIK, csv_bytes, upload

pytestmark = pytest.mark.django_db


def test_control_characters_in_a_file_are_dropped(client):
    cooperative = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    row = [BUDI_NIK, "Budi\x07 San\x7ftoso\x85", "L", "17/08/1990", "Jl.\x01 Sukasari\x1b 3", BANDUNG_VILLAGE,
           "0812-9876-5432", "15/01/2024", "Tidak", ""]  # fmt: skip
    assert upload(client, cooperative, csv_bytes([row])).status_code == 302
    record = MemberImport.objects.get()
    client.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
    member = Member.objects.get(cooperative=cooperative)
    assert (member.name, member.address) == ("Budi Santoso", "Jl. Sukasari 3")
