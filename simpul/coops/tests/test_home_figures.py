"""The network coordinator's and the Dinas officer's home figures: members, savings and assets of the cooperatives
(read through coops.hooks.cooperative_figures from members and the ledger), the cooperatives that have not posted
lately or keep no books, the Dinas map's points, and a number of queries that does not grow with the cooperatives."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.hooks import cooperative_figures
from simpul.coops.models import CooperativeStatus, MembershipStatus, RoleKind
from simpul.coops.selectors.dinas import region_figures, region_map
from simpul.coops.selectors.networks import network_figures
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.ledger.services import chart_of_accounts_create
from simpul.members.models import SavingsKind
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory
from simpul.regions.models import Region

D = Decimal
pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 31, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
DAGO = "32.73.02.1004"  # Coblong, Kota Bandung


def cooperative_with_books(name: str, *, members: int, posted: dt.datetime | None, village: str = BANDUNG_VILLAGE):
    """A cooperative whose members each paid simpanan pokok 100,000 in cash at `posted` (None: a chart of
    accounts and members, nothing posted)."""
    cooperative = CooperativeFactory.create(name=name, village_code=village)
    chart_of_accounts_create(cooperative=cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    for _ in range(members):
        member = MemberFactory.create(cooperative=cooperative)
        if posted is None:
            continue
        with time_machine.travel(posted, tick=False):
            if not savings_products_exist(cooperative):
                savings_products_setup(
                    cooperative=cooperative,
                    actor=manager,
                    pokok_amount=100000,
                    wajib_amount=25000,
                    effective_from=dt.date(2025, 1, 1),
                )
            savings_deposit(
                cooperative=cooperative,
                actor=manager,
                member_id=member.pk,
                kind=SavingsKind.POKOK,
                amount=D(100000),
                date=posted.date(),
            )
    return cooperative


def savings_products_exist(cooperative) -> bool:
    from simpul.members.models import SavingsProduct

    return SavingsProduct.objects.filter(cooperative=cooperative).exists()


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.fixture
def cooperatives():
    """A posted 6 days ago, B 44 days ago, C 80 days ago, D keeps no books yet (a member, no posting)."""
    return {
        "A": cooperative_with_books("Koperasi A", members=3, posted=days_ago(6)),
        "B": cooperative_with_books("Koperasi B", members=2, posted=days_ago(44)),
        "C": cooperative_with_books("Koperasi C", members=1, posted=days_ago(80), village=DAGO),
        "D": cooperative_with_books("Koperasi D", members=1, posted=None),
    }


# --- the hook --------------------------------------------------------------------------------------------------


def test_the_providers_answer_per_cooperative(cooperatives):
    ids = [c.pk for c in cooperatives.values()]
    figures = cooperative_figures(cooperative_ids=ids)
    a, d = figures[cooperatives["A"].pk], figures[cooperatives["D"].pk]
    assert (a["members"], a["savings"], a["assets"], a["has_books"]) == (3, D(300000), D(300000), True)
    assert a["last_posted_at"] == days_ago(6) and a["last_posted_on"] == days_ago(6).date()
    assert (d["members"], d["savings"], d.get("has_books", False)) == (1, 0, False)


# --- the network coordinator ---------------------------------------------------------------------------------------


@pytest.fixture
def network(cooperatives):
    network = NetworkFactory.create(name="JUK Kota Bandung", slug="juk-kota-bandung")
    for cooperative in cooperatives.values():
        MembershipFactory.create(network=network, cooperative=cooperative, status=MembershipStatus.ACTIVE)
    invited = cooperative_with_books("Koperasi Diundang", members=4, posted=days_ago(3))
    MembershipFactory.create(network=network, cooperative=invited)  # invited: none of its figures count
    return network


def test_network_figures(network, cooperatives):
    figures = network_figures(network, now=NOW)
    assert [f.cooperative.name for f in figures.cooperatives] == [
        "Koperasi A",
        "Koperasi B",
        "Koperasi C",
        "Koperasi D",
    ]
    assert (figures.members, figures.savings) == (7, D(600000))
    # Not posted for 30 days: B (44 days), C (80 days), and D, which has no books.
    assert [f.cooperative.name for f in figures.quiet] == ["Koperasi B", "Koperasi C", "Koperasi D"]


def test_the_coordinators_home_shows_them(client, network):
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("coops:network_home", args=[network.slug]))
    html = response.content.decode()
    assert re.search(r'data-testid="network-members-total">7<', html)
    assert re.search(r'data-testid="network-savings-total">Rp600\.000<', html)
    assert re.search(r'data-testid="network-quiet-count">3<', html)
    assert html.count('data-testid="network-quiet"') == 3
    assert "3 anggota · simpanan Rp300.000" in html  # A's own row
    assert "Koperasi Diundang" in html and "4 anggota" not in html  # an invited cooperative's figures stay its own


def test_the_coordinators_home_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    network = NetworkFactory.create()
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))

    def join(count: int, start: int) -> None:
        for n in range(count):
            cooperative = cooperative_with_books(f"Koperasi {start + n}", members=2, posted=days_ago(5 + 20 * n))
            MembershipFactory.create(network=network, cooperative=cooperative, status=MembershipStatus.ACTIVE)

    join(2, 0)
    url = reverse("coops:network_home", args=[network.slug])
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        join(5, 10)
        with django_assert_max_num_queries(17), CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- the Dinas officer ---------------------------------------------------------------------------------------------


@pytest.fixture
def region(cooperatives):
    """Kota Bandung with A–D; outside it (Cilacap) and dissolved cooperatives do not count."""
    cooperative_with_books("Koperasi Cilacap", members=5, posted=days_ago(2), village=CILACAP_VILLAGE)
    gone = cooperative_with_books("Koperasi Bubar", members=5, posted=days_ago(200))
    type(gone).objects.filter(pk=gone.pk).update(status=CooperativeStatus.DISSOLVED)
    Region.objects.filter(code=BANDUNG_VILLAGE).update(latitude=D("-6.870000"), longitude=D("107.585000"))
    Region.objects.filter(code=DAGO).update(latitude=None, longitude=None)
    return "32.73"


def test_region_figures(region):
    figures = region_figures(region_code=region, now=NOW)
    assert (figures.members, figures.savings, figures.assets) == (7, D(600000), D(600000))
    assert figures.with_books == 3
    assert [c.name for c in figures.without_books] == ["Koperasi D"] and figures.without_books_count == 1
    # No posting for 60 days: C (80 days); B (44 days) still counts as active.
    assert [(c.name, posted) for c, posted in figures.inactive] == [("Koperasi C", days_ago(80))]
    assert figures.inactive_count == 1


def test_region_map(region):
    found = region_map(region_code=region)
    assert [(p.code, p.cooperatives, p.latitude, p.longitude) for p in found.points] == [
        (BANDUNG_VILLAGE, 3, -6.87, 107.585)
    ]
    assert found.unplaced == 1  # C: its village has no centre point here
    assert all(set(label) == {"name", "lat", "lng"} for label in found.labels)


def test_the_dinas_home_shows_them_and_a_map(client, region, settings):
    client.force_login(person_with_role(RoleKind.DINAS, OfficeFactory.create()))
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("coops:dinas_home", args=[region])).content.decode()
    assert re.search(r'data-testid="dinas-members">7<', html)
    assert re.search(r'data-testid="dinas-savings">Rp600\.000<', html)
    assert re.search(r'data-testid="dinas-assets">Rp600\.000<', html)
    assert re.search(r'data-testid="dinas-without-books-count">\(1\)<', html)
    assert re.search(r'data-testid="dinas-inactive-count">\(1\)<', html)
    data = re.search(r'<script id="dinas-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert data and json.loads(data.group(1))["points"] == [
        {"name": Region.objects.get(code=BANDUNG_VILLAGE).name, "lat": -6.87, "lng": 107.585, "count": 3}
    ]
    tiles = re.search(r'<script id="dinas-map-tiles" type="application/json">(.*?)</script>', html, re.S)
    assert tiles and json.loads(tiles.group(1))["url"] == ""  # no tiles unless SIMPUL_MAP_TILES_URL is set
    assert "vendor/leaflet/leaflet.js" in html and "simpul/map.js" in html


def test_the_dinas_home_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(person_with_role(RoleKind.DINAS, OfficeFactory.create()))
    url = reverse("coops:dinas_home", args=["32.73"])

    def add(count: int, start: int) -> None:
        for n in range(count):
            posted = None if n % 3 == 2 else days_ago(10 + 30 * n)
            cooperative_with_books(
                f"Koperasi {start + n}", members=2, posted=posted, village=[BANDUNG_VILLAGE, DAGO][n % 2]
            )

    add(2, 0)
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        add(6, 10)
        with django_assert_max_num_queries(18), CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
    assert len(many) == len(few)
