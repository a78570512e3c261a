"""The needs' demo: what `seed_demo` leaves, seen through each demo login's pages. Seeded once for this module
(inside a transaction rolled back at the end)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, PARTNER_COOPERATIVE_SLUG
from simpul.coops.models import Cooperative
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.needs import lifecycle
from simpul.needs.models import Need, NeedStatus, PledgeStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker):
        yield


def _client(key: str) -> Client:
    client = Client()
    client.force_login(demo_login_user(key))
    return client


def test_the_demo_cooperative_has_needs_in_every_state_a_manager_acts_on():
    demo = Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)
    statuses = dict(Need.objects.filter(cooperative=demo).values_list("item", "status"))
    assert statuses == {
        "LPG 3 kg": NeedStatus.IN_TRANSIT,
        "Pelatihan pembukuan untuk pengurus": NeedStatus.SUBMITTED,
        "Minyak goreng 2 L": NeedStatus.DRAFT,
    }
    page = _client("manager").get(reverse("needs:cooperative_needs", args=[DEMO_COOPERATIVE_SLUG]))
    assert page.status_code == 200 and "LPG 3 kg" in page.text
    lpg = Need.objects.get(cooperative=demo, item="LPG 3 kg")
    detail = _client("manager").get(reverse("needs:cooperative_need", args=[DEMO_COOPERATIVE_SLUG, lpg.pk])).text
    assert 'data-testid="pledge-receive"' in detail


def test_the_late_training_shows_on_the_bandung_dinas_page():
    training = Need.objects.get(item="Pelatihan pembukuan untuk pengurus")
    assert lifecycle.response_overdue(training, timezone.now())
    page = _client("dinas_bandung").get(reverse("needs:dinas_needs", args=["32.73"]) + "?terlambat=on")
    assert page.status_code == 200 and training.item in page.text


def test_the_supplier_and_the_demo_cooperative_can_answer_the_partner_s_rice():
    rice = Need.objects.get(cooperative__slug=PARTNER_COOPERATIVE_SLUG, item="Beras medium")
    assert rice.pledges.get().status == PledgeStatus.OFFERED
    assert rice.item in _client("supplier").get(reverse("needs:supplier_needs")).text
    assert rice.item in _client("manager").get(reverse("needs:peer_needs", args=[DEMO_COOPERATIVE_SLUG])).text
    partner = _client("partner_manager").get(
        reverse("needs:cooperative_need", args=[PARTNER_COOPERATIVE_SLUG, rice.pk])
    )
    assert 'data-testid="pledge-accept"' in partner.text


def test_the_public_summary_counts_the_demo_needs(client):
    page = client.get(reverse("needs:public_summary"))
    assert page.status_code == 200 and "Jawa Barat" in page.text and "Jawa Tengah" in page.text
    assert Need.objects.filter(status=NeedStatus.FULFILLED).exists()
