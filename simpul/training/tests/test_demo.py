"""Training and mentoring in the demo: what `seed_demo` leaves, through the demo logins' pages. Seeded once for this
module (inside a transaction rolled back at the end)."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, NETWORK_SLUG
from simpul.coops.models import Cooperative
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.training import selectors
from simpul.training.models import Course, CourseSession, Enrolment, MentoringVisit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker):
        yield


def _client(key: str) -> Client:
    client = Client()
    client.force_login(demo_login_user(key))
    return client


@pytest.mark.calendar
def test_the_demo_has_a_dinas_course_with_certificates_a_network_course_and_an_overdue_recommendation():
    demo = Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)
    dinas_course = Course.objects.get(office__isnull=False, title__startswith="Pembukuan")
    assert CourseSession.objects.filter(course=dinas_course).count() == 2
    certified = Enrolment.objects.filter(course=dinas_course).exclude(certificate_code="")
    assert certified.count() == 2
    assert Course.objects.filter(network__slug=NETWORK_SLUG, status="published").count() == 1
    assert MentoringVisit.objects.filter(cooperative=demo).count() == 2
    assert selectors.overdue_recommendation_counts([demo.pk], demo.today()) == {demo.pk: 1}

    officer = _client("dinas_bandung")
    assert "Pembukuan" in officer.get(reverse("training:dinas_courses", args=["32.73"])).text
    visits = officer.get(reverse("training:dinas_visits", args=["32.73"]))
    assert "stok opname" in visits.text.lower()
    home = officer.get(reverse("coops:dinas_home", args=["32.73"]))
    assert 'data-testid="dinas-overdue-recommendations"' in home.text
    manager = _client("manager")
    page = manager.get(reverse("training:cooperative_training", args=[DEMO_COOPERATIVE_SLUG]))
    assert page.status_code == 200 and "Foto Produk" in page.text and "certificate-link" in page.text
    verify = Client().get(reverse("training:certificate_verify", args=[certified[0].certificate_code]))
    assert verify.status_code == 200
    coordinator = _client("coordinator")
    assert "Foto Produk" in coordinator.get(reverse("training:network_courses", args=[NETWORK_SLUG])).text


def test_seeding_twice_adds_no_course():
    from collections import Counter

    from simpul.training.demo.seed import demo_training_seed

    before = Course.objects.count()
    demo = Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)
    demo_training_seed(cooperatives={DEMO_COOPERATIVE_SLUG: demo}, created=Counter())
    assert Course.objects.count() == before
