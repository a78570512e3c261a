"""What seed_demo adds above coops: member registers, savings histories and a year of books.

The demo is seeded once for this module (inside a transaction rolled back at the end); each test runs in its own
savepoint on top of it. The books are checked here too: members sit above the ledger and may read it."""

import datetime
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, demo_plan
from simpul.coops.models import Cooperative
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.core.models import AuditLog, User
from simpul.ledger import chart
from simpul.ledger.demo import demo_books_scopes
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import Account, JournalEntry, JournalLine
from simpul.ledger.selectors import balance_sheet, trial_balance
from simpul.members.demo.plan import (
    DEPOSIT,
    CooperativeMembersPlan,
    cooperative_members_plan,
    demo_scopes,
    history_start,
)
from simpul.members.models import (
    Member,
    MemberStatus,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    SavingsTransactionKind,
)
from simpul.members.savings.selectors import wajib_arrears
from simpul.members.validators import validate_nik
from tests.clock import parse_clock

MEMBER_LOGIN = next(login for login in DEMO_LOGINS if login.key == "member")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker):
        yield


# calendar: the demo is planned back from the day it is seeded; `make test` runs these again under each clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo"), pytest.mark.calendar]


def _main() -> Cooperative:
    return Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)


def _daily_balances(cooperative: Cooperative, codes: list[str]) -> dict[str, list[tuple[datetime.date, Decimal]]]:
    """Each account's balance (debit minus credit) at the end of every day it moved."""
    moves: dict[str, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for code, day, debit, credit in JournalLine.objects.filter(
        cooperative=cooperative, account__code__in=codes
    ).values_list("account__code", "date", "debit", "credit"):
        moves[code][day] += Decimal(debit) - Decimal(credit)
    result = {}
    for code, days in moves.items():
        running, series = Decimal(0), []
        for day in sorted(days):
            running += days[day]
            series.append((day, running))
        result[code] = series
    return result


def test_member_registers_by_size():
    plan = demo_plan()
    scopes = demo_scopes(plan)
    counts = {c.slug: Member.objects.filter(cooperative=c).count() for c in Cooperative.objects.all()}
    assert counts[DEMO_COOPERATIVE_SLUG] == 300
    assert sum(1 for slug, n in counts.items() if slug != DEMO_COOPERATIVE_SLUG and 30 <= n <= 200) >= 3
    assert sum(1 for n in counts.values() if 0 < n < 10) >= 5
    assert sum(1 for n in counts.values() if n == 0) > len(counts) / 2
    assert {slug for slug, n in counts.items() if n} == set(scopes)
    # Numbers run 1..n in the order members joined.
    main = Member.objects.filter(cooperative=_main()).order_by("number")
    assert list(main.values_list("number", flat=True)) == list(range(1, 301))
    joins = list(main.values_list("join_date", flat=True))
    assert joins == sorted(joins)
    assert AuditLog.objects.filter(event="member.registered").count() == Member.objects.count()


def test_members_look_real_with_valid_niks():
    for member in Member.objects.select_related("cooperative", "village"):
        assert validate_nik(member.nik, gender=member.gender, birth_date=member.birth_date) == member.nik
        assert member.nik[:6] == member.village.district_code.replace(".", "")
        assert member.village.district_code == member.cooperative.district_code
        assert member.phone == "" or member.phone.startswith("+628")
        assert member.join_date >= member.birth_date.replace(year=member.birth_date.year + 18)
        assert member.join_date <= member.cooperative.today()
        assert len(member.name.split()) <= 3
    main = Member.objects.filter(cooperative=_main())
    assert main.values("name").distinct().count() > 200
    producers = main.filter(is_producer=True)
    assert producers.count() >= 10
    assert not producers.filter(business_name="").exists()
    assert not main.filter(is_producer=False).exclude(business_name="").exists()


def test_a_few_members_left_and_were_paid_out():
    left = Member.objects.filter(cooperative=_main()).exclude(status=MemberStatus.ACTIVE)
    assert {MemberStatus.RESIGNED, MemberStatus.DECEASED} <= set(left.values_list("status", flat=True))
    assert 3 <= left.count() <= 30
    assert AuditLog.objects.filter(event="member.exited", target_id__in=[str(m.pk) for m in left]).count() == len(left)
    for member in left:
        assert member.exit_date is not None and member.exit_reason
        assert not SavingsAccount.objects.filter(member=member, balance__gt=0).exists()


def test_savings_products_and_histories():
    main = _main()
    products = {p.kind: p for p in SavingsProduct.objects.filter(cooperative=main)}
    assert products[SavingsKind.POKOK].fixed_amount == Decimal(100_000)
    assert products[SavingsKind.WAJIB].fixed_amount == Decimal(25_000)
    assert SavingsKind.SUKARELA in products
    transactions = SavingsTransaction.objects.filter(cooperative=main)
    assert transactions.count() > 1500
    today = main.today()
    start = history_start(today)
    months = transactions.filter(account__product__kind=SavingsKind.WAJIB, date__gte=start)
    assert len({(d.year, d.month) for d in months.values_list("date", flat=True)}) >= 11
    assert transactions.filter(account__product__kind=SavingsKind.SUKARELA, kind=SavingsTransactionKind.WITHDRAWAL)
    assert not transactions.filter(date__gt=today).exists()
    # Every active member paid the pokok once; every transaction has its entry and its audit row.
    for member in Member.objects.filter(cooperative=main, status=MemberStatus.ACTIVE):
        assert SavingsAccount.objects.get(member=member, product=products[SavingsKind.POKOK]).balance == 100_000
    assert JournalEntry.objects.filter(cooperative=main, source="savings").count() == transactions.count()
    savings_audit = AuditLog.objects.filter(cooperative_id=main.pk, event__in=["savings.deposit", "savings.withdrawal"])
    assert savings_audit.count() == transactions.count()
    # The sharia KSPPS labels its products by contract.
    sharia = Cooperative.objects.filter(pk__in=SavingsProduct.objects.values("cooperative"), is_sharia=True)
    assert SavingsProduct.objects.filter(cooperative__in=sharia).exclude(sharia_contract="").exists()


def test_the_history_reaches_the_seeding_day(request):
    """The demo is planned back from the cooperative's own today, in its zone: under `--clock` the pinned day."""
    main = _main()
    today = main.today()
    clock = request.config.getoption("--clock")
    if clock:
        assert today == parse_clock(clock).astimezone(ZoneInfo(main.timezone)).date()
    deposits = SavingsTransaction.objects.filter(cooperative=main, kind=SavingsTransactionKind.DEPOSIT)
    last = deposits.latest("date", "id").date
    # Members pay wajib on a day from the 1st to the 28th; who pays later than today paid today.
    assert last == today if today.day <= 28 else (last.year, last.month) == (today.year, today.month)
    this_month = deposits.filter(account__product__kind=SavingsKind.WAJIB, date__gte=today.replace(day=1))
    assert this_month.count() >= 50


def test_some_members_are_behind_on_wajib():
    for slug in demo_scopes(demo_plan()):
        cooperative = Cooperative.objects.get(slug=slug)
        members = Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).count()
        _schedule, behind = wajib_arrears(cooperative)
        if members >= 30:
            assert 0 < behind.count() < members / 2, slug


def test_the_demo_member_login_is_linked_with_a_rich_history(client):
    user = User.objects.get(email=MEMBER_LOGIN.email)
    member = Member.objects.get(user=user)
    assert member.cooperative.slug == DEMO_COOPERATIVE_SLUG
    assert (member.name, member.phone, member.status) == (MEMBER_LOGIN.full_name, MEMBER_LOGIN.phone, "active")
    history = SavingsTransaction.objects.filter(account__member=member)
    today = member.cooperative.today()
    wajib = history.filter(account__product__kind=SavingsKind.WAJIB, date__gte=history_start(today))
    assert wajib.count() >= 11
    sukarela = history.filter(account__product__kind=SavingsKind.SUKARELA)
    assert sukarela.filter(kind=SavingsTransactionKind.DEPOSIT).count() >= 10
    assert sukarela.filter(kind=SavingsTransactionKind.WITHDRAWAL).count() >= 2
    _schedule, behind = wajib_arrears(member.cooperative)
    assert member not in behind  # pays on the 5th of every month, or by today early in a month
    client.force_login(user)
    assert client.get(MEMBER_LOGIN.path).status_code == 200


def test_books_balance_and_the_chain_is_intact():
    out = StringIO()
    call_command("verify_books", stdout=out)
    assert "BROKEN" not in out.getvalue()
    for cooperative in Cooperative.objects.filter(pk__in=JournalEntry.objects.values("cooperative")):
        assert verify_chain(cooperative).intact
        today = cooperative.today()
        assert trial_balance(cooperative=cooperative, start=history_start(today), end=today).is_balanced
        assert balance_sheet(cooperative=cooperative, as_of=today).is_balanced
        assert not JournalEntry.objects.filter(cooperative=cooperative, date__gt=today).exists()


def test_a_year_of_books_with_member_and_non_member_revenue():
    plan = demo_plan()
    for slug in demo_books_scopes(plan):
        cooperative = Cooperative.objects.get(slug=slug)
        today = cooperative.today()
        entries = JournalEntry.objects.filter(cooperative=cooperative)
        opening = entries.get(source="opening")
        assert opening.date == history_start(today) - datetime.timedelta(days=1)
        assert entries.filter(source="manual").count() >= 150
        assert not entries.filter(date__lt=opening.date).exists()
        sheet = trial_balance(cooperative=cooperative, start=history_start(today), end=today)
        moved = {row.account.code: row for row in sheet.rows}
        assert moved[chart.SALES_TO_MEMBERS].credit > moved[chart.SALES_TO_NON_MEMBERS].credit > 0
        for code in (chart.COST_OF_GOODS_SOLD, "5201.01", "5201.02", chart.INVENTORY, chart.TRADE_PAYABLES):
            assert moved[code].debit > 0, (slug, code)
        assert moved[chart.FIXED_ASSETS].debit > 0
        if not (today.month == 4 and today.day < 14):
            assert moved[chart.CURRENT_YEAR_SHU].debit > 0  # last year's SHU divided at the RAT in April
        # The running year's result and the years before it (the demo closes only the year of the RAT it accepts,
        # held 75 days after that year's end, so the year just ended stays open): on 1 January the running year has
        # no entries yet, so its own result alone may be zero.
        sheet_today = balance_sheet(cooperative=cooperative, as_of=today)
        assert sheet_today.current_result + sheet_today.earlier_result > 0, slug
    # Sub-accounts of the operating expenses came through the service, with their audit rows.
    main = _main()
    assert Account.objects.filter(cooperative=main, parent__code=chart.OPERATING_EXPENSES).count() == 4
    assert AuditLog.objects.filter(cooperative_id=main.pk, event="ledger.account_created").count() == 4
    first_manual = JournalEntry.objects.filter(cooperative=main, source="manual").select_related("posted_by").first()
    assert first_manual is not None and first_manual.posted_by is not None
    assert (first_manual.posted_by.email or "").startswith("pengurus@")


def test_cash_bank_and_stock_never_go_below_zero():
    for cooperative in Cooperative.objects.filter(pk__in=JournalEntry.objects.values("cooperative")):
        series = _daily_balances(cooperative, [chart.CASH, chart.BANK, chart.INVENTORY])
        for code, days in series.items():
            assert all(balance >= 0 for _day, balance in days), (cooperative.slug, code)
    # The demo cooperative keeps a working float in its cash box at every month's end, not everything.
    days = _daily_balances(_main(), [chart.CASH])[chart.CASH]
    for day, balance in days:
        if (day + datetime.timedelta(days=1)).day == 1:
            assert Decimal(1_000_000) <= balance <= Decimal(30_000_000), day


def test_entries_are_written_in_indonesian():
    descriptions = JournalEntry.objects.filter(cooperative=_main()).values_list("description", flat=True)
    for text in descriptions:
        assert not text.startswith(("Deposit", "Withdrawal")), text
    assert any(text.startswith("Penjualan tunai") and "non-anggota" in text for text in descriptions)


def test_member_plan_is_deterministic():
    main = _main()
    plan = demo_plan()
    scope = demo_scopes(plan)[DEMO_COOPERATIVE_SLUG]
    founded_on = main.founded_on
    assert founded_on is not None

    def plan_on(today: datetime.date) -> CooperativeMembersPlan:
        return cooperative_members_plan(
            slug=main.slug, scope=scope, founded_on=founded_on, village=main.village_id, today=today
        )

    assert plan_on(datetime.date(2026, 5, 20)) == plan_on(datetime.date(2026, 5, 20))
    # And the seeded register is that plan for the seeding day.
    seeded = plan_on(main.today())
    assert [m.nik for m in seeded.members] == list(
        Member.objects.filter(cooperative=main).order_by("number").values_list("nik", flat=True)
    )
    deposits = [e for e in seeded.events if e.step == DEPOSIT]
    assert (
        len(deposits)
        == SavingsTransaction.objects.filter(cooperative=main, kind=SavingsTransactionKind.DEPOSIT).count()
    )


def test_a_second_run_changes_nothing():
    models = [Member, SavingsAccount, SavingsTransaction, SavingsProduct, JournalEntry, JournalLine, Account, AuditLog]
    before = {model.__name__: model._default_manager.count() for model in models}
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "created nothing new" in out.getvalue()
    assert {model.__name__: model._default_manager.count() for model in models} == before
