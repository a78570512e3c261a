"""The member API: the same services and access as the pages. Managers write, supervisors read, cashiers and
members get 403, strangers and other cooperatives' members 404; bad input a 4xx with nothing written."""

import datetime

import pytest
from django.test import Client

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import AuditLog
from simpul.members.models import Gender, Member, MemberStatus
from simpul.members.tests.factories import MemberFactory, make_nik

pytestmark = pytest.mark.django_db

JSON = "application/json"
BORN = datetime.date(1990, 8, 17)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def error_code(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    return body["code"]


@pytest.fixture
def coop():
    return CooperativeFactory.create(slug="sumber-rejeki")


@pytest.fixture
def manager(coop):
    return logged_in(person_with_role(RoleKind.MANAGER, coop))


@pytest.fixture
def supervisor(coop):
    return logged_in(person_with_role(RoleKind.SUPERVISOR, coop))


def url(coop, *parts):
    return "/".join([f"/api/v1/cooperatives/{coop.slug}/members", *map(str, parts)])


def new_member(**overrides):
    data = {
        "nik": make_nik(BORN, Gender.MALE, serial=4242),
        "name": "Budi Santoso",
        "gender": "male",
        "birth_date": "1990-08-17",
        "village": BANDUNG_VILLAGE,
        "join_date": "2024-01-15",
        "phone": "0812-9876-5432",
        "address": "Jl. Sukasari 3",
    }
    data.update(overrides)
    return data


# --- reading


def test_the_list_searches_filters_and_pages(coop, supervisor, django_assert_max_num_queries):
    MemberFactory.create(cooperative=coop, name="Siti Aminah", is_producer=True, business_name="Keripik")
    MemberFactory.create(cooperative=coop, name="Budi Santoso")
    MemberFactory.create(
        cooperative=coop, name="Agus Salim", status=MemberStatus.RESIGNED, exit_date=datetime.date(2025, 1, 2)
    )
    MemberFactory.create(name="Siti Lain")  # another cooperative's
    with django_assert_max_num_queries(8):
        body = supervisor.get(url(coop)).json()
    assert body["count"] == 3
    assert [m["name"] for m in body["items"]] == ["Agus Salim", "Budi Santoso", "Siti Aminah"]
    first = body["items"][0]
    assert first["village"]["code"] == BANDUNG_VILLAGE and first["number_display"].startswith("0")
    assert "nik" not in first  # the list is a summary; the NIK is on the member itself
    assert [m["name"] for m in supervisor.get(url(coop), {"q": "siti"}).json()["items"]] == ["Siti Aminah"]
    assert [m["name"] for m in supervisor.get(url(coop), {"status": "resigned"}).json()["items"]] == ["Agus Salim"]
    assert [m["name"] for m in supervisor.get(url(coop), {"producer": "true"}).json()["items"]] == ["Siti Aminah"]
    page = supervisor.get(url(coop), {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [m["name"] for m in page["items"]] == ["Budi Santoso"]
    assert error_code(supervisor.get(url(coop), {"status": "gone"}), 422) == "validation_error"


def test_a_member_in_full_and_another_cooperatives_member_is_404(coop, supervisor):
    member = MemberFactory.create(cooperative=coop, name="Siti Aminah", gender=Gender.FEMALE)
    body = supervisor.get(url(coop, member.pk)).json()
    assert body["nik"] == member.nik and body["status"] == "active" and body["status_label"] == "aktif"
    assert body["birth_date"] == "1985-03-14" and body["exit_date"] is None
    foreign = MemberFactory.create()
    assert error_code(supervisor.get(url(coop, foreign.pk)), 404) == "not_found"
    assert error_code(supervisor.get(url(coop, 0)), 422) == "validation_error"


def test_cashiers_members_and_strangers_may_not_read(coop):
    for kind in (RoleKind.CASHIER, RoleKind.MEMBER):
        assert error_code(logged_in(person_with_role(kind, coop)).get(url(coop)), 403) == "forbidden"
    stranger = logged_in(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert error_code(stranger.get(url(coop)), 404) == "not_found"
    assert Client().get(url(coop)).status_code == 401


# --- registering


def test_a_manager_registers_a_member(coop, manager):
    response = manager.post(url(coop), new_member(), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get(cooperative=coop)
    assert body["id"] == member.pk and body["number"] == 1 and body["number_display"] == "00001"
    assert member.phone == "+6281298765432" and body["phone"] == "+6281298765432"
    assert AuditLog.objects.filter(event="member.registered", target_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"nik": "12345"}, 400, "invalid_nik"),
        ({"gender": "female"}, 400, "nik_gender_mismatch"),
        ({"birth_date": "1990-08-18"}, 400, "nik_birth_date_mismatch"),
        ({"village": "32.73.01"}, 400, "not_a_village"),
        ({"join_date": "2999-01-01"}, 400, "invalid_date"),
        ({"phone": "12345"}, 400, "invalid_phone"),
        ({"is_producer": True}, 400, "required"),
        ({"gender": "x"}, 422, "validation_error"),
        ({"name": "x" * 151}, 422, "validation_error"),
        ({"member_number": 5}, 422, "validation_error"),
        ({"nik": None}, 422, "validation_error"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(coop, manager, overrides, status, code):
    assert error_code(manager.post(url(coop), new_member(**overrides), content_type=JSON), status) == code
    assert not Member.objects.exists()
    assert not AuditLog.objects.filter(event__startswith="member.").exists()


def test_a_duplicate_nik_is_refused(coop, manager):
    MemberFactory.create(cooperative=coop, nik=make_nik(BORN, Gender.MALE, serial=4242), birth_date=BORN)
    assert error_code(manager.post(url(coop), new_member(), content_type=JSON), 400) == "duplicate_nik"
    assert Member.objects.count() == 1


def test_a_supervisor_may_not_write(coop, supervisor):
    member = MemberFactory.create(cooperative=coop)
    assert error_code(supervisor.post(url(coop), new_member(), content_type=JSON), 403) == "forbidden"
    patch = supervisor.patch(url(coop, member.pk), {"name": "Nama Baru"}, content_type=JSON)
    assert error_code(patch, 403) == "forbidden"
    leave = supervisor.post(url(coop, member.pk, "exit"), {"status": "resigned", "exit_date": "2025-01-01"},
                            content_type=JSON)  # fmt: skip
    assert error_code(leave, 403) == "forbidden"
    member.refresh_from_db()
    assert member.name != "Nama Baru" and member.status == MemberStatus.ACTIVE
    assert Member.objects.count() == 1


# --- correcting


def test_a_manager_corrects_only_the_fields_sent(coop, manager):
    member = MemberFactory.create(cooperative=coop, name="Budi", address="Jl. Lama", phone="+6281200000001")
    response = manager.patch(url(coop, member.pk), {"address": "Jl. Baru 5", "phone": "0813 1111 2222"},
                             content_type=JSON)  # fmt: skip
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.address == "Jl. Baru 5" and member.phone == "+6281311112222" and member.name == "Budi"
    audit = AuditLog.objects.get(event="member.updated")
    assert set(audit.changes) == {"address", "phone"}


def test_a_refused_correction_changes_nothing(coop, manager):
    member = MemberFactory.create(cooperative=coop, address="Jl. Lama")
    response = manager.patch(url(coop, member.pk), {"address": "Jl. Baru", "gender": "female"}, content_type=JSON)
    assert error_code(response, 400) == "nik_gender_mismatch"
    member.refresh_from_db()
    assert member.address == "Jl. Lama" and not AuditLog.objects.filter(event="member.updated").exists()
    assert error_code(manager.patch(url(coop, member.pk), {"name": None}, content_type=JSON), 422)
    foreign = MemberFactory.create()
    assert error_code(manager.patch(url(coop, foreign.pk), {"name": "X"}, content_type=JSON), 404) == "not_found"


# --- leaving


def test_a_manager_ends_a_membership(coop, manager):
    member = MemberFactory.create(cooperative=coop)
    response = manager.post(url(coop, member.pk, "exit"), {"status": "resigned", "exit_date": "2025-01-15"},
                            content_type=JSON)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resigned" and response.json()["exit_date"] == "2025-01-15"
    member.refresh_from_db()
    assert member.status == MemberStatus.RESIGNED and member.exit_date == datetime.date(2025, 1, 15)
    again = manager.post(url(coop, member.pk, "exit"), {"status": "deceased", "exit_date": "2025-02-01"},
                         content_type=JSON)  # fmt: skip
    assert error_code(again, 400) == "member_not_active"


def test_bad_exits_are_refused(coop, manager):
    member = MemberFactory.create(cooperative=coop)
    expel = manager.post(url(coop, member.pk, "exit"), {"status": "expelled", "exit_date": "2025-01-15"},
                         content_type=JSON)  # fmt: skip
    assert error_code(expel, 400) == "required"
    early = manager.post(url(coop, member.pk, "exit"), {"status": "resigned", "exit_date": "2019-01-01"},
                         content_type=JSON)  # fmt: skip
    assert error_code(early, 400) == "invalid_date"
    wrong = manager.post(url(coop, member.pk, "exit"), {"status": "active", "exit_date": "2025-01-15"},
                         content_type=JSON)  # fmt: skip
    assert error_code(wrong, 422) == "validation_error"
    foreign = MemberFactory.create()
    gone = manager.post(url(coop, foreign.pk, "exit"), {"status": "resigned", "exit_date": "2025-01-15"},
                        content_type=JSON)  # fmt: skip
    assert error_code(gone, 404) == "not_found"
    member.refresh_from_db()
    foreign.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and foreign.status == MemberStatus.ACTIVE


def test_the_operations_are_in_the_openapi_spec(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/cooperatives/{slug}/members"]) == {"get", "post"}
    assert set(paths["/api/v1/cooperatives/{slug}/members/{member_id}"]) == {"get", "patch"}
    assert set(paths["/api/v1/cooperatives/{slug}/members/{member_id}/exit"]) == {"post"}
