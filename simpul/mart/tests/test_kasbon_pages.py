"""Kasbon repayments, the receipt and the member's history in the browser and the API: the desk repays (cash, QRIS
or transfer), the staff read; another cooperative's member or repayment is 404 (the role matrix is
tests/test_routes.py's)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import person_with_role
from simpul.mart.models import Kasbon, KasbonRepayment
from simpul.mart.sales import kasbon as kasbon_module
from simpul.mart.sales.kasbon import kasbon_limit_set, kasbon_repay
from simpul.mart.shifts.services import shift_open
from simpul.mart.tests.shifts_support import sell, shop
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def s():
    return shop()


def _owing(s, soaps=4):
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(500000))
    sell(s, [(s.soap, Decimal(soaps), Decimal(5000))], member=member, method="kasbon")
    return member


def test_the_desk_repays_and_prints_the_receipt(s):
    member = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    cashier = _client(s.cashier)
    url = reverse("mart:kasbon_member", args=[s.cooperative.slug, member.pk])
    page = cashier.get(url).content.decode()
    assert 'name="method" value="qris"' in page and "Transfer bank" in page
    assert reverse("mart:kasbon_history", args=[s.cooperative.slug, member.pk]) in page
    done = cashier.post(url, {"action": "repay", "amount": "7.500", "method": "qris"})
    repayment = KasbonRepayment.objects.get(member=member)
    assert done.status_code == 302
    assert done["Location"] == reverse("mart:kasbon_receipt", args=[s.cooperative.slug, repayment.pk])
    assert repayment.method == "qris" and repayment.amount == Decimal(7500) and repayment.shift == shift
    receipt = cashier.get(done["Location"])
    assert receipt.status_code == 200
    text = receipt.content.decode()
    assert repayment.number in text and "Rp7.500" in text and "Rp12.500" in text and "QRIS" in text
    assert 'data-testid="kasbon-receipt-print"' in text and "paper-80" in text
    assert "paper-58" in cashier.get(done["Location"], {"kertas": "58"}).content.decode()
    # Without a method: cash, as before.
    assert cashier.post(url, {"action": "repay", "amount": "2.500"}).status_code == 302
    assert KasbonRepayment.objects.filter(member=member, method="cash").count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"amount": "99.000"}, "pelunasan tidak boleh lebih"),
        ({"amount": "1.000", "method": "kasbon"}, 'id="id_method_error"'),
        ({"amount": "nol"}, 'id="id_amount_error"'),
        ({"amount": ""}, 'id="id_amount_error"'),
    ],
)
def test_bad_repayments_on_the_page_write_nothing(s, form, message):
    member = _owing(s)
    url = reverse("mart:kasbon_member", args=[s.cooperative.slug, member.pk])
    refused = _client(s.cashier).post(url, {"action": "repay", **form})
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not KasbonRepayment.objects.filter(member=member).exists()
    assert Kasbon.objects.get(member=member).balance == Decimal(20000)


def test_the_history_page_with_its_running_balance_and_pages(s, monkeypatch):
    member = _owing(s)
    first = kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(5000))
    sell(s, [(s.soap, Decimal(1), Decimal(5000))], member=member, method="kasbon")
    kasbon_repay(
        cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(2000), method="transfer"
    )
    url = reverse("mart:kasbon_history", args=[s.cooperative.slug, member.pk])
    page = _client(s.cashier).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    kinds = re.findall(r'data-testid="kasbon-history-row" data-kind="(\w+)"', text)
    assert kinds == ["repayment", "sale", "repayment", "sale"]
    owed = re.findall(r'data-testid="kasbon-history-owed">([^<]+)<', text)
    assert owed == ["Rp18.000", "Rp20.000", "Rp15.000", "Rp20.000"]
    assert 'data-testid="kasbon-history-balance">Rp18.000' in text
    assert reverse("mart:kasbon_receipt", args=[s.cooperative.slug, first.pk]) in text
    assert "Transfer bank" in text and "Riwayat kasbon" in text
    monkeypatch.setattr(kasbon_module, "HISTORY_PAGE_SIZE", 3)
    second = _client(s.manager).get(url, {"halaman": "2"}).content.decode()
    assert re.findall(r'data-testid="kasbon-history-owed">([^<]+)<', second) == ["Rp20.000"]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    supervisor = person_with_role("supervisor", s.cooperative)
    assert _client(supervisor).get(url).status_code == 200
    empty = MemberFactory.create(cooperative=s.cooperative)
    blank = _client(s.cashier).get(reverse("mart:kasbon_history", args=[s.cooperative.slug, empty.pk]))
    assert blank.status_code == 200 and 'data-testid="kasbon-history-empty"' in blank.content.decode()


def test_the_history_page_reads_the_same_queries_however_long(s, django_assert_num_queries):
    member = _owing(s, soaps=40)
    kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(1000))
    client = _client(s.cashier)
    url = reverse("mart:kasbon_history", args=[s.cooperative.slug, member.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for _ in range(8):
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(1000))
        sell(s, [(s.soap, Decimal(1), Decimal(5000))], member=member, method="kasbon")
    with django_assert_num_queries(len(short.captured_queries)):
        assert client.get(url).status_code == 200


def test_another_cooperatives_member_and_receipt_are_404(s):
    other = shop()
    theirs = _owing(other)
    repayment = kasbon_repay(cooperative=other.cooperative, actor=other.cashier, member_id=theirs.pk, amount=Decimal(1))
    mine = _client(s.manager)
    slug = s.cooperative.slug
    assert mine.get(reverse("mart:kasbon_history", args=[slug, theirs.pk])).status_code == 404
    assert mine.get(reverse("mart:kasbon_receipt", args=[slug, repayment.pk])).status_code == 404
    api = f"/api/v1/cooperatives/{slug}/mart/kasbon/{theirs.pk}"
    assert mine.get(f"{api}/history").status_code == 404
    assert mine.post(f"{api}/repayments", {"amount": "1"}, content_type=JSON).status_code == 404
    assert _client(other.cashier).get(reverse("mart:kasbon_receipt", args=[other.cooperative.slug, repayment.pk]))
    assert Kasbon.objects.get(member=theirs).balance == Decimal(19999)
    anonymous = Client().get(reverse("mart:kasbon_receipt", args=[other.cooperative.slug, repayment.pk]))
    assert anonymous.status_code == 302


def test_the_api_repays_by_each_method_and_lists_the_history(s):
    member = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    client = _client(s.cashier)
    base = f"/api/v1/cooperatives/{s.cooperative.slug}/mart"
    made = client.post(
        f"{base}/kasbon/{member.pk}/repayments", {"amount": "6000", "method": "transfer"}, content_type=JSON
    )
    assert made.status_code == 201, made.content
    body = made.json()
    row = KasbonRepayment.objects.get(member=member)
    assert body["id"] == row.pk and body["number"] == row.number and body["method"] == "transfer"
    assert body["amount"] == "6000.00" and body["balance_after"] == "14000.00" and body["balance"] == "14000.00"
    assert body["shift_id"] == shift.pk and body["cashier_id"] == s.cashier.pk and body["member_id"] == member.pk
    assert body["journal_entry"] == row.journal_entry.number
    cash = client.post(f"{base}/kasbon/{member.pk}/repayments", {"amount": "1000"}, content_type=JSON)
    assert cash.status_code == 201 and cash.json()["method"] == "cash"
    for payload, code in [
        ({"amount": "1000", "method": "savings"}, "payment_invalid"),
        ({"amount": "1000", "method": "x" * 21}, None),
        ({"amount": "13000.01"}, "repayment_too_large"),
        ({"amount": "-5"}, None),
    ]:
        refused = client.post(f"{base}/kasbon/{member.pk}/repayments", payload, content_type=JSON)
        assert 400 <= refused.status_code < 500, (payload, refused.content)
        if code:
            assert refused.json()["code"] == code
    assert KasbonRepayment.objects.filter(member=member).count() == 2
    z = client.get(f"{base}/shifts/{shift.pk}/z-report").json()
    assert z["kasbon_repaid"] == "7000.00" and z["kasbon_repaid_cash"] == "1000.00"
    assert z["cash_expected"] == "1000.00"
    history = client.get(f"{base}/kasbon/{member.pk}/history").json()
    assert history["balance"] == "13000.00" and history["has_more"] is False and history["page"] == 1
    assert [(i["kind"], i["change"], i["balance"], i["method"]) for i in history["items"]] == [
        ("repayment", "-1000.00", "13000.00", "cash"),
        ("repayment", "-6000.00", "14000.00", "transfer"),
        ("sale", "20000.00", "20000.00", ""),
    ]
    assert client.get(f"{base}/kasbon/{member.pk}/history", {"page": "0"}).status_code == 422


def test_the_z_report_page_shows_the_kasbon_repaid(s):
    member = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(3000))
    kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(4000), method="qris")
    text = _client(s.cashier).get(reverse("mart:shift_z", args=[s.cooperative.slug, shift.pk])).content.decode()
    assert re.search(r'data-testid="z-kasbon-repaid">Rp7\.000<', text)
    assert re.search(r'data-testid="z-kasbon-cash">Rp3\.000<', text)
    assert re.search(r'data-testid="z-expected">Rp3\.000<', text)
