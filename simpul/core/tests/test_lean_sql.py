"""lean_sql writes and reads rows exactly as the ORM does, and on PostgreSQL its statements get prepared."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simpul.core import lean_sql
from simpul.core.models import AuditLog, User
from simpul.ledger.models import Account


@pytest.fixture
def user(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create(full_name="Siti Aminah", email="siti@example.invalid")


def test_an_inserted_row_reads_back_through_the_orm_unchanged(user):
    created = timezone.now()
    values = {
        "actor": user.pk,
        "region_code": "32.73.01.1001",
        "event": "uji.lean_sql",
        "target_type": "core.user",
        "target_id": str(user.pk),
        "target_label": "Siti “Aminah” — ü",
        "changes": {"amount": "150000.25", "list": [1, None, "ü"]},
        "ip_address": "10.0.0.7",
        "created_at": created,
    }
    pk = lean_sql.insert_row(AuditLog, values)
    row = AuditLog.objects.get(pk=pk)
    assert (row.actor_id, row.region_code, row.target_label) == (user.pk, "32.73.01.1001", "Siti “Aminah” — ü")
    assert row.changes == {"amount": "150000.25", "list": [1, None, "ü"]}
    assert (row.ip_address, row.created_at, row.cooperative_id) == ("10.0.0.7", created, None)


def test_instance_converts_as_the_orm_and_defers_what_was_not_selected(cooperative_with_chart):
    account = Account.objects.get(cooperative=cooperative_with_chart, code="1101")
    names = ("id", "code", "is_system")
    with lean_sql.cursor() as cursor:
        cursor.execute(
            f"SELECT {lean_sql.columns(Account, 'a', names)} FROM ledger_account a WHERE a.id = %s", [account.pk]
        )
        loaded = lean_sql.instance(Account, cursor.fetchone(), names)
    assert (loaded.pk, loaded.code, loaded.is_system) == (account.pk, "1101", True)
    assert loaded.get_deferred_fields() >= {"name", "kind"}
    assert loaded.name == account.name  # a deferred field loads when read


def test_decimals_and_dates_round_trip_exactly(cooperative_with_chart, user):
    from simpul.ledger.models import AccountMonth, Period

    period = Period(
        cooperative=cooperative_with_chart, kind="month", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)
    )
    names = ("cooperative", "kind", "start", "end", "closed_at", "closed_by")
    lean_sql.saved(period, lean_sql.insert_row(Period, lean_sql.instance_values(period, names)))
    assert period.pk is not None and not period._state.adding
    closed = timezone.now()
    lean_sql.run_writes(
        [lean_sql.update_write("close", Period, period.pk, {"closed_at": closed, "closed_by": user.pk})]
    )
    stored = Period.objects.get(pk=period.pk)
    assert (stored.start, stored.end, stored.closed_at, stored.closed_by_id) == (
        dt.date(2026, 2, 1), dt.date(2026, 2, 28), closed, user.pk
    )  # fmt: skip
    account = Account.objects.get(cooperative=cooperative_with_chart, code="1101")
    pk = lean_sql.insert_row(
        AccountMonth,
        {"cooperative": cooperative_with_chart.pk, "account": account.pk, "month": dt.date(2026, 2, 1),
         "debit": Decimal("123456789012.34"), "credit": Decimal("0.01")},
    )  # fmt: skip
    month = AccountMonth.objects.get(pk=pk)
    assert (month.debit, month.credit) == (Decimal("123456789012.34"), Decimal("0.01"))


def test_a_statement_sent_five_times_is_prepared_on_postgresql(user):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    for n in range(6):
        lean_sql.insert_row(AuditLog, {"region_code": "", "event": f"uji.{n}", "target_type": "x", "target_id": "1",
                                       "target_label": "", "changes": {}, "created_at": timezone.now()})  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(statement.startswith('INSERT INTO "core_auditlog"') for statement in prepared), prepared


@pytest.fixture
def cooperative_with_chart(db):  # type: ignore[no-untyped-def]
    from simpul.coops.tests.factories import CooperativeFactory
    from simpul.ledger.services import chart_of_accounts_create

    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    return cooperative


@pytest.mark.calendar
def test_a_deposit_into_an_open_account_sends_few_statements(cooperative_with_chart, user):
    """The posting path stays lean: a regression guard on the number of statements (ADR 0005)."""
    from django.test.utils import CaptureQueriesContext

    from simpul.members.savings.services import savings_deposit, savings_products_setup
    from simpul.members.tests.factories import MemberFactory

    savings_products_setup(cooperative=cooperative_with_chart, actor=user, pokok_amount=100_000, wajib_amount=25_000)
    member = MemberFactory.create(cooperative=cooperative_with_chart)
    today = cooperative_with_chart.today()  # the cooperative's day: a later one is refused as in the future
    savings_deposit(cooperative=cooperative_with_chart, actor=user, member_id=member.pk, kind="sukarela",
                    amount=Decimal(5000), date=today)  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        moved = savings_deposit(cooperative=cooperative_with_chart, actor=user, member_id=member.pk,
                                kind="sukarela", amount=Decimal("7500.50"), date=today)  # fmt: skip
    assert moved.balance_after == Decimal("12500.50")
    # The test runs inside a transaction, so the service's own transaction is a savepoint here.
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(control)]
    # Locks and checks one by one; on PostgreSQL the entry's writes and the savings writes are one statement each.
    assert len(statements) <= (6 if connection.vendor == "postgresql" else 11), statements
    moved.refresh_from_db()
    audit = AuditLog.objects.get(event="savings.deposit", target_id=str(moved.pk))
    assert audit.changes["journal_entry"] == moved.journal_entry.number
    assert moved.journal_entry.lines.count() == 2


def _audit_values(event: str) -> dict[str, object]:
    return {"region_code": "", "event": event, "target_type": "core.auditlog", "target_label": "",
            "changes": {"n": 1}, "created_at": timezone.now()}  # fmt: skip


def test_writes_that_name_an_earlier_id_are_written_together(user):
    first = lean_sql.insert_write("first", AuditLog, [{**_audit_values("uji.first"), "target_id": "-"}], returning=True)
    rows = [{**_audit_values(f"uji.next.{n}"), "target_id": lean_sql.Earlier("first")} for n in range(2)]
    following = lean_sql.insert_write("following", AuditLog, rows)
    second = lean_sql.insert_write(
        "second", AuditLog, [{**_audit_values("uji.second"), "target_id": "-"}], returning=True
    )
    renamed = lean_sql.update_write("renamed", User, user.pk, {"full_name": "Siti Rahma"})
    with CaptureQueriesContext(connection) as captured:
        ids = lean_sql.run_writes([first, following, second, renamed])
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 4)
    if connection.vendor == "postgresql":
        # Sent with PostgreSQL's own placeholders, as built once for this shape: psycopg does not parse it again.
        sent = captured.captured_queries[0]["sql"]
        assert sent.startswith("WITH written_first AS (INSERT") and "$1" in sent and "%s" not in sent
    assert set(ids) == {"first", "second"} and ids["first"] != ids["second"]
    assert AuditLog.objects.get(pk=ids["first"]).event == "uji.first"
    assert AuditLog.objects.get(pk=ids["second"]).event == "uji.second"
    pointing = AuditLog.objects.filter(event__startswith="uji.next.").order_by("event")
    assert [row.target_id for row in pointing] == [str(ids["first"])] * 2
    assert User.objects.get(pk=user.pk).full_name == "Siti Rahma"


def test_when_one_write_fails_none_of_them_stays(user):
    good = lean_sql.insert_write("good", AuditLog, [{**_audit_values("uji.good"), "target_id": "-"}], returning=True)
    broken = lean_sql.insert_write("broken", AuditLog, [{**_audit_values("uji.broken"), "event": None,
                                                         "target_id": lean_sql.Earlier("good")}])  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        lean_sql.run_writes([good, broken])
    assert not AuditLog.objects.filter(event__startswith="uji.").exists()


def test_placeholders_are_numbered_in_order_and_a_literal_percent_is_refused():
    assert lean_sql._numbered("SELECT %s, %s FROM t WHERE a = %s") == "SELECT $1, $2 FROM t WHERE a = $3"
    assert lean_sql._numbered("SELECT 1") == "SELECT 1"
    with pytest.raises(AssertionError):
        lean_sql._numbered("SELECT %s WHERE name LIKE 'a%'")
