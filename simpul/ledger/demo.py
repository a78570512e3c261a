"""A year of books for the demo cooperatives, seeded by `manage.py seed_demo` through the coops demo hook.

Runs after the members' demo (which posts every savings deposit and withdrawal), reads what those did to the cash
box, and posts around it: opening balances the day before the year starts, then month by month purchases,
weekly cash sales to members and to non-members with their cost of goods sold, salaries, electricity, a fixed
asset, depreciation, the SHU the annual meeting (RAT) divided, and the transfers between the cash box and the bank
that keep the cash box between a floor and a ceiling. Every entry goes through `journal_post` (the opening
balances through `opening_balances_post`), so the hash chain, the numbering and the audit rows are real.

Deterministic (a seeded random.Random per cooperative; the dates run back from `today`) and idempotent: a
cooperative with any entry besides savings already has its books and is left alone.
"""

import calendar
import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, RANDOM_SEED, DemoPlan
from simpul.coops.models import Cooperative
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import Account, JournalEntry, JournalLine
from simpul.ledger.services.accounts import account_create
from simpul.ledger.services.journal import LineInput, journal_post
from simpul.ledger.services.opening import opening_balances_post

HISTORY_MONTHS = 12
SAVINGS_SOURCE = "savings"
ZERO = Decimal(0)
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip

# Entries whose amount depends on the balances on their day (see _Books.complete).
PAYABLES, RECEIVABLES, RESTOCK, INTEREST, DEPRECIATION_RUN = "payables", "receivables", "restock", "interest", "dep"
LATE_KINDS = frozenset({RESTOCK, INTEREST, DEPRECIATION_RUN})

# Sub-accounts of the operating expenses (5201), as a cooperative's bookkeeper splits them.
SALARIES, UTILITIES, SUPPLIES, DEPRECIATION = "5201.01", "5201.02", "5201.03", "5201.04"
EXPENSE_ACCOUNTS = [
    (SALARIES, "Beban Gaji dan Honor Karyawan"),
    (UTILITIES, "Beban Listrik, Air dan Internet"),
    (SUPPLIES, "Beban Perlengkapan, Transportasi dan Administrasi Bank"),
    (DEPRECIATION, "Beban Penyusutan Aset Tetap"),
]


@dataclass(frozen=True)
class BooksScope:
    """How big a cooperative's business is: `scale` 1 is the demo cooperative's two shops."""

    scale: Decimal
    shop: str  # where the sales happen, for the descriptions
    supplier: str
    staff: int
    sales_per_month: int  # sales entries per month for each of members and non-members


def demo_books_scopes(plan: DemoPlan) -> dict[str, BooksScope]:
    """Full books for the demo cooperative, a KUD and a Merah Putih cooperative (the ones with members and shops)."""
    return {
        DEMO_COOPERATIVE_SLUG: BooksScope(Decimal(1), "Koperasi Mart", "PT Mitra Pangan Priangan", 4, 4),
        plan.kuds[0].slug: BooksScope(Decimal("0.45"), "toko KUD", "CV Sumber Tani Lestari", 2, 2),
        plan.merah_putih[0].slug: BooksScope(Decimal("0.3"), "gerai sembako", "PT Niaga Sembako Nusantara", 1, 2),
    }


def _rupiah(value: Decimal | float, step: int = 1000) -> Decimal:
    """Rounded down to whole thousands (or `step`), as cooperative books round."""
    return Decimal(int(Decimal(value) // step * step))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _on_day(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def _month_name(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


@dataclass
class _Entry:
    date: dt.date
    order: int  # within a day: payments in (0), transfers (1), business (2), month-end (3)
    description: str
    lines: list[LineInput]
    kind: str = ""  # PAYABLES, RECEIVABLES, RESTOCK, INTEREST, DEPRECIATION: the amount is set on the day
    value: Decimal = ZERO  # for RESTOCK: what the rest of the month is expected to sell, at cost


@dataclass
class _Books:
    """Posts one cooperative's year, keeping its own running balances of cash, bank and inventory."""

    cooperative: Cooperative
    scope: BooksScope
    today: dt.date
    actor: User | None
    rng: random.Random
    balances: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    month_purchases: dict[dt.date, Decimal] = field(default_factory=dict)
    stock_level: Decimal = ZERO  # the stock the shop keeps on its shelves, restocked to each month
    posted: int = 0

    @property
    def start(self) -> dt.date:
        return _add_months(_month_start(self.today), -(HISTORY_MONTHS - 1))

    @property
    def opening(self) -> dt.date:
        return self.start - dt.timedelta(days=1)

    def amount(self, base: int, spread: float = 0.1) -> Decimal:
        return _rupiah(Decimal(base) * self.scope.scale * Decimal(str(1 + self.rng.uniform(-spread, spread))))

    def post(self, entry: _Entry) -> None:
        journal_post(
            cooperative=self.cooperative,
            actor=self.actor,
            date=entry.date,
            description=entry.description,
            lines=entry.lines,
            source="manual",
        )
        self.track(entry.lines)
        self.posted += 1

    def track(self, lines: Sequence[LineInput]) -> None:
        for code, debit, credit in lines:
            self.balances[code] += debit - credit

    # The opening ------------------------------------------------------------------------------------------

    def sub_accounts(self) -> None:
        have = set(Account.objects.filter(cooperative=self.cooperative).values_list("code", flat=True))
        for code, name in EXPENSE_ACCOUNTS:
            if code not in have:
                account_create(
                    cooperative=self.cooperative,
                    actor=self.actor,  # type: ignore[arg-type]  # None: set up by the platform
                    parent_code=chart.OPERATING_EXPENSES,
                    code=code,
                    name=name,
                )

    def open(self) -> Decimal:
        """The balance-sheet accounts on the day before the year (members' savings come from their deposits);
        returns the SHU of the year before, which the RAT divides."""
        amount = self.amount
        previous_shu = amount(52_000_000, 0.05)
        balances = {
            chart.CASH: amount(4_500_000),
            chart.BANK: amount(36_000_000),
            chart.MEMBER_RECEIVABLES: amount(6_200_000),
            chart.INVENTORY: amount(44_000_000),
            chart.FIXED_ASSETS: amount(145_000_000, 0.02),
            chart.ACCUMULATED_DEPRECIATION: amount(38_000_000, 0.02),
            chart.TRADE_PAYABLES: amount(18_500_000),
            chart.SHU_FUND_BOARD: amount(2_100_000),
            chart.SHU_FUND_EDUCATION: amount(3_400_000),
            chart.SHU_FUND_SOCIAL: amount(1_800_000),
            chart.GRANTS: amount(25_000_000, 0),
            chart.CURRENT_YEAR_SHU: previous_shu,
        }
        assets = sum(balances[c] for c in (chart.CASH, chart.BANK, chart.MEMBER_RECEIVABLES, chart.INVENTORY))
        assets += balances[chart.FIXED_ASSETS] - balances[chart.ACCUMULATED_DEPRECIATION]
        claims = sum(balances[c] for c in (chart.TRADE_PAYABLES, chart.SHU_FUND_BOARD, chart.SHU_FUND_EDUCATION))
        claims += balances[chart.SHU_FUND_SOCIAL] + balances[chart.GRANTS] + previous_shu
        self.stock_level = balances[chart.INVENTORY]
        balances[chart.RESERVE] = assets - claims  # the reserve built up over the years closes the balance
        opening_balances_post(
            cooperative=self.cooperative,
            actor=self.actor,  # type: ignore[arg-type]  # None: set up by the platform
            as_of=self.opening,
            amounts=balances,
        )
        self.posted += 1
        for code, value in balances.items():
            credit_side = code == chart.ACCUMULATED_DEPRECIATION or code[0] in "23"
            self.balances[code] += -value if credit_side else value
        return previous_shu

    # A month ----------------------------------------------------------------------------------------------

    def month(self, month: dt.date, index: int, previous_shu: Decimal) -> list[_Entry]:
        rng, scope, amount = self.rng, self.scope, self.amount
        name = _month_name(month)
        entries: list[_Entry] = []
        # Lebaran (March–April 2026) and the year's end sell more.
        season = {3: 1.25, 4: 1.1, 12: 1.12}.get(month.month, 1.0)
        revenue = Decimal(140_000_000) * scope.scale * Decimal(str(season * rng.uniform(0.92, 1.08)))
        member_share = Decimal(str(rng.uniform(0.58, 0.68)))
        margin = Decimal(str(rng.uniform(0.135, 0.15)))
        last_day = calendar.monthrange(month.year, month.month)[1]
        cost_ratio = 1 - margin

        # Purchases on credit at the start and in the middle of the month (the second one restocks to the usual
        # level), paid on the 10th of the next month.
        monthly_cost = revenue * Decimal("1.04") * cost_ratio
        initials = "".join(word[0] for word in scope.supplier.split()[1:])
        for day in (2, 16):
            invoice = f"{initials}/{month.year}/{month.month:02d}/{rng.randint(100, 999):04d}"
            description = f"Pembelian barang dagangan dari {scope.supplier}, faktur {invoice}"
            if day == 2:
                value = _rupiah(monthly_cost / 2 * Decimal(str(rng.uniform(0.97, 1.05))))
                lines = [(chart.INVENTORY, value, ZERO), (chart.TRADE_PAYABLES, ZERO, value)]
                entries.append(_Entry(_on_day(month, day), 2, description, lines))
            else:
                # After the day's sales: what the rest of the month sells, plus what the shelves lack.
                rest = monthly_cost * (last_day - day) / last_day
                entries.append(_Entry(_on_day(month, day), 3, description, [], kind=RESTOCK, value=rest))
        entries.append(
            _Entry(_on_day(month, 10), 2, f"Pembayaran utang dagang kepada {scope.supplier}", [], kind=PAYABLES)
        )

        # Weekly cash sales, to members and to non-members apart (SAK EP), each with its cost of goods sold.
        days = [round(last_day * (n + 1) / scope.sales_per_month) for n in range(scope.sales_per_month)]
        for who, code, share in (
            ("anggota", chart.SALES_TO_MEMBERS, member_share),
            ("non-anggota", chart.SALES_TO_NON_MEMBERS, 1 - member_share),
        ):
            first = 1
            for day in days:
                value = _rupiah(revenue * share / scope.sales_per_month * Decimal(str(rng.uniform(0.9, 1.1))))
                cost = _rupiah(value * cost_ratio)
                period = f"{first}–{day} {name}" if first != day else f"{day} {name}"
                entries.append(
                    _Entry(
                        _on_day(month, day),
                        2,
                        f"Penjualan tunai {scope.shop} kepada {who}, {period}",
                        [
                            (chart.CASH, value, ZERO),
                            (code, ZERO, value),
                            (chart.COST_OF_GOODS_SOLD, cost, ZERO),
                            (chart.INVENTORY, ZERO, cost),
                        ],
                    )
                )
                first = day + 1

        # Members buy on credit until payday; collected the next month.
        credit = _rupiah(revenue * Decimal("0.04"))
        cost = _rupiah(credit * cost_ratio)
        entries.append(
            _Entry(
                _on_day(month, 26),
                2,
                f"Penjualan kredit kepada anggota (dibayar saat gajian), {name}",
                [
                    (chart.MEMBER_RECEIVABLES, credit, ZERO),
                    (chart.SALES_TO_MEMBERS, ZERO, credit),
                    (chart.COST_OF_GOODS_SOLD, cost, ZERO),
                    (chart.INVENTORY, ZERO, cost),
                ],
            )
        )
        entries.append(
            _Entry(_on_day(month, 6), 0, "Pelunasan piutang anggota atas belanja bulan lalu", [], kind=RECEIVABLES)
        )

        # Running costs.
        salaries = _rupiah(Decimal(2_650_000) * scope.staff * Decimal(str(rng.uniform(0.99, 1.01))), 50_000)
        utilities = amount(2_300_000, 0.15)
        supplies = amount(850_000, 0.25)
        entries += [
            _Entry(
                _on_day(month, 25),
                2,
                f"Gaji dan honor {scope.staff} karyawan bulan {name} (transfer bank)",
                [(SALARIES, salaries, ZERO), (chart.BANK, ZERO, salaries)],
            ),
            _Entry(
                _on_day(month, 20),
                2,
                f"Pembayaran listrik PLN, air PDAM dan internet bulan {name}",
                [(UTILITIES, utilities, ZERO), (chart.CASH, ZERO, utilities)],
            ),
            _Entry(
                _on_day(month, 12),
                2,
                "Pembelian kantong belanja, alat tulis dan ongkos angkut barang",
                [(SUPPLIES, supplies, ZERO), (chart.CASH, ZERO, supplies)],
            ),
        ]
        if index == 4:
            value = _rupiah(Decimal(18_750_000) * scope.scale, 50_000)
            entries.append(
                _Entry(
                    _on_day(month, 8),
                    2,
                    f"Pembelian lemari pendingin (chiller) dua pintu untuk {scope.shop}",
                    [(chart.FIXED_ASSETS, value, ZERO), (chart.BANK, ZERO, value)],
                )
            )
        if month.month == 4:
            entries += self.shu_division(month, previous_shu)
        entries.append(_Entry(_on_day(month, last_day), 3, f"Jasa giro bank bulan {name}", [], kind=INTEREST))
        entries.append(
            _Entry(
                _on_day(month, last_day),
                3,
                f"Biaya administrasi bank bulan {name}",
                [(SUPPLIES, Decimal(15_000), ZERO), (chart.BANK, ZERO, Decimal(15_000))],
            )
        )
        entries.append(
            _Entry(_on_day(month, last_day), 3, f"Penyusutan aset tetap bulan {name}", [], kind=DEPRECIATION_RUN)
        )
        return entries

    def shu_division(self, month: dt.date, shu: Decimal) -> list[_Entry]:
        """The RAT divides last year's SHU as the by-laws say; members' part is paid out in cash afterwards."""
        shares = {
            chart.RESERVE: Decimal("0.40"),
            chart.MEMBERS_UNDISTRIBUTED_SHU: Decimal("0.40"),
            chart.SHU_FUND_BOARD: Decimal("0.10"),
            chart.SHU_FUND_EDUCATION: Decimal("0.05"),
        }
        parts = {code: _rupiah(shu * share) for code, share in shares.items()}
        parts[chart.SHU_FUND_SOCIAL] = shu - sum(parts.values())
        year = month.year - 1
        members_part = parts[chart.MEMBERS_UNDISTRIBUTED_SHU]
        return [
            _Entry(
                _on_day(month, 14),
                2,
                f"Pembagian SHU tahun buku {year} sesuai keputusan Rapat Anggota Tahunan",
                [(chart.CURRENT_YEAR_SHU, shu, ZERO)] + [(code, ZERO, value) for code, value in parts.items()],
            ),
            _Entry(
                _on_day(month, 21),
                2,
                f"Pembayaran SHU tahun buku {year} kepada anggota",
                [(chart.MEMBERS_UNDISTRIBUTED_SHU, members_part, ZERO), (chart.CASH, ZERO, members_part)],
            ),
            _Entry(
                _on_day(month, 27),
                2,
                "Pelatihan pembukuan dan pemasaran produk UMKM untuk anggota (dana pendidikan)",
                [
                    (chart.SHU_FUND_EDUCATION, parts[chart.SHU_FUND_EDUCATION], ZERO),
                    (chart.CASH, ZERO, parts[chart.SHU_FUND_EDUCATION]),
                ],
            ),
        ]

    def complete(self, entry: _Entry) -> _Entry:
        """Fill in the entries whose amount depends on the balances on the day."""
        if entry.kind == PAYABLES:
            value = self.balances[chart.TRADE_PAYABLES] * -1 - self.payables_this_month(entry.date)
            entry.lines = [(chart.TRADE_PAYABLES, value, ZERO), (chart.BANK, ZERO, value)] if value > 0 else []
        elif entry.kind == RECEIVABLES:
            value = self.balances[chart.MEMBER_RECEIVABLES]
            entry.lines = [(chart.CASH, value, ZERO), (chart.MEMBER_RECEIVABLES, ZERO, value)] if value > 0 else []
        elif entry.kind == RESTOCK:
            value = _rupiah(self.stock_level - self.balances[chart.INVENTORY] + entry.value)
            entry.lines = [(chart.INVENTORY, value, ZERO), (chart.TRADE_PAYABLES, ZERO, value)] if value > 0 else []
        elif entry.kind == INTEREST:
            value = _rupiah(self.balances[chart.BANK] * Decimal("0.0015"))
            entry.lines = [(chart.BANK, value, ZERO), (chart.OTHER_INCOME, ZERO, value)] if value > 0 else []
        elif entry.kind == DEPRECIATION_RUN:
            value = _rupiah(self.balances[chart.FIXED_ASSETS] * Decimal("0.1") / 12)
            entry.lines = [(DEPRECIATION, value, ZERO), (chart.ACCUMULATED_DEPRECIATION, ZERO, value)]
        return entry

    def payables_this_month(self, day: dt.date) -> Decimal:
        """Purchases of `day`'s month already booked: they are paid next month, not now."""
        return self.month_purchases.get(_month_start(day), ZERO)

    # Cash box and bank ------------------------------------------------------------------------------------

    def transfer(self, day: dt.date, to_bank: Decimal) -> None:
        if to_bank > 0:
            self.post(
                _Entry(
                    day,
                    1,
                    "Setoran kas ke rekening bank koperasi",
                    [(chart.BANK, to_bank, ZERO), (chart.CASH, ZERO, to_bank)],
                )
            )
        elif to_bank < 0:
            self.post(
                _Entry(
                    day,
                    1,
                    "Penarikan tunai dari rekening bank untuk kas",
                    [(chart.CASH, -to_bank, ZERO), (chart.BANK, ZERO, -to_bank)],
                )
            )

    def run(self, savings_cash: dict[dt.date, Decimal]) -> None:
        self.sub_accounts()
        previous_shu = self.open()
        planned: list[_Entry] = []
        for index in range(HISTORY_MONTHS):
            planned += self.month(_add_months(self.start, index), index, previous_shu)
        planned = sorted((e for e in planned if e.date <= self.today), key=lambda e: (e.date, e.order))
        by_day: dict[dt.date, list[_Entry]] = defaultdict(list)
        for entry in planned:
            by_day[entry.date].append(entry)
        floor, target, ceiling = (Decimal(v) * self.scope.scale for v in (2_000_000, 8_000_000, 20_000_000))
        day = self.opening
        while day <= self.today:
            # The savings (posted already) moved the cash box on this day.
            self.balances[chart.CASH] += savings_cash.get(day, ZERO)
            # Receivables and payables are settled from the balances before the day; restocking, interest and
            # depreciation (which leave the cash box alone) from the balances at their turn.
            entries = [e if e.kind in LATE_KINDS else self.complete(e) for e in by_day.get(day, [])]
            cash = [(code, d, c) for e in entries for code, d, c in e.lines if code == chart.CASH]
            after = self.balances[chart.CASH] + sum((d - c for _code, d, c in cash), ZERO)
            # Money from the bank first when the day's payments would take the cash box below its floor.
            if after < floor:
                self.transfer(day, -_rupiah(target - after + 499_999, 500_000))
            for entry in entries:
                if entry.kind in LATE_KINDS:
                    self.complete(entry)
                if not entry.lines:
                    continue
                if entry.lines[0][0] == chart.INVENTORY:
                    month = _month_start(day)
                    self.month_purchases[month] = self.month_purchases.get(month, ZERO) + entry.lines[0][1]
                self.post(entry)
            if self.balances[chart.CASH] > ceiling:
                self.transfer(day, _rupiah(self.balances[chart.CASH] - target, 100_000))
            day += dt.timedelta(days=1)


def _savings_cash(cooperative: Cooperative) -> dict[dt.date, Decimal]:
    """What the savings deposits and withdrawals did to the cash box, day by day."""
    moves: dict[dt.date, Decimal] = defaultdict(Decimal)
    rows = JournalLine.objects.filter(
        cooperative=cooperative, account__code=chart.CASH, entry__source=SAVINGS_SOURCE
    ).values_list("date", "debit", "credit")
    for day, debit, credit in rows:
        moves[day] += Decimal(debit) - Decimal(credit)
    return moves


def _sweep_only(cooperative: Cooperative, today: dt.date, actor: User | None, rng: random.Random) -> int:
    """A cooperative with savings but no books here still takes its members' money to the bank at each month's
    end, and fetches cash from the bank on a day its savings paid out more than the cash box held."""
    books = _Books(cooperative, BooksScope(Decimal(1), "", "", 0, 0), today, actor, rng)
    moves = _savings_cash(cooperative)
    cash = ZERO
    month_ends = {min(_on_day(day, 31), today) for day in moves}
    for day in sorted(set(moves) | month_ends):
        cash += moves.get(day, ZERO)
        if cash < 0:
            value = _rupiah(Decimal(2_000_000) - cash + 499_999, 500_000)
            books.transfer(day, -value)
            cash += value
        if day in month_ends and cash > Decimal(5_000_000):
            value = _rupiah(cash - Decimal(2_000_000), 100_000)
            books.transfer(day, value)
            cash -= value
    return books.posted


def _sharia_books(cooperative: Cooperative, today: dt.date, actor: User | None, rng: random.Random) -> int:
    """A sharia cooperative's own business over its last three months: modal penyertaan in the bank, a murabahah
    sale paid back in instalments (its deferred margin earned as they come in), musyarakah financing and its share
    of the profit, a qardh loan, zakat, infak and sedekah received and zakat passed on, and the mudharabah
    depositors' share of the result (bagi hasil). The members' savings themselves came through the savings module."""
    books = _Books(cooperative, BooksScope(Decimal(1), "", "", 0, 0), today, actor, rng)
    this_month = _month_start(today)
    two_ago, last = _add_months(this_month, -2), _add_months(this_month, -1)

    def on(month: dt.date, day: int) -> dt.date:
        return min(_on_day(month, day), today)

    price, margin, instalment, earned = Decimal(6_600_000), Decimal(600_000), Decimal(1_100_000), Decimal(100_000)
    zero = ZERO
    entries = [
        (
            on(two_ago, 2),
            "Setoran modal penyertaan",
            [(chart.BANK, Decimal(20_000_000), zero), (chart.MODAL_PENYERTAAN, zero, Decimal(20_000_000))],
        ),
        (
            on(two_ago, 5),
            "Pembiayaan murabahah: sepeda motor untuk anggota",
            [
                (chart.MURABAHAH_RECEIVABLES, price, zero),
                (chart.DEFERRED_MURABAHAH_MARGIN, zero, margin),
                (chart.BANK, zero, price - margin),
            ],
        ),
        (
            on(two_ago, 10),
            "Penerimaan zakat maal anggota",
            [(chart.CASH, Decimal(2_500_000), zero), (chart.ZAKAT_FUND, zero, Decimal(2_500_000))],
        ),
        (
            on(two_ago, 12),
            "Penerimaan infak Jumat",
            [(chart.CASH, Decimal(750_000), zero), (chart.INFAK_FUND, zero, Decimal(750_000))],
        ),
        (
            on(two_ago, 15),
            "Pembiayaan musyarakah: usaha tani anggota",
            [(chart.MUSYARAKAH_FINANCING, Decimal(5_000_000), zero), (chart.BANK, zero, Decimal(5_000_000))],
        ),
        (
            on(last, 5),
            "Angsuran murabahah ke-1",
            [(chart.CASH, instalment, zero), (chart.MURABAHAH_RECEIVABLES, zero, instalment)],
        ),
        (
            on(last, 5),
            "Margin murabahah angsuran ke-1",
            [(chart.DEFERRED_MURABAHAH_MARGIN, earned, zero), (chart.MURABAHAH_MARGIN_INCOME, zero, earned)],
        ),
        (
            on(last, 8),
            "Pinjaman qardh untuk biaya sekolah",
            [(chart.QARDH_LOANS, Decimal(1_000_000), zero), (chart.CASH, zero, Decimal(1_000_000))],
        ),
        (
            on(last, 20),
            "Penerimaan sedekah",
            [(chart.CASH, Decimal(400_000), zero), (chart.SEDEKAH_FUND, zero, Decimal(400_000))],
        ),
        (
            on(last, 25),
            "Penyaluran zakat kepada mustahik",
            [(chart.ZAKAT_FUND, Decimal(1_500_000), zero), (chart.CASH, zero, Decimal(1_500_000))],
        ),
        (
            on(last, 28),
            "Bagi hasil simpanan mudharabah",
            [(chart.PROFIT_SHARING_EXPENSE, Decimal(250_000), zero), (chart.CASH, zero, Decimal(250_000))],
        ),
        (
            on(this_month, 5),
            "Angsuran murabahah ke-2",
            [(chart.CASH, instalment, zero), (chart.MURABAHAH_RECEIVABLES, zero, instalment)],
        ),
        (
            on(this_month, 5),
            "Margin murabahah angsuran ke-2",
            [(chart.DEFERRED_MURABAHAH_MARGIN, earned, zero), (chart.MURABAHAH_MARGIN_INCOME, zero, earned)],
        ),
        (
            on(this_month, 6),
            "Bagi hasil musyarakah dari usaha tani",
            [(chart.CASH, Decimal(150_000), zero), (chart.MUSYARAKAH_INCOME, zero, Decimal(150_000))],
        ),
    ]
    for order, (day, description, lines) in enumerate(entries):
        books.post(_Entry(day, order, description, lines))
    return books.posted


def demo_books_seed(
    *, cooperatives: dict[str, Cooperative], plan: DemoPlan, today: dt.date | None, created: Counter[str], **_: Any
) -> None:
    """A year of books up to `today` (None: each cooperative's own today, in its zone) for the cooperatives
    `demo_books_scopes` names; the others' savings cash goes to the bank."""
    with translation.override(settings.LANGUAGE_CODE):  # what the services write into the books: Indonesian
        _books_seed(cooperatives, plan, today, created)


def _books_seed(
    cooperatives: dict[str, Cooperative], plan: DemoPlan, today: dt.date | None, created: Counter[str]
) -> None:
    manager_login = next(login for login in DEMO_LOGINS if login.key == "manager")
    manager = User.objects.filter(email=manager_login.email).first()
    scopes = demo_books_scopes(plan)
    for slug, cooperative in cooperatives.items():
        entries = JournalEntry.objects.filter(cooperative=cooperative)
        if not entries.exists() or entries.exclude(source=SAVINGS_SOURCE).exists():
            continue  # no savings to bank, or the books are there already
        rng = random.Random(f"{RANDOM_SEED}:books:{slug}")  # noqa: S311 - repeatable demo data
        actor = manager if slug == DEMO_COOPERATIVE_SLUG else None
        day = today or cooperative.today()
        scope = scopes.get(slug)
        if scope is None:
            posted = _sweep_only(cooperative, day, actor, rng)
            if cooperative.is_sharia:
                posted += _sharia_books(cooperative, day, actor, rng)
            if posted:  # none when the savings never outgrew the cash box: then this runs again, harmlessly
                created["journal entries"] += posted
            continue
        books = _Books(cooperative, scope, day, actor, rng)
        books.run(_savings_cash(cooperative))
        created["journal entries"] += books.posted
