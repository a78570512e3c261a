"""Each report as Excel worksheets (simpul.core.exports.Sheet): amounts stay exact Decimals in the cells."""

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exports import Sheet
from simpul.ledger.reports.balance_sheet import ComparativeBalanceSheet, SheetRow
from simpul.ledger.reports.business_results import BusinessResults, ResultSection
from simpul.ledger.reports.cash_flow import CashFlow
from simpul.ledger.reports.common import Pair
from simpul.ledger.reports.equity_changes import EquityChanges, EquityStatement
from simpul.ledger.reports.general_journal import JournalRow, JournalSummary
from simpul.ledger.reports.general_ledger import GeneralLedger
from simpul.ledger.reports.trial_balance import ComparativeTrialBalance

Row = list[Any]


def _indent(name: str, depth: int) -> str:
    return "  " * depth + name


def general_journal_sheets(heading: Sequence[str], rows: Iterator[JournalRow], summary: JournalSummary) -> list[Sheet]:
    def lines() -> Iterator[Row]:
        for row in rows:
            yield [
                row.date,
                row.number,
                row.description,
                row.source,
                row.account_code,
                row.account_name,
                row.debit,
                row.credit,
            ]

    header = [_("Date"), _("Number"), _("Description"), _("Source"), _("Code"), _("Account"), _("Debit"), _("Credit")]
    totals = [
        [_("Entries"), summary.entries[0], summary.entries[1]],
        [_("Total posted"), summary.posted.current, summary.posted.previous],
    ]
    return [
        Sheet(_("General journal"), header, lines(), heading=heading, column_widths=(12, 8, 40, 12, 10, 32, 16, 16)),
        Sheet(_("Summary"), ["", _("This period"), _("Previous period")], totals, heading=heading),
    ]


def general_ledger_sheets(heading: Sequence[str], ledger: GeneralLedger) -> list[Sheet]:
    rows: list[Row] = [[None, None, _("Opening balance"), None, None, ledger.opening.current]]
    rows += [[line.date, line.number, line.description, line.debit, line.credit, line.balance] for line in ledger.lines]
    rows.append([None, None, _("Closing balance"), ledger.debit.current, ledger.credit.current, ledger.closing.current])
    header = [_("Date"), _("Number"), _("Description"), _("Debit"), _("Credit"), _("Balance")]
    summary = [
        [_("Opening balance"), ledger.opening.current, ledger.opening.previous],
        [_("Debit"), ledger.debit.current, ledger.debit.previous],
        [_("Credit"), ledger.credit.current, ledger.credit.previous],
        [_("Closing balance"), ledger.closing.current, ledger.closing.previous],
    ]
    return [
        Sheet(
            _("General ledger"),
            header,
            rows,
            heading=heading,
            total_rows={0, len(rows) - 1},
            column_widths=(12, 8, 44, 16, 16, 18),
        ),
        Sheet(_("Summary"), ["", _("This period"), _("Previous period")], summary, heading=heading),
    ]


def trial_balance_sheets(heading: Sequence[str], report: ComparativeTrialBalance) -> list[Sheet]:
    rows: list[Row] = [
        [
            now.account.code,
            _indent(now.account.name, now.depth),
            now.opening,
            now.debit,
            now.credit,
            now.closing_debit,
            now.closing_credit,
            then.closing_debit,
            then.closing_credit,
        ]
        for now, then in report.pairs
    ]
    current, previous = report.current, report.previous
    rows.append(
        [
            _("Total"),
            None,
            None,
            current.total_debit,
            current.total_credit,
            current.total_closing_debit,
            current.total_closing_credit,
            previous.total_closing_debit,
            previous.total_closing_credit,
        ]
    )
    header = [
        _("Code"),
        _("Account"),
        _("Opening (debit − credit)"),
        _("Debit"),
        _("Credit"),
        _("Closing debit"),
        _("Closing credit"),
        _("Previous period: closing debit"),
        _("Previous period: closing credit"),
    ]
    return [
        Sheet(
            _("Trial balance"),
            header,
            rows,
            heading=heading,
            total_rows={len(rows) - 1},
            column_widths=(10, 36, 18, 18, 18, 18, 18, 18, 18),
        )
    ]


def _amount_rows(rows: list[SheetRow]) -> list[Row]:
    return [[row.account_code, _indent(row.account_name, row.depth), row.current, row.previous] for row in rows]


def balance_sheet_sheets(heading: Sequence[str], report: ComparativeBalanceSheet) -> list[Sheet]:
    now, then = report.current, report.previous
    rows: list[Row] = []
    totals: set[int] = set()

    def total(label: str, current: Decimal, previous: Decimal) -> None:
        totals.add(len(rows))
        rows.append([None, label, current, previous])

    rows.append([None, _("Assets"), None, None])
    rows.extend(_amount_rows(report.assets))
    total(_("Total assets"), now.total_assets, then.total_assets)
    rows.append([None, _("Liabilities"), None, None])
    rows.extend(_amount_rows(report.liabilities))
    total(_("Total liabilities"), now.total_liabilities, then.total_liabilities)
    if report.syirkah:
        rows.append([None, _("Temporary syirkah funds"), None, None])
        rows.extend(_amount_rows(report.syirkah))
        total(_("Total temporary syirkah funds"), now.total_syirkah, then.total_syirkah)
    rows.append([None, _("Equity"), None, None])
    rows.extend(_amount_rows(report.equity))
    if not now.result_in_line:
        rows.append([None, _("Result of the running year (not yet closed)"), now.current_result, then.current_result])
    if now.earlier_result or then.earlier_result:
        rows.append([None, _("Result of earlier years not yet closed"), now.earlier_result, then.earlier_result])
    total(_("Total equity"), now.total_equity, then.total_equity)
    label = (
        _("Total liabilities, temporary syirkah funds and equity")
        if report.syirkah
        else _("Total liabilities and equity")
    )
    total(label, now.total_liabilities_and_equity, then.total_liabilities_and_equity)
    header = [_("Code"), _("Account"), str(now.as_of), str(then.as_of)]
    return [
        Sheet(
            _("Statement of financial position"),
            header,
            rows,
            heading=heading,
            total_rows=totals,
            column_widths=(10, 44, 20, 20),
        )
    ]


def _pair_row(label: str, pair: Pair, code: str | None = None) -> Row:
    return [code, label, pair.current, pair.previous]


def business_results_sheets(heading: Sequence[str], report: BusinessResults, titles: dict[str, str]) -> list[Sheet]:
    rows: list[Row] = []
    totals: set[int] = set()

    def section(section: ResultSection, total_label: str) -> None:
        rows.append([None, titles[section.key], None, None])
        rows.extend(
            _pair_row(_indent(line.account.name, line.depth), line.amount, line.account.code) for line in section.lines
        )
        totals.add(len(rows))
        rows.append(_pair_row(total_label, section.total))

    def total(label: str, pair: Pair) -> None:
        totals.add(len(rows))
        rows.append(_pair_row(label, pair))

    section(report.member_revenue, _("Total revenue from members"))
    section(report.non_member_revenue, _("Total revenue from non-members"))
    total(_("Total revenue from business"), report.business_revenue)
    section(report.cost_of_goods_sold, _("Total cost of goods sold"))
    total(_("Gross result"), report.gross_result)
    section(report.operating_expenses, _("Total operating expenses"))
    total(_("Operating result"), report.operating_result)
    section(report.other_income, _("Total other income"))
    total(_("SHU for the period"), report.shu)
    header = [_("Code"), _("Account"), _("This period"), _("Previous period")]
    return [
        Sheet(_("Business results"), header, rows, heading=heading, total_rows=totals, column_widths=(10, 44, 20, 20))
    ]


def _equity_rows(statement: EquityStatement) -> list[Row]:
    rows: list[Row] = []
    for row in statement.all_rows:
        code = row.account.code if row.account else None
        name = _indent(row.account.name, row.depth) if row.account else _("SHU not yet closed into equity")
        rows.append([code, name, row.opening, row.increases, row.decreases, row.closing])
    rows.append(
        [
            _("Total"),
            None,
            statement.total_opening,
            statement.total_increases,
            statement.total_decreases,
            statement.total_closing,
        ]
    )
    return rows


def equity_changes_sheets(heading: Sequence[str], report: EquityChanges, previous_label: str) -> list[Sheet]:
    header = [_("Code"), _("Account"), _("Opening balance"), _("Increases"), _("Decreases"), _("Closing balance")]
    current_rows = _equity_rows(report.current)
    previous_rows = _equity_rows(report.previous)
    widths = (10, 40, 18, 18, 18, 18)
    return [
        Sheet(
            _("Changes in equity"),
            header,
            current_rows,
            heading=heading,
            total_rows={len(current_rows) - 1},
            column_widths=widths,
        ),
        Sheet(
            _("Previous period"),
            header,
            previous_rows,
            heading=[*heading[:2], previous_label],
            total_rows={len(previous_rows) - 1},
            column_widths=widths,
        ),
    ]


def cash_flow_sheets(heading: Sequence[str], report: CashFlow, titles: dict[str, str]) -> list[Sheet]:
    rows: list[Row] = [_pair_row(_("Cash and bank at the start"), report.opening)]
    totals: set[int] = {0}
    for section in report.sections:
        rows.append([None, titles[section.key], None, None])
        for line in section.lines:
            if line.receipts != Pair():
                rows.append(
                    _pair_row(
                        _("Received: %(account)s") % {"account": line.account.name}, line.receipts, line.account.code
                    )
                )
            if line.payments != Pair():
                rows.append(
                    _pair_row(
                        _("Paid: %(account)s") % {"account": line.account.name}, -line.payments, line.account.code
                    )
                )
        totals.add(len(rows))
        rows.append(_pair_row(_("Net cash from %(activity)s") % {"activity": titles[section.key].lower()}, section.net))
    totals.add(len(rows))
    rows.append(_pair_row(_("Net change in cash"), report.net_change))
    totals.add(len(rows))
    rows.append(_pair_row(_("Cash and bank at the end"), report.closing))
    header = [_("Code"), _("Description"), _("This period"), _("Previous period")]
    return [Sheet(_("Cash flow"), header, rows, heading=heading, total_rows=totals, column_widths=(10, 48, 20, 20))]
