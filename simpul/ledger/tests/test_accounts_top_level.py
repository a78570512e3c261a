"""A manager adds top-level accounts within a class (issue 10 §5): kind from the class, code from its digit."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import CooperativeType, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import (
    Account,
    AccountKind,
    BooksEvent,
    BooksEventKind,
    CashFlowClass,
    NormalBalance,
    RevenueSource,
)
from simpul.ledger.services import account_create, chart_of_accounts_create
from simpul.ledger.services.events import account_state

pytestmark = pytest.mark.django_db

JSON = "application/json"


def create(cooperative, actor, code, name="Akun Baru", **extra):  # type: ignore[no-untyped-def]
    return account_create(cooperative=cooperative, actor=actor, code=code, name=name, **extra)


def refusal(call, code: str, field: str) -> ApplicationError:  # type: ignore[no-untyped-def]
    before = (Account.objects.count(), BooksEvent.objects.count(), AuditLog.objects.count())
    with pytest.raises(ApplicationError) as refused:
        call()
    assert (refused.value.code, refused.value.extra.get("field")) == (code, field)
    assert (Account.objects.count(), BooksEvent.objects.count(), AuditLog.objects.count()) == before
    return refused.value


@pytest.fixture
def sharia(db):  # type: ignore[no-untyped-def]
    coop = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    chart_of_accounts_create(cooperative=coop)
    return coop


def test_a_top_level_account_takes_its_class_and_is_recorded_in_the_books_events(cooperative, manager):
    vehicles = create(cooperative, manager, "1701", "Kendaraan", kind="asset", cash_flow_class="investing")
    vehicles.refresh_from_db()
    assert (vehicles.kind, vehicles.normal_balance, vehicles.parent_id) == ("asset", "debit", None)
    assert (vehicles.is_system, vehicles.cash_flow_class, vehicles.subledger) == (False, "investing", "")
    event = BooksEvent.objects.filter(cooperative=cooperative).latest("number")
    assert event.kind == BooksEventKind.ACCOUNT_CREATED
    assert event.payload == account_state(vehicles) and event.payload["parent"] is None
    log = AuditLog.objects.get(event="ledger.account_created", target_id=str(vehicles.pk))
    assert log.changes == {"code": "1701", "name": "Kendaraan", "kind": "asset"}
    assert verify_chain(cooperative).intact


@pytest.mark.parametrize(
    ("kind", "code", "normal"),
    [
        (AccountKind.ASSET, "1901", NormalBalance.DEBIT),
        (AccountKind.LIABILITY, "2901", NormalBalance.CREDIT),
        (AccountKind.EQUITY, "3901", NormalBalance.CREDIT),
        (AccountKind.REVENUE, "4801", NormalBalance.CREDIT),
        (AccountKind.EXPENSE, "5901", NormalBalance.DEBIT),
    ],
)
def test_each_class_gives_its_normal_balance(cooperative, manager, kind, code, normal):
    assert create(cooperative, manager, code, kind=kind).normal_balance == normal


@pytest.mark.parametrize(("kind", "code"), [("asset", "2701"), ("expense", "4101.9"), ("revenue", "5999")])
def test_the_code_starts_with_the_class_digit(cooperative, manager, kind, code):
    error = refusal(lambda: create(cooperative, manager, code, kind=kind), "invalid_account_code", "code")
    assert "diawali angka" in error.message


@pytest.mark.parametrize("kind", ["", "cash", "ASSET", "syirkah"])
def test_a_top_level_account_needs_a_known_class(cooperative, manager, kind):
    # Temporary syirkah funds belong to a sharia cooperative's chart only.
    refusal(lambda: create(cooperative, manager, "2999", kind=kind), "invalid_account_kind", "kind")


def test_a_sharia_cooperative_adds_temporary_syirkah_accounts(sharia):
    manager = person_with_role(RoleKind.MANAGER, sharia)
    deposits = create(sharia, manager, "2702", "Simpanan Berjangka Mudharabah", kind="syirkah")
    assert (deposits.kind, deposits.normal_balance) == (AccountKind.TEMPORARY_SYIRKAH, NormalBalance.CREDIT)


def test_a_used_code_is_refused_and_another_cooperative_is_apart(cooperative, manager):
    refusal(lambda: create(cooperative, manager, "1101", kind="asset"), "duplicate_account_code", "code")
    create(cooperative, manager, "1701", kind="asset")
    refusal(lambda: create(cooperative, manager, "1701", kind="asset"), "duplicate_account_code", "code")
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    # The same code in another cooperative's chart is that cooperative's own business …
    their_manager = person_with_role(RoleKind.MANAGER, other)
    theirs = create(other, their_manager, "1701", "Kendaraan Mereka", kind="asset")
    assert theirs.cooperative_id == other.pk
    create(other, their_manager, "1701.5", "Truk", parent_code="1701")
    # … and one cooperative cannot hang an account under another's.
    refusal(lambda: create(cooperative, manager, "1702", parent_code="1701.5"), "unknown_account", "parent_code")
    assert Account.objects.get(cooperative=cooperative, code="1701").name == "Akun Baru"


def test_the_cash_flow_class_and_revenue_source_fit_the_class(cooperative, manager):
    refusal(
        lambda: create(cooperative, manager, "2901", kind="liability", cash_flow_class="cash"),
        "invalid_account_kind",
        "cash_flow_class",
    )
    refusal(
        lambda: create(cooperative, manager, "2901", kind="liability", cash_flow_class="sideways"),
        "invalid_account_kind",
        "cash_flow_class",
    )
    refusal(
        lambda: create(cooperative, manager, "5901", kind="expense", revenue_source="member"),
        "invalid_account_kind",
        "revenue_source",
    )
    bank = create(cooperative, manager, "1109", "Bank Syariah", kind="asset", cash_flow_class="cash")
    fees = create(cooperative, manager, "4401", "Jasa Sewa Gudang", kind="revenue", revenue_source="non_member")
    assert bank.cash_flow_class == CashFlowClass.CASH
    assert fees.revenue_source == RevenueSource.NON_MEMBER


def test_a_sub_account_takes_everything_from_its_parent(cooperative, manager):
    refusal(
        lambda: create(cooperative, manager, "1102.01", parent_code="1102", kind="expense"),
        "invalid_account_kind",
        "kind",
    )
    refusal(
        lambda: create(cooperative, manager, "1102.01", parent_code="1102", cash_flow_class="investing"),
        "invalid_account_kind",
        "cash_flow_class",
    )
    bri = create(cooperative, manager, "1102.01", "Bank BRI", parent_code="1102", kind="asset")
    wajib = create(cooperative, manager, "3102.01", "Simpanan Wajib Khusus", parent_code="3102")
    assert (bri.kind, bri.cash_flow_class, bri.subledger) == ("asset", "cash", "")
    assert (wajib.kind, wajib.cash_flow_class, wajib.subledger) == ("equity", "financing", "savings")


def test_the_api_adds_a_top_level_account(cooperative, manager):
    client = Client()
    client.force_login(manager)
    url = f"/api/v1/cooperatives/{cooperative.slug}/ledger/accounts"
    body = {"code": "5601", "name": "Beban Pemeliharaan", "kind": "expense"}
    response = client.post(url, body, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["parent"] is None and created["kind"] == "expense" and created["normal_balance"] == "debit"
    assert created["cash_flow_class"] == "" and created["subledger"] == ""
    response = client.post(url, {**body, "code": "4601"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["code"] == "invalid_account_code"
    response = client.post(url, {**body, "code": "5602", "kind": "syirkah"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["code"] == "invalid_account_kind"
    supervisor = Client()
    supervisor.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert supervisor.post(url, {**body, "code": "5603"}, content_type=JSON).status_code == 403
    listed = {a["code"]: a for a in client.get(url).json()}
    assert listed["3101"]["subledger"] == "savings" and listed["1101"]["cash_flow_class"] == "cash"


def test_the_manager_adds_a_top_level_account_on_the_page(client, cooperative, manager):
    client.force_login(manager)
    url = reverse("ledger:account_new", args=[cooperative.slug])
    page = client.get(url).content.decode()
    assert "Tambah akun" in page and "akun utama" in page
    assert 'value="syirkah"' not in page  # not a sharia cooperative
    bad = client.post(url, {"parent": "", "kind": "equity", "code": "1801", "name": "Modal Donasi"})
    assert bad.status_code == 400 and "diawali angka 3" in bad.content.decode()
    response = client.post(url, {"parent": "", "kind": "equity", "code": "3801", "name": "Modal Donasi"})
    assert response.status_code == 302
    account = Account.objects.get(cooperative=cooperative, code="3801")
    assert (account.kind, account.normal_balance, account.parent_id) == ("equity", "credit", None)
    chart = client.get(reverse("ledger:chart", args=[cooperative.slug])).content.decode()
    assert "Modal Donasi" in chart and "Akun sendiri" in chart


def test_the_sharia_page_offers_temporary_syirkah_funds(client, sharia):
    client.force_login(person_with_role(RoleKind.MANAGER, sharia))
    page = client.get(reverse("ledger:account_new", args=[sharia.slug])).content.decode()
    assert 'value="syirkah"' in page and "Dana syirkah temporer" in page
