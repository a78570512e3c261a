"""Platform admins register offices and suppliers; each refusal leaves nothing behind."""

import pytest
from django.core.management import CommandError, call_command

from simpul.coops.models import GovernmentOffice, OfficeKind, Supplier
from simpul.coops.services.offices import office_register
from simpul.coops.services.suppliers import supplier_register
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_a_regency_office_oversees_its_regency_and_is_audited():
    office = office_register(
        actor=None, name="Dinas Koperasi dan UKM Kabupaten Cilacap", kind="regency", region_code="33.01"
    )
    assert office.scope_code == "33.01"
    assert office.slug == "dinas-koperasi-dan-ukm-kabupaten-cilacap"
    log = AuditLog.objects.get(event="office.registered")
    assert log.region_code == "33.01"


@pytest.mark.parametrize(
    ("kind", "region", "message"),
    [
        (OfficeKind.REGENCY, "33", "harus menunjuk kabupaten/kota"),
        (OfficeKind.PROVINCE, "33.01", "harus menunjuk provinsi"),
        (OfficeKind.MINISTRY, "33", "mengawasi seluruh negeri"),
        (OfficeKind.REGENCY, "99.99", "bukan kode wilayah Kemendagri"),
        ("kecamatan", "33.01", "bukan salah satu pilihan"),
    ],
)
def test_an_office_must_name_a_region_of_its_own_level(kind, region, message):
    with pytest.raises(ApplicationError) as refused:
        office_register(actor=None, name="Dinas Contoh", kind=kind, region_code=region)
    assert message in refused.value.message
    assert not GovernmentOffice.objects.exists()
    assert not AuditLog.objects.exists()


def test_register_supplier_validates_and_records_regions_served():
    supplier = supplier_register(
        actor=None,
        data={"name": "PT Sumber Pangan Nusantara", "nib": "9120001112223", "regions_served": ["32.73", "33"]},
    )
    assert sorted(supplier.regions_served.values_list("code", flat=True)) == ["32.73", "33"]
    assert AuditLog.objects.filter(event="supplier.registered", target_id=str(supplier.pk)).exists()
    with pytest.raises(ApplicationError) as refused:
        supplier_register(actor=None, data={"name": "PT Lain", "nib": "9120001112223"})
    assert refused.value.code == "duplicate_nib"
    with pytest.raises(ApplicationError):
        supplier_register(actor=None, data={"name": "PT Lain", "nib": "123"})
    assert Supplier.objects.count() == 1


def test_the_commands_print_the_refusal_in_indonesian(capsys):
    call_command("register_office", "--name", "Kementerian Koperasi", "--kind", "ministry")
    assert "Kementerian Koperasi" in capsys.readouterr().out
    with pytest.raises(CommandError, match="harus tepat 13 digit"):
        call_command("register_supplier", "--name", "PT Salah", "--nib", "12")
