"""The trial balance and the neraca of a big cooperative: 2,000,000 journal lines over three years.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.ledger_reports [--quick]

Builds one cooperative with the standard chart plus 154 sub-accounts (cash per teller, banks, loans, inventory and
sales per goods category, suppliers, expenses) and 2,000,000 journal lines (--quick: 100,000) dated evenly over
2023–2025: entries of 2 to 6 lines (3.3 on average) of realistic kinds (cash sales to members and non-members with
their cost, till baskets, savings, loans and repayments, purchases on credit, supplier payments, expenses, bank
transfers, monthly depreciation), each balanced. Eight smaller cooperatives on the same server hold another
1,000,000 lines (--quick: 50,000), interleaved by date as a shared server receives them, so the measured
cooperative's lines are not the whole table.

Loading does not call `journal_post` 600,000 times: entries and lines are generated in Python and written with
COPY on PostgreSQL (`bulk_create` on SQLite) in one transaction with `session_replication_role = replica`, so the
foreign-key triggers and the deferred balance trigger do not fire per row; one query afterwards checks that every
entry balances and every line is on its own cooperative's account. The hash chain is real (`entry_content` and
`chain_hash` as `journal_post` computes them; the sequence row carries the last number and hash), so
`manage.py verify_books` accepts the data; no audit rows are written for the bulk-loaded entries. The month
totals that `journal_post` keeps as it posts are computed from the lines at the end of the load
(`month_totals.rebuild`). Then
VACUUM ANALYZE, as autovacuum gives a live system (the visibility map lets index-only scans skip the table).

It then times, in turn, 30 runs (--quick: 10) after warm-up runs that also check the selectors against SQL:
- `simpul.ledger.selectors.trial_balance(cooperative, start, end)` for 2025 (opening balances before the year, the
  year's postings) and `balance_sheet(as_of=2025-12-31)` (everything up to that day), as the pages call them:
  whole months from the month totals, the lines only for a month the range cuts (none here);
- baselines in plain SQL through a cursor: the same sums (opening and within the year for the trial balance,
  cumulative for the neraca), and the plain sum of the year's lines grouped by account.
Target on PostgreSQL: p95 under 300 ms for each selector.
"""

import datetime as dt
import heapq
import random
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from bench._common import (
    arguments,
    database_version,
    machine,
    make_cooperatives,
    measure,
    percentile,
    print_result,
    print_table,
    setup_django,
    timed,
)

LINES = 2_000_000
QUICK_LINES = 100_000
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
YEAR_START = dt.date(2025, 1, 1)  # the year whose reports are timed: the last one
RUNS = 30
QUICK_RUNS = 10
WARM_UP = 3
TARGET_P95_MS = 300
SEED = 2_000_000
BATCH_ENTRIES = 20_000
# Smaller cooperatives on the same server, their lines interleaved by date: half as many lines again in all.
NEIGHBOURS = 8

# Sub-accounts a large KSU keeps under the standard chart: (parent code, how many, name pattern).
SUB_ACCOUNTS = {
    "1101": (6, "Kas Teller {}"),
    "1102": (4, "Bank {}"),
    "1201": (5, "Piutang Pinjaman Anggota {}"),
    "1301": (20, "Persediaan Kategori {}"),
    "1501": (5, "Aset Tetap Golongan {}"),
    "1502": (5, "Akumulasi Penyusutan Golongan {}"),
    "2101": (20, "Utang Pemasok {}"),
    "4101": (20, "Penjualan Anggota Kategori {}"),
    "4102": (20, "Penjualan Non-Anggota Kategori {}"),
    "4901": (4, "Pendapatan Lain {}"),
    "5101": (20, "HPP Kategori {}"),
    "5201": (25, "Beban {}"),
}


class Chart:
    """Account ids and codes by role, for the generator."""

    def __init__(self, cooperative: Any) -> None:
        from simpul.ledger.models import Account

        accounts = list(Account.objects.filter(cooperative=cooperative).values_list("id", "code", "parent__code"))
        self.code = {pk: code for pk, code, _parent in accounts}
        children: dict[str, list[int]] = {}
        by_code = {code: pk for pk, code, _parent in accounts}
        for pk, _code, parent in accounts:
            if parent:
                children.setdefault(parent, []).append(pk)

        def leaves(code: str) -> list[int]:
            return sorted(children.get(code, [])) or [by_code[code]]

        self.cash, self.bank, self.loans = leaves("1101"), leaves("1102"), leaves("1201")
        self.non_member_receivable = leaves("1202")[0]
        self.inventory, self.payables = leaves("1301"), leaves("2101")
        self.sukarela, self.wajib = leaves("2201")[0], leaves("3102")[0]
        self.sales_members, self.sales_others = leaves("4101"), leaves("4102")
        self.other_income, self.cost, self.expenses = leaves("4901"), leaves("5101"), leaves("5201")
        self.fixed_assets, self.depreciation = leaves("1501"), leaves("1502")


def add_sub_accounts(cooperative: Any) -> None:
    """Through the service, as a manager adds them: each one is a books event the verifier replays."""
    from simpul.core.models import User
    from simpul.ledger.services import account_create

    manager, _created = User.objects.get_or_create(
        email="pengurus-ledger@bench.invalid", defaults={"full_name": "Pengurus Bench"}
    )
    for code, (count, pattern) in SUB_ACCOUNTS.items():
        for n in range(1, count + 1):
            account_create(
                cooperative=cooperative, actor=manager, parent_code=code, code=f"{code}.{n:02d}",
                name=pattern.format(n),
            )  # fmt: skip


# --- the entries: (description, [(account id, debit, credit), ...]) with whole-rupiah amounts --------------------

Lines = list[tuple[int, int, int]]


def _amount(rng: random.Random, low: int, high: int) -> int:
    """A price-like amount: log-uniform between low and high, rounded to hundreds of rupiah."""
    return _hundreds(low * (high / low) ** rng.random())


def _hundreds(amount: float) -> int:
    return max(100, int(round(amount, -2)))


def _sale(rng: random.Random, chart: Chart, sales: list[int]) -> Lines:
    k = rng.randrange(len(sales))
    amount = _amount(rng, 5_000, 2_000_000)
    cost = _hundreds(amount * 0.8)
    cash = rng.choice(chart.cash)
    return [(cash, amount, 0), (sales[k], 0, amount), (chart.cost[k], cost, 0), (chart.inventory[k], 0, cost)]


def _basket(rng: random.Random, chart: Chart) -> Lines:
    """A till basket over several categories; its cost is posted by the daily cost entry."""
    parts = [(k, _amount(rng, 5_000, 500_000)) for k in rng.sample(range(len(chart.sales_members)), rng.randint(2, 4))]
    lines: Lines = [(rng.choice(chart.cash), sum(a for _k, a in parts), 0)]
    return lines + [(chart.sales_members[k], 0, a) for k, a in parts]


def _daily_cost(rng: random.Random, chart: Chart) -> Lines:
    parts = [(k, _amount(rng, 100_000, 20_000_000)) for k in rng.sample(range(len(chart.cost)), 3)]
    return [(chart.cost[k], a, 0) for k, a in parts] + [(chart.inventory[k], 0, a) for k, a in parts]


def _savings_in(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 10_000, 5_000_000)
    return [(rng.choice(chart.cash), amount, 0), (rng.choice([chart.sukarela, chart.wajib]), 0, amount)]


def _savings_out(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 10_000, 2_000_000)
    return [(chart.sukarela, amount, 0), (rng.choice(chart.cash), 0, amount)]


def _loan(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 1_000_000, 50_000_000)
    return [(rng.choice(chart.loans), amount, 0), (rng.choice(chart.cash + chart.bank), 0, amount)]


def _repayment(rng: random.Random, chart: Chart) -> Lines:
    principal = _amount(rng, 100_000, 5_000_000)
    service = _hundreds(principal * 0.015)
    return [
        (rng.choice(chart.cash), principal + service, 0),
        (rng.choice(chart.loans), 0, principal),
        (chart.other_income[0], 0, service),
    ]


def _purchase(rng: random.Random, chart: Chart) -> Lines:
    parts = [(k, _amount(rng, 200_000, 30_000_000)) for k in rng.sample(range(len(chart.inventory)), rng.randint(1, 4))]
    lines: Lines = [(chart.inventory[k], a, 0) for k, a in parts]
    return [*lines, (rng.choice(chart.payables), 0, sum(a for _k, a in parts))]


def _supplier_payment(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 500_000, 50_000_000)
    return [(rng.choice(chart.payables), amount, 0), (rng.choice(chart.bank), 0, amount)]


def _credit_sale(rng: random.Random, chart: Chart) -> Lines:
    k = rng.randrange(len(chart.sales_others))
    amount = _amount(rng, 100_000, 10_000_000)
    return [(chart.non_member_receivable, amount, 0), (chart.sales_others[k], 0, amount)]


def _expenses(rng: random.Random, chart: Chart) -> Lines:
    parts = [(e, _amount(rng, 20_000, 5_000_000)) for e in rng.sample(chart.expenses, rng.randint(1, 5))]
    lines: Lines = [(e, a, 0) for e, a in parts]
    return [*lines, (rng.choice(chart.cash), 0, sum(a for _e, a in parts))]


def _to_bank(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 1_000_000, 100_000_000)
    return [(rng.choice(chart.bank), amount, 0), (rng.choice(chart.cash), 0, amount)]


def _depreciation(rng: random.Random, chart: Chart) -> Lines:
    k = rng.randrange(len(chart.depreciation))
    amount = _amount(rng, 100_000, 5_000_000)
    return [(chart.expenses[-1], amount, 0), (chart.depreciation[k], 0, amount)]


def _asset(rng: random.Random, chart: Chart) -> Lines:
    amount = _amount(rng, 1_000_000, 200_000_000)
    return [(rng.choice(chart.fixed_assets), amount, 0), (rng.choice(chart.bank), 0, amount)]


KINDS: list[tuple[str, int, Callable[[random.Random, Chart], Lines]]] = [
    ("Penjualan tunai kepada anggota", 26, lambda rng, chart: _sale(rng, chart, chart.sales_members)),
    ("Penjualan tunai kepada non-anggota", 12, lambda rng, chart: _sale(rng, chart, chart.sales_others)),
    ("Penjualan kasir beberapa kategori", 10, _basket),
    ("Harga pokok penjualan harian", 2, _daily_cost),
    ("Setoran simpanan anggota", 16, _savings_in),
    ("Penarikan simpanan sukarela", 5, _savings_out),
    ("Pencairan pinjaman anggota", 3, _loan),
    ("Angsuran pinjaman anggota", 7, _repayment),
    ("Pembelian barang secara kredit", 6, _purchase),
    ("Pembayaran utang pemasok", 3, _supplier_payment),
    ("Penjualan kredit kepada non-anggota", 3, _credit_sale),
    ("Pembayaran beban operasional", 5, _expenses),
    ("Setoran kas ke bank", 2, _to_bank),
    ("Penyusutan aset tetap", 0, _depreciation),  # weight 0: posted monthly below
    ("Pembelian aset tetap", 0, _asset),
]
PICK = [(description, make) for description, weight, make in KINDS for _ in range(weight)]


# Amounts are whole rupiah as int: entry_content formats them with two decimals like Decimals.
Entry = tuple[Any, dt.date, int, str, dt.datetime, list[Any], Lines]


def generate(cooperative: Any, chart: Chart, total_lines: int, rng: random.Random) -> Iterator[Entry]:
    """Entries in date order: (cooperative, date, number, description, created_at, hash lines, lines), exactly
    `total_lines` lines."""
    from simpul.ledger.hashing import LineContent

    days = (LAST_DAY - FIRST_DAY).days + 1
    written = 0
    number = 0
    last_month = None
    while written < total_lines:
        day = FIRST_DAY + dt.timedelta(days=written * days // total_lines)
        left = total_lines - written
        if day.month != last_month and left >= 20:
            last_month = day.month
            made = [("Penyusutan aset tetap", _depreciation(rng, chart))]
            if day.month in (1, 7):
                made.append(("Pembelian aset tetap", _asset(rng, chart)))
        else:
            description, make = rng.choice(PICK)
            lines = make(rng, chart)
            if len(lines) > left or left - len(lines) == 1:  # end on exactly `total_lines`
                lines = _savings_in(rng, chart) if left != 3 else _repayment(rng, chart)
                description = "Setoran simpanan anggota" if left != 3 else "Angsuran pinjaman anggota"
            made = [(description, lines)]
        for description, lines in made:
            number += 1
            written += len(lines)
            created = dt.datetime.combine(day, dt.time(1), tzinfo=dt.UTC) + dt.timedelta(seconds=number % 36_000)
            coded = [
                LineContent(chart.code[account], cooperative.pk, cooperative.pk, day, Decimal(debit), Decimal(credit))
                for account, debit, credit in lines
            ]
            yield cooperative, day, number, description, created, coded, lines


# --- writing: COPY on PostgreSQL, bulk_create on SQLite ----------------------------------------------------------

ENTRY_COLUMNS = (
    "id, cooperative_id, number, date, description, source, reverses_id, posted_by_id, attachment, created_at, "
    "previous_hash, hash, attachment_sha256"
)
LINE_COLUMNS = "id, cooperative_id, entry_id, account_id, date, debit, credit"


def _write_batch(vendor: str, entries: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    from simpul.ledger.models import JournalEntry, JournalLine

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY ledger_journalentry ({ENTRY_COLUMNS}) FROM STDIN") as copy:
                for row in entries:
                    copy.write_row(row)
            with cursor.copy(f"COPY ledger_journalline ({LINE_COLUMNS}) FROM STDIN") as copy:
                for row in lines:
                    copy.write_row(row)
        return
    JournalEntry.objects.bulk_create(
        JournalEntry(
            id=e[0], cooperative_id=e[1], number=e[2], date=e[3], description=e[4], source=e[5], created_at=e[9],
            previous_hash=e[10], hash=e[11],
        )
        for e in entries
    )  # fmt: skip
    JournalLine.objects.bulk_create(
        (
            JournalLine(
                id=r[0], cooperative_id=r[1], entry_id=r[2], account_id=r[3], date=r[4], debit=r[5], credit=r[6]
            )
            for r in lines
        ),
        batch_size=2000,
    )


def _next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def load(books: list[tuple[Any, int]], rng: random.Random) -> dict[int, int]:
    """Write the journals of (cooperative, lines) interleaved by date, as a shared server receives them day by day.
    Returns the number of entries per cooperative id."""
    from django.db import connection, transaction

    from simpul.ledger import month_totals
    from simpul.ledger.hashing import chain_hash, entry_content
    from simpul.ledger.models import GENESIS_HASH, JournalSequence

    vendor = connection.vendor
    streams = [
        generate(cooperative, Chart(cooperative), total, random.Random(rng.random())) for cooperative, total in books
    ]
    entry_id, line_id = _next_id("ledger_journalentry"), _next_id("ledger_journalline")
    previous = {cooperative.pk: GENESIS_HASH for cooperative, _total in books}
    count = dict.fromkeys(previous, 0)
    entries: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    with transaction.atomic():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                # Triggers (the foreign keys' and the balance check's) off for this transaction: check_books below.
                cursor.execute("SET LOCAL session_replication_role = replica")
        for cooperative, day, number, description, created, coded, posted in heapq.merge(*streams, key=_day):
            pk = cooperative.pk
            content = entry_content(
                cooperative_id=pk, number=number, entry_date=day, description=description,
                source="bench", reverses_number=None, posted_by_id=None, created_at=created, attachment_sha256="",
                lines=coded,
            )  # fmt: skip
            digest = chain_hash(previous[pk], content)
            entries.append(
                (entry_id, pk, number, day, description, "bench", None, None, "", created, previous[pk], digest, "")
            )
            for account, debit, credit in posted:
                lines.append((line_id, pk, entry_id, account, day, debit, credit))
                line_id += 1
            entry_id += 1
            previous[pk] = digest
            count[pk] = number
            if len(entries) == BATCH_ENTRIES:
                _write_batch(vendor, entries, lines)
                entries, lines = [], []
        if entries:
            _write_batch(vendor, entries, lines)
        for pk, number in count.items():  # the events chain (the chart) is already on the row
            JournalSequence.objects.filter(cooperative_id=pk).update(last_number=number, last_hash=previous[pk])
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("ledger_journalentry", "ledger_journalline"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    # What journal_post keeps as it posts, computed once from the bulk-loaded lines.
    month_totals.rebuild()
    return count


def _day(entry: Entry) -> dt.date:
    return entry[1]


def check_books() -> None:
    """What the skipped triggers would have refused: an unbalanced entry, a line on another cooperative's account."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT entry_id FROM ledger_journalline "
            "GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)) unbalanced"
        )
        unbalanced = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id "
            "WHERE a.cooperative_id <> l.cooperative_id"
        )
        foreign = cursor.fetchone()[0]
    if unbalanced or foreign:
        raise SystemExit(f"Bad bench data: {unbalanced} unbalanced entries, {foreign} lines on foreign accounts")


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) ledger_journalline")
            cursor.execute("VACUUM (ANALYZE) ledger_journalentry")
            cursor.execute("VACUUM (ANALYZE) ledger_accountmonth")
        cursor.execute("ANALYZE")


# --- what is timed -----------------------------------------------------------------------------------------------


def _sql(query: str, params: list[Any]) -> dict[int, tuple[Decimal, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {row[0]: tuple(Decimal(v or 0) for v in row[1:]) for row in cursor.fetchall()}


def _cents(column: str, vendor: str) -> str:
    # SQLite keeps decimals as floats; sum whole cents there, as the selectors do.
    return f"CAST(ROUND({column} * 100) AS INTEGER)" if vendor == "sqlite" else column


def sql_trial_balance(cooperative_id: int, start: dt.date, end: dt.date, vendor: str) -> dict[int, tuple[Decimal, ...]]:
    d, c = _cents("debit", vendor), _cents("credit", vendor)
    return _sql(
        f"SELECT account_id, SUM({d}) FILTER (WHERE date < %s), SUM({c}) FILTER (WHERE date < %s), "
        f"SUM({d}) FILTER (WHERE date >= %s), SUM({c}) FILTER (WHERE date >= %s) "
        "FROM ledger_journalline WHERE cooperative_id = %s AND date <= %s GROUP BY account_id",
        [start, start, start, start, cooperative_id, end],
    )


def sql_range_sum(cooperative_id: int, start: dt.date, end: dt.date, vendor: str) -> dict[int, tuple[Decimal, ...]]:
    return _sql(
        f"SELECT account_id, SUM({_cents('debit', vendor)}), SUM({_cents('credit', vendor)}) FROM ledger_journalline "
        "WHERE cooperative_id = %s AND date BETWEEN %s AND %s GROUP BY account_id",
        [cooperative_id, start, end],
    )


def sql_neraca(cooperative_id: int, as_of: dt.date, vendor: str) -> dict[int, tuple[Decimal, ...]]:
    return _sql(
        f"SELECT account_id, SUM({_cents('debit', vendor)}), SUM({_cents('credit', vendor)}) FROM ledger_journalline "
        "WHERE cooperative_id = %s AND date <= %s GROUP BY account_id",
        [cooperative_id, as_of],
    )


def check_agreement(cooperative: Any, vendor: str) -> None:
    """The selectors and the SQL baselines give the same figures, and both statements balance."""
    from simpul.ledger.selectors import balance_sheet, trial_balance

    scale = Decimal(100) if vendor == "sqlite" else Decimal(1)
    report = trial_balance(cooperative=cooperative, start=YEAR_START, end=LAST_DAY)
    sums = sql_trial_balance(cooperative.pk, YEAR_START, LAST_DAY, vendor)
    for row in report.rows:
        od, oc, d, c = (v / scale for v in sums.get(row.account.pk, (Decimal(0),) * 4))
        if (row.opening, row.debit, row.credit) != (od - oc, d, c):
            raise SystemExit(f"trial_balance disagrees with the SQL on account {row.account.code}")
    sheet = balance_sheet(cooperative=cooperative, as_of=LAST_DAY)
    net = {pk: (d - c) / scale for pk, (d, c) in sql_neraca(cooperative.pk, LAST_DAY, vendor).items()}
    for line in sheet.assets:
        if line.amount != net.get(line.account.pk, Decimal(0)):
            raise SystemExit(f"balance_sheet disagrees with the SQL on account {line.account.code}")
    if not report.is_balanced or not sheet.is_balanced:
        raise SystemExit("The bench books do not balance")


def explain(calls: dict[str, Callable[[], Any]]) -> None:
    """The plan of each selector's sums (month totals, and lines for the days of a cut month), for the record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for label, call in calls.items():
        with CaptureQueriesContext(connection) as captured:
            call()
        sums = [q["sql"] for q in captured.captured_queries if "SUM(" in q["sql"].upper()]
        for sql in sums:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            print(f"\n  EXPLAIN ANALYZE, {label}:")
            print("    " + "\n    ".join(plan))


def main() -> None:
    args = arguments(__doc__ or "")
    total_lines = QUICK_LINES if args.quick else LINES
    runs = QUICK_RUNS if args.quick else RUNS
    print(f"bench.ledger_reports: {total_lines:,} journal lines ({machine()})", flush=True)
    vendor = setup_django("ledger_reports")
    print(f"  database: {database_version()}")

    from simpul.ledger.selectors import balance_sheet, trial_balance

    rng = random.Random(SEED)
    started = time.perf_counter()
    with timed("cooperatives, charts and sub-accounts"):
        cooperative, *neighbours = make_cooperatives(1 + NEIGHBOURS, prefix="ledger")
        for each in (cooperative, *neighbours):
            add_sub_accounts(each)
    books = [(cooperative, total_lines)] + [(n, total_lines // 2 // NEIGHBOURS) for n in neighbours]
    all_lines = sum(total for _c, total in books)
    with timed(f"generate and load {all_lines:,} lines ({total_lines:,} of the cooperative measured)"):
        entries = load(books, rng)[cooperative.pk]
    with timed("check every entry balances"):
        check_books()
    with timed("vacuum analyze"):
        vacuum_analyze()
    load_s = time.perf_counter() - started
    print(f"  {entries:,} entries of the cooperative measured, {total_lines / entries:.2f} lines per entry")
    from simpul.ledger.integrity import verify_chain

    verify_started = time.perf_counter()
    with timed("verify_books of the cooperative measured (the whole chain re-hashed)"):
        report = verify_chain(cooperative)
    verify_s = time.perf_counter() - verify_started
    if not report.intact:
        raise SystemExit(f"Bad bench data: {report.problem}")

    cid = cooperative.pk
    calls: dict[str, Callable[[], Any]] = {
        "trial_balance 2025 (selector)": lambda: trial_balance(cooperative=cooperative, start=YEAR_START, end=LAST_DAY),
        "trial balance as plain SQL": lambda: sql_trial_balance(cid, YEAR_START, LAST_DAY, vendor),
        "2025 lines summed, plain SQL": lambda: sql_range_sum(cid, YEAR_START, LAST_DAY, vendor),
        "balance_sheet 2025-12-31 (selector)": lambda: balance_sheet(cooperative=cooperative, as_of=LAST_DAY),
        "neraca as plain SQL (cumulative)": lambda: sql_neraca(cid, LAST_DAY, vendor),
    }
    check_agreement(cooperative, vendor)
    figures: dict[str, Any] = {"bench": "ledger_reports", "db": vendor, "lines": total_lines, "entries": entries}
    samples = time_calls(calls, runs)
    print_table(f"{total_lines:,} journal lines on {vendor} (data built in {load_s:.0f} s)", samples)
    if vendor == "postgresql":
        explain({label: call for label, call in calls.items() if "selector" in label})
    figures.update(ratios(samples, list(calls), ""))
    figures["load_s"] = round(load_s)
    figures["verify_s"] = round(verify_s, 1)
    print_result(figures)


def time_calls(calls: dict[str, Callable[[], Any]], runs: int) -> dict[str, list[float]]:
    """Warm-up runs, then `runs` rounds of every call in turn."""
    for _ in range(WARM_UP):
        for call in calls.values():
            call()
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(runs):
        for label, call in calls.items():
            samples[label].append(measure(call))
    return samples


def ratios(samples: dict[str, list[float]], labels: list[str], prefix: str) -> dict[str, Any]:
    p95 = {label: percentile(values, 0.95) for label, values in samples.items()}
    figures: dict[str, Any] = {}
    for name, selector, same, plain in (
        ("trial_balance", labels[0], labels[1], labels[2]),
        ("balance_sheet", labels[3], labels[4], labels[4]),
    ):
        key = prefix + name
        figures[f"{key}_p95_ms"] = round(p95[selector], 1)
        figures[f"{key}_sql_p95_ms"] = round(p95[same], 1)
        figures[f"{key}_ratio"] = round(p95[selector] / p95[same], 2)
        if plain != same:
            figures[f"{key}_range_sql_p95_ms"] = round(p95[plain], 1)
            figures[f"{key}_range_ratio"] = round(p95[selector] / p95[plain], 2)
        verdict = "met" if p95[selector] < TARGET_P95_MS else "MISSED"
        print(
            f"  {key}: p95 {p95[selector]:.1f} ms (target {TARGET_P95_MS} ms: {verdict}), "
            f"{p95[selector] / p95[same]:.2f}× the same sums in plain SQL"
        )
    return figures


if __name__ == "__main__":
    main()
