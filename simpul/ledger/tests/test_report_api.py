"""The reports as JSON: the same figures, dates and access as the pages."""

from decimal import Decimal

import pytest

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role

from .test_report_selectors import build_books

pytestmark = pytest.mark.calendar  # reports default to the fiscal year of the cooperative's today

D = Decimal


@pytest.fixture
def books(cooperative, manager):  # type: ignore[no-untyped-def]
    """The hand-built books of test_report_selectors: 2025 and 2026."""
    return build_books(cooperative, manager)


YEAR = "start=2026-01-01&end=2026-12-31"
ENDPOINTS = [
    "general-journal",
    "general-ledger?account=1101",
    "trial-balance",
    "balance-sheet",
    "business-results",
    "equity-changes",
    "cash-flow",
]


def api(coop, endpoint: str, query: str = "") -> str:  # type: ignore[no-untyped-def]
    joiner = "&" if "?" in endpoint else "?"
    return f"/api/v1/cooperatives/{coop.slug}/reports/{endpoint}" + (joiner + query if query else "")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_access_is_the_same_as_the_pages(client, cooperative, endpoint):
    for kind, status in ((RoleKind.MANAGER, 200), (RoleKind.SUPERVISOR, 200), (RoleKind.CASHIER, 403)):
        client.force_login(person_with_role(kind, cooperative))
        assert client.get(api(cooperative, endpoint)).status_code == status
    client.force_login(person_with_role(RoleKind.MEMBER, cooperative))
    assert client.get(api(cooperative, endpoint)).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(api(cooperative, endpoint)).status_code == 404
    client.logout()
    assert client.get(api(cooperative, endpoint)).status_code == 401


def test_business_results_and_cash_flow_as_json(client, books, manager):
    client.force_login(manager)
    body = client.get(api(books, "business-results", YEAR)).json()
    assert body["period"]["previous_start"] == "2025-01-01"
    assert D(body["member_revenue"]["total"]["current"]) == D(570000)
    assert D(body["member_revenue"]["total"]["previous"]) == D(500000)
    assert D(body["non_member_revenue"]["total"]["current"]) == D(250000)
    assert D(body["shu"]["current"]) == D(545000) and D(body["shu"]["previous"]) == D(200000)
    flow = client.get(api(books, "cash-flow", YEAR)).json()
    opening, closing = D(flow["opening_cash"]["current"]), D(flow["closing_cash"]["current"])
    assert opening + D(flow["net_change"]["current"]) == closing == D(2895000)
    assert [s["activity"] for s in flow["sections"]] == ["operating", "investing", "financing"]


def test_trial_balance_balance_sheet_and_equity_as_json(client, books, manager):
    client.force_login(manager)
    trial = client.get(api(books, "trial-balance", YEAR)).json()
    cash = next(row for row in trial["rows"] if row["account_code"] == "1101")
    assert (D(cash["closing_debit"]), D(cash["previous_closing_debit"])) == (D(1795000), D(1200000))
    assert D(trial["total_debit"]["current"]) == D(5095000) and trial["is_balanced"]
    sheet = client.get(api(books, "balance-sheet", YEAR)).json()
    assert (sheet["as_of"], sheet["previous_as_of"]) == ("2026-12-31", "2025-12-31")
    assert D(sheet["total_assets"]["current"]) == D(4145000) and D(sheet["total_assets"]["previous"]) == D(1200000)
    equity = client.get(api(books, "equity-changes", YEAR)).json()
    assert D(equity["current"]["total_closing"]) == D(sheet["total_equity"]["current"]) == D(3745000)


def test_journal_and_ledger_page_with_limit_and_offset(client, books, manager):
    client.force_login(manager)
    first = client.get(api(books, "general-journal", YEAR + "&limit=10")).json()
    assert len(first["items"]) == 10 and first["has_more"] and first["entries_count"] == [13, 4]
    rest = client.get(api(books, "general-journal", YEAR + "&limit=10&offset=10")).json()
    assert len(rest["items"]) == 3 and not rest["has_more"]
    ledger = client.get(api(books, "general-ledger?account=1101", YEAR + "&limit=3&offset=3")).json()
    assert [D(item["balance"]) for item in ledger["items"]] == [D(1825000), D(1725000), D(1675000)]
    assert D(ledger["opening"]["current"]) == D(1200000) and D(ledger["closing"]["current"]) == D(1795000)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("start=2026-12-31&end=2026-01-01", 400),  # refused by the rules: 400
        ("start=0001-01-01", 400),
        ("start=2026-13-01", 422),  # not a date at all: the API's 422 for invalid fields
        ("end=kemarin", 422),
    ],
)
def test_bad_dates_are_refused_with_a_message(client, cooperative, manager, query, status):
    client.force_login(manager)
    response = client.get(api(cooperative, "trial-balance", query))
    assert response.status_code == status
    assert response.json()["message"]


def test_reversed_range_message_is_indonesian(client, cooperative, manager):
    client.force_login(manager)
    response = client.get(api(cooperative, "cash-flow", "start=2026-12-31&end=2026-01-01"))
    assert response.status_code == 400
    assert response.json()["message"] == "Tanggal akhir lebih awal dari tanggal mulai."


def test_unknown_account_and_bad_offset_are_refused(client, cooperative, manager):
    client.force_login(manager)
    response = client.get(api(cooperative, "general-ledger?account=9999"))
    assert response.status_code == 400 and "9999" in response.json()["message"]
    assert client.get(api(cooperative, "general-journal?limit=10&offset=5")).status_code == 400
    assert client.get(api(cooperative, "general-ledger")).status_code == 422  # the account is required
