"""Every API operation, called by schemathesis with generated input, answers as its published schema says.

The spec is the one /api/v1/openapi.json serves. Each operation gets a bounded number of generated requests
(CONFORMANCE_EXAMPLES, default 15) through the WSGI app, authenticated with an API token of the manager of a
cooperative that has a chart of accounts, savings products, a member with savings, a journal entry, an outlet, a
network membership, a pending legal identity request and Belanja Bareng rounds (one open with its commitment, one
closed with its purchase order); the same person is also that member, the network's coordinator, a Dinas officer of
the region and the supplier's staff, so one token reaches every kind of operation. Path parameters point
at those rows, so handlers run past the access checks. Checked on every
response: no server error, the status is documented, the body conforms to the documented schema, the content type
is the documented one. Writes roll back with the test's transaction (pytest-django), on SQLite and PostgreSQL."""

import datetime
import os
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from simpul.api import api
from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.services.identity import identity_change_request
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    OutletFactory,
    SupplierFactory,
    grant,
    person_with_role,
)
from simpul.core.tokens import api_token_create
from simpul.jointbuy.tests.factories import (
    World,
    agreement_for,
    close_round,
    commit,
    open_round,
    rice_item,
    supplier_order,
)
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "15"))


def errors_are_json(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every refusal is the API's JSON error, even one made before ninja runs (a Django 400 page was HTML)."""
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/json"), f"{response.status_code} answered as {content_type}"
        assert set(response.json()) == {"code", "message", "detail"}
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    errors_are_json,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()


@pytest.fixture
def wsgi_keeps_the_test_connection():  # type: ignore[no-untyped-def]
    """As Django's test client does: a request must not close the connection the test's transaction lives on."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def books(db, settings, tmp_path, wsgi_keeps_the_test_connection) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One cooperative with something in every table the API reads, and the rows path parameters point at."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cooperative = CooperativeFactory.create(slug="koperasi-uji")
    chart_of_accounts_create(cooperative=cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    day = datetime.date(2025, 3, 3)
    savings_products_setup(
        cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    member = MemberFactory.create(cooperative=cooperative, join_date=datetime.date(2024, 5, 1))
    deposit = savings_deposit(
        cooperative=cooperative, actor=manager, member_id=member.pk, kind="sukarela", amount=Decimal(50000), date=day
    )
    entry = journal_post(
        cooperative=cooperative, actor=manager, date=day, description="Pembelian ATK",
        lines=[("5201", Decimal(1000), Decimal(0)), ("1101", Decimal(0), Decimal(1000))],
    )  # fmt: skip
    # The same person is also a Dinas officer of the cooperative's regency, a coordinator of its network and a
    # member with savings: one token reaches the Dinas, network and member-portal operations past their checks.
    office = OfficeFactory.create()  # Kota Bandung, 32.73
    grant(manager, RoleKind.DINAS, office)
    member.user = manager
    member.save(update_fields=["user"])
    identity = identity_change_request(
        cooperative=cooperative, actor=manager, data={"deed_number": "AHU-0001.AH.01.26"}, reason="Akta baru"
    )
    network = NetworkFactory.create()
    grant(manager, RoleKind.COORDINATOR, network)
    membership = MembershipFactory.create(cooperative=cooperative, network=network, status=MembershipStatus.ACTIVE)
    rounds = _jointbuy_rounds(cooperative, manager, network)
    _spare, _key = api_token_create(user=manager, name="Cadangan")  # the one DELETE /auth/tokens/{id} may revoke
    _token, key = api_token_create(user=manager, name="Uji skema")
    return {
        "headers": {"Authorization": f"Bearer {key}"},
        "ids": {
            "member_id": member.pk,
            "transaction_id": deposit.pk,
            "entry_id": entry.pk,
            "account_id": entry.lines.first().account_id,  # type: ignore[union-attr]
            "outlet_id": OutletFactory.create(cooperative=cooperative).pk,
            "membership_id": membership.pk,
            "token_id": _spare.pk,
            "request_id": identity.pk,
            "region_code": "32.73",
            **rounds,
        },
        "slugs": {
            "/api/v1/cooperatives/": cooperative.slug,
            "/api/v1/networks/": network.slug,
            "/api/v1/offices/": office.slug,
            "/api/v1/suppliers/": SupplierFactory.create().slug,
        },
    }


def _jointbuy_rounds(cooperative: Any, manager: Any, network: Any) -> dict[str, int]:
    """A Belanja Bareng round open with the cooperative's commitment (round_id), and one closed whose purchase order
    the same person confirms as the supplier's staff (order_id)."""
    supplier = SupplierFactory.create()
    grant(manager, RoleKind.SUPPLIER, supplier)
    world = World(
        network=network, coordinator=manager, cooperatives=[cooperative], managers=[manager], supervisors=[],
        supplier=supplier, supplier_staff=manager, agreement=agreement_for(network, supplier),
    )  # fmt: skip
    closed = open_round(world, [rice_item(supplier)])
    commit(world, 0, closed, {closed.items.get(): 30}, {})
    close_round(world, closed)
    still_open = open_round(world, [rice_item(supplier)])
    commit(world, 0, still_open, {still_open.items.get(): 25}, {})
    return {"round_id": still_open.pk, "order_id": supplier_order(world, closed).pk}


def _aim(case: Any, books: dict[str, Any]) -> None:
    """Point path parameters at the fixture's rows: random slugs and ids would only ever meet a 404."""
    params = case.path_parameters
    if not params:
        return
    for prefix, slug in books["slugs"].items():
        if "slug" in params and case.operation.path.startswith(prefix):
            params["slug"] = slug
    for name, value in books["ids"].items():
        if name in params:
            params[name] = value


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, books):
    _aim(case, books)
    case.call_and_validate(headers=books["headers"], checks=CHECKS)
