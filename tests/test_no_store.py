"""Every page and API answer that shows NIK, phone numbers or balances says `Cache-Control: no-store`, so no
browser (a shared computer at the cooperative's office), proxy or back button keeps a copy after the person left.

The routes are listed from the URL resolver (tests/route_checks.py), so a new page of the members app or a new
members/savings API operation is checked without being added here."""

import pytest
from django.test import Client

from tests.conftest import World
from tests.route_checks import OWN, FoundRoute, build_kwargs, discover_routes, url_for
from tests.route_table import route_for

PRIVATE_PAGES = {"coops:audit_trail", "coops:dinas_audit", "coops:member_home"}
PRIVATE_API_PARTS = ("/members", "/savings", "/member-imports", "/api/v1/me/")


def _private(found: FoundRoute) -> bool:
    route = route_for(found.key)
    if route is not None and route.ok == (404,):
        # Reached only through a signed link the table cannot sample (the shared receipt): its own test checks it.
        return False
    if found.is_api:
        return any(part in found.path for part in PRIVATE_API_PARTS)
    return found.key.startswith("members:") or found.key in PRIVATE_PAGES


PRIVATE_ROUTES = [r for r in discover_routes() if _private(r)]


def test_the_private_routes_are_found():
    keys = {r.key for r in PRIVATE_ROUTES}
    assert {"members:list", "members:detail", "members:export", "members:card", "members:portal_home"} <= keys
    assert {"GET /api/v1/cooperatives/{slug}/members", "GET /api/v1/me/memberships"} <= keys
    assert len(PRIVATE_ROUTES) >= 30


def _role(route) -> str:  # type: ignore[no-untyped-def]
    roles = route.read or route.write or frozenset()
    return "manager" if "manager" in roles else sorted(roles)[0] if roles else "manager"


@pytest.mark.django_db
@pytest.mark.parametrize("found", PRIVATE_ROUTES, ids=lambda r: r.key)
def test_private_routes_are_never_stored(found: FoundRoute, world: World) -> None:
    route = route_for(found.key)
    assert route is not None
    role = _role(route)
    client = Client()
    client.force_login(world.people[role])
    url = url_for(found, build_kwargs(world, found, route, OWN, role), route.query)
    if found.is_api:
        method = found.method or "GET"
        response = client.generic(method, url, "{}", content_type="application/json")
    elif "GET" in route.methods:
        response = client.get(url)
    else:
        response = client.post(url, {})
    assert response.status_code not in (403, 404) and response.status_code < 500, (url, response.status_code)
    assert "no-store" in response.get("Cache-Control", ""), (url, response.get("Cache-Control"))


@pytest.mark.django_db
def test_public_pages_keep_their_caching(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
