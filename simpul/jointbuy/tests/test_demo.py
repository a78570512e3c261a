"""Belanja Bareng's demo: what `seed_demo` leaves in the Bandung network, read through the app's reports, selectors
and pages (and the books), never its allocation or commitment rows.

The demo is seeded once for this module (inside a transaction rolled back at the end); each test runs in its own
savepoint on top of it."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, NETWORK_SLUG
from simpul.coops.models import Cooperative, Network
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.core.models import User
from simpul.jointbuy.demo import register_demo
from simpul.jointbuy.demo.catalogue import PREMIUM_RICE
from simpul.jointbuy.demo.seed import OPEN_COOPERATIVES, PAST_COOPERATIVES
from simpul.jointbuy.models import (
    CentralBill,
    CentralBillPayment,
    ItemStatus,
    PaymentRoute,
    Round,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
)
from simpul.jointbuy.reports import round_report
from simpul.jointbuy.selectors import own_estimate, round_item_totals
from simpul.ledger import chart
from simpul.ledger.models import JournalLine
from simpul.ledger.subledgers import problems
from simpul.mart.models import GoodsReceiptLine, StockLevel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    register_demo()
    with demo_seeded(django_db_blocker):
        yield


def _network() -> Network:
    return Network.objects.get(slug=NETWORK_SLUG)


def _round(status: str) -> Round:
    return Round.objects.get(network=_network(), status=status)


def _user(key: str) -> User:
    return User.objects.get(email=next(login.email for login in DEMO_LOGINS if login.key == key))


def _balance(cooperative_id: int, account: str, entries: list[int] | None = None) -> Decimal:
    lines = JournalLine.objects.filter(cooperative_id=cooperative_id, account__code=account)
    if entries is not None:
        lines = lines.filter(entry_id__in=entries)
    sums = lines.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    return (sums["debit"] or Decimal(0)) - (sums["credit"] or Decimal(0))


def test_the_network_has_one_past_and_one_open_round():
    assert sorted(Round.objects.filter(network=_network()).values_list("status", flat=True)) == [
        RoundStatus.COMPLETED,
        RoundStatus.OPEN,
    ]


def test_the_past_round_was_capped_reached_its_tiers_and_was_delivered_in_full():
    past = _round(RoundStatus.COMPLETED)
    assert past.payment_route == PaymentRoute.CENTRAL
    report = round_report(past)
    assert len(report.items) == 5
    assert all(line.item.status == ItemStatus.ORDERED for line in report.items)
    for line in report.items:
        # Every case allocated arrived (good or damaged: what the receipts recorded).
        assert line.received_cases == line.allocated_cases > 0
        assert line.tier is not None and line.item.price == line.tier.price
    capped = next(line for line in report.items if line.item.supplier_code == PREMIUM_RICE.code)
    assert PREMIUM_RICE.max_cases is not None
    assert capped.allocated_cases == PREMIUM_RICE.max_cases < capped.asked_cases
    # Past the first tier for every item: the volume bought a lower price than a first-tier order would pay.
    assert all(line.tier is not None and line.tier.min_cases > 1 for line in report.items)
    assert report.total.saving > 0
    assert report.cooperatives is not None and len(report.cooperatives) == PAST_COOPERATIVES
    assert all(row.figures.cases > 0 for row in report.cooperatives)
    # Each supplier delivered to each cooperative, on time.
    assert all(s.receipts == s.due == PAST_COOPERATIVES and s.on_time == s.receipts for s in report.suppliers)
    assert not RoundSupplier.objects.filter(round=past, confirmed_at__isnull=True).exists()


def test_the_goods_entered_each_marts_stock_at_the_rounds_price():
    past = _round(RoundStatus.COMPLETED)
    prices = {line.item.standard_product_id: line.item.price for line in round_report(past).items}
    receipts = RoundReceipt.objects.filter(round=past).select_related("goods_receipt")
    assert receipts.count() == PAST_COOPERATIVES * 2  # two suppliers
    for receipt in receipts:
        lines = GoodsReceiptLine.objects.filter(receipt=receipt.goods_receipt).select_related("product")
        assert lines.exists()
        for line in lines:
            assert line.unit_cost == prices[line.product.standard_id]
            assert StockLevel.objects.filter(cooperative=receipt.cooperative, product=line.product).exists()


def test_every_central_bill_is_paid_and_agrees_in_both_books():
    past = _round(RoundStatus.COMPLETED)
    network = _network()
    coordinator = network.coordinator_cooperative
    assert coordinator is not None
    bills = list(CentralBill.objects.filter(round=past).select_related("receipt__goods_receipt"))
    assert len(bills) == PAST_COOPERATIVES * 2
    for bill in bills:
        assert bill.coordinator_id == coordinator.pk
        assert bill.paid == bill.amount == bill.receipt.goods_receipt.total > 0
        # The member owes it (Cr 2104 by its goods receipt) and paid it (Dr 2104): at the bill's amount.
        receipt_entry = [bill.receipt.goods_receipt.journal_entry_id]
        assert _balance(bill.cooperative_id, chart.MART_PAYABLES, receipt_entry) == -bill.amount
        payments = CentralBillPayment.objects.filter(bill=bill).select_related("member_payment")
        assert sum(p.amount for p in payments) == bill.amount
        assert sum(p.member_payment.amount for p in payments) == bill.amount
        # The coordinator billed it (Dr 1202 / Cr 2104) and was paid it (Cr 1202): the same amount.
        assert _balance(coordinator.pk, chart.NON_MEMBER_RECEIVABLES, [bill.coordinator_entry_id]) == bill.amount
        assert _balance(coordinator.pk, chart.MART_PAYABLES, [bill.coordinator_entry_id]) == -bill.amount
        paid_in = [p.coordinator_entry_id for p in payments]
        assert _balance(coordinator.pk, chart.NON_MEMBER_RECEIVABLES, paid_in) == -bill.amount
    # The coordinator is owed nothing more and owes the suppliers nothing: it paid them what its members paid it.
    assert _balance(coordinator.pk, chart.NON_MEMBER_RECEIVABLES) == 0
    assert _balance(coordinator.pk, chart.MART_PAYABLES) == 0
    for cooperative in Cooperative.objects.filter(pk__in={bill.cooperative_id for bill in bills} | {coordinator.pk}):
        assert problems(cooperative) == [], cooperative.slug


def test_the_open_round_has_commitments_and_live_totals():
    open_round = _round(RoundStatus.OPEN)
    assert open_round.closes_at > timezone.now() > open_round.opens_at
    totals = round_item_totals(open_round)
    assert totals and all(total.cooperatives == OPEN_COOPERATIVES and total.cases > 0 for total in totals)
    assert all(total.tier is not None for total in totals)
    assert any(total.next_tier is not None and (total.cases_to_next or 0) > 0 for total in totals)
    demo = Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)
    lines, cost, saving = own_estimate(open_round, demo)
    assert lines and cost > 0 and saving > 0


def test_the_demo_manager_and_the_coordinator_see_the_open_round(client):
    open_round = _round(RoundStatus.OPEN)
    client.force_login(_user("manager"))
    page = client.get(reverse("jointbuy:member_round", args=[DEMO_COOPERATIVE_SLUG, open_round.pk]))
    assert page.status_code == 200
    assert open_round.title in page.content.decode()
    client.force_login(_user("coordinator"))
    page = client.get(reverse("jointbuy:network_round", args=[NETWORK_SLUG, open_round.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="commitment-row"') >= OPEN_COOPERATIVES


def test_the_second_manager_login_manages_a_cooperative_of_the_network():
    partner = next(login for login in DEMO_LOGINS if login.key == "partner_manager")
    cooperative = Cooperative.objects.get(slug=partner.organisation_slug)
    assert _network().memberships.filter(cooperative=cooperative, status="active").exists()
    assert _user("partner_manager").roles.filter(cooperative=cooperative, kind="manager").exists()


def test_seeding_again_creates_nothing():
    before = (Round.objects.count(), CentralBill.objects.count(), JournalLine.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (Round.objects.count(), CentralBill.objects.count(), JournalLine.objects.count()) == before
    assert "nothing new" in out.getvalue()


def test_the_past_round_shows_on_its_pages(client):
    past = _round(RoundStatus.COMPLETED)
    client.force_login(_user("coordinator"))
    pages: list[tuple[str, list[object]]] = [
        ("jointbuy:network_round", [NETWORK_SLUG, past.pk]),
        ("jointbuy:network_round_report", [NETWORK_SLUG, past.pk]),
        ("jointbuy:network_price_report", [NETWORK_SLUG]),
    ]
    for name, args in pages:
        page = client.get(reverse(name, args=args))
        assert page.status_code == 200, name
        assert past.title in page.content.decode() or name == "jointbuy:network_price_report"
    client.force_login(_user("manager"))
    page = client.get(reverse("jointbuy:member_round", args=[DEMO_COOPERATIVE_SLUG, past.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="allocation-line"') == 5
    client.force_login(_user("supplier"))
    page = client.get(reverse("jointbuy:supplier_orders"))
    assert page.status_code == 200 and past.title in page.content.decode()
