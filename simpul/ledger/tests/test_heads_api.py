"""The chain heads as JSON: the cooperative's own heads and copies, and each holder's copies of the cooperatives
it oversees (issue 10 §1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.ledger.models import JournalSequence
from simpul.ledger.services import chart_of_accounts_create
from simpul.ledger.services.heads import chain_heads_publish
from simpul.regions.models import Region

from .conftest import post

DAY = dt.date(2026, 3, 21)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    return OfficeFactory.create()


@pytest.fixture
def network(db):  # type: ignore[no-untyped-def]
    return NetworkFactory.create(name="Jaringan Usaha Bandung Raya")


@pytest.fixture
def published(cooperative, manager, office, network):  # type: ignore[no-untyped-def]
    MembershipFactory.create(cooperative=cooperative, network=network, status="active")
    post(cooperative, manager, "100000", on=dt.date(2026, 3, 2))
    post(cooperative, manager, "25000", on=dt.date(2026, 3, 9))
    chain_heads_publish(cooperative=cooperative, day=DAY)
    return cooperative


def _own(cooperative) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/cooperatives/{cooperative.slug}/ledger/chain-heads"


def _office(office) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/offices/{office.slug}/chain-heads"


def _network(network) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/networks/{network.slug}/chain-heads"


def test_the_cooperative_reads_its_current_head_and_every_copy(client, published, manager, network, office):
    post(published, manager, "5000", on=dt.date(2026, 3, 22))
    client.force_login(manager)
    body = client.get(_own(published)).json()
    sequence = JournalSequence.objects.get(cooperative=published)
    assert body["current"] == {
        "entries": 3,
        "entries_hash": sequence.last_hash,
        "events": sequence.events_last_number,
        "events_hash": sequence.events_last_hash,
    }
    assert body["latest"]["day"] == "2026-03-21" and body["latest"]["entries"] == 2
    assert body["latest"]["entries_hash"] != sequence.last_hash
    assert sorted(body["latest_holders"]) == sorted([network.name, office.name])
    assert {(item["holder_kind"], item["holder"]) for item in body["items"]} == {
        ("network", network.slug),
        ("office", office.slug),
    }
    assert all(item["entries_hash"] == body["latest"]["entries_hash"] for item in body["items"])
    assert body["has_more"] is False


def test_the_cooperatives_copies_are_paged_newest_first(client, published, manager):
    chain_heads_publish(cooperative=published, day=dt.date(2026, 3, 22))
    client.force_login(manager)
    first = client.get(_own(published) + "?limit=3").json()
    assert [item["day"] for item in first["items"]] == ["2026-03-22", "2026-03-22", "2026-03-21"]
    assert first["has_more"] is True
    rest = client.get(_own(published) + "?limit=3&offset=3").json()
    assert [item["day"] for item in rest["items"]] == ["2026-03-21"] and rest["has_more"] is False


def test_a_cooperative_without_copies_has_latest_null(client, cooperative, manager):
    client.force_login(manager)
    body = client.get(_own(cooperative)).json()
    assert body["latest"] is None and body["items"] == [] and body["latest_holders"] == []


def test_the_cooperatives_heads_are_for_its_managers_and_supervisors(client, published):
    for kind, status in (
        (RoleKind.MANAGER, 200),
        (RoleKind.SUPERVISOR, 200),
        (RoleKind.CASHIER, 403),
        (RoleKind.MEMBER, 403),
    ):
        client.force_login(person_with_role(kind, published))
        assert client.get(_own(published)).status_code == status
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    response = client.get(_own(published))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    client.logout()
    assert client.get(_own(published)).status_code == 401


def test_an_office_reads_its_own_copies_and_none_yet(client, published, office):
    unpublished = CooperativeFactory.create(name="Koperasi Belum Terbit")
    client.force_login(person_with_role(RoleKind.DINAS, office))
    body = client.get(_office(office)).json()
    by_slug = {item["cooperative"]: item for item in body["items"]}
    held = by_slug[published.slug]["head"]
    assert held["day"] == "2026-03-21" and held["entries"] == 2
    assert held["entries_hash"] == JournalSequence.objects.get(cooperative=published).last_hash
    assert by_slug[unpublished.slug]["head"] is None
    assert body["has_more"] is False


def test_a_network_reads_its_active_members_copies(client, published, network):
    invited = CooperativeFactory.create()
    MembershipFactory.create(cooperative=invited, network=network, status="invited")
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    body = client.get(_network(network)).json()
    assert [item["cooperative"] for item in body["items"]] == [published.slug]
    assert body["items"][0]["head"]["entries"] == 2


def test_holders_lists_are_404_outside_the_callers_scope(client, published, office, network):
    cilacap = OfficeFactory.create(region=Region.objects.get(code="33.01"))
    other_network = NetworkFactory.create()
    people = [
        person_with_role(RoleKind.DINAS, cilacap),
        person_with_role(RoleKind.COORDINATOR, other_network),
        person_with_role(RoleKind.MANAGER, published),
        person_with_role(RoleKind.MEMBER, published),
    ]
    for person in people:
        client.force_login(person)
        for url in (_office(office), _network(network)):
            response = client.get(url)
            assert response.status_code == 404, (person, url)
            assert response.json()["code"] == "not_found"
    client.force_login(person_with_role(RoleKind.DINAS, office))
    assert client.get("/api/v1/offices/tidak-ada/chain-heads").status_code == 404  # same as someone else's
    assert client.get(_network(network)).status_code == 404


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more(count: int, network) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        cooperative = CooperativeFactory.create()
        chart_of_accounts_create(cooperative=cooperative)
        MembershipFactory.create(cooperative=cooperative, network=network, status="active")
        post(cooperative, None)
        chain_heads_publish(cooperative=cooperative, day=DAY)


def test_holders_lists_cost_the_same_queries_whatever_the_count(client, published, office, network):
    officer = person_with_role(RoleKind.DINAS, office)
    coordinator = person_with_role(RoleKind.COORDINATOR, network)
    client.force_login(officer)
    office_few = _count(client, _office(office))
    client.force_login(coordinator)
    network_few = _count(client, _network(network))
    _more(5, network)
    client.force_login(officer)
    assert _count(client, _office(office)) == office_few
    client.force_login(coordinator)
    assert _count(client, _network(network)) == network_few
    body = client.get(_network(network) + "?limit=4").json()
    assert len(body["items"]) == 4 and body["has_more"] is True
    assert all(item["head"] is not None for item in body["items"])
    rest = client.get(_network(network) + "?limit=4&offset=4").json()
    assert len(rest["items"]) == 2 and rest["has_more"] is False


def test_bad_paging_is_a_422(client, published, network):
    client.force_login(person_with_role(RoleKind.COORDINATOR, network))
    assert client.get(_network(network) + "?limit=0").status_code == 422
    assert client.get(_network(network) + "?limit=101").status_code == 422
    assert client.get(_network(network) + "?offset=-1").status_code == 422


def test_the_endpoints_are_in_the_openapi_spec_with_descriptions(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/cooperatives/{slug}/ledger/chain-heads",
        "/api/v1/offices/{slug}/chain-heads",
        "/api/v1/networks/{slug}/chain-heads",
    ):
        operation = spec["paths"][path]["get"]
        assert operation["description"] and "404" in operation["responses"]
    held = spec["components"]["schemas"]["HeldChainHeadOut"]["properties"]
    assert "description" in held["cooperative"]
