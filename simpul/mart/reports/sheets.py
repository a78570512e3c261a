"""The mart's reports as Excel worksheets (simpul.core.exports.Sheet): amounts stay exact Decimals in the cells."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exports import Sheet, safe_text
from simpul.mart.network.selectors_management import NetworkMarts
from simpul.mart.reports.selectors import (
    AGE_BUCKETS,
    AGE_LABELS,
    Figures,
    HetException,
    Row,
    SalesReport,
    SlowSeller,
    StapleHolder,
    StockReport,
)


def _figure_header(first: str) -> list[str]:
    return [
        first,
        _("Sales"),
        _("Returns"),
        _("PPN"),
        _("Sales (excl. PPN)"),
        _("Cost of goods"),
        _("Margin"),
        _("Margin rate"),
    ]


def _figure_cells(figures: Figures) -> list[Any]:
    percent = figures.margin_percent
    return [
        figures.sales,
        figures.returns,
        figures.tax,
        figures.net,
        figures.cost,
        figures.margin,
        float(percent) if percent is not None else None,
    ]


def _rows_sheet(title: str, heading: Sequence[str], first: str, rows: Sequence[Row], total: Figures) -> Sheet:
    body: list[list[Any]] = [[safe_text(str(row.label)), *_figure_cells(row.figures)] for row in rows]
    body.append([_("Total"), *_figure_cells(total)])
    return Sheet(
        title,
        _figure_header(first),
        body,
        heading=heading,
        total_rows={len(body) - 1},
        column_widths=(32, 16, 16, 16, 16, 16, 16, 10),
    )


def sales_sheets(heading: Sequence[str], report: SalesReport) -> list[Sheet]:
    days: list[list[Any]] = [[row.key, row.figures.count, *_figure_cells(row.figures)] for row in report.days]
    days.append([_("Total"), report.total.count, *_figure_cells(report.total)])
    products: list[list[Any]] = [
        [
            safe_text(row.extra["sku"]),
            safe_text(row.label),
            safe_text(row.extra["category"]),
            row.figures.quantity,
            safe_text(row.extra["unit"]),
            *_figure_cells(row.figures),
        ]
        for row in report.products
    ]
    return [
        Sheet(
            _("By day"),
            [_("Date"), _("Sales count"), *_figure_header("")[1:]],
            days,
            heading=heading,
            total_rows={len(days) - 1},
            column_widths=(12, 10, 16, 16, 16, 16, 16, 16, 10),
        ),
        Sheet(
            _("By product"),
            [_("SKU"), _("Product"), _("Category"), _("Quantity"), _("Unit"), *_figure_header("")[1:]],
            products,
            heading=heading,
            column_widths=(14, 32, 20, 10, 8, 16, 16, 16, 16, 16, 16, 10),
        ),
        _rows_sheet(_("By category"), heading, _("Category"), report.categories, report.total),
        _rows_sheet(_("By cashier"), heading, _("Cashier"), report.cashiers, report.total),
        _rows_sheet(_("By outlet"), heading, _("Outlet"), report.outlets, report.total),
        _rows_sheet(_("Members"), heading, _("Buyer"), report.member_kinds, report.total),
    ]


def products_sheets(heading: Sequence[str], best: Sequence[Row], slow: Sequence[SlowSeller], days: int) -> list[Sheet]:
    best_rows = [
        [
            safe_text(r.extra["sku"]),
            safe_text(r.label),
            r.figures.quantity,
            safe_text(r.extra["unit"]),
            r.figures.net,
            r.figures.margin,
        ]
        for r in best
    ]
    slow_rows = [
        [
            safe_text(s.sku),
            safe_text(s.name),
            safe_text(s.outlet),
            s.quantity,
            safe_text(s.unit),
            s.value,
            s.days_unsold,
        ]
        for s in slow
    ]
    return [
        Sheet(
            _("Best sellers"),
            [_("SKU"), _("Product"), _("Quantity"), _("Unit"), _("Sales (excl. PPN)"), _("Margin")],
            best_rows,
            heading=heading,
            column_widths=(14, 32, 10, 8, 16, 16),
        ),
        Sheet(
            _("Slow sellers"),
            [_("SKU"), _("Product"), _("Outlet"), _("On hand"), _("Unit"), _("Stock value"), _("Days without a sale")],
            slow_rows,
            heading=[*heading, _("No sale for %(days)s days or more") % {"days": days}],
            column_widths=(14, 32, 20, 10, 8, 16, 12),
        ),
    ]


def stock_sheets(heading: Sequence[str], report: StockReport) -> list[Sheet]:
    names = [name for name, _limit in AGE_BUCKETS]
    rows: list[list[Any]] = [
        [safe_text(o.name), o.products, o.value, *[o.ages[n] for n in names]] for o in report.outlets
    ]
    total = report.total
    rows.append([_("Total"), total.products, total.value, *[total.ages[n] for n in names]])
    header = [_("Outlet"), _("Products"), _("Stock value"), *[str(AGE_LABELS[n]) for n in names]]
    return [
        Sheet(
            _("Stock value"),
            header,
            rows,
            heading=heading,
            total_rows={len(rows) - 1},
            column_widths=(28, 10, 16, 16, 16, 16, 16),
        )
    ]


def het_sheets(heading: Sequence[str], rows: Sequence[HetException]) -> list[Sheet]:
    body = [
        [
            safe_text(r.sku),
            safe_text(r.name),
            r.staple,
            safe_text(r.unit),
            r.price,
            r.member_price,
            r.het,
            safe_text(r.reason),
        ]
        for r in rows
    ]
    header = [_("SKU"), _("Product"), _("Staple"), _("Unit"), _("Price"), _("Member price"), _("HET"), _("Reason")]
    return [Sheet(_("Above the HET"), header, body, heading=heading, column_widths=(14, 32, 14, 8, 16, 16, 16, 40))]


def staples_sheets(
    heading: Sequence[str], own: Sequence[dict[str, Any]], holders: Sequence[StapleHolder]
) -> list[Sheet]:
    own_rows = [
        [safe_text(r["name"]), r["staple_label"], r["on_hand"], r["min_stock"], safe_text(r["base_unit"])] for r in own
    ]
    holder_rows = [
        [h.staple_label, safe_text(h.name), safe_text(h.phone), h.quantity, safe_text(h.unit)] for h in holders
    ]
    return [
        Sheet(
            _("Our staples"),
            [_("Product"), _("Staple"), _("On hand"), _("Minimum stock"), _("Unit")],
            own_rows,
            heading=heading,
            column_widths=(32, 14, 12, 12, 8),
        ),
        Sheet(
            _("In the network"),
            [_("Staple"), _("Cooperative"), _("Phone"), _("On hand"), _("Unit")],
            holder_rows,
            heading=heading,
            column_widths=(14, 36, 18, 12, 8),
        ),
    ]


def management_sheets(heading: Sequence[str], marts: NetworkMarts) -> list[Sheet]:
    rows: list[list[Any]] = [
        [
            safe_text(r.cooperative.name),
            r.today_sales,
            r.today_margin,
            r.month_sales,
            r.month_margin,
            r.stock_value,
            ", ".join(safe_text(name) for name in r.staples_short),
            r.checklist_percent,
            r.variance_shifts,
            r.variance_total,
            _("yes") if r.quiet else "",
        ]
        for r in marts.rows
    ]
    header = [
        _("Cooperative"),
        _("Sales today (excl. PPN)"),
        _("Margin today"),
        _("Sales this month (excl. PPN)"),
        _("Margin this month"),
        _("Stock value"),
        _("Staples below minimum"),
        _("Checklist done (%)"),
        _("Shifts with a cash variance"),
        _("Cash variance"),
        _("No sale for a day"),
    ]
    rows.append(
        [
            _("Total"),
            marts.today_sales,
            None,
            marts.month_sales,
            marts.month_margin,
            marts.stock_value,
            None,
            None,
            None,
            None,
            marts.quiet,
        ]
    )
    return [
        Sheet(
            _("Member marts"),
            header,
            rows,
            heading=heading,
            total_rows={len(rows) - 1},
            column_widths=(36, 16, 16, 16, 16, 16, 30, 10, 10, 16, 10),
        )
    ]
