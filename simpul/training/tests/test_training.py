"""Training and mentoring: the rules (capacity, attendance → certificate, overdue), the pages by side, the
certificate PDF and its public check, and bad input refused with nothing written."""

import datetime as dt

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.regions.models import Region
from simpul.training import selectors, services
from simpul.training.access import courses_for_cooperative
from simpul.training.models import (
    Attendance,
    Course,
    CourseMaterial,
    CourseSession,
    Enrolment,
    FollowUp,
    MentoringVisit,
    Recommendation,
    RecommendationUpdate,
)
from simpul.training.views.common import CERTIFICATE_TEMPLATE, certificate_context

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def place(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cooperative = CooperativeFactory.create(name="Koperasi Sendiri")
    office = OfficeFactory.create()  # Kota Bandung, 32.73
    foreign_office = OfficeFactory.create(name="Dinas Cilacap", region=Region.objects.get(code="33.01"))
    officer = person_with_role(RoleKind.DINAS, office, full_name="Budi Petugas")
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    return {
        "cooperative": cooperative,
        "office": office,
        "foreign_office": foreign_office,
        "officer": officer,
        "manager": manager,
    }


def _course(place, capacity: int = 2, sessions: int = 2) -> Course:
    course = services.course_create(
        actor=place["officer"],
        office=place["office"],
        data={"title": "Pembukuan", "audience": "managers", "capacity": str(capacity)},
    )
    for day in range(sessions):
        services.session_add(
            course=course,
            actor=place["officer"],
            data={"date": f"2026-03-0{day + 1}", "starts_at": "09:00", "ends_at": "12:00", "place": "Aula"},
        )
    return services.course_publish(course=course, actor=place["officer"])


def _enrol(place, course: Course, name: str, phone: str) -> Enrolment:
    return services.enrolment_create(
        cooperative=place["cooperative"],
        course=course,
        actor=place["manager"],
        data={"full_name": name, "phone": phone, "position": "managers"},
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- courses, capacity, attendance, certificates -------------------------------------------------------


def test_enrolment_stops_at_capacity_with_a_clear_message(place):
    course = _course(place, capacity=2)
    _enrol(place, course, "Dewi", "081200000001")
    _enrol(place, course, "Asep", "081200000002")
    client = _client(place["manager"])
    url = reverse("training:cooperative_course", args=[place["cooperative"].slug, course.pk])
    response = client.post(url, {"full_name": "Rina", "phone": "081200000003", "position": "cashiers"})
    assert response.status_code == 400
    assert "penuh" in response.text
    assert Enrolment.objects.filter(course=course).count() == 2


def test_the_same_person_is_enrolled_once_and_phones_are_checked(place):
    course = _course(place, capacity=5)
    _enrol(place, course, "Dewi", "081200000001")
    with pytest.raises(ApplicationError):
        _enrol(place, course, "Dewi lagi", "+6281200000001")
    with pytest.raises(ApplicationError):
        _enrol(place, course, "Tanpa nomor", "12")
    assert Enrolment.objects.filter(course=course).count() == 1


def test_a_draft_course_takes_no_enrolment_and_is_not_listed(place):
    course = services.course_create(
        actor=place["officer"], office=place["office"], data={"title": "Draf", "audience": "cashiers", "capacity": "5"}
    )
    client = _client(place["manager"])
    url = reverse("training:cooperative_course", args=[place["cooperative"].slug, course.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(ApplicationError):
        services.course_publish(course=course, actor=place["officer"])  # no session yet


def test_attending_every_session_earns_a_certificate_and_missing_one_does_not(place):
    course = _course(place)
    first, second = CourseSession.objects.filter(course=course)
    dewi = _enrol(place, course, "Dewi", "081200000001")
    asep = _enrol(place, course, "Asep", "081200000002")
    services.attendance_record(
        course=course, session_id=first.pk, actor=place["officer"], present_ids=[dewi.pk, asep.pk]
    )
    services.attendance_record(course=course, session_id=second.pk, actor=place["officer"], present_ids=[dewi.pk])
    dewi.refresh_from_db()
    asep.refresh_from_db()
    assert len(dewi.certificate_code) >= 20 and dewi.certified_on == second.date
    assert asep.certificate_code == ""
    # Taken off the second session: the certificate goes.
    services.attendance_record(course=course, session_id=second.pk, actor=place["officer"], present_ids=[])
    dewi.refresh_from_db()
    assert dewi.certificate_code == ""
    assert Attendance.objects.filter(session=second).count() == 0


def test_attendance_of_someone_not_on_the_course_is_refused(place):
    course = _course(place)
    other = _course(place)
    stranger = _enrol(place, other, "Orang Lain", "081200000009")
    session = CourseSession.objects.filter(course=course)[0]
    with pytest.raises(ApplicationError):
        services.attendance_record(
            course=course, session_id=session.pk, actor=place["officer"], present_ids=[stranger.pk]
        )
    assert not Attendance.objects.exists()


def _certified(place) -> Enrolment:
    course = _course(place, sessions=1)
    dewi = _enrol(place, course, "Dewi Lestari", "081200000001")
    session = CourseSession.objects.get(course=course)
    services.attendance_record(course=course, session_id=session.pk, actor=place["officer"], present_ids=[dewi.pk])
    dewi.refresh_from_db()
    return dewi


def test_the_certificate_pdf_opens_and_its_qr_holds_the_verify_address(place):
    dewi = _certified(place)
    client = _client(place["manager"])
    response = client.get(reverse("training:cooperative_certificate", args=[place["cooperative"].slug, dewi.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    # What the PDF is drawn from: the name, the course and the QR of the verify address.
    request = RequestFactory().get("/")
    context = certificate_context(request, dewi)
    verify = "http://testserver" + reverse("training:certificate_verify", args=[dewi.certificate_code])
    assert context["verify_url"] == verify
    assert context["qr"] == segno.make_qr(verify, error="m").svg_data_uri(scale=4, border=2, dark="#000")
    html = render_to_string(CERTIFICATE_TEMPLATE, context)
    assert "Dewi Lestari" in html and "Pembukuan" in html and verify in html and context["qr"] in html
    assert dewi.phone not in html


def test_the_verify_page_shows_the_course_date_and_name_and_nothing_personal(place):
    dewi = _certified(place)
    response = Client().get(reverse("training:certificate_verify", args=[dewi.certificate_code]))
    assert response.status_code == 200
    assert "Dewi Lestari" in response.text and "Pembukuan" in response.text
    for secret in ("0812", "+62812", "81200000001", place["cooperative"].name):
        assert secret not in response.text


def test_an_unknown_certificate_code_is_a_clear_404(place):
    _certified(place)
    response = Client().get(reverse("training:certificate_verify", args=["bukan-kode-yang-ada"]))
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in response.text


def test_a_certificate_of_someone_without_one_is_404(place):
    course = _course(place)
    dewi = _enrol(place, course, "Dewi", "081200000001")
    client = _client(place["manager"])
    assert (
        client.get(reverse("training:cooperative_certificate", args=[place["cooperative"].slug, dewi.pk])).status_code
        == 404
    )


# --- bad input: 4xx, nothing written --------------------------------------------------------------------


def test_a_material_that_is_not_a_pdf_is_refused(place):
    course = _course(place)
    client = _client(place["officer"])
    url = reverse("training:dinas_course_material", args=["32.73", course.pk])
    fake = SimpleUploadedFile("modul.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Modul", "file": fake})
    assert response.status_code == 400 and "bukan PDF" in response.text
    assert not CourseMaterial.objects.exists()
    real = SimpleUploadedFile("modul.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"title": "Modul", "file": real}).status_code == 302
    material = CourseMaterial.objects.get()
    page = client.get(reverse("training:dinas_material", args=["32.73", course.pk, material.pk]))
    body = b"".join(page.streaming_content)  # type: ignore[attr-defined]
    assert page.status_code == 200 and body.startswith(b"%PDF-")


def test_a_material_over_the_size_limit_is_refused(place):
    course = _course(place)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * services.MAX_MATERIAL_BYTES, content_type="application/pdf")
    with pytest.raises(ApplicationError) as refused:
        services.material_add(course=course, actor=place["officer"], title="Besar", upload=big)
    assert refused.value.code == "training_file_too_large"
    assert not CourseMaterial.objects.exists()


def test_a_session_that_ends_before_it_starts_is_refused(place):
    course = (
        _course(place, sessions=0)
        if False
        else services.course_create(
            actor=place["officer"], office=place["office"], data={"title": "X", "audience": "managers", "capacity": "3"}
        )
    )
    client = _client(place["officer"])
    url = reverse("training:dinas_course_session", args=["32.73", course.pk])
    response = client.post(url, {"date": "2026-03-01", "starts_at": "12:00", "ends_at": "09:00", "place": "Aula"})
    assert response.status_code == 400 and "berakhir setelah" in response.text
    response = client.post(url, {"date": "2026-03-01", "starts_at": "09:00", "ends_at": "12:00"})
    assert response.status_code == 400  # neither a place nor a link
    assert not CourseSession.objects.exists()


def test_a_course_with_bad_fields_is_not_created(place):
    client = _client(place["officer"])
    url = reverse("training:dinas_courses", args=["32.73"])
    for data in (
        {"title": "", "audience": "managers", "capacity": "5"},
        {"title": "A", "audience": "pilots", "capacity": "5"},
        {"title": "A", "audience": "managers", "capacity": "0"},
    ):
        assert client.post(url, data).status_code == 400
    assert not Course.objects.exists()


def test_a_recommendation_without_owner_or_deadline_is_refused(place):
    visit = services.visit_create(
        office=place["office"],
        actor=place["officer"],
        cooperative=place["cooperative"],
        data={"date": place["cooperative"].today().isoformat(), "findings": "Kas belum direkonsiliasi"},
    )
    client = _client(place["officer"])
    url = reverse("training:dinas_visit", args=["32.73", visit.pk])
    deadline = (place["cooperative"].today() + dt.timedelta(days=7)).isoformat()
    assert client.post(url, {"text": "Rekonsiliasi", "owner": "", "deadline": deadline}).status_code == 400
    assert client.post(url, {"text": "Rekonsiliasi", "owner": "Bendahara", "deadline": ""}).status_code == 400
    assert client.post(url, {"text": "Rekonsiliasi", "owner": "Bendahara", "deadline": "31-31-2026"}).status_code == 400
    assert not Recommendation.objects.exists()
    assert client.post(url, {"text": "Rekonsiliasi", "owner": "Bendahara", "deadline": deadline}).status_code == 302
    assert Recommendation.objects.count() == 1


def test_a_visit_to_a_cooperative_outside_the_region_is_refused(place):
    cilacap = CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    client = _client(place["officer"])
    url = reverse("training:dinas_visits", args=["32.73"])
    response = client.post(url, {"cooperative": cilacap.pk, "date": "2026-03-01", "findings": "x"})
    assert response.status_code == 400
    with pytest.raises(ApplicationError):
        services.visit_create(
            office=place["office"],
            actor=place["officer"],
            cooperative=cilacap,
            data={"date": "2026-03-01", "findings": "x"},
        )
    assert not MentoringVisit.objects.exists()


# --- mentoring: follow-ups and overdue ------------------------------------------------------------------


def _visit_with(place, deadlines: list[dt.date]) -> list[Recommendation]:
    cooperative = place["cooperative"]
    visit = services.visit_create(
        office=place["office"],
        actor=place["officer"],
        cooperative=cooperative,
        data={"date": cooperative.today() - dt.timedelta(days=60), "findings": "Temuan"},
    )
    return [
        services.recommendation_add(
            visit=visit, actor=place["officer"], data={"text": f"R{i}", "owner": "Bendahara", "deadline": deadline}
        )
        for i, deadline in enumerate(deadlines)
    ]


@pytest.mark.calendar
def test_overdue_is_past_the_deadline_and_neither_done_nor_dropped(place):
    cooperative = place["cooperative"]
    today = cooperative.today()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    late, _due_today, _later, done, dropped = _visit_with(place, [yesterday, today, tomorrow, yesterday, yesterday])
    services.recommendation_follow_up(recommendation=done, actor=place["manager"], data={"status": "done"})
    services.recommendation_follow_up(recommendation=dropped, actor=place["manager"], data={"status": "dropped"})
    assert selectors.overdue_recommendation_counts([cooperative.pk], today) == {cooperative.pk: 1}
    # Tomorrow the one due today is late too; a day earlier nothing was.
    assert selectors.overdue_recommendation_counts([cooperative.pk], tomorrow) == {cooperative.pk: 2}
    assert selectors.overdue_recommendation_counts([cooperative.pk], yesterday) == {}
    services.recommendation_follow_up(recommendation=late, actor=place["manager"], data={"status": "in_progress"})
    assert selectors.overdue_recommendation_counts([cooperative.pk], today) == {cooperative.pk: 1}
    # The Dinas page lists it per officer; the homes show the count.
    page = _client(place["officer"]).get(reverse("training:dinas_visits", args=["32.73"]))
    assert page.status_code == 200 and "Budi Petugas" in page.text and "R0" in page.text
    home = _client(place["officer"]).get(reverse("coops:dinas_home", args=["32.73"]))
    assert 'data-testid="dinas-overdue-recommendations"' in home.text
    coop_home = _client(place["manager"]).get(reverse("coops:dashboard", args=[cooperative.slug]))
    assert 'data-testid="home-overdue-recommendations"' in coop_home.text


def test_the_cooperative_updates_its_follow_up_with_a_row_per_change(place, monkeypatch):
    calls = []
    from simpul.coops import hooks

    monkeypatch.setattr(hooks, "figures_changed_listeners", [lambda **kw: calls.append(kw)])
    (recommendation,) = _visit_with(place, [place["cooperative"].today() + dt.timedelta(days=3)])
    client = _client(place["manager"])
    url = reverse("training:cooperative_recommendation", args=[place["cooperative"].slug, recommendation.pk])
    assert client.post(url, {"status": "in_progress", "note": "Mulai"}).status_code == 302
    assert client.post(url, {"status": "finished"}).status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUp.IN_PROGRESS and recommendation.note == "Mulai"
    assert list(RecommendationUpdate.objects.values_list("from_status", "to_status")) == [("open", "in_progress")]
    assert AuditLog.objects.filter(event="training.recommendation_followed_up").count() == 1
    assert calls[-1] == {"cooperative_ids": [place["cooperative"].pk], "kinds": {"training"}}
    # A supervisor reads, but may not update.
    supervisor = person_with_role(RoleKind.SUPERVISOR, place["cooperative"])
    assert (
        _client(supervisor).get(reverse("training:cooperative_visits", args=[place["cooperative"].slug])).status_code
        == 200
    )
    assert _client(supervisor).post(url, {"status": "done"}).status_code == 403


# --- access ---------------------------------------------------------------------------------------------


def test_a_dinas_office_sees_its_subtree_only(place):
    course = _course(place)
    visit = services.visit_create(
        office=place["office"],
        actor=place["officer"],
        cooperative=place["cooperative"],
        data={"date": "2026-03-01", "findings": "Temuan"},
    )
    client = _client(place["officer"])
    district = place["cooperative"].district_code
    assert client.get(reverse("training:dinas_visit", args=[district, visit.pk])).status_code == 200
    assert client.get(reverse("training:dinas_visit", args=["32", visit.pk])).status_code == 404
    assert client.get(reverse("training:dinas_courses", args=["33.01"])).status_code == 404
    cilacap_officer = person_with_role(RoleKind.DINAS, place["foreign_office"])
    other = _client(cilacap_officer)
    assert other.get(reverse("training:dinas_visit", args=["33.01", visit.pk])).status_code == 404
    assert other.get(reverse("training:dinas_course", args=["33.01", course.pk])).status_code == 404
    # A district elsewhere in the city does not hold the visit.
    other_district = "32.73.01" if district != "32.73.01" else "32.73.02"
    assert client.get(reverse("training:dinas_visit", args=[other_district, visit.pk])).status_code == 404


def test_network_courses_reach_the_network_members_only(place):
    network = NetworkFactory.create(name="Jaringan Sendiri")
    MembershipFactory.create(cooperative=place["cooperative"], network=network, status=MembershipStatus.ACTIVE)
    outsider = CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    coordinator = person_with_role(RoleKind.COORDINATOR, network)
    client = _client(coordinator)
    response = client.post(
        reverse("training:network_courses", args=[network.slug]),
        {"title": "Foto Produk", "audience": "producers", "capacity": "10"},
    )
    assert response.status_code == 302
    course = Course.objects.get(network=network)
    client.post(
        reverse("training:network_course_session", args=[network.slug, course.pk]),
        {"date": "2026-03-01", "starts_at": "13:00", "ends_at": "15:00", "link": "https://meet.jit.si/umkm"},
    )
    assert client.post(reverse("training:network_course_publish", args=[network.slug, course.pk])).status_code == 302
    assert course in selectors.courses_listing(
        __import__("simpul.training.access", fromlist=["x"]).courses_for_cooperative(place["cooperative"])
    )

    assert not courses_for_cooperative(outsider).exists()
    other_network = NetworkFactory.create(name="Jaringan Lain")
    other_coordinator = person_with_role(RoleKind.COORDINATOR, other_network)
    assert (
        _client(other_coordinator)
        .get(reverse("training:network_course", args=[other_network.slug, course.pk]))
        .status_code
        == 404
    )
    # The Dinas course of Cilacap is not offered to a Bandung cooperative.
    cilacap_officer = person_with_role(RoleKind.DINAS, place["foreign_office"])
    cilacap_course = services.course_create(
        actor=cilacap_officer,
        office=place["foreign_office"],
        data={"title": "C", "audience": "managers", "capacity": "3"},
    )
    services.session_add(
        course=cilacap_course,
        actor=cilacap_officer,
        data={"date": "2026-03-01", "starts_at": "9:00", "ends_at": "10:00", "place": "Cilacap"},
    )
    services.course_publish(course=cilacap_course, actor=cilacap_officer)
    manager = _client(place["manager"])
    url = reverse("training:cooperative_course", args=[place["cooperative"].slug, cilacap_course.pk])
    assert manager.get(url).status_code == 404
    assert manager.post(url, {"full_name": "X", "phone": "081200000001", "position": "managers"}).status_code == 404
    assert not Enrolment.objects.exists()


def test_enrolled_people_are_seen_by_their_cooperative_and_the_organiser_only(place):
    course = _course(place, capacity=5)
    _enrol(place, course, "Dewi", "081200000001")
    neighbour = CooperativeFactory.create(name="Koperasi Tetangga")
    neighbour_manager = person_with_role(RoleKind.MANAGER, neighbour)
    organiser_page = _client(place["officer"]).get(reverse("training:dinas_course", args=["32.73", course.pk]))
    assert "+6281200000001" in organiser_page.text
    own = _client(place["manager"]).get(
        reverse("training:cooperative_course", args=[place["cooperative"].slug, course.pk])
    )
    assert "+6281200000001" in own.text
    other = _client(neighbour_manager).get(reverse("training:cooperative_course", args=[neighbour.slug, course.pk]))
    assert other.status_code == 200 and "Dewi" not in other.text and "+6281200000001" not in other.text
    assert "1" in other.text  # the places taken, a count only


def test_pages_render_for_each_side(place):
    course = _course(place)
    _enrol(place, course, "Dewi", "081200000001")
    (recommendation,) = _visit_with(place, [place["cooperative"].today()])
    officer = _client(place["officer"])
    manager = _client(place["manager"])
    slug = place["cooperative"].slug
    for client, url in (
        (officer, reverse("training:dinas_courses", args=["32.73"])),
        (officer, reverse("training:dinas_course", args=["32.73", course.pk])),
        (officer, reverse("training:dinas_visits", args=["32.73"])),
        (officer, reverse("training:dinas_visit", args=["32.73", recommendation.visit_id])),
        (manager, reverse("training:cooperative_training", args=[slug])),
        (manager, reverse("training:cooperative_course", args=[slug, course.pk])),
        (manager, reverse("training:cooperative_visits", args=[slug])),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) < 150_000


# --- API ------------------------------------------------------------------------------------------------


def _api(user) -> Client:
    from simpul.core.tokens import api_token_create

    _token, key = api_token_create(user=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_api_enrols_up_to_capacity_and_updates_follow_ups(place):
    import json

    course = _course(place, capacity=1)
    client = _api(place["manager"])
    slug = place["cooperative"].slug
    listed = client.get(f"/api/v1/cooperatives/{slug}/training/courses").json()
    assert [c["id"] for c in listed] == [course.pk] and len(listed[0]["sessions"]) == 2
    url = f"/api/v1/cooperatives/{slug}/training/courses/{course.pk}/enrolments"
    body = {"full_name": "Dewi", "phone": "081200000001", "position": "managers"}
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 201
    full = client.post(url, json.dumps({**body, "phone": "081200000002"}), content_type="application/json")
    assert full.status_code == 400 and full.json()["code"] == "training_course_full"
    assert Enrolment.objects.count() == 1
    (recommendation,) = _visit_with(place, [place["cooperative"].today() - dt.timedelta(days=1)])
    rows = client.get(f"/api/v1/cooperatives/{slug}/training/recommendations").json()
    assert rows[0]["overdue"] is True
    follow = f"/api/v1/cooperatives/{slug}/training/recommendations/{recommendation.pk}/follow-up"
    bad = client.post(follow, json.dumps({"status": "finished"}), content_type="application/json")
    assert 400 <= bad.status_code < 500
    done = client.post(follow, json.dumps({"status": "done", "note": "Selesai"}), content_type="application/json")
    assert done.status_code == 200 and done.json()["overdue"] is False
    overdue = _api(place["officer"]).get("/api/v1/dinas/32.73/training/overdue-recommendations").json()
    assert overdue == []


def test_list_pages_do_not_grow_queries_with_rows(place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    slug = place["cooperative"].slug
    officer = _client(place["officer"])
    manager = _client(place["manager"])
    pages = [
        (manager, reverse("training:cooperative_training", args=[slug])),
        (manager, reverse("training:cooperative_visits", args=[slug])),
        (officer, reverse("training:dinas_visits", args=["32.73"])),
        (officer, reverse("training:dinas_courses", args=["32.73"])),
    ]

    def counts() -> list[int]:
        found = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    def add(n: int) -> None:
        for i in range(n):
            course = _course(place, capacity=5, sessions=1)
            _enrol(place, course, f"Orang {i}", f"08120000{i:04d}")
            _visit_with(place, [place["cooperative"].today() - dt.timedelta(days=1)])

    add(1)
    few = counts()
    add(3)
    assert counts() == few
