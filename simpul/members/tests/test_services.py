"""Registering, correcting and ending memberships: numbers, duplicates, refusals that write nothing, audit rows."""

import datetime
from dataclasses import replace

import pytest

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.members.models import Gender, Member, MemberStatus, MemberStatusChange
from simpul.members.services import MemberData, member_exit, member_register, member_update
from simpul.members.tests.factories import make_nik

# calendar: join and exit dates are refused in the future of the cooperative's today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

BORN = datetime.date(1985, 3, 14)


def member_data(**overrides: object) -> MemberData:
    data = MemberData(
        nik=make_nik(BORN, Gender.FEMALE),
        name="Siti  Aminah",
        gender=Gender.FEMALE,
        birth_date=BORN,
        village=BANDUNG_VILLAGE,
        join_date=datetime.date(2024, 7, 1),
        address="Jl. Gegerkalong Hilir No. 5",
        phone="0812-3456-7890",
    )
    return replace(data, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


def test_registering_numbers_members_per_cooperative_and_audits(cooperative, manager):
    first = member_register(cooperative=cooperative, actor=manager, data=member_data())
    second = member_register(
        cooperative=cooperative, actor=manager, data=member_data(nik=make_nik(BORN, Gender.FEMALE))
    )
    other = CooperativeFactory.create()
    elsewhere = member_register(cooperative=other, actor=None, data=member_data(nik=first.nik))
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.name == "Siti Aminah" and first.phone == "+6281234567890"
    assert first.number_display == "00001" and first.status == MemberStatus.ACTIVE
    audit = AuditLog.objects.get(event="member.registered", target_id=str(first.pk))
    assert audit.cooperative_id == cooperative.pk and audit.actor == manager
    assert audit.changes["number"] == 1


def test_a_number_written_around_the_counter_is_not_handed_out_again(cooperative, manager):
    """An old register keyed in by hand (numbers 1 and 7, no counter) and then a registration: number 8."""
    from simpul.members.tests.factories import MemberFactory

    for number in (1, 7):
        MemberFactory.create(cooperative=cooperative, number=number)
    registered = member_register(cooperative=cooperative, actor=manager, data=member_data())
    following = member_register(
        cooperative=cooperative, actor=manager, data=member_data(nik=make_nik(BORN, Gender.FEMALE))
    )
    assert (registered.number, following.number) == (8, 9)


def test_the_same_nik_twice_in_one_cooperative_is_refused(cooperative, manager):
    first = member_register(cooperative=cooperative, actor=manager, data=member_data())
    with pytest.raises(ApplicationError) as refused:
        member_register(cooperative=cooperative, actor=manager, data=member_data(nik=first.nik, name="Siti Lain"))
    assert refused.value.code == "duplicate_nik"
    assert refused.value.message == "Anggota dengan NIK ini sudah terdaftar di koperasi ini."
    assert Member.objects.filter(cooperative=cooperative).count() == 1
    # The refused registration did not use up a number.
    again = member_register(cooperative=cooperative, actor=manager, data=member_data(nik=make_nik(BORN, Gender.FEMALE)))
    assert again.number == first.number + 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Isi nama anggota."),
        ({"gender": "x"}, "gender", "Pilih jenis kelamin anggota."),
        ({"nik": "123"}, "nik", "NIK harus tepat 16 digit angka."),
        ({"village": "32.73.01"}, "village", None),
        ({"join_date": datetime.date(1980, 1, 1)}, "join_date", "Tanggal masuk tidak boleh sebelum tanggal lahir."),
        ({"join_date": datetime.date(2999, 1, 1)}, "join_date", "Tanggal masuk tidak boleh di masa depan."),
        ({"phone": "12345"}, "phone", None),
        ({"is_producer": True, "business_name": ""}, "business_name", "Isi nama usaha anggota produsen."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cooperative, manager, overrides, field, message):
    with pytest.raises(ApplicationError) as refused:
        member_register(cooperative=cooperative, actor=manager, data=member_data(**overrides))
    assert refused.value.extra["field"] == field
    if message:
        assert refused.value.message == message
    assert not Member.objects.exists()
    assert not AuditLog.objects.filter(event__startswith="member.").exists()


def test_update_corrects_data_keeps_the_number_and_audits_changes(cooperative, manager):
    member = member_register(cooperative=cooperative, actor=manager, data=member_data())
    updated = member_update(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        data=member_data(nik=member.nik, address="Jl. Baru 1", is_producer=True, business_name="Keripik Siti"),
    )
    assert updated.number == member.number and updated.address == "Jl. Baru 1"
    assert updated.business_name == "Keripik Siti"
    audit = AuditLog.objects.get(event="member.updated")
    assert set(audit.changes) == {"address", "is_producer", "business_name"}


def test_update_refuses_a_nik_another_member_has(cooperative, manager):
    first = member_register(cooperative=cooperative, actor=manager, data=member_data())
    second = member_register(
        cooperative=cooperative, actor=manager, data=member_data(nik=make_nik(BORN, Gender.FEMALE))
    )
    with pytest.raises(ApplicationError) as refused:
        member_update(cooperative=cooperative, actor=manager, member_id=second.pk, data=member_data(nik=first.nik))
    assert refused.value.code == "duplicate_nik"
    second.refresh_from_db()
    assert second.nik != first.nik


def test_another_cooperatives_member_is_not_found(cooperative, manager):
    foreign = member_register(cooperative=CooperativeFactory.create(), actor=None, data=member_data())
    with pytest.raises(NotFoundError):
        member_update(cooperative=cooperative, actor=manager, member_id=foreign.pk, data=member_data())
    with pytest.raises(NotFoundError):
        member_exit(
            cooperative=cooperative,
            actor=manager,
            member_id=foreign.pk,
            status=MemberStatus.RESIGNED,
            exit_date=datetime.date(2025, 1, 1),
        )


def test_a_member_leaves_once_with_a_status_row_and_an_audit_row(cooperative, manager):
    member = member_register(cooperative=cooperative, actor=manager, data=member_data())
    left = member_exit(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2025, 2, 1),
        reason="Pindah ke luar kota",
    )
    assert left.status == MemberStatus.RESIGNED and left.exit_date == datetime.date(2025, 2, 1)
    change = MemberStatusChange.objects.get(member=member)
    assert (change.from_status, change.to_status, change.actor) == ("active", "resigned", manager)
    assert AuditLog.objects.filter(event="member.exited", target_id=str(member.pk)).exists()
    with pytest.raises(ApplicationError) as refused:
        member_exit(
            cooperative=cooperative,
            actor=manager,
            member_id=member.pk,
            status=MemberStatus.DECEASED,
            exit_date=datetime.date(2025, 3, 1),
        )
    assert refused.value.code == "member_not_active"
    assert refused.value.message == "Siti Aminah sudah bukan anggota aktif."


@pytest.mark.parametrize(
    ("status", "exit_date", "reason", "message"),
    [
        ("active", datetime.date(2025, 1, 1), "", "Pilih alasan berakhirnya keanggotaan."),
        ("resigned", datetime.date(2999, 1, 1), "", "Tanggal keluar tidak boleh di masa depan."),
        ("resigned", datetime.date(2024, 6, 30), "", "Tanggal keluar tidak boleh sebelum tanggal masuk."),
        ("expelled", datetime.date(2025, 1, 1), " ", "Tuliskan alasan anggota diberhentikan."),
    ],
)
def test_a_bad_exit_is_refused_and_changes_nothing(cooperative, manager, status, exit_date, reason, message):
    member = member_register(cooperative=cooperative, actor=manager, data=member_data())
    with pytest.raises(ApplicationError) as refused:
        member_exit(
            cooperative=cooperative,
            actor=manager,
            member_id=member.pk,
            status=status,
            exit_date=exit_date,
            reason=reason,
        )
    assert refused.value.message == message
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.exit_date is None
    assert not MemberStatusChange.objects.exists()
