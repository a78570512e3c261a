"""The closing-periods page: months of the fiscal year, who closed them when, and closing by a manager."""

import datetime as dt

import pytest
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.ledger.models import Period
from simpul.ledger.services import period_close

pytestmark = pytest.mark.calendar  # "too early" and the default year follow the cooperative's today


def url(cooperative, **query):
    base = reverse("ledger:periods", args=[cooperative.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_lists_the_twelve_months_and_the_year(client, cooperative, manager):
    period_close(
        cooperative=cooperative, actor=manager, start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28), kind="month"
    )
    client.force_login(manager)
    response = client.get(url(cooperative, tahun="2025"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="period-row"') == 13
    assert 'data-start="2025-02-01" data-closed="yes"' in body
    assert 'data-start="2025-03-01" data-closed="no"' in body
    assert manager.full_name in body
    assert 'data-testid="close-period"' in body


def test_manager_closes_a_month_and_the_year(client, cooperative, manager):
    client.force_login(manager)
    close = reverse("ledger:period_close", args=[cooperative.slug])
    response = client.post(close, {"kind": "month", "start": "2025-03-01"})
    assert response.status_code == 302 and response["Location"].endswith("?tahun=2025")
    period = Period.objects.get(cooperative=cooperative, kind="month")
    assert (period.start, period.end, period.closed_by) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31), manager)
    assert client.post(close, {"kind": "year", "start": "2025-01-01"}).status_code == 302
    body = client.get(url(cooperative, tahun="2025")).content.decode()
    assert 'data-kind="year" data-start="2025-01-01" data-closed="yes"' in body
    assert 'data-start="2025-04-01" data-closed="yes"' in body  # closed with the year


def test_closing_twice_or_too_early_is_refused(client, cooperative, manager):
    client.force_login(manager)
    close = reverse("ledger:period_close", args=[cooperative.slug])
    client.post(close, {"kind": "month", "start": "2025-03-01"})
    response = client.post(close, {"kind": "month", "start": "2025-03-01"})
    assert response.status_code == 400 and 'data-testid="close-error"' in response.content.decode()
    future = cooperative.today() + dt.timedelta(days=40)
    response = client.post(close, {"kind": "month", "start": future.replace(day=1).isoformat()})
    assert response.status_code == 400
    assert client.post(close, {"kind": "week", "start": "2025-03-01"}).status_code == 400
    assert client.post(close, {"kind": "year", "start": "2024-02-29"}).status_code == 400
    assert Period.objects.count() == 1


def test_supervisors_read_but_do_not_close(client, cooperative):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    response = client.get(url(cooperative))
    assert response.status_code == 200 and 'data-testid="close-period"' not in response.content.decode()
    close = reverse("ledger:period_close", args=[cooperative.slug])
    assert client.post(close, {"kind": "month", "start": "2025-03-01"}).status_code == 403
    assert not Period.objects.exists()
