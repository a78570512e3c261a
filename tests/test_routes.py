"""Walk every URL and API operation and check each role against its own and a foreign organisation.

The rules (DESIGN.md, "Tenant scoping"; issue 2, section 4):
- a route that is not classified in tests/route_table.py fails the suite;
- a foreign organisation, or one where the person holds no role, is always 404 — the same as a missing one;
- a role that holds a place there but may not see the page (or take the action) gets 403;
- an object id that belongs to another cooperative (network, region) is 404 even under the person's own URL;
- nobody logged in: pages redirect to the login page, the API answers 401.
"""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import ROLES, World
from tests.route_checks import (
    FOREIGN_OBJECT,
    LOGIN_REDIRECT,
    OWN,
    Case,
    FoundRoute,
    build_kwargs,
    discover_routes,
    expected_cases,
    matches,
    url_for,
)
from tests.route_table import COOPERATIVE, DINAS, LOGIN, NETWORK, PUBLIC, ROUTES, Route, route_for

ALL_ROUTES = discover_routes()
# The admin is Django's own; its index stands for it.
CHECKED_ROUTES = [
    r for r in ALL_ROUTES if r.key == "admin:index" or not (r.key.startswith("admin:") or r.path.startswith("/admin-"))
]


def test_every_route_is_classified():
    missing = sorted({r.key for r in ALL_ROUTES if route_for(r.key) is None})
    assert not missing, (
        "These routes are not classified in tests/route_table.py; add each with its scope and the roles that "
        f"may read/write it: {missing}"
    )


def test_route_table_has_no_stale_entries():
    keys = {r.key for r in ALL_ROUTES}
    stale = sorted(k for k in ROUTES if not k.endswith("*") and k not in keys)
    assert not stale, f"tests/route_table.py classifies routes that no longer exist: {stale}"


def test_scoped_urls_sit_under_their_prefix():
    """A page under /k/<slug>/ is cooperative-scoped, /jaringan/<slug>/ network-, /dinas/<code>/ Dinas-scoped, and
    so is whatever the API keeps under one cooperative."""
    prefixes = {
        "/k/<slug:slug>/": COOPERATIVE,
        "/jaringan/<slug:slug>/": NETWORK,
        "/dinas/<str:region_code>/": DINAS,
        "/api/v1/cooperatives/{slug}/": COOPERATIVE,
    }
    wrong = []
    for found in ALL_ROUTES:
        route = route_for(found.key)
        for prefix, scope in prefixes.items():
            if found.path.startswith(prefix) and route is not None and route.scope != scope:
                wrong.append(f"{found.key} ({found.path}) is classified {route.scope}, expected {scope}")
    assert not wrong, wrong


def test_api_writes_say_who_may_write():
    """Every scoped API write operation names its writers, so the matrix checks its 403s and 404s."""
    vague = [
        r.key
        for r in ALL_ROUTES
        if r.is_api
        and r.method != "GET"
        and (route := route_for(r.key)) is not None
        and route.scope not in (PUBLIC, LOGIN)
        and route.write is None
    ]
    assert not vague, f"give these API operations `write=` in tests/route_table.py: {vague}"


def _send(client: Client, found: FoundRoute, route: Route, method: str, url: str) -> Any:
    if route.upload and method == "POST":
        document = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 kerja sama", content_type="application/pdf")
        return client.post(url, {"document": document, "file": document, "photo": document})  # names vary by route
    if found.is_api and method != "GET":
        return client.generic(method, url, json.dumps(route.body), content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("found", CHECKED_ROUTES, ids=lambda r: r.key)
def test_route_access(found: FoundRoute, world: World) -> None:
    route = route_for(found.key)
    if route is None:
        pytest.skip("not classified; test_every_route_is_classified reports it")
    clients: dict[str, Client] = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(world.people[role])
    failures = []
    for case in expected_cases(found, route):
        kwargs = build_kwargs(world, found, route, case.side, case.role)
        url = url_for(found, kwargs, route.query)
        try:
            response = _send(clients[case.role], found, route, case.method, url)
        except Exception as error:  # a crash is a failure of this case, reported with the others
            failures.append(f"{case.role:<11} {case.side:<14} {case.method} {url}: raised {error!r}")
            continue
        if not matches(found, case.expected, response):
            got = response.status_code
            where = f" → {response['Location']}" if got in (301, 302) else ""
            failures.append(
                f"{case.role:<11} {case.side:<14} {case.method} {url}: expected {case.expected}, got {got}{where}"
            )
    assert not failures, f"{found.key} ({route.scope}):\n" + "\n".join(failures)


def test_the_matrix_covers_foreign_objects_and_read_only_roles():
    """A route with an outlet id gets a 'foreign object' case; supervisors get 403 on writes, strangers 404."""
    found = FoundRoute("x", "/k/<slug:slug>/gerai/<int:outlet_id>/", ("slug", "outlet_id"), name="x")
    cases = expected_cases(found, Route(COOPERATIVE, read=frozenset({"manager"}), write=frozenset({"manager"})))
    assert Case("manager", FOREIGN_OBJECT, "GET", 404) in cases
    assert Case("manager", FOREIGN_OBJECT, "POST", 404) in cases
    assert Case("supervisor", OWN, "GET", 403) in cases
    assert Case("supervisor", OWN, "POST", 403) in cases
    assert Case("dinas", OWN, "GET", 404) in cases
    assert Case("anonymous", OWN, "GET", LOGIN_REDIRECT) in cases


DINAS_PAGES = [
    found
    for found in CHECKED_ROUTES
    if not found.is_api
    and (route := route_for(found.key)) is not None
    and route.scope == DINAS
    and "GET" in route.methods
    and "dinas" in route.read
]


@pytest.mark.django_db
@pytest.mark.parametrize("found", DINAS_PAGES, ids=lambda r: r.key)
def test_dinas_pages_follow_the_office_subtree(found: FoundRoute, world: World) -> None:
    """The Kota Bandung officer reaches every Dinas page for a district inside the city (the cooperative's own),
    and gets 404 one level above its scope (the province) and for the whole country."""
    route = route_for(found.key)
    assert route is not None
    client = Client()
    client.force_login(world.people["dinas"])
    kwargs = build_kwargs(world, found, route, OWN, "dinas")
    failures = []
    for code, expected in (
        (world.cooperative.district_code, route.ok),
        (world.cooperative.province_code, (404,)),
        ("id", (404,)),
    ):
        url = url_for(found, {**kwargs, "region_code": code}, route.query)
        response = client.get(url)
        if response.status_code not in expected:
            failures.append(f"GET {url}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)
