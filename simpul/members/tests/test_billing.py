"""Wajib billing: months and amounts owed per member, hand-computed, with a change of the wajib amount."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse

from simpul.coops.models import Cooperative
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import MemberStatus, SavingsKind
from simpul.members.savings.selectors import wajib_arrear_rows, wajib_arrears, wajib_arrears_totals
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]  # billing runs up to the month of the cooperative's today


@pytest.fixture
def today(monkeypatch):
    """The cooperative's "today", settable: billing runs up to its month."""
    holder = {"day": datetime.date(2025, 5, 10)}
    monkeypatch.setattr(Cooperative, "today", lambda cooperative: holder["day"])
    return holder


def pay(cooperative, member, amount, day):
    return savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind=SavingsKind.WAJIB, amount=amount, date=day
    )


@pytest.fixture
def world(today):
    """Wajib from January 2025 at Rp25.000, Rp30.000 from May 2025; billing in June 2025."""
    cooperative = CooperativeFactory.create()
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )
    # Changed in May, from May on.
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=30000)
    # Joined before wajib started: owes Jan–Apr 4 × 25.000 + May–Jun 2 × 30.000 = 160.000, paid 50.000.
    ani = MemberFactory.create(
        cooperative=cooperative, name="Ani", join_date=datetime.date(2020, 1, 6), phone="+6281234567890"
    )
    pay(cooperative, ani, 25000, datetime.date(2025, 1, 10))
    pay(cooperative, ani, 25000, datetime.date(2025, 2, 10))
    # Joined 20 April: owes Apr 25.000 + May, Jun 2 × 30.000 = 85.000, paid nothing.
    budi = MemberFactory.create(cooperative=cooperative, name="Budi", join_date=datetime.date(2025, 4, 20))
    # Joined in March: owes 25.000 × 2 + 30.000 × 2 = 110.000, paid 100.000.
    citra = MemberFactory.create(cooperative=cooperative, name="Citra", join_date=datetime.date(2025, 3, 1))
    pay(cooperative, citra, 100000, datetime.date(2025, 3, 5))
    # Paid ahead: owes 160.000, paid 200.000.
    dedi = MemberFactory.create(cooperative=cooperative, name="Dedi", join_date=datetime.date(2024, 6, 1))
    pay(cooperative, dedi, 200000, datetime.date(2025, 2, 1))
    # Left, and another cooperative's member: never billed here.
    MemberFactory.create(
        cooperative=cooperative, name="Eko", status=MemberStatus.RESIGNED, exit_date=datetime.date(2024, 12, 1)
    )
    MemberFactory.create(name="Fajar")
    today["day"] = datetime.date(2025, 6, 15)
    return cooperative, {"ani": ani, "budi": budi, "citra": citra, "dedi": dedi}


def arrears(cooperative, **filters):
    schedule, members = wajib_arrears(cooperative, **filters)
    return [(a.member.name, a.months, a.arrears, a.last_paid) for a in wajib_arrear_rows(schedule, members)]


def test_months_and_amounts_owed_are_hand_computed(world):
    cooperative, _members = world
    assert arrears(cooperative) == [
        # Back from June: 30 + 30 + 25 + 25 = 110 covers four months.
        ("Ani", 4, Decimal("110000"), datetime.date(2025, 2, 10)),
        ("Budi", 3, Decimal("85000"), None),
        ("Citra", 1, Decimal("10000"), datetime.date(2025, 3, 5)),
    ]
    _schedule, members = wajib_arrears(cooperative)
    assert wajib_arrears_totals(members) == {"count": 3, "total": Decimal("205000")}


def test_filter_by_months_behind_and_name(world):
    cooperative, _members = world
    assert [row[0] for row in arrears(cooperative, min_months=4)] == ["Ani"]
    assert [row[0] for row in arrears(cooperative, min_months=3)] == ["Ani", "Budi"]
    assert [row[0] for row in arrears(cooperative, min_months=1)] == ["Ani", "Budi", "Citra"]
    assert [row[0] for row in arrears(cooperative, query="cit")] == ["Citra"]


def test_no_wajib_product_bills_nobody(today):
    cooperative = CooperativeFactory.create()
    MemberFactory.create(cooperative=cooperative)
    assert arrears(cooperative) == []


def test_billing_page_lists_whatsapp_links_and_no_phone(client, world):
    cooperative, members = world
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    response = client.get(reverse("members:wajib_billing", args=[cooperative.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Ani") < body.index("Budi") < body.index("Citra")
    assert "Dedi" not in body and "Eko" not in body and "Fajar" not in body
    assert "Rp205.000" in body and "Rp110.000" in body
    link = next(link for arrear, link in response.context["rows"] if arrear.member.name == "Ani")
    assert link.startswith("https://wa.me/6281234567890?text=")
    text = unquote(link.split("text=", 1)[1])
    assert "Ani" in text and cooperative.name in text and "4" in text and "Rp110.000" in text
    budi_row = body[body.index(f'data-testid="billing-row-{members["budi"].pk}"') :]
    assert budi_row.index('data-testid="billing-no-phone"') < budi_row.index("</tr>")


def test_billing_page_queries_do_not_grow_with_members(client, world, django_assert_max_num_queries):
    cooperative, _members = world
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    url = reverse("members:wajib_billing", args=[cooperative.slug])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(15):
        MemberFactory.create(cooperative=cooperative, name=f"Baru {index}", join_date=datetime.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 18
    assert len(many.captured_queries) == len(few.captured_queries)


def test_billing_excel_export(client, world):
    cooperative, _members = world
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    response = client.get(reverse("members:wajib_billing_xlsx", args=[cooperative.slug]), {"bulan": "3"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = [row[1] for row in values]
    assert "Ani" in names and "Budi" in names and "Citra" not in names
    assert values[-1][5] == 195000


def test_cashier_gets_403_and_a_stranger_404(client, world):
    cooperative, _members = world
    url = reverse("members:wajib_billing", args=[cooperative.slug])
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(url).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url).status_code == 404
