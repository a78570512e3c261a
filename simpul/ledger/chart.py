"""The chart of accounts every cooperative starts with, following SAK EP (Standar Akuntansi Keuangan Entitas Privat),
and the sharia chart a sharia cooperative (KSPPS) starts with instead (PSAK 101-106 as the KSPPS guidelines use them).

Account names are the cooperative's own books, so they are stored in Bahasa Indonesia as data, not translated.
Codes: 1 assets, 2 liabilities (and, in a sharia chart, dana syirkah temporer from 27), 3 equity, 4 revenue,
5 expenses. A code, once given, never changes meaning: other apps post to the constants below.

Each balance-sheet account carries its SAK EP cash-flow class (where its cash movements go in the direct-method cash
flow; Kas and Bank are the cash itself). Revenue and expense accounts keep the empty class: they are operating by
their kind. The members' savings accounts are control accounts of the savings subledger.
"""

from collections.abc import Iterable
from typing import NamedTuple

from simpul.ledger.models import AccountKind, CashFlowClass, NormalBalance, RevenueSource, Subledger


class ChartAccount(NamedTuple):
    code: str
    name: str
    kind: str
    normal_balance: str
    revenue_source: str = RevenueSource.NONE
    cash_flow_class: str = CashFlowClass.NONE
    subledger: str = Subledger.NONE
    parent: str = ""  # the code of the parent account in the same chart, "" for a top-level account


A, L, E, R, X = AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.EQUITY, AccountKind.REVENUE, AccountKind.EXPENSE
S = AccountKind.TEMPORARY_SYIRKAH
DR, CR = NormalBalance.DEBIT, NormalBalance.CREDIT
CASH_, OPER, INV, FIN = CashFlowClass.CASH, CashFlowClass.OPERATING, CashFlowClass.INVESTING, CashFlowClass.FINANCING
SAVINGS = Subledger.SAVINGS
RECEIVABLES, PAYABLES, INVENTORY_ = Subledger.RECEIVABLES, Subledger.PAYABLES, Subledger.INVENTORY
MEMBER, NON_MEMBER = RevenueSource.MEMBER, RevenueSource.NON_MEMBER

# Codes other apps post to; named here so a posting never spells a code by hand.
CASH = "1101"
BANK = "1102"
TERM_DEPOSITS = "1103"
MEMBER_RECEIVABLES = "1201"
NON_MEMBER_RECEIVABLES = "1202"
MEMBER_LOANS = "1203"
ALLOWANCE_FOR_DOUBTFUL_LOANS = "1204"
INVENTORY = "1301"
PREPAID_EXPENSES = "1401"
ACCRUED_INCOME = "1402"
FIXED_ASSETS = "1501"
ACCUMULATED_DEPRECIATION = "1502"
SECONDARY_COOPERATIVE_INVESTMENTS = "1601"
TRADE_PAYABLES = "2101"
ACCRUED_EXPENSES = "2102"
TAX_PAYABLE = "2103"
SIMPANAN_SUKARELA = "2201"
SHU_FUND_BOARD = "2301"
SHU_FUND_EDUCATION = "2302"
SHU_FUND_SOCIAL = "2303"
MEMBERS_UNDISTRIBUTED_SHU = "2401"
BANK_LOANS = "2501"
SIMPANAN_POKOK = "3101"
SIMPANAN_WAJIB = "3102"
MODAL_PENYERTAAN = "3103"
RESERVE = "3201"
GRANTS = "3301"
CURRENT_YEAR_SHU = "3401"
UNDISTRIBUTED_SHU = "3402"
SALES_TO_MEMBERS = "4101"
SALES_TO_NON_MEMBERS = "4102"
LOAN_INTEREST_INCOME = "4201"
OTHER_INCOME = "4901"
COST_OF_GOODS_SOLD = "5101"
COST_OF_GOODS_SOLD_MEMBERS = "5102"
COST_OF_GOODS_SOLD_NON_MEMBERS = "5103"
OPERATING_EXPENSES = "5201"
DOUBTFUL_LOANS_EXPENSE = "5202"
INCOME_TAX_EXPENSE = "5301"
INTEREST_EXPENSE = "5401"

# The Koperasi Mart's own accounts: the control accounts its services alone post to (stock, supplier payables,
# members' kasbon), the QRIS money on its way to the bank, and the differences its counts find.
QRIS_CLEARING = "1104"
MART_KASBON_RECEIVABLES = "1205"
MART_INVENTORY = "1302"
MART_PAYABLES = "2104"
STOCK_DIFFERENCES = "5105"
CASH_DIFFERENCES = "5203"

# The sharia chart's own accounts.
MURABAHAH_RECEIVABLES = "1211"
DEFERRED_MURABAHAH_MARGIN = "1212"
MUSYARAKAH_FINANCING = "1221"
MUDHARABAH_FINANCING = "1222"
QARDH_LOANS = "1231"
WADIAH_SAVINGS = "2202"
ZAKAT_FUND = "2601"
INFAK_FUND = "2602"
SEDEKAH_FUND = "2603"
MUDHARABAH_SAVINGS = "2701"
MURABAHAH_MARGIN_INCOME = "4301"
MUSYARAKAH_INCOME = "4302"
MUDHARABAH_INCOME = "4303"
PROFIT_SHARING_EXPENSE = "5501"
WADIAH_BONUS_EXPENSE = "5502"

# The ZIS funds a sharia cooperative holds for others (its ZIS report reads them).
ZIS_FUNDS = (ZAKAT_FUND, INFAK_FUND, SEDEKAH_FUND)

STANDARD_CHART: tuple[ChartAccount, ...] = (
    ChartAccount(CASH, "Kas", A, DR, cash_flow_class=CASH_),
    ChartAccount(BANK, "Bank", A, DR, cash_flow_class=CASH_),
    # Not cash equivalents (SAK EP: a deposit for more than three months): placing and drawing them is investing.
    ChartAccount(QRIS_CLEARING, "Kas QRIS dalam Penyelesaian", A, DR, cash_flow_class=CASH_),
    ChartAccount(TERM_DEPOSITS, "Deposito Berjangka", A, DR, cash_flow_class=INV),
    ChartAccount(MEMBER_RECEIVABLES, "Piutang Anggota", A, DR, cash_flow_class=OPER),
    ChartAccount(NON_MEMBER_RECEIVABLES, "Piutang Non-Anggota", A, DR, cash_flow_class=OPER),
    # Lending to members is a cooperative's own service to them (its unit simpan pinjam): operating.
    ChartAccount(
        MART_KASBON_RECEIVABLES, "Piutang Kasbon Anggota (Mart)", A, DR, cash_flow_class=OPER, subledger=RECEIVABLES
    ),
    ChartAccount(MEMBER_LOANS, "Piutang Pinjaman Anggota", A, DR, cash_flow_class=OPER),
    # A contra-asset: shown among assets, reduces the loans, grows on the credit side.
    ChartAccount(ALLOWANCE_FOR_DOUBTFUL_LOANS, "Penyisihan Piutang Tak Tertagih", A, CR, cash_flow_class=OPER),
    ChartAccount(INVENTORY, "Persediaan Barang Dagangan", A, DR, cash_flow_class=OPER),
    ChartAccount(MART_INVENTORY, "Persediaan Koperasi Mart", A, DR, cash_flow_class=OPER, subledger=INVENTORY_),
    ChartAccount(PREPAID_EXPENSES, "Beban Dibayar di Muka", A, DR, cash_flow_class=OPER),
    ChartAccount(ACCRUED_INCOME, "Pendapatan Masih Harus Diterima", A, DR, cash_flow_class=OPER),
    ChartAccount(FIXED_ASSETS, "Aset Tetap", A, DR, cash_flow_class=INV),
    # A contra-asset: shown among assets, reduces them, grows on the credit side.
    ChartAccount(ACCUMULATED_DEPRECIATION, "Akumulasi Penyusutan Aset Tetap", A, CR, cash_flow_class=INV),
    ChartAccount(SECONDARY_COOPERATIVE_INVESTMENTS, "Penyertaan pada Koperasi Sekunder", A, DR, cash_flow_class=INV),
    ChartAccount(TRADE_PAYABLES, "Utang Usaha", L, CR, cash_flow_class=OPER),
    ChartAccount(ACCRUED_EXPENSES, "Beban Masih Harus Dibayar", L, CR, cash_flow_class=OPER),
    ChartAccount(TAX_PAYABLE, "Utang Pajak", L, CR, cash_flow_class=OPER),
    ChartAccount(MART_PAYABLES, "Utang Pemasok Koperasi Mart", L, CR, cash_flow_class=OPER, subledger=PAYABLES),
    # Financing here; operating in a savings-and-loan cooperative (chart_for: SAVINGS_AND_LOAN_TYPES).
    ChartAccount(SIMPANAN_SUKARELA, "Simpanan Sukarela", L, CR, cash_flow_class=FIN, subledger=SAVINGS),
    # The SHU funds are the SHU divided at the RAT: paying them out is a distribution, financing.
    ChartAccount(SHU_FUND_BOARD, "Dana SHU Pengurus dan Pengawas", L, CR, cash_flow_class=FIN),
    ChartAccount(SHU_FUND_EDUCATION, "Dana Pendidikan", L, CR, cash_flow_class=FIN),
    ChartAccount(SHU_FUND_SOCIAL, "Dana Sosial", L, CR, cash_flow_class=FIN),
    ChartAccount(MEMBERS_UNDISTRIBUTED_SHU, "SHU Anggota Belum Dibagikan", L, CR, cash_flow_class=FIN),
    ChartAccount(BANK_LOANS, "Utang Bank", L, CR, cash_flow_class=FIN),
    ChartAccount(SIMPANAN_POKOK, "Simpanan Pokok", E, CR, cash_flow_class=FIN, subledger=SAVINGS),
    ChartAccount(SIMPANAN_WAJIB, "Simpanan Wajib", E, CR, cash_flow_class=FIN, subledger=SAVINGS),
    ChartAccount(MODAL_PENYERTAAN, "Modal Penyertaan", E, CR, cash_flow_class=FIN),
    ChartAccount(RESERVE, "Cadangan", E, CR, cash_flow_class=FIN),
    ChartAccount(GRANTS, "Hibah", E, CR, cash_flow_class=FIN),
    ChartAccount(CURRENT_YEAR_SHU, "SHU Tahun Berjalan", E, CR, cash_flow_class=FIN),
    # Last year's SHU from the closing entries, waiting for the members' meeting (RAT) to divide it.
    ChartAccount(UNDISTRIBUTED_SHU, "SHU Belum Dibagi", E, CR, cash_flow_class=FIN),
    ChartAccount(SALES_TO_MEMBERS, "Penjualan kepada Anggota", R, CR, MEMBER),
    ChartAccount(SALES_TO_NON_MEMBERS, "Penjualan kepada Non-Anggota", R, CR, NON_MEMBER),
    ChartAccount(LOAN_INTEREST_INCOME, "Pendapatan Jasa Pinjaman Anggota", R, CR, MEMBER),
    ChartAccount(OTHER_INCOME, "Pendapatan Lain-lain", R, CR),
    ChartAccount(COST_OF_GOODS_SOLD, "Harga Pokok Penjualan", X, DR),
    # Account.revenue_source is for revenue only: the split of the cost of goods sold is by account.
    ChartAccount(COST_OF_GOODS_SOLD_MEMBERS, "Harga Pokok Penjualan kepada Anggota", X, DR),
    ChartAccount(COST_OF_GOODS_SOLD_NON_MEMBERS, "Harga Pokok Penjualan kepada Non-Anggota", X, DR),
    ChartAccount(STOCK_DIFFERENCES, "Selisih Persediaan", X, DR),
    ChartAccount(OPERATING_EXPENSES, "Beban Operasional", X, DR),
    ChartAccount(DOUBTFUL_LOANS_EXPENSE, "Beban Penyisihan Piutang Tak Tertagih", X, DR),
    ChartAccount(CASH_DIFFERENCES, "Selisih Kas Kasir", X, DR),
    ChartAccount(INCOME_TAX_EXPENSE, "Beban Pajak Penghasilan", X, DR),
    ChartAccount(INTEREST_EXPENSE, "Beban Bunga Pinjaman", X, DR),
)

# Interest-bearing accounts a sharia chart has not (riba): qardh and the financing accounts take their place.
NOT_IN_SHARIA_CHART = frozenset({MEMBER_LOANS, LOAN_INTEREST_INCOME, INTEREST_EXPENSE})

SHARIA_ACCOUNTS: tuple[ChartAccount, ...] = (
    ChartAccount(MURABAHAH_RECEIVABLES, "Piutang Murabahah", A, DR, cash_flow_class=OPER),
    # PSAK 102: the margin not yet earned, deducted from the murabahah receivable.
    ChartAccount(DEFERRED_MURABAHAH_MARGIN, "Margin Murabahah Ditangguhkan", A, CR, cash_flow_class=OPER),
    ChartAccount(MUSYARAKAH_FINANCING, "Pembiayaan Musyarakah", A, DR, cash_flow_class=OPER),
    ChartAccount(MUDHARABAH_FINANCING, "Pembiayaan Mudharabah", A, DR, cash_flow_class=OPER),
    ChartAccount(QARDH_LOANS, "Pinjaman Qardh", A, DR, cash_flow_class=OPER),
    # Wadiah: the member's money held in trust, repayable on demand: a liability.
    ChartAccount(WADIAH_SAVINGS, "Simpanan Wadiah", L, CR, cash_flow_class=FIN, subledger=SAVINGS),
    # Zakat, infak and sedekah the cooperative collects and passes on: held for others, liabilities.
    ChartAccount(ZAKAT_FUND, "Dana Zakat", L, CR, cash_flow_class=OPER),
    ChartAccount(INFAK_FUND, "Dana Infak", L, CR, cash_flow_class=OPER),
    ChartAccount(SEDEKAH_FUND, "Dana Sedekah", L, CR, cash_flow_class=OPER),
    # Mudharabah: the member shares the profit and bears the loss: dana syirkah temporer (PSAK 105), between
    # liabilities and equity.
    ChartAccount(MUDHARABAH_SAVINGS, "Simpanan Mudharabah", S, CR, cash_flow_class=FIN, subledger=SAVINGS),
    ChartAccount(MURABAHAH_MARGIN_INCOME, "Pendapatan Margin Murabahah", R, CR, MEMBER),
    ChartAccount(MUSYARAKAH_INCOME, "Pendapatan Bagi Hasil Musyarakah", R, CR, MEMBER),
    ChartAccount(MUDHARABAH_INCOME, "Pendapatan Bagi Hasil Mudharabah", R, CR, MEMBER),
    ChartAccount(PROFIT_SHARING_EXPENSE, "Beban Bagi Hasil Simpanan Mudharabah", X, DR),
    ChartAccount(WADIAH_BONUS_EXPENSE, "Beban Bonus Wadiah", X, DR),
)

SHARIA_CHART: tuple[ChartAccount, ...] = tuple(
    sorted(
        (item for item in STANDARD_CHART + SHARIA_ACCOUNTS if item.code not in NOT_IN_SHARIA_CHART),
        key=lambda item: item.code,
    )
)

# In a savings-and-loan cooperative the members' voluntary deposits are the business itself (as a bank's deposits
# are): their cash flows are operating. Elsewhere they fund the cooperative: financing. One rule, by type, when the
# chart is made (a later change of type, which goes through the Dinas, leaves the classes as they are).
SAVINGS_AND_LOAN_TYPES = frozenset({"ksp", "kspps"})
DEPOSITS = frozenset({SIMPANAN_SUKARELA, WADIAH_SAVINGS, MUDHARABAH_SAVINGS})


def chart_for(*, cooperative_type: str, is_sharia: bool) -> tuple[ChartAccount, ...]:
    """The chart a cooperative of this type starts with (parents before their sub-accounts: code order)."""
    accounts: Iterable[ChartAccount] = SHARIA_CHART if is_sharia else STANDARD_CHART
    if cooperative_type in SAVINGS_AND_LOAN_TYPES:
        accounts = (item._replace(cash_flow_class=OPER) if item.code in DEPOSITS else item for item in accounts)
    return tuple(accounts)


# The first digit of a code is its class; each kind belongs to one class (syirkah sits with the liabilities' digit,
# from 27, as the chart above places it).
CLASS_DIGIT = {A: "1", L: "2", S: "2", E: "3", R: "4", X: "5"}
CLASS_NORMAL_BALANCE = {A: DR, L: CR, S: CR, E: CR, R: CR, X: DR}
