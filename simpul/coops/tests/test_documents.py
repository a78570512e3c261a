"""A partnership document is sent only as a private download; a file lost from storage is a 404, not a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.coops.models import MembershipStatus
from simpul.coops.services.networks import partnership_record
from simpul.coops.tests.factories import MembershipFactory, RoleKind, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory.create(status=MembershipStatus.ACTIVE)
    coordinator = person_with_role(RoleKind.COORDINATOR, membership.network)
    partnership = partnership_record(
        membership=membership,
        actor=coordinator,
        signed_on=datetime.date(2026, 1, 5),
        parties="JUK dan koperasi anggota",
        scope="Pemasaran produk UMKM",
        document=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 contoh", content_type="application/pdf"),
    )
    return partnership, coordinator


def test_the_coordinator_downloads_the_document_privately(client, recorded):
    partnership, coordinator = recorded
    client.force_login(coordinator)
    response = client.get(reverse("coops:partnership_document", args=[partnership.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert f"kerja-sama-{partnership.pk}.pdf" in response["Content-Disposition"]


def test_a_document_missing_from_storage_is_not_found(client, recorded):
    partnership, coordinator = recorded
    partnership.document.storage.delete(partnership.document.name)
    client.force_login(coordinator)
    page = client.get(reverse("coops:partnership_document", args=[partnership.pk]))
    assert page.status_code == 404
    api = client.get(f"/api/v1/networks/{partnership.membership.network.slug}/partnerships/{partnership.pk}/document")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"
