"""The member list shows what a manager looks for: each member's total savings and simpanan wajib arrears, with
filters for them (behind on wajib, savings above or below an amount), in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import MemberStatus, SavingsKind
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2020, 1, 6)


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


@pytest.fixture
def members(cooperative, manager):
    """Wajib is Rp25.000 a month from this month: Siti paid it and saves more, Budi paid nothing, Agus has left."""
    today = cooperative.today()
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000)
    siti = MemberFactory.create(cooperative=cooperative, name="Siti Aminah", join_date=JOINED)
    budi = MemberFactory.create(cooperative=cooperative, name="Budi Santoso", join_date=JOINED)
    MemberFactory.create(
        cooperative=cooperative, name="Agus Salim", status=MemberStatus.RESIGNED, exit_date=datetime.date(2024, 1, 1)
    )
    for kind, amount in ((SavingsKind.POKOK, 100000), (SavingsKind.WAJIB, 25000), (SavingsKind.SUKARELA, 1500000)):
        savings_deposit(
            cooperative=cooperative, actor=manager, member_id=siti.pk, kind=kind, amount=Decimal(amount), date=today
        )
    savings_deposit(
        cooperative=cooperative, actor=manager, member_id=budi.pk, kind=SavingsKind.POKOK, amount=100000, date=today
    )
    return siti, budi


def _names(client, cooperative, **query: str) -> list[str]:
    response = client.get(reverse("members:list", args=[cooperative.slug]), query)
    assert response.status_code == 200
    return [member.name for member in response.context["page"].object_list]


def test_each_member_shows_total_savings_and_wajib_arrears(client, cooperative, manager, members):
    client.force_login(manager)
    response = client.get(reverse("members:list", args=[cooperative.slug]))
    figures = {m.name: (m.total_savings, m.wajib_arrears) for m in response.context["page"].object_list}
    assert figures == {
        "Agus Salim": (Decimal(0), Decimal(0)),  # left: owes no wajib
        "Budi Santoso": (Decimal("100000"), Decimal("25000")),
        "Siti Aminah": (Decimal("1625000"), Decimal(0)),
    }
    html = response.content.decode()
    assert 'data-testid="member-savings" data-label="Simpanan"' not in html  # the label comes first
    assert 'data-label="Simpanan" data-testid="member-savings">Rp1.625.000</td>' in html
    assert 'data-label="Tunggakan wajib" data-testid="member-arrears">Rp25.000</td>' in html


def test_filters_by_arrears_and_by_total_savings(client, cooperative, manager, members):
    client.force_login(manager)
    assert _names(client, cooperative, arrears="1") == ["Budi Santoso"]
    assert _names(client, cooperative, arrears="0") == ["Agus Salim", "Siti Aminah"]
    assert _names(client, cooperative, balance_min="100.000") == ["Budi Santoso", "Siti Aminah"]
    assert _names(client, cooperative, balance_min="Rp 1.000.000") == ["Siti Aminah"]
    assert _names(client, cooperative, balance_max="100000") == ["Agus Salim", "Budi Santoso"]
    assert _names(client, cooperative, balance_min="1", balance_max="200.000", arrears="1") == ["Budi Santoso"]
    assert _names(client, cooperative, arrears="nonsense") == ["Agus Salim", "Budi Santoso", "Siti Aminah"]
    partial = client.get(
        reverse("members:list", args=[cooperative.slug]), {"arrears": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Budi Santoso" in partial and "Siti Aminah" not in partial and "<html" not in partial


@pytest.mark.parametrize("typed", ["seratus ribu", "-5000", "1e9", "99999999999999999"])
def test_an_unreadable_amount_is_named_with_a_400(client, cooperative, manager, members, typed):
    client.force_login(manager)
    response = client.get(reverse("members:list", args=[cooperative.slug]), {"balance_min": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tulis jumlah dalam rupiah, misalnya 100.000." in html
    assert html.count('data-testid="member-row"') == 3  # the other filters still apply; this one is left out


def test_the_export_takes_the_same_filters(client, cooperative, manager, members):
    client.force_login(manager)
    response = client.get(reverse("members:export", args=[cooperative.slug]), {"arrears": "1"})
    assert response.status_code == 200


def test_a_cooperative_without_savings_products_shows_zeros(client, manager):
    cooperative = manager.roles.first().cooperative
    MemberFactory.create(cooperative=cooperative, name="Dewi Lestari")
    client.force_login(manager)
    response = client.get(reverse("members:list", args=[cooperative.slug]), {"arrears": "1"})
    assert response.status_code == 200 and list(response.context["page"].object_list) == []
    member = client.get(reverse("members:list", args=[cooperative.slug])).context["page"].object_list[0]
    assert (member.total_savings, member.wajib_arrears) == (Decimal(0), Decimal(0))


def _grow(cooperative, manager, count: int) -> None:
    for _number in range(count):
        member = MemberFactory.create(cooperative=cooperative, join_date=JOINED)
        savings_deposit(
            cooperative=cooperative,
            actor=manager,
            member_id=member.pk,
            kind=SavingsKind.SUKARELA,
            amount=Decimal(1000),
            date=cooperative.today(),
        )


@pytest.mark.parametrize("query", [{}, {"arrears": "1", "balance_min": "500"}])
def test_the_figures_cost_a_fixed_number_of_queries_for_5_or_50_members(client, cooperative, manager, query):
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000)
    url = reverse("members:list", args=[cooperative.slug])
    client.force_login(manager)
    _grow(cooperative, manager, 5)
    client.get(url, query)  # warm the session and the role cache
    with CaptureQueriesContext(connection) as five:
        response = client.get(url, query)
    assert response.content.decode().count('data-testid="member-row"') == 5
    _grow(cooperative, manager, 45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url, query)
    assert response.content.decode().count('data-testid="member-row"') == 25  # a page
    assert len(fifty) == len(five) <= 13
