"""The RAT demo: what `seed_demo` leaves on the Bandung Dinas's page. Seeded once for this module (inside a
transaction rolled back at the end)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.rat import deadlines
from simpul.rat.demo.seed import MEETING_AFTER
from simpul.rat.models import RatReport, RatStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo"), pytest.mark.calendar]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker):
        yield


def test_bandung_has_one_accepted_one_submitted_one_returned_report_and_the_rest_missing():
    statuses = sorted(RatReport.objects.values_list("status", flat=True))
    assert statuses == sorted([RatStatus.ACCEPTED, RatStatus.SUBMITTED, RatStatus.RETURNED])
    assert not RatReport.objects.filter(cooperative__slug=DEMO_COOPERATIVE_SLUG).exists()
    client = Client()
    client.force_login(demo_login_user("dinas_bandung"))
    year = RatReport.objects.values_list("fiscal_year", flat=True).first()
    assert year is not None
    page = client.get(reverse("rat:dinas_rats", args=["32.73"]), {"tahun": year})
    assert page.status_code == 200
    total = page.context["compliance"].total
    assert total.received == 2 and total.accepted == 1 and total.returned == 1 and total.expected > 3
    # The last ended year whose meeting (75 days after its end) has been held: on 1 January, the year before.
    today = timezone.localdate()
    held = deadlines.last_ended_fiscal_year(today, 1)
    if dt.date(held, 12, 31) + MEETING_AFTER > today:
        held -= 1
    assert year == held


def test_the_demo_manager_can_record_the_rat():
    client = Client()
    client.force_login(demo_login_user("manager"))
    page = client.get(reverse("rat:cooperative_rats", args=[DEMO_COOPERATIVE_SLUG]))
    assert page.status_code == 200 and 'data-testid="rat-years"' in page.text
