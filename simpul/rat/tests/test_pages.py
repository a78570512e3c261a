"""The RAT pages and API: a manager records and submits, the Dinas sees its region and decides, a member reads the
accepted report; bad input is a 400 with nothing written; outside the Dinas's subtree is 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.core.tokens import api_token_create
from simpul.rat.models import RatReminder, RatReport, RatStatus
from simpul.rat.services import rat_decide, rat_record, rat_submit
from simpul.rat.tests.factories import YEAR, meeting_data, minutes, rat_world, sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return rat_world()


def submitted(world):
    report = rat_record(
        cooperative=world.cooperative, actor=world.manager, fiscal_year=YEAR, data=meeting_data(), minutes=minutes()
    )
    return rat_submit(cooperative=world.cooperative, actor=world.manager, report=report)


def test_a_manager_records_the_meeting_and_sends_it(client, world):
    client.force_login(world.manager)
    slug = world.cooperative.slug
    assert client.get(reverse("rat:cooperative_rats", args=[slug])).status_code == 200
    url = reverse("rat:cooperative_rat", args=[slug, YEAR])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="rat-form"' in page.content.decode()
    response = client.post(url, {**meeting_data(), "minutes": minutes()})
    assert response.status_code == 302
    report = RatReport.objects.get(cooperative=world.cooperative, fiscal_year=YEAR)
    assert report.minutes_sha256 and report.members_entitled == 10
    response = client.post(reverse("rat:cooperative_rat_submit", args=[slug, YEAR]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == RatStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert 'data-testid="rat-pack-hash"' in page and report.pack_sha256 in page
    pack = client.get(reverse("rat:cooperative_rat_pack", args=[slug, YEAR]))
    assert pack.status_code == 200 and pack["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "bad",
    [
        {"minutes": SimpleUploadedFile("notulen.pdf", b"GIF89a not a pdf", content_type="application/pdf")},
        {"members_present": "11"},
        {"meeting_date": "2099-03-01"},
        {"meeting_date": "2025-12-30"},
    ],
)
def test_bad_input_on_the_form_is_a_400_with_the_message_and_nothing_written(client, world, bad):
    client.force_login(world.manager)
    data = {**meeting_data(), "minutes": minutes(), **bad}
    response = client.post(reverse("rat:cooperative_rat", args=[world.cooperative.slug, YEAR]), data)
    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    assert not RatReport.objects.exists()


def test_a_supervisor_reads_but_may_not_write(client, world):
    client.force_login(world.supervisor)
    url = reverse("rat:cooperative_rat", args=[world.cooperative.slug, YEAR])
    assert client.get(url).status_code == 200
    assert client.post(url, meeting_data()).status_code == 403


@pytest.mark.calendar
def test_a_year_not_yet_ended_has_no_page(client, world):
    client.force_login(world.manager)
    year = world.cooperative.today().year
    assert client.get(reverse("rat:cooperative_rat", args=[world.cooperative.slug, year])).status_code == 404


@pytest.mark.calendar
def test_the_dinas_sees_its_region_drills_down_and_decides(client, world):
    report = submitted(world)
    client.force_login(world.officer)
    page = client.get(reverse("rat:dinas_rats", args=["32.73"]), {"tahun": YEAR})
    assert page.status_code == 200
    assert page.context["compliance"].total.expected == 1 and page.context["compliance"].total.received == 1
    assert len(page.context["compliance"].children) == 1
    district = world.cooperative.district_code
    assert client.get(reverse("rat:dinas_rats", args=[district]), {"tahun": YEAR}).status_code == 200
    detail = reverse("rat:dinas_rat", args=["32.73", report.pk])
    assert client.get(detail).status_code == 200
    assert client.get(reverse("rat:dinas_rat_minutes", args=["32.73", report.pk])).status_code == 200
    decide = reverse("rat:dinas_rat_decide", args=["32.73", report.pk])
    assert client.post(decide, {"decision": "return", "comment": ""}).status_code == 400
    assert client.post(decide, {"decision": "return", "comment": "Daftar hadir?"}).status_code == 302
    report.refresh_from_db()
    assert report.status == RatStatus.RETURNED


def test_outside_the_officers_subtree_is_404(client, world):
    report = submitted(world)
    client.force_login(world.other_officer)
    assert client.get(reverse("rat:dinas_rats", args=["32.73"])).status_code == 404
    assert client.get(reverse("rat:dinas_rat", args=["33.01", report.pk])).status_code == 404
    response = client.post(reverse("rat:dinas_rat_decide", args=["33.01", report.pk]), {"decision": "accept"})
    assert response.status_code == 404
    response = client.post(reverse("rat:dinas_rat_remind", args=["33.01"]), {"cooperative": world.cooperative.pk})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == RatStatus.SUBMITTED and not RatReminder.objects.exists()


@pytest.mark.calendar
def test_the_reminder_button(client, world):
    client.force_login(world.officer)
    url = reverse("rat:dinas_rat_remind", args=["32.73"])
    assert client.post(url, {"cooperative": world.cooperative.pk, "tahun": YEAR}).status_code == 302
    assert RatReminder.objects.get().sent_by == world.officer
    submitted(world)
    assert client.post(url, {"cooperative": world.cooperative.pk, "tahun": YEAR}).status_code == 400
    assert RatReminder.objects.count() == 1


def test_members_see_the_accepted_rat_only(client, world):
    sale(world.cooperative, world.manager, "400000", dt.date(2025, 3, 10))
    report = submitted(world)
    client.force_login(world.member_user)
    url = reverse("rat:member_rats", args=[world.cooperative.slug])
    page = client.get(url).content.decode()
    assert 'data-testid="member-rat-none"' in page
    rat_decide(office=world.office, actor=world.officer, report=report, accept=True)
    page = client.get(url).content.decode()
    assert 'data-testid="member-rat-year"' in page and 'data-testid="rat-attendance"' in page
    assert 'data-testid="rat-shu"' in page
    assert client.get(reverse("rat:member_rat_pack", args=[world.cooperative.slug, YEAR])).status_code == 200
    client.force_login(world.other_officer)
    assert client.get(url).status_code == 404


def test_the_api_refuses_bad_input_with_a_code_and_writes_nothing(client, world):
    token = api_token_create(user=world.manager, name="uji")
    headers = {"Authorization": f"Bearer {token[1]}"}
    url = f"/api/v1/cooperatives/{world.cooperative.slug}/rat/{YEAR}"
    response = client.post(
        url, {**meeting_data(), "members_present": 99}, content_type="application/json", headers=headers
    )
    assert response.status_code == 400 and response.json()["code"] == "rat_bad_attendance"
    assert not RatReport.objects.exists()
    response = client.post(url, meeting_data(), content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["members_entitled"] == 10
    upload = client.post(f"{url}/minutes", {"document": SimpleUploadedFile("x.pdf", b"not a pdf")}, headers=headers)
    assert upload.status_code == 400 and upload.json()["code"] == "rat_bad_minutes"
