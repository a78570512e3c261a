"""Sessions end after an idle time (8 hours for staff by default; members configurable) and at their absolute age
(SESSION_COOKIE_AGE), even while in use. Before IdleSessionMiddleware a session in use never ended (database
sessions slide) and one left open on a shared computer stayed logged in for two weeks."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.sessions import LAST_SEEN_KEY, STARTED_KEY
from simpul.core.tokens import api_token_create
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
IDLE_MESSAGE = "Anda dikeluarkan otomatis setelah 8 jam tanpa aktivitas. Masuk lagi untuk melanjutkan."


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def staff_client(cooperative) -> Client:
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    return client


def dashboard(cooperative) -> str:
    return reverse("coops:dashboard", args=[cooperative.slug])


def test_a_staff_session_in_use_holds_and_one_idle_for_8_hours_ends(clock, cooperative):
    client = staff_client(cooperative)
    url = dashboard(cooperative)
    for _ in range(3):  # in use: each visit within 8 hours of the last one keeps it alive
        assert client.get(url).status_code == 200
        clock.shift(7 * HOUR + datetime.timedelta(minutes=59))
    assert client.get(url).status_code == 200

    clock.shift(8 * HOUR + datetime.timedelta(minutes=1))
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:login')}?next={url}"
    assert "_auth_user_id" not in client.session
    assert IDLE_MESSAGE in client.get(response["Location"]).content.decode()
    assert client.get(url).status_code == 302  # still logged out


def test_a_session_in_use_ends_at_its_absolute_age(clock, cooperative, settings):
    settings.SESSION_COOKIE_AGE = 24 * 3600
    client = staff_client(cooperative)
    url = dashboard(cooperative)
    for _ in range(24):
        assert client.get(url).status_code == 200
        clock.shift(HOUR)
    clock.shift(datetime.timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))
    page = client.get(response["Location"]).content.decode()
    assert "Sesi Anda sudah mencapai batas waktunya. Masuk lagi untuk melanjutkan." in page


def test_the_api_on_an_expired_session_answers_401(clock, cooperative):
    client = staff_client(cooperative)
    url = f"/api/v1/cooperatives/{cooperative.slug}/members"
    assert client.get(url).status_code == 200
    clock.shift(8 * HOUR + datetime.timedelta(seconds=1))
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"code": "session_expired", "message": IDLE_MESSAGE, "detail": None}
    assert client.get(url).status_code == 401


def test_htmx_requests_are_sent_to_the_login_page(clock, cooperative):
    client = staff_client(cooperative)
    url = dashboard(cooperative)
    client.get(url)
    clock.shift(9 * HOUR)
    response = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{url}"})
    assert response.headers["HX-Redirect"].startswith(reverse("core:login") + "?next=")


def test_members_have_their_own_idle_time(clock, cooperative, settings):
    settings.SIMPUL_SESSION_IDLE_SECONDS_MEMBERS = 3600
    member = Client()
    user = person_with_role(RoleKind.MEMBER, cooperative)
    MemberFactory.create(cooperative=cooperative, user=user)
    member.force_login(user)
    staff = staff_client(cooperative)
    portal = reverse("members:portal_home", args=[cooperative.slug])
    assert member.get(portal).status_code == 200 and staff.get(dashboard(cooperative)).status_code == 200

    clock.shift(HOUR + datetime.timedelta(minutes=1))

    assert member.get(portal).status_code == 302
    assert staff.get(dashboard(cooperative)).status_code == 200


def test_a_fresh_login_starts_the_session_and_the_last_seen_time_is_written_once_a_minute(clock, cooperative):
    person_with_role(RoleKind.MANAGER, cooperative, phone="+6281234567890")  # password "rahasia-123"
    client = Client()
    client.post(reverse("core:login"), {"username": "081234567890", "password": "rahasia-123"})
    assert client.session[STARTED_KEY] == client.session[LAST_SEEN_KEY] == START.timestamp()
    clock.shift(datetime.timedelta(seconds=30))
    client.get(dashboard(cooperative))
    assert client.session[LAST_SEEN_KEY] == START.timestamp()
    clock.shift(datetime.timedelta(seconds=31))
    client.get(dashboard(cooperative))
    assert client.session[LAST_SEEN_KEY] == START.timestamp() + 61
    assert client.session[STARTED_KEY] == START.timestamp()


def test_api_tokens_are_not_sessions(clock, cooperative):
    user = person_with_role(RoleKind.MANAGER, cooperative)
    _token, key = api_token_create(user=user, name="POS")
    url = f"/api/v1/cooperatives/{cooperative.slug}/members"
    client = Client()
    assert client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    clock.shift(30 * 24 * HOUR)
    assert client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert STARTED_KEY not in client.session
