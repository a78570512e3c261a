"""The machinery behind tests/test_routes.py: find every route, build its URL for a side, say what to expect."""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from simpul.api import api
from simpul.coops.models import Invitation, NetworkMembership, Partnership, RoleKind
from simpul.coops.tests.factories import CILACAP_VILLAGE, CooperativeFactory, OutletFactory, UserFactory
from simpul.core.tokens import api_token_create
from simpul.members.models import MemberImport
from simpul.members.tests.factories import MemberFactory
from tests.conftest import ROLES, World
from tests.route_table import (
    ADMIN,
    COOPERATIVE,
    DINAS,
    LOGIN,
    NETWORK,
    OBJECT,
    PUBLIC,
    SCOPE_ROLES,
    SIGNED_IN,
    Route,
)

API_PREFIX = "/api/v1/"
LOGIN_REDIRECT = "login"  # expected: a redirect to the login page (pages) or 401 (API)
ADMIN_LOGIN_REDIRECT = "admin_login"
OWN, FOREIGN, FOREIGN_OBJECT = "own", "foreign", "foreign object"


# --- discovering routes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundRoute:
    key: str  # the route table key
    path: str  # "/k/<slug:slug>/" for pages, "/api/v1/x/{id}" for API operations
    kwargs: tuple[str, ...]
    name: str | None = None  # qualified URL name of a page
    method: str | None = None  # the method of an API operation

    @property
    def is_api(self) -> bool:
        return self.method is not None


def _kwarg_names(pattern: RoutePattern | RegexPattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()) -> Iterator[Any]:
    for entry in patterns:
        names = (*kwargs, *_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else namespace or entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner or "", names)
        elif isinstance(entry, URLPattern):
            qualified = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield "/" + prefix + str(entry.pattern), qualified, names


def _api_operations() -> dict[str, list[str]]:
    """{"/api/v1/regions/{code}": ["GET", …]} from the OpenAPI spec the API serves."""
    schema = api.get_openapi_schema(path_prefix=API_PREFIX.rstrip("/"))
    return {path: sorted(m.upper() for m in ops) for path, ops in schema["paths"].items()}


def _as_api_path(django_path: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", django_path)


def discover_routes() -> list[FoundRoute]:
    """Every page (by URL name) and every API operation (by method and path), walked from the root URLconf."""
    operations = _api_operations()
    found = []
    for path, name, kwargs in _walk(get_resolver().url_patterns):
        api_path = _as_api_path(path)
        if path.startswith(API_PREFIX) and api_path in operations:
            for method in operations[api_path]:
                found.append(FoundRoute(f"{method} {api_path}", api_path, tuple(kwargs), method=method))
        else:
            found.append(FoundRoute(name or path, path, tuple(kwargs), name=name))
    return found


# --- building URLs for each side ------------------------------------------------------------------------

# The URL kwarg that names the organisation of each scope.
SCOPE_KEYS = {COOPERATIVE: ("slug",), NETWORK: ("slug",), DINAS: ("region_code",)}


def _scope_value(world: World, scope: str, side: str) -> str:
    foreign = side == FOREIGN
    if scope == COOPERATIVE:
        return (world.foreign_cooperative if foreign else world.cooperative).slug
    if scope == NETWORK:
        return (world.foreign_network if foreign else world.network).slug
    if scope == DINAS:
        return world.foreign_region_code if foreign else world.region_code
    raise AssertionError(f"scope {scope} has no URL key")


def _cooperative_of(world: World, scope: str, own_side: bool) -> Any:
    """A cooperative the object should belong to: the own one, or one outside the person's reach."""
    if scope == DINAS:
        return world.cooperative if own_side else CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    return world.cooperative if own_side else world.foreign_cooperative


def _membership(world: World, route: Route, own_side: bool, role: str) -> int:
    """The own cooperative's membership of the own network, or the foreign pair's."""
    network = world.network if own_side else world.foreign_network
    return int(network.memberships.get().pk)


def _partnership(world: World, route: Route, own_side: bool, role: str) -> int:
    membership = NetworkMembership.objects.get(pk=_membership(world, route, own_side, role))
    partnership = Partnership(
        cooperative=membership.cooperative,
        membership=membership,
        signed_on=datetime.date(2025, 1, 15),
        parties="Para pihak",
        scope="Belanja bersama",
    )
    partnership.document.save("mou.pdf", ContentFile(b"%PDF-1.4 kerja sama"), save=False)
    partnership.save()
    return partnership.pk


def _api_token(world: World, route: Route, own_side: bool, role: str) -> int:
    owner = world.people[role] if own_side and role in world.people else UserFactory.create()
    token, _key = api_token_create(user=owner, name="uji")
    return token.pk


def _invitation(world: World, route: Route, own_side: bool, role: str) -> Invitation:
    return Invitation.objects.create(
        cooperative=_cooperative_of(world, route.scope, own_side),
        kind=RoleKind.CASHIER,
        full_name="Siti Undangan",
        invited_by=world.people["manager"],
    )


def _slug(world: World, route: Route, own_side: bool, role: str) -> str:
    """Outside its scope key, a slug names what Route.slug says (a cooperative unless told otherwise)."""
    kind = route.slug or "cooperative"
    own: dict[str, Any] = {
        "cooperative": world.cooperative,
        "network": world.network,
        "office": world.office,
        "supplier": world.supplier,
    }
    foreign: dict[str, Any] = {
        "cooperative": world.foreign_cooperative,
        "network": world.foreign_network,
        "office": world.foreign_office,
        "supplier": world.foreign_supplier,
    }
    return str((own if own_side else foreign)[kind].slug)


def _savings_transaction(world: World, route: Route, own_side: bool, role: str) -> int:
    """A deposit of a new member of the own or a foreign cooperative (products set up first)."""
    from simpul.members.savings.services import savings_deposit, savings_products_setup

    cooperative = _cooperative_of(world, route.scope, own_side)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    row = savings_deposit(
        cooperative=cooperative,
        actor=None,
        member_id=member.pk,
        kind="sukarela",
        amount=50000,
        date=cooperative.today(),
    )
    return row.pk


def _journal_entry(world: World, route: Route, own_side: bool, role: str) -> int:
    """A manual journal entry (with a PDF attachment) of the own or a foreign cooperative."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from simpul.ledger.services import chart_of_accounts_create, journal_post

    cooperative = _cooperative_of(world, route.scope, own_side)
    chart_of_accounts_create(cooperative=cooperative)
    entry = journal_post(
        cooperative=cooperative,
        actor=None,
        date=datetime.date(2026, 3, 10),
        description="Pembelian ATK",
        lines=[("5201", Decimal(1000), Decimal(0)), ("1101", Decimal(0), Decimal(1000))],
        attachment=SimpleUploadedFile("nota.pdf", b"%PDF-1.4 nota", content_type="application/pdf"),
    )
    return entry.pk


def _identity_request(world: World, route: Route, own_side: bool, role: str) -> int:
    """The pending legal identity change request of the own cooperative (or one outside the person's reach)."""
    from simpul.coops.models import LegalIdentityChangeRequest

    cooperative = _cooperative_of(world, route.scope, own_side)
    pending = LegalIdentityChangeRequest.objects.filter(cooperative=cooperative, status="pending").first()
    if pending is None:
        changes = {"deed_number": [cooperative.deed_number, "AHU-0001.AH.01.26"]}
        pending = LegalIdentityChangeRequest.objects.create(cooperative=cooperative, changes=changes, reason="Akta")
    return pending.pk


_SUB_ACCOUNT_CODES = iter(range(1, 10**6))


def _sub_account(world: World, route: Route, own_side: bool, role: str) -> int:
    """An unused sub-account (under Bank) of the own or a foreign cooperative."""
    from simpul.ledger.services import account_create, chart_of_accounts_create

    cooperative = _cooperative_of(world, route.scope, own_side)
    chart_of_accounts_create(cooperative=cooperative)
    code = f"1102.{next(_SUB_ACCOUNT_CODES)}"
    return account_create(
        cooperative=cooperative, actor=world.people["manager"], parent_code="1102", code=code, name="Bank Uji"
    ).pk


def _need(world: World, route: Route, own_side: bool, role: str) -> int:
    """A submitted need, with a photo, of the own cooperative or of one outside the person's reach (for an officer:
    a Cilacap cooperative, outside the Bandung office's region)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from simpul.needs.services.needs import need_create

    if not own_side and role == "dinas":
        cooperative = CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    else:
        cooperative = _cooperative_of(world, route.scope, own_side)
    data = {
        "category": "stock",
        "item": "Beras medium",
        "quantity": "100",
        "unit": "kg",
        "needed_by": (cooperative.today() + datetime.timedelta(days=7)).isoformat(),
    }
    photo = SimpleUploadedFile("rak.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    return need_create(cooperative=cooperative, actor=world.people["manager"], data=data, photo=photo, submit=True).pk


def _rat_report(world: World, route: Route, own_side: bool, role: str) -> int:
    """A submitted RAT report (fiscal year 2025, with its minutes and pack) of the own cooperative or of one
    outside the person's reach (for an officer: a Cilacap cooperative)."""
    from simpul.rat.demo.seed import DEMO_MINUTES
    from simpul.rat.models import RatReport

    cooperative = _cooperative_of(world, route.scope, own_side)
    found = RatReport.objects.filter(cooperative=cooperative, fiscal_year=2025).first()
    if found is not None:
        RatReport.objects.filter(pk=found.pk).update(status="submitted")
        return found.pk
    report = RatReport(
        cooperative=cooperative,
        province_code=cooperative.province_code,
        regency_code=cooperative.regency_code,
        district_code=cooperative.district_code,
        village_code=cooperative.village_id,
        fiscal_year=2025,
        year_start=datetime.date(2025, 1, 1),
        year_end=datetime.date(2025, 12, 31),
        status="submitted",
        meeting_date=datetime.date(2026, 3, 14),
        place="Balai desa",
        members_present=0,
        members_entitled=0,
        created_by=world.people["manager"],
        first_submitted_on=datetime.date(2026, 3, 20),
    )
    report.minutes.save("notulen.pdf", ContentFile(DEMO_MINUTES), save=False)
    report.pack.save("paket.pdf", ContentFile(DEMO_MINUTES), save=False)
    report.save()
    return report.pk


def _training(world: World, route: Route, own_side: bool, role: str) -> dict[str, Any]:
    """Training rows of the own or a foreign organisation, built once per test and side (simpul/training): a
    published course of the scope's organiser with a session, a PDF material and a certified enrolment; a mentoring
    visit with a recommendation. Foreign: the Cilacap office's (or the foreign network's, the foreign
    cooperative's) rows, which the person cannot reach."""
    from simpul.training.models import (
        Attendance,
        Course,
        CourseMaterial,
        CourseSession,
        Enrolment,
        MentoringVisit,
        Recommendation,
    )

    cache = world.__dict__.setdefault("_training", {})
    key = (route.scope, own_side, role == "dinas")
    if key in cache:
        return cache[key]
    officer = world.people["dinas"]
    organiser: dict[str, Any]
    if route.scope == NETWORK:
        organiser = {"network": world.network if own_side else world.foreign_network}
    else:
        organiser = {"office": world.office if own_side else world.foreign_office}
    if route.scope == COOPERATIVE:
        cooperative = world.cooperative if own_side else world.foreign_cooperative
    elif own_side:
        cooperative = world.cooperative
    else:
        cooperative = CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    course = Course.objects.create(
        title="Pembukuan", audience="managers", capacity=10, status="published", created_by=officer, **organiser
    )
    session = CourseSession.objects.create(
        course=course,
        date=datetime.date(2026, 3, 2),
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
        place="Aula",
    )
    material = CourseMaterial(course=course, title="Modul")
    material.file.save("modul.pdf", ContentFile(b"%PDF-1.4 modul"), save=True)
    enrolment = Enrolment.objects.create(
        cooperative=cooperative,
        course=course,
        full_name="Dewi",
        phone="+6281200000001",
        position="managers",
        certificate_code=f"kode{course.pk}x",
        certified_on=session.date,
        enrolled_by=officer,
    )
    Attendance.objects.create(cooperative=cooperative, enrolment=enrolment, session=session, recorded_by=officer)
    visit = MentoringVisit.objects.create(
        cooperative=cooperative,
        office=world.office if own_side else world.foreign_office,
        officer=officer,
        province_code=cooperative.province_code,
        regency_code=cooperative.regency_code,
        district_code=cooperative.district_code,
        village_code=cooperative.village_id,
        date=datetime.date(2026, 3, 2),
        findings="Kas belum direkonsiliasi",
        created_by=officer,
    )
    recommendation = Recommendation.objects.create(
        cooperative=cooperative, visit=visit, text="Rekonsiliasi", owner="Bendahara", deadline=datetime.date(2026, 4, 1)
    )
    cache[key] = {
        "course_id": course.pk,
        "material_id": material.pk,
        "enrolment_id": enrolment.pk,
        "visit_id": visit.pk,
        "recommendation_id": recommendation.pk,
    }
    return cache[key]


def _training_key(name: str) -> Callable[[World, Route, bool, str], Any]:
    return lambda world, route, own_side, role: _training(world, route, own_side, role)[name]


# kwarg name -> (world, route, own_side, acting role) -> value: an object of the person's own organisation
# (own_side) or of a foreign one. Add a builder when a route takes a new object id.
OBJECT_BUILDERS: dict[str, Callable[[World, Route, bool, str], Any]] = {
    "slug": _slug,
    "entry_id": _journal_entry,
    "account_id": _sub_account,
    "outlet_id": lambda w, r, own, role: OutletFactory.create(cooperative=_cooperative_of(w, r.scope, own)).pk,
    "member_id": lambda w, r, own, role: MemberFactory.create(cooperative=_cooperative_of(w, r.scope, own)).pk,
    "import_id": lambda w, r, own, role: (
        MemberImport.objects.create(cooperative=_cooperative_of(w, r.scope, own), filename="anggota.csv").pk
    ),
    "transaction_id": lambda w, r, own, role: _savings_transaction(w, r, own, role),
    "membership_id": _membership,
    "partnership_id": _partnership,
    "token_id": _api_token,
    "invitation_id": lambda w, r, own, role: _invitation(w, r, own, role).pk,
    "request_id": _identity_request,
    "token": lambda w, r, own, role: _invitation(w, r, own, role).token,
    "need_id": _need,
    # Monitoring (simpul/monitoring): a cooperative in the office's region, or a Cilacap one outside it.
    "cooperative_id": lambda w, r, own, role: _cooperative_of(w, r.scope, own).pk,
    "report_id": _rat_report,
    "course_id": _training_key("course_id"),
    "material_id": _training_key("material_id"),
    "enrolment_id": _training_key("enrolment_id"),
    "visit_id": _training_key("visit_id"),
    "recommendation_id": _training_key("recommendation_id"),
}


def scope_keys(found: FoundRoute, route: Route) -> list[str]:
    return [n for n in found.kwargs if n in SCOPE_KEYS.get(route.scope, ()) and n not in route.sample]


def object_kwargs(found: FoundRoute, route: Route) -> list[str]:
    return [n for n in found.kwargs if n not in route.sample and n not in scope_keys(found, route)]


def build_kwargs(world: World, found: FoundRoute, route: Route, side: str, role: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in found.kwargs:
        if name in route.sample:
            values[name] = route.sample[name]
        elif name in scope_keys(found, route):
            values[name] = _scope_value(world, route.scope, side)
        elif name in OBJECT_BUILDERS:
            values[name] = OBJECT_BUILDERS[name](world, route, side == OWN, role)
        else:
            pytest.fail(
                f"{found.key}: no value for URL kwarg {name!r}. Add a builder to OBJECT_BUILDERS in "
                "tests/route_checks.py (an object of the own and of a foreign organisation), or a `sample`."
            )
    return values


def url_for(found: FoundRoute, kwargs: dict[str, Any], query: dict[str, str]) -> str:
    if found.is_api:
        url = found.path.format(**kwargs)
    else:
        assert found.name, f"the page {found.path} has no URL name; give it one"
        url = reverse(found.name, kwargs=kwargs)
    return url + ("?" + urlencode(query) if query else "")


# --- expectations ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    role: str
    side: str
    method: str
    expected: Any  # an int status, a tuple of statuses, LOGIN_REDIRECT or ADMIN_LOGIN_REDIRECT


def _members(route: Route) -> frozenset[str]:
    if route.members is not None:
        return route.members
    if route.scope == OBJECT:  # only the object says whose it is: nobody "sees but may not act"
        return route.read | (route.write or frozenset())
    return SCOPE_ROLES.get(route.scope, frozenset())


def _override(overrides: dict[str, Any], role: str, default: Any) -> Any:
    if role != "anonymous" and SIGNED_IN in overrides:
        default = overrides[SIGNED_IN]
    return overrides.get(role, default)


def _read_cases(found: FoundRoute, route: Route, role: str) -> list[Case]:
    accepts_get = found.is_api or "GET" in route.methods
    if route.scope == ADMIN:
        return [Case(role, OWN, "GET", ADMIN_LOGIN_REDIRECT)]
    if route.scope == PUBLIC:
        return [Case(role, OWN, "GET", _override(route.expect, role, route.ok if accepts_get else 405))]
    if role == "anonymous":
        return [Case(role, OWN, "GET", LOGIN_REDIRECT)]
    if route.scope == LOGIN:
        return [Case(role, OWN, "GET", _override(route.expect, role, route.ok if accepts_get else 405))]
    if not accepts_get:  # a POST-only page: what matters is checked by the write cases
        return []
    members = _members(route)
    if role not in members:
        own: Any = 404
    else:
        own = route.ok if role in route.read else 403
    cases = [Case(role, OWN, "GET", _override(route.expect, role, own))]
    if scope_keys(found, route):
        cases.append(Case(role, FOREIGN, "GET", 404))
    if object_kwargs(found, route) and role in route.read:
        cases.append(Case(role, FOREIGN_OBJECT, "GET", 404))
    return cases


def _write_cases(found: FoundRoute, route: Route, role: str, method: str) -> list[Case]:
    if route.scope in (PUBLIC, ADMIN):
        return []
    if role == "anonymous":
        return [Case(role, OWN, method, LOGIN_REDIRECT)]
    if route.scope == LOGIN:  # any logged-in person: only what the table states is checked
        if role in route.expect_write or SIGNED_IN in route.expect_write:
            return [Case(role, OWN, method, _override(route.expect_write, role, None))]
        return []
    write = route.write or frozenset()
    cases = []
    if role not in _members(route):
        cases.append(Case(role, OWN, method, _override(route.expect_write, role, 404)))
    elif role not in write:
        cases.append(Case(role, OWN, method, _override(route.expect_write, role, 403)))
    elif role in route.expect_write or SIGNED_IN in route.expect_write:
        cases.append(Case(role, OWN, method, _override(route.expect_write, role, None)))
    if scope_keys(found, route):
        cases.append(Case(role, FOREIGN, method, 404))
    if object_kwargs(found, route) and role in write:
        cases.append(Case(role, FOREIGN_OBJECT, method, 404))
    return cases


def expected_cases(found: FoundRoute, route: Route) -> list[Case]:
    """What each role must get: on its own organisation, a foreign one, and a foreign object under its own."""
    cases: list[Case] = []
    if found.is_api:
        read, write_method = found.method == "GET", (None if found.method == "GET" else found.method)
    else:
        read, write_method = True, ("POST" if route.write is not None or route.expect_write else None)
    for role in ROLES:
        if read:
            cases += _read_cases(found, route, role)
        if write_method:
            cases += _write_cases(found, route, role, write_method)
    return cases


def matches(found: FoundRoute, expected: Any, response: Any) -> bool:
    if expected == LOGIN_REDIRECT:
        if found.is_api:
            return bool(response.status_code == 401)
        return response.status_code == 302 and response["Location"].startswith(reverse("core:login"))
    if expected == ADMIN_LOGIN_REDIRECT:
        return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    if isinstance(expected, tuple):
        return response.status_code in expected
    return bool(response.status_code == expected)
