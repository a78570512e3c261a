"""sale_record: stock, the books, savings and kasbon in one transaction; online refusals; offline kept with problems."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError
from simpul.ledger import chart
from simpul.ledger.subledgers import problems
from simpul.mart import error_codes
from simpul.mart.models import Kasbon, Product, Sale, SaleLine, ShiftStatus, StockLevel, StockMove
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, balance, make_mart
from simpul.members.models import SavingsAccount

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def mart() -> Mart:
    return make_mart()


def sell(mart: Mart, lines, payments, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("client_id", uuid.uuid4())
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        lines=lines,
        payments=payments,
        **kwargs,
    )


def on_hand(mart: Mart, product) -> Decimal:  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(outlet=mart.outlet, product=product).quantity


def test_a_cash_sale_to_a_non_member_posts_stock_sales_and_cost(mart):
    result = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "3"}, {"product_id": mart.rice.pk, "quantity": "2.5"}],
        [{"method": "cash", "amount": "50000"}],
    )
    sale = result.sale
    assert not result.replayed
    assert sale.total == D(3 * 3500 + 35000) == D(45500)
    assert sale.change == D(4500) and sale.paid == D(50000)
    assert sale.cost == D(3 * 2800 + 30000)
    assert on_hand(mart, mart.noodles) == D(97) and on_hand(mart, mart.rice) == D("47.5")
    assert balance(mart.cooperative, chart.SALES_TO_NON_MEMBERS) == D(-45500)
    assert balance(mart.cooperative, chart.COST_OF_GOODS_SOLD_NON_MEMBERS) == D(38400)
    # The cash account holds what the sale brought in, not what was handed over.
    assert balance(mart.cooperative, chart.CASH) - D(50000) == D(45500)
    assert sale.number.endswith(f"-{sale.journal_entry.number}")
    assert problems(mart.cooperative) == []


def test_a_member_pays_the_member_price_from_savings_and_kasbon(mart):
    result = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "10"}],
        [{"method": "savings", "amount": "20000"}, {"method": "kasbon", "amount": "13000"}],
        member_id=mart.member.pk,
    )
    sale = result.sale
    assert sale.total == D(33000) and sale.member == mart.member
    assert SavingsAccount.objects.get(member=mart.member, product__kind="sukarela").balance == D(30000)
    assert Kasbon.objects.get(member=mart.member).balance == D(13000)
    assert balance(mart.cooperative, chart.SALES_TO_MEMBERS) == D(-33000)
    assert balance(mart.cooperative, chart.MART_KASBON_RECEIVABLES) == D(13000)
    assert balance(mart.cooperative, chart.COST_OF_GOODS_SOLD_MEMBERS) == D(28000)
    assert problems(mart.cooperative) == []  # savings subledger, stock and inventory agree with the books


def test_a_dus_sells_forty_pieces(mart):
    sale = sell(
        mart,
        [{"product_id": mart.noodles.pk, "unit_id": mart.dus.pk, "quantity": "1"}],
        [{"method": "qris", "amount": "140000"}],
    ).sale
    line = SaleLine.objects.get(sale=sale)
    assert line.base_quantity == D(40) and line.unit_price == D(140000)
    assert on_hand(mart, mart.noodles) == D(60)
    assert balance(mart.cooperative, chart.QRIS_CLEARING) == D(140000)


def test_taxed_goods_credit_ppn(mart):
    mart.noodles.taxed = True
    mart.noodles.save()
    sale = sell(mart, [{"product_id": mart.noodles.pk, "quantity": "2"}], [{"method": "cash", "amount": "7000"}]).sale
    assert sale.tax == D("693.69")
    assert balance(mart.cooperative, chart.TAX_PAYABLE) == D("-693.69")
    assert balance(mart.cooperative, chart.SALES_TO_NON_MEMBERS) == D("-6306.31")


def test_the_same_client_id_records_one_sale(mart):
    key = uuid.uuid4()
    lines = [{"product_id": mart.noodles.pk, "quantity": "1"}]
    first = sell(mart, lines, [{"method": "cash", "amount": "3500"}], client_id=key)
    again = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "1.000"}],
        [{"method": "cash", "amount": "3500.00"}],
        client_id=key,
    )
    assert again.replayed and again.sale.pk == first.sale.pk
    assert Sale.objects.count() == 1 and on_hand(mart, mart.noodles) == D(99)
    with pytest.raises(ConflictError) as refused:
        sell(
            mart,
            [{"product_id": mart.noodles.pk, "quantity": "2"}],
            [{"method": "cash", "amount": "7000"}],
            client_id=key,
        )
    assert refused.value.code == error_codes.CLIENT_ID_REUSED


@pytest.mark.parametrize(
    ("lines", "payments", "code"),
    [
        ([{"product_id": 0, "quantity": "1"}], [{"method": "cash", "amount": "5000"}], error_codes.UNKNOWN_PRODUCT),
        ("noodles:-1", [{"method": "cash", "amount": "5000"}], error_codes.INVALID_QUANTITY),
        ("noodles:1.5", [{"method": "cash", "amount": "9000"}], error_codes.INVALID_QUANTITY),
        ("noodles:abc", [{"method": "cash", "amount": "9000"}], error_codes.INVALID_QUANTITY),
        ("noodles:0", [{"method": "cash", "amount": "9000"}], error_codes.INVALID_QUANTITY),
        ("noodles:2", [{"method": "cash", "amount": "6999"}], error_codes.PAYMENT_SHORT),
        ("noodles:2", [{"method": "cash", "amount": "7rb"}], error_codes.INVALID_PRICE),
        ("noodles:2", [{"method": "cash", "amount": 7000.0}], error_codes.INVALID_PRICE),
        ("noodles:2", [{"method": "cheque", "amount": "7000"}], error_codes.PAYMENT_INVALID),
        # Owed by another cooperative: only a staple exchange sells so, never the till.
        ("noodles:2", [{"method": "receivable", "amount": "7000"}], error_codes.PAYMENT_INVALID),
        ("noodles:2", [{"method": "savings", "amount": "7000"}], error_codes.MEMBER_REQUIRED),
        ("noodles:2", [{"method": "qris", "amount": "8000"}], error_codes.PAYMENT_INVALID),
        ("noodles:101", [{"method": "cash", "amount": "400000"}], error_codes.INSUFFICIENT_STOCK),
        ("noodles:2", [], error_codes.PAYMENT_SHORT),
        ([], [{"method": "cash", "amount": "7000"}], error_codes.REQUIRED),
    ],
)
def test_bad_sales_are_refused_and_write_nothing(mart, lines, payments, code):
    if isinstance(lines, str):
        _name, quantity = lines.split(":")
        lines = [{"product_id": mart.noodles.pk, "quantity": quantity}]
    entries_before = mart.cooperative and balance(mart.cooperative, chart.CASH)
    with pytest.raises(ApplicationError) as refused:
        sell(mart, lines, payments)
    assert refused.value.code == code
    assert refused.value.message
    assert Sale.objects.count() == 0 and on_hand(mart, mart.noodles) == D(100)
    assert StockMove.objects.filter(kind="sale").count() == 0
    assert balance(mart.cooperative, chart.CASH) == entries_before


def test_discounts_within_the_managers_limits(mart):
    sale = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "10", "discount": "3500"}],
        [{"method": "cash", "amount": "31000"}],
        discount="1000",
    ).sale
    assert sale.subtotal == D(31500) and sale.total == D(30500)
    with pytest.raises(ApplicationError) as refused:
        sell(
            mart,
            [{"product_id": mart.noodles.pk, "quantity": "10", "discount": "3501"}],
            [{"method": "cash", "amount": "35000"}],
        )
    assert refused.value.code == error_codes.DISCOUNT_TOO_LARGE
    with pytest.raises(ApplicationError) as refused:
        sell(
            mart,
            [{"product_id": mart.noodles.pk, "quantity": "10"}],
            [{"method": "cash", "amount": "35000"}],
            discount="1751",
        )
    assert refused.value.code == error_codes.DISCOUNT_TOO_LARGE


def test_kasbon_over_the_limit_is_refused_online(mart):
    with pytest.raises(ApplicationError) as refused:
        sell(
            mart,
            [{"product_id": mart.rice.pk, "quantity": "8"}],
            [{"method": "kasbon", "amount": "108000"}],
            member_id=mart.member.pk,
        )
    assert refused.value.code == error_codes.KASBON_LIMIT


def test_savings_short_is_refused(mart):
    with pytest.raises(ApplicationError):
        sell(
            mart,
            [{"product_id": mart.rice.pk, "quantity": "4"}],
            [{"method": "savings", "amount": "54000"}],
            member_id=mart.member.pk,
        )
    assert SavingsAccount.objects.get(member=mart.member, product__kind="sukarela").balance == D(50000)


def test_a_sale_needs_an_open_shift_online(mart):
    mart.shift.status = ShiftStatus.CLOSED
    mart.shift.save()
    with pytest.raises(ApplicationError) as refused:
        sell(mart, [{"product_id": mart.noodles.pk, "quantity": "1"}], [{"method": "cash", "amount": "3500"}])
    assert refused.value.code == error_codes.NO_OPEN_SHIFT


def test_another_cooperatives_outlet_or_member_is_not_found(mart):
    other = make_mart()
    with pytest.raises(NotFoundError):
        sale_record(
            cooperative=mart.cooperative,
            actor=mart.cashier,
            outlet_id=other.outlet.pk,
            client_id=uuid.uuid4(),
            lines=[{"product_id": mart.noodles.pk, "quantity": "1"}],
            payments=[{"method": "cash", "amount": "3500"}],
        )
    with pytest.raises(NotFoundError):
        sell(
            mart,
            [{"product_id": mart.noodles.pk, "quantity": "1"}],
            [{"method": "cash", "amount": "3500"}],
            member_id=other.member.pk,
        )
    with pytest.raises(ApplicationError) as refused:
        sell(mart, [{"product_id": other.noodles.pk, "quantity": "1"}], [{"method": "cash", "amount": "3500"}])
    assert refused.value.code == error_codes.UNKNOWN_PRODUCT


def test_an_offline_sale_keeps_what_the_till_recorded_and_flags_the_differences(mart):
    mart.noodles.price = D(3800)
    mart.noodles.save()
    sold_at = timezone.now() - dt.timedelta(hours=2)
    sale = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "120", "unit_price": "3500"}],
        [{"method": "cash", "amount": "420000"}],
        offline=True,
        sold_at=sold_at,
        shift_id=mart.shift.pk,
    ).sale
    assert sale.total == D(420000) and sale.offline and sale.sold_at == sold_at
    assert on_hand(mart, mart.noodles) == D(-20)
    assert len(sale.problems) == 2  # price changed, stock below zero
    assert problems(mart.cooperative) == []  # still on-hand = moves and 1302 = stock value


def test_an_offline_sale_in_the_future_is_refused(mart):
    with pytest.raises(ApplicationError) as refused:
        sell(
            mart,
            [{"product_id": mart.noodles.pk, "quantity": "1"}],
            [{"method": "cash", "amount": "3500"}],
            offline=True,
            sold_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert refused.value.code == error_codes.SALE_IN_FUTURE


def test_selling_the_last_units_takes_the_whole_value(mart):
    sell(mart, [{"product_id": mart.noodles.pk, "quantity": "33"}], [{"method": "cash", "amount": "115500"}])
    sell(mart, [{"product_id": mart.noodles.pk, "quantity": "67"}], [{"method": "cash", "amount": "234500"}])
    level = StockLevel.objects.get(outlet=mart.outlet, product=mart.noodles)
    assert level.quantity == 0 and level.value == 0
    assert problems(mart.cooperative) == []


def test_an_offline_sale_from_a_closed_month_is_posted_today(mart):
    from simpul.ledger.services import period_close

    today = mart.cooperative.today()
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    period_close(
        cooperative=mart.cooperative,
        actor=mart.manager,
        start=last_month_end.replace(day=1),
        end=last_month_end,
        kind="month",
    )
    sold_at = timezone.make_aware(dt.datetime.combine(last_month_end, dt.time(12)), timezone.get_fixed_timezone(420))
    sale = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "1"}],
        [{"method": "cash", "amount": "3500"}],
        offline=True,
        sold_at=sold_at,
        shift_id=mart.shift.pk,
    ).sale
    assert sale.business_date == last_month_end
    assert sale.journal_entry.date == today
    assert any("ditutup" in problem or "closed" in problem for problem in sale.problems)


def test_verify_books_sees_a_stock_level_changed_behind_the_services_back(mart):
    StockLevel.objects.filter(outlet=mart.outlet, product=mart.noodles).update(quantity=D(90))
    found = problems(mart.cooperative)
    assert len(found) == 1 and "Mie Instan" in found[0]


def test_an_offline_savings_payment_the_balance_no_longer_covers_becomes_kasbon(mart):
    sale = sell(
        mart,
        [{"product_id": mart.rice.pk, "quantity": "4"}],
        [{"method": "savings", "amount": "54000"}],
        member_id=mart.member.pk,
        offline=True,
        sold_at=timezone.now() - dt.timedelta(minutes=30),
        shift_id=mart.shift.pk,
    ).sale
    assert sale.total == D(54000) and len(sale.problems) == 1
    assert [(p.method, p.amount) for p in sale.payments.all()] == [("kasbon", D(54000))]
    assert Kasbon.objects.get(member=mart.member).balance == D(54000)
    assert SavingsAccount.objects.get(member=mart.member, product__kind="sukarela").balance == D(50000)
    assert problems(mart.cooperative) == []


def test_a_product_never_stocked_at_the_outlet_is_refused_online_and_kept_offline(mart):
    """The products are read with their locked stock rows in one statement; a product with no row at the outlet
    yet takes the other way (its row created, then locked), online and offline."""
    soap = Product.objects.create(cooperative=mart.cooperative, sku="SABUN-1", name="Sabun Batang", price=D(4000))
    lines = [{"product_id": mart.noodles.pk, "quantity": "2"}, {"product_id": soap.pk, "quantity": "1"}]
    with pytest.raises(ApplicationError) as refused:
        sell(mart, lines, [{"method": "cash", "amount": "20000"}])
    assert refused.value.code == error_codes.INSUFFICIENT_STOCK
    assert "Sabun Batang" in str(refused.value)
    assert on_hand(mart, mart.noodles) == D(100)  # nothing written, the noodles' row unlocked and unchanged
    assert not Sale.objects.filter(cooperative=mart.cooperative).exists()

    sale = sell(mart, lines, [{"method": "cash", "amount": "20000"}], offline=True, shift_id=mart.shift.pk).sale
    assert sale.total == D(2 * 3500 + 4000)
    assert on_hand(mart, mart.noodles) == D(98) and on_hand(mart, soap) == D(-1)
    assert len(sale.problems) == 1  # soap below zero
    assert problems(mart.cooperative) == []


def test_the_answer_lists_what_was_written(mart):
    result = sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "1", "unit_id": mart.dus.pk}],
        [{"method": "cash", "amount": "150000"}],
        member_id=mart.member.pk,
    )
    assert result.lines is not None and result.payments is not None
    written = SaleLine.objects.get(sale=result.sale)
    (line,) = result.lines
    assert (line.product_id, line.unit_id) == (mart.noodles.pk, mart.dus.pk)
    assert (line.quantity, line.base_quantity, line.unit_price, line.total, line.cost) == (
        written.quantity,
        written.base_quantity,
        written.unit_price,
        written.total,
        written.cost,
    )
    (payment,) = result.payments
    assert (payment.method, payment.amount, payment.tendered) == ("cash", result.sale.total, D(150000))
