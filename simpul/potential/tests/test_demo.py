"""The potential map's demo: the Bandung Dinas's surveys of its cooperatives' villages, seen on its pages. Seeded
once for this module (inside a transaction rolled back at the end)."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.potential.models import CommoditySurvey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with demo_seeded(django_db_blocker):
        yield


def test_the_bandung_dinas_has_surveys_in_its_region_only() -> None:
    surveys = CommoditySurvey.objects.all()
    assert surveys.exists()
    assert {s.regency_code for s in surveys} == {"32.73"}
    client = Client()
    client.force_login(demo_login_user("dinas_bandung"))
    page = client.get(reverse("potential:dinas_commodities", args=["32.73"]))
    assert page.status_code == 200 and "commodity-villages" in page.text
    layer = client.get(reverse("potential:dinas_layer", args=["32.73", "commodities"])).json()
    assert layer["features"]
