"""The cooperative's home page (/k/<slug>/) and the member portal's savings chart: every figure to the rupiah on the
worked example of simpul/ledger/tests/test_worked_example.py (read on 31 March 2026), the month cut in the
cooperative's own zone, who sees what, and a number of queries that does not grow with the data."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger import chart
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.ledger.tests.test_worked_example import books  # noqa: F401 - the worked example's fixture
from simpul.members.home.selectors import (
    member_counts_this_month,
    member_savings_months,
    members_figures,
    savings_by_product,
    wajib_arrears_figure,
)
from simpul.members.models import Member, MemberStatus, SavingsKind
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

D = Decimal
pytestmark = pytest.mark.django_db
# 10:00 WIB on 31 March 2026: the worked example's books run to 1 March 2026.
MARCH_31 = dt.datetime(2026, 3, 31, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def cooperative():
    """The worked example's cooperative (its `books` fixture builds on it), with its chart of accounts."""
    coop = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=coop)
    return coop


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


def home(cooperative):
    return reverse("coops:dashboard", args=[cooperative.slug])


def _member_a(books):  # noqa: F811
    """A, the worked example's first member."""
    return Member.objects.filter(cooperative=books).order_by("pk").first()


# --- the selectors ---------------------------------------------------------------------------------------------


def test_savings_by_product_and_the_wajib_arrears(books):  # noqa: F811
    totals = {line.product.kind: (line.total, line.savers) for line in savings_by_product(books)}
    assert totals == {
        SavingsKind.POKOK: (D(200000), 2),
        SavingsKind.WAJIB: (D(100000), 2),
        SavingsKind.SUKARELA: (D(150000), 1),
    }
    with time_machine.travel(MARCH_31, tick=False):
        arrears = wajib_arrears_figure(books)
    # Wajib is 25,000 a month from January 2025: 15 months owed by 31 March 2026 (375,000 each).
    # A paid 75,000 (300,000 behind), B 25,000 (350,000 behind).
    assert (arrears.members, arrears.total, arrears.has_wajib) == (2, D(650000), True)


def test_a_cooperative_without_wajib_owes_nothing():
    cooperative = CooperativeFactory.create()
    assert wajib_arrears_figure(cooperative).has_wajib is False
    assert savings_by_product(cooperative) == []


def test_members_this_month_in_the_cooperatives_own_zone():
    cooperative = CooperativeFactory.create()  # Bandung: WIB
    MemberFactory.create(cooperative=cooperative, join_date=dt.date(2026, 3, 15))
    MemberFactory.create(cooperative=cooperative, join_date=dt.date(2026, 4, 1))
    MemberFactory.create(
        cooperative=cooperative, status=MemberStatus.RESIGNED, exit_date=dt.date(2026, 4, 1), exit_reason="Pindah"
    )
    MemberFactory.create(
        cooperative=cooperative, status=MemberStatus.DECEASED, exit_date=dt.date(2026, 3, 2), exit_reason="Wafat"
    )
    # 20:00 UTC on 31 March is 03:00 WIB on 1 April: the month is April.
    with time_machine.travel(dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC), tick=False):
        today = cooperative.today()
        counts = member_counts_this_month(cooperative, today)
    assert today == dt.date(2026, 4, 1)
    assert (counts.month, counts.active, counts.joined, counts.left, counts.left_total) == (
        dt.date(2026, 4, 1),
        2,
        1,
        1,
        2,
    )
    march = member_counts_this_month(cooperative, dt.date(2026, 3, 31))
    assert (march.joined, march.left) == (1, 1)


def test_a_members_savings_month_by_month(books):  # noqa: F811
    a = _member_a(books)
    months = member_savings_months(books, a, dt.date(2026, 3, 31))
    assert [m.month for m in months][0::11] == [dt.date(2025, 4, 1), dt.date(2026, 3, 1)]
    # Brought forward: pokok 100,000 + wajib 50,000 + sukarela 200,000; 50,000 withdrawn on 20 April 2025;
    # wajib 25,000 on 10 January 2026.
    assert [m.balance for m in months] == [D(300000)] * 9 + [D(325000)] * 3
    assert member_savings_months(books, a, dt.date(2025, 3, 31))[-1].balance == D(350000)


def test_members_and_savings_per_cooperative(books):  # noqa: F811
    empty = CooperativeFactory.create()
    figures = members_figures(cooperative_ids=[books.pk, empty.pk])
    assert figures == {books.pk: {"members": 2, "savings": D(450000)}}


# --- the page --------------------------------------------------------------------------------------------------


def _chart(html: str) -> dict:
    found = re.search(r'<script id="home-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


@pytest.mark.parametrize("kind", [RoleKind.MANAGER, RoleKind.SUPERVISOR])
def test_the_home_page_shows_the_figures(client, books, kind):  # noqa: F811
    client.force_login(person_with_role(kind, books))
    with time_machine.travel(MARCH_31, tick=False):
        response = client.get(home(books))
    assert response.status_code == 200
    html = response.content.decode()
    for testid, text in {
        "figure-cash-total": "Rp15.280.000",
        "figure-savings-total": "Rp450.000",
        "figure-savings-sukarela": "Rp150.000",
        "figure-members-active": "2",
        "figure-arrears-total": "Rp650.000",
        "figure-arrears-members": "2",
        "figure-result-current": "Rp100.000",
        "figure-result-previous": "Rp0",
    }.items():
        assert re.search(rf'data-testid="{testid}"[^>]*>.*?{re.escape(text)}', html, re.S), testid
    chart_data = _chart(html)
    assert len(chart_data["labels"]) == 12
    assert chart_data["savings"][-1] == "450000.00" and chart_data["results"][-2:] == ["150000.00", "-50000.00"]
    assert html.count('data-testid="home-posting"') == 5
    first_entry = re.search(r'data-testid="home-posting">\s*<a href="([^"]+)"', html)
    assert first_entry and first_entry.group(1).startswith(f"/k/{books.slug}/buku/jurnal/")
    assert "vendor/chartjs/chart.umd.min.js" in html and "simpul/charts.js" in html
    assert ('data-testid="add-outlet"' in html) is (kind == RoleKind.MANAGER)


def test_the_same_span_last_year_on_the_page(client, books):  # noqa: F811
    client.force_login(person_with_role(RoleKind.SUPERVISOR, books))
    with time_machine.travel(dt.datetime(2026, 6, 30, 3, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(home(books)).content.decode()
    assert re.search(r'data-testid="figure-result-previous">Rp400\.000<', html)
    assert re.search(r'data-testid="figure-result-change">−?-?Rp300\.000<', html)


def test_figures_are_for_staff_who_read_the_books_only(client, books):  # noqa: F811
    client.force_login(person_with_role(RoleKind.MEMBER, books))
    assert client.get(home(books)).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(home(books)).status_code == 404


def _grow(cooperative, manager, members: int, day: dt.date) -> None:
    """More members with deposits, and more entries, spread over the year."""
    for n in range(members):
        member = MemberFactory.create(cooperative=cooperative)
        savings_deposit(
            cooperative=cooperative,
            actor=manager,
            member_id=member.pk,
            kind=SavingsKind.POKOK,
            amount=D(100000),
            date=day - dt.timedelta(days=n * 11 % 300),
        )
        journal_post(
            cooperative=cooperative,
            actor=manager,
            date=day - dt.timedelta(days=n * 7 % 300),
            description=f"Penjualan {n}",
            lines=[(chart.CASH, D(15000), D(0)), (chart.SALES_TO_MEMBERS, D(0), D(15000))],
        )


def test_the_home_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    savings_products_setup(
        cooperative=cooperative,
        actor=manager,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=dt.date(2025, 1, 1),
    )
    client.force_login(manager)
    day = dt.date(2026, 3, 20)
    with time_machine.travel(dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        _grow(cooperative, manager, 2, day)
        with CaptureQueriesContext(connection) as few:
            assert client.get(home(cooperative)).status_code == 200
        _grow(cooperative, manager, 25, day)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as many:
            response = client.get(home(cooperative))
    assert len(many) == len(few)
    assert re.search(r'data-testid="figure-members-active">27<', response.content.decode())


# --- the member portal -------------------------------------------------------------------------------------------


def test_the_portal_draws_the_members_savings_over_12_months(client, books):  # noqa: F811
    a = _member_a(books)
    user = person_with_role(RoleKind.MEMBER, books)
    Member.objects.filter(pk=a.pk).update(user=user)
    client.force_login(user)
    url = reverse("members:portal_home", args=[books.slug])
    with time_machine.travel(MARCH_31, tick=False):
        with CaptureQueriesContext(connection) as few:
            html = client.get(url).content.decode()
        for day in range(1, 20):  # 2025 is closed
            savings_deposit(
                cooperative=books,
                actor=None,
                member_id=a.pk,
                kind=SavingsKind.SUKARELA,
                amount=D(1000),
                date=dt.date(2026, 2, day),
            )
        with CaptureQueriesContext(connection) as many:
            more = client.get(url).content.decode()
    assert len(many) == len(few)
    found = re.search(r'<script id="portal-savings-data" type="application/json">(.*?)</script>', html, re.S)
    assert found
    data = json.loads(found.group(1))
    assert len(data["labels"]) == 12 and data["savings"] == ["300000.00"] * 9 + ["325000.00"] * 3
    assert 'data-testid="portal-savings-chart"' in html and "vendor/chartjs/chart.umd.min.js" in html
    assert '"344000.00"' in more  # February 2026 on: 19 deposits of 1,000 more
