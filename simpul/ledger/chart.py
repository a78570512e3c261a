"""The chart of accounts every cooperative starts with, following SAK EP (Standar Akuntansi Keuangan Entitas Privat).

Account names are the cooperative's own books, so they are stored in Bahasa Indonesia as data, not translated.
Codes: 1 assets, 2 liabilities, 3 equity, 4 revenue, 5 expenses.
"""

from typing import NamedTuple

from simpul.ledger.models import AccountKind, NormalBalance, RevenueSource


class ChartAccount(NamedTuple):
    code: str
    name: str
    kind: str
    normal_balance: str
    revenue_source: str = RevenueSource.NONE


A, L, E, R, X = AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.EQUITY, AccountKind.REVENUE, AccountKind.EXPENSE
DR, CR = NormalBalance.DEBIT, NormalBalance.CREDIT

STANDARD_CHART: tuple[ChartAccount, ...] = (
    ChartAccount("1101", "Kas", A, DR),
    ChartAccount("1102", "Bank", A, DR),
    ChartAccount("1201", "Piutang Anggota", A, DR),
    ChartAccount("1202", "Piutang Non-Anggota", A, DR),
    ChartAccount("1301", "Persediaan Barang Dagangan", A, DR),
    ChartAccount("1501", "Aset Tetap", A, DR),
    # A contra-asset: shown among assets, reduces them, grows on the credit side.
    ChartAccount("1502", "Akumulasi Penyusutan Aset Tetap", A, CR),
    ChartAccount("2101", "Utang Usaha", L, CR),
    ChartAccount("2201", "Simpanan Sukarela", L, CR),
    ChartAccount("2301", "Dana SHU Pengurus dan Pengawas", L, CR),
    ChartAccount("2302", "Dana Pendidikan", L, CR),
    ChartAccount("2303", "Dana Sosial", L, CR),
    ChartAccount("2401", "SHU Anggota Belum Dibagikan", L, CR),
    ChartAccount("3101", "Simpanan Pokok", E, CR),
    ChartAccount("3102", "Simpanan Wajib", E, CR),
    ChartAccount("3201", "Cadangan", E, CR),
    ChartAccount("3301", "Hibah", E, CR),
    ChartAccount("3401", "SHU Tahun Berjalan", E, CR),
    ChartAccount("4101", "Penjualan kepada Anggota", R, CR, RevenueSource.MEMBER),
    ChartAccount("4102", "Penjualan kepada Non-Anggota", R, CR, RevenueSource.NON_MEMBER),
    ChartAccount("4901", "Pendapatan Lain-lain", R, CR),
    ChartAccount("5101", "Harga Pokok Penjualan", X, DR),
    ChartAccount("5201", "Beban Operasional", X, DR),
)

# Codes other apps post to; named here so a posting never spells a code by hand.
CASH = "1101"
BANK = "1102"
MEMBER_RECEIVABLES = "1201"
NON_MEMBER_RECEIVABLES = "1202"
INVENTORY = "1301"
FIXED_ASSETS = "1501"
ACCUMULATED_DEPRECIATION = "1502"
TRADE_PAYABLES = "2101"
SIMPANAN_SUKARELA = "2201"
SHU_FUND_BOARD = "2301"
SHU_FUND_EDUCATION = "2302"
SHU_FUND_SOCIAL = "2303"
MEMBERS_UNDISTRIBUTED_SHU = "2401"
SIMPANAN_POKOK = "3101"
SIMPANAN_WAJIB = "3102"
RESERVE = "3201"
GRANTS = "3301"
CURRENT_YEAR_SHU = "3401"
SALES_TO_MEMBERS = "4101"
SALES_TO_NON_MEMBERS = "4102"
OTHER_INCOME = "4901"
COST_OF_GOODS_SOLD = "5101"
OPERATING_EXPENSES = "5201"
