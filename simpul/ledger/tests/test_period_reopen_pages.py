"""The reopening page and API: a manager asks with a reason, the supervisor approves; refusals re-render in
Indonesian (page) or answer 400 with a code (API); another cooperative's request is 404; cashiers get 403."""

import datetime as dt

import pytest
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.ledger.models import Period, PeriodReopenRequest, ReopenStatus
from simpul.ledger.tests.test_year_end import close_month, close_year, sale

JSON = "application/json"


@pytest.fixture
def supervisor(cooperative):
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


@pytest.fixture
def march(cooperative, manager) -> Period:
    sale(cooperative, manager, "1000", dt.date(2025, 3, 10))
    return close_month(cooperative, manager, 2025, 3)


def test_the_page_asks_and_the_supervisor_approves(client, cooperative, manager, supervisor, march):
    page = reverse("ledger:period_reopen", args=[cooperative.slug])
    client.force_login(manager)
    body = client.get(page).content.decode()
    assert 'data-testid="reopen-ask"' in body and "Maret 2025" in body
    refused = client.post(reverse("ledger:period_reopen_ask", args=[cooperative.slug]), {"period": march.pk})
    assert refused.status_code == 400 and "Tuliskan alasan" in refused.content.decode()
    asked = client.post(
        reverse("ledger:period_reopen_ask", args=[cooperative.slug]), {"period": march.pk, "reason": "Nota tertinggal"}
    )
    assert asked.status_code == 302
    request = PeriodReopenRequest.objects.get()
    body = client.get(page).content.decode()
    assert 'data-testid="reopen-withdraw"' in body and 'data-testid="reopen-approve"' not in body
    client.force_login(supervisor)
    assert 'data-testid="reopen-approve"' in client.get(page).content.decode()
    approve = reverse("ledger:period_reopen_approve", args=[cooperative.slug, request.pk])
    assert client.post(approve, {"note": "Sudah dicek"}).status_code == 302
    march.refresh_from_db()
    assert march.closed_at is None
    body = client.get(page).content.decode()
    assert 'data-status="approved"' in body and "Sudah dicek" in body


def test_the_page_refuses_the_same_person_and_others(client, cooperative, manager, march):
    client.force_login(manager)
    client.post(reverse("ledger:period_reopen_ask", args=[cooperative.slug]), {"period": march.pk, "reason": "x"})
    request = PeriodReopenRequest.objects.get()
    approve = reverse("ledger:period_reopen_approve", args=[cooperative.slug, request.pk])
    refused = client.post(approve)
    assert refused.status_code == 400 and "tanda tangan kedua" in refused.content.decode().lower()
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(reverse("ledger:period_reopen", args=[cooperative.slug])).status_code == 403
    from simpul.coops.tests.factories import CooperativeFactory

    stranger = person_with_role(RoleKind.MANAGER, CooperativeFactory.create())
    client.force_login(stranger)
    assert client.post(approve).status_code == 404


def test_the_api_asks_lists_and_approves(client, cooperative, manager, supervisor, march):
    base = f"/api/v1/cooperatives/{cooperative.slug}/ledger/periods/reopen-requests"
    client.force_login(manager)
    empty = client.post(base, {"kind": "month", "start": "2025-03-01", "reason": ""}, content_type=JSON)
    assert empty.status_code in (400, 422)
    missing = client.post(base, {"kind": "month", "start": "2025-04-01", "reason": "x"}, content_type=JSON)
    assert missing.status_code == 404
    asked = client.post(base, {"kind": "month", "start": "2025-03-01", "reason": "Nota"}, content_type=JSON)
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    again = client.post(base, {"kind": "month", "start": "2025-03-01", "reason": "Lagi"}, content_type=JSON)
    assert again.status_code == 400 and again.json()["code"] == "reopen_pending"
    request_id = asked.json()["id"]
    own = client.post(f"{base}/{request_id}/approve", {}, content_type=JSON)
    assert own.status_code == 400 and own.json()["code"] == "reopen_second_person"
    client.force_login(supervisor)
    approved = client.post(f"{base}/{request_id}/approve", {"note": "Oke"}, content_type=JSON)
    assert approved.status_code == 200 and approved.json()["status"] == ReopenStatus.APPROVED
    listed = client.get(base).json()
    assert [item["status"] for item in listed] == ["approved"] and listed[0]["end"] == "2025-03-31"


def test_the_api_refuses_a_locked_year(client, cooperative, manager, supervisor):
    sale(cooperative, manager, "1000", dt.date(2025, 3, 10))
    year = close_year(cooperative, manager)
    Period.objects.filter(pk=year.pk).update(locked_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    client.force_login(supervisor)
    base = f"/api/v1/cooperatives/{cooperative.slug}/ledger/periods/reopen-requests"
    refused = client.post(base, {"kind": "year", "start": "2025-01-01", "reason": "Koreksi"}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["code"] == "period_locked"
