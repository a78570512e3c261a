"""Registering and editing cooperatives: the rules and every refusal (nothing saved)."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from simpul.coops.models import Cooperative, CooperativeType, Outlet
from simpul.coops.services import cooperatives as services
from simpul.coops.services.cooperatives import (
    cooperative_register,
    cooperative_update,
    outlet_create,
    outlet_update,
)
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    CooperativeFactory,
    OfficeFactory,
    OutletFactory,
    UserFactory,
)
from simpul.core.exceptions import ApplicationError, PermissionDeniedError
from simpul.core.models import AuditLog

pytestmark = pytest.mark.django_db


def register(**overrides):
    office = overrides.pop("office", None) or OfficeFactory.create()
    data: dict[str, Any] = {
        "actor": UserFactory.create(),
        "office": office,
        "name": "Koperasi Serba Usaha Sugih Mukti",
        "type": CooperativeType.KSU,
        "village": BANDUNG_VILLAGE,
        "nik_koperasi": "3273010000000123",
        "phone": "0812-3456-7890",
    }
    data.update(overrides)
    return cooperative_register(**data)


def test_register_copies_region_codes_normalises_phone_and_audits():
    coop = register()
    assert coop.slug == "koperasi-serba-usaha-sugih-mukti"
    assert (coop.province_code, coop.regency_code, coop.district_code) == ("32", "32.73", "32.73.01")
    assert coop.phone == "+6281234567890"
    assert coop.search_name == "koperasi serba usaha sugih mukti"
    log = AuditLog.objects.get(event="cooperative.registered")
    assert log.cooperative_id == coop.pk and log.region_code == BANDUNG_VILLAGE


def test_sharia_type_sets_the_sharia_flag():
    coop = register(type=CooperativeType.KSPPS, nik_koperasi="")
    assert coop.is_sharia is True


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"nik_koperasi": "32730100"}, "invalid_nik_koperasi", "NIK Koperasi harus tepat 16 digit angka."),
        ({"nik_koperasi": "9999010000000123"}, "invalid_nik_koperasi", "bukan kode kabupaten/kota"),
        ({"village": "32.73.99.9999"}, "invalid_region", "bukan kode wilayah Kemendagri"),
        ({"village": "3273011002"}, "invalid_region", "bukan kode wilayah Kemendagri"),
        ({"village": "32.73.01"}, "not_a_village", "bukan desa/kelurahan"),
        ({"village": CILACAP_VILLAGE}, "outside_scope", "di luar wilayah instansi Anda"),
        ({"slug": "Bukan Slug!"}, "invalid_slug", "Alamat web hanya boleh"),
        ({"type": "bank"}, "invalid_choice", "bukan salah satu pilihan"),
        ({"phone": "12345"}, "invalid_phone", "bukan nomor telepon Indonesia"),
        ({"name": "  "}, "required", "Nama wajib diisi."),
    ],
)
def test_register_refuses_bad_input_and_saves_nothing(overrides, code, message):
    office = OfficeFactory.create()
    with pytest.raises(ApplicationError) as refused:
        register(office=office, **overrides)
    assert refused.value.code == code
    assert message in refused.value.message
    assert not Cooperative.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.calendar
def test_register_refuses_a_deed_dated_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        register(deed_date=tomorrow)
    assert refused.value.message == "Tanggal akta tidak boleh di masa depan."
    assert not Cooperative.objects.exists()


def test_the_deed_date_is_judged_by_the_cooperative_s_own_today():
    """At 23:30 WIB it is already 01:30 the next day in WIT (Maluku, Papua): a deed signed there "today" is accepted,
    while a Bandung cooperative is still on the WIB day."""
    import time_machine

    from simpul.regions.models import Region

    papua_village = Region.objects.filter(level=4, timezone="Asia/Jayapura").order_by("code").first()
    assert papua_village is not None
    ministry = OfficeFactory.create(kind="ministry", region=None)
    with time_machine.travel(
        datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    ):
        papua_today = datetime.date(2027, 4, 1)
        cooperative = register(office=ministry, village=papua_village.code, deed_date=papua_today, nik_koperasi="")
        assert cooperative.deed_date == papua_today
        with pytest.raises(ApplicationError) as refused:
            register(slug="kop-bandung", name="Koperasi Bandung", deed_date=papua_today, nik_koperasi="")
        assert refused.value.code == "date_in_future"


def test_register_refuses_duplicate_slug_and_duplicate_nik():
    CooperativeFactory.create(slug="kud-sumber-rejeki", nik_koperasi="3273010000000999")
    with pytest.raises(ApplicationError) as refused:
        register(slug="kud-sumber-rejeki")
    assert refused.value.code == "duplicate_slug"
    assert "sudah dipakai koperasi lain" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        register(nik_koperasi="3273010000000999")
    assert refused.value.code == "duplicate_nik_koperasi"
    assert Cooperative.objects.count() == 1


def test_ministry_registers_anywhere():
    coop = cooperative_register(
        actor=UserFactory.create(),
        office=None,
        name="KUD Tani Makmur",
        type=CooperativeType.KUD,
        village=CILACAP_VILLAGE,
    )
    assert coop.regency_code == "33.01"


def test_update_changes_only_given_fields_and_records_what_changed():
    coop = CooperativeFactory.create(address="Jl. Lama 1")
    manager = UserFactory.create()
    cooperative_update(
        cooperative=coop, actor=manager, data={"address": "Jl. Setiabudi 12", "village": coop.village_id}
    )
    coop.refresh_from_db()
    assert coop.address == "Jl. Setiabudi 12"
    with pytest.raises(PermissionDeniedError):  # a move is the Dinas's to record (services/identity.py)
        cooperative_update(cooperative=coop, actor=manager, data={"village": CILACAP_VILLAGE})
    coop.refresh_from_db()
    assert coop.regency_code == "32.73"
    log = AuditLog.objects.get(event="cooperative.updated")
    assert log.changes["address"] == ["Jl. Lama 1", "Jl. Setiabudi 12"]
    assert log.actor == manager


def test_update_refused_midway_saves_nothing():
    coop = CooperativeFactory.create(address="Jl. Lama 1")
    with pytest.raises(ApplicationError):
        cooperative_update(
            cooperative=coop, actor=UserFactory.create(), data={"address": "Jl. Baru", "nik_koperasi": "salah"}
        )
    coop.refresh_from_db()
    assert coop.address == "Jl. Lama 1"
    assert not AuditLog.objects.exists()


def test_update_refuses_unknown_fields():
    coop = CooperativeFactory.create()
    with pytest.raises(ApplicationError) as refused:
        cooperative_update(cooperative=coop, actor=UserFactory.create(), data={"slug": "lain"})
    assert refused.value.code == "unknown_fields"


def test_outlet_names_are_unique_within_a_cooperative_only():
    coop, other = CooperativeFactory.create(), CooperativeFactory.create()
    actor = UserFactory.create()
    outlet_create(cooperative=coop, actor=actor, data={"name": "Koperasi Mart Gegerkalong"})
    outlet_create(cooperative=other, actor=actor, data={"name": "Koperasi Mart Gegerkalong"})
    with pytest.raises(ApplicationError) as refused:
        outlet_create(cooperative=coop, actor=actor, data={"name": "Koperasi Mart Gegerkalong"})
    assert refused.value.code == "duplicate_outlet"
    assert Outlet.objects.filter(cooperative=coop).count() == 1


def test_outlet_name_race_ends_as_the_same_refusal_not_a_500(monkeypatch):
    """Two managers saving one name at once both pass the check; the unique constraint stops the second."""
    coop = CooperativeFactory.create()
    actor = UserFactory.create()
    OutletFactory.create(cooperative=coop, name="Warung Sukasari")
    other = OutletFactory.create(cooperative=coop, name="Warung Lama")
    real_check = services._check_outlet_name
    calls = []

    def check_after_the_other_insert(outlet: Outlet) -> None:
        calls.append(outlet.name)
        if len(calls) > 1:  # the check that runs after the insert failed sees the committed row
            real_check(outlet)

    monkeypatch.setattr(services, "_check_outlet_name", check_after_the_other_insert)
    with pytest.raises(ApplicationError) as created:
        outlet_create(cooperative=coop, actor=actor, data={"name": "Warung Sukasari"})
    calls.clear()
    with pytest.raises(ApplicationError) as renamed:
        outlet_update(cooperative=coop, actor=actor, outlet_id=other.pk, data={"name": "Warung Sukasari"})

    assert created.value.code == renamed.value.code == "duplicate_outlet"
    assert created.value.message == "Koperasi ini sudah memiliki gerai bernama “Warung Sukasari”."
    assert sorted(Outlet.objects.filter(cooperative=coop).values_list("name", flat=True)) == [
        "Warung Lama",
        "Warung Sukasari",
    ]
    assert not AuditLog.objects.filter(cooperative_id=coop.pk).exists()


def test_outlet_of_another_cooperative_is_not_found():
    coop = CooperativeFactory.create()
    foreign_outlet = OutletFactory.create()
    with pytest.raises(ApplicationError) as refused:
        outlet_update(cooperative=coop, actor=UserFactory.create(), outlet_id=foreign_outlet.pk, data={"name": "X"})
    assert refused.value.status == 404
