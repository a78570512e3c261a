"""The member pages: list with search, filters and paging; register, edit and exit forms; who may do what."""

import datetime

import pytest
from django.urls import reverse

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import Gender, Member, MemberStatus
from simpul.members.tests.factories import MemberFactory, make_nik

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 8, 17)


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


@pytest.fixture
def supervisor(cooperative):
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nik": make_nik(BORN, Gender.MALE),
        "name": "Budi Santoso",
        "gender": "male",
        "birth_date": "1990-08-17",
        "address": "Jl. Sukasari 3",
        "village": BANDUNG_VILLAGE,
        "phone": "081298765432",
        "join_date": "2024-01-15",
        "business_name": "",
    }
    data.update(overrides)
    return data


def test_a_manager_registers_a_member_and_sees_their_page(client, cooperative, manager):
    client.force_login(manager)
    url = reverse("members:register", args=[cooperative.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="region-picker-village"' in page.content.decode()
    response = client.post(url, _form(), follow=True)
    member = Member.objects.get(cooperative=cooperative)
    assert response.redirect_chain[-1][0] == reverse("members:detail", args=[cooperative.slug, member.pk])
    body = response.content.decode()
    assert "Budi Santoso terdaftar sebagai anggota nomor 00001." in body
    assert member.nik in body and "17 Agustus 1990" in body and "+6281298765432" in body


def test_a_refused_registration_shows_the_indonesian_message_with_400(client, cooperative, manager):
    client.force_login(manager)
    url = reverse("members:register", args=[cooperative.slug])
    response = client.post(url, _form(gender="female"), headers={"HX-Request": "true"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "NIK ini milik laki-laki, tetapi jenis kelamin yang dipilih perempuan." in body
    assert "<html" not in body  # only the form partial for HTMX
    MemberFactory.create(cooperative=cooperative, nik=make_nik(BORN, Gender.MALE, serial=4321), birth_date=BORN)
    response = client.post(url, _form(nik=make_nik(BORN, Gender.MALE, serial=4321)))
    assert response.status_code == 400
    assert "Anggota dengan NIK ini sudah terdaftar di koperasi ini." in response.content.decode()
    assert Member.objects.count() == 1


def test_the_list_searches_filters_and_pages(client, cooperative, supervisor):
    MemberFactory.create(cooperative=cooperative, name="Siti Aminah", is_producer=True, business_name="Keripik Siti")
    MemberFactory.create(cooperative=cooperative, name="Budi Santoso")
    MemberFactory.create(
        cooperative=cooperative, name="Agus Salim", status=MemberStatus.DECEASED, exit_date=datetime.date(2024, 1, 1)
    )
    MemberFactory.create(cooperative=CooperativeFactory.create(), name="Siti Tetangga")
    client.force_login(supervisor)
    url = reverse("members:list", args=[cooperative.slug])

    def names(**query: str) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [m.name for m in response.context["page"].object_list]

    assert names() == ["Agus Salim", "Budi Santoso", "Siti Aminah"]
    assert names(q="siti") == ["Siti Aminah"]
    assert names(status="active") == ["Budi Santoso", "Siti Aminah"]
    assert names(producer="1") == ["Siti Aminah"]
    assert names(producer="0", status="deceased") == ["Agus Salim"]
    siti = Member.objects.get(name="Siti Aminah")
    assert names(q=siti.nik) == ["Siti Aminah"]
    assert names(q=str(siti.number)) == ["Siti Aminah"]
    assert names(status="nonsense") == ["Agus Salim", "Budi Santoso", "Siti Aminah"]
    body = client.get(url).content.decode()
    assert "2 anggota aktif" in body
    assert 'data-testid="register-member"' not in body  # supervisors read only
    partial = client.get(url, {"q": "budi"}, headers={"HX-Request": "true"}).content.decode()
    assert "Budi Santoso" in partial and "<html" not in partial


def test_the_list_pages_without_extra_queries(client, cooperative, manager, django_assert_max_num_queries):
    for _ in range(30):
        MemberFactory.create(cooperative=cooperative)
    client.force_login(manager)
    url = reverse("members:list", args=[cooperative.slug])
    client.get(url)  # warm the session and the role cache
    with django_assert_max_num_queries(12):
        first = client.get(url)
    assert len(first.context["page"].object_list) == 25
    with django_assert_max_num_queries(12):
        second = client.get(url, {"halaman": 2})
    assert len(second.context["page"].object_list) == 5


def test_a_supervisor_reads_but_may_not_write(client, cooperative, supervisor):
    member = MemberFactory.create(cooperative=cooperative)
    client.force_login(supervisor)
    detail = client.get(reverse("members:detail", args=[cooperative.slug, member.pk]))
    assert detail.status_code == 200 and 'data-testid="edit-member"' not in detail.content.decode()
    for name in ("register", "edit", "exit"):
        args = [cooperative.slug] if name == "register" else [cooperative.slug, member.pk]
        assert client.get(reverse(f"members:{name}", args=args)).status_code == 403
        assert client.post(reverse(f"members:{name}", args=args), _form()).status_code == 403
    assert Member.objects.count() == 1


def test_another_cooperatives_member_is_404(client, cooperative, manager):
    foreign = MemberFactory.create(cooperative=CooperativeFactory.create())
    client.force_login(manager)
    for name in ("detail", "edit", "exit"):
        assert client.get(reverse(f"members:{name}", args=[cooperative.slug, foreign.pk])).status_code == 404
    response = client.post(reverse("members:edit", args=[cooperative.slug, foreign.pk]), _form())
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name != "Budi Santoso"


def test_a_manager_edits_and_ends_a_membership(client, cooperative, manager):
    member = MemberFactory.create(cooperative=cooperative, gender=Gender.MALE, birth_date=BORN, name="Budi")
    client.force_login(manager)
    edit = reverse("members:edit", args=[cooperative.slug, member.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _form(nik=member.nik, name="Budi Santoso"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "Budi Santoso"

    leave = reverse("members:exit", args=[cooperative.slug, member.pk])
    refused = client.post(leave, {"status": "expelled", "exit_date": "2025-01-10", "reason": ""})
    assert refused.status_code == 400
    assert "Tuliskan alasan anggota diberhentikan." in refused.content.decode()
    response = client.post(leave, {"status": "resigned", "exit_date": "2025-01-10", "reason": "Pindah"}, follow=True)
    assert "Keanggotaan Budi Santoso telah berakhir." in response.content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.RESIGNED and member.exit_date == datetime.date(2025, 1, 10)
    assert 'data-testid="end-membership"' not in response.content.decode()
