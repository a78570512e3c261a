"""The audit trail's sentences for the rows the ledger writes: the chart, journal entries, periods, opening balances.

Registered from LedgerConfig.ready() (simpul/core/audit.py describes how). A posted entry's amount comes from its
lines, summed for every entry of the page in one query."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from simpul.core.audit import AuditRef, AuditRow, audit_describer_add, audit_loader_add
from simpul.core.models import AuditLog
from simpul.ledger.models import JournalLine, PeriodKind


def period_words(row: AuditRow, state: dict[str, Any] | None = None) -> str:
    """ "November 2026" for a month, "2026" for a year, else "1 Januari 2026 – 31 Maret 2026"."""
    state = state if state is not None else row.changes
    kind, start, end = state.get("kind"), str(state.get("start") or ""), str(state.get("end") or "")
    try:
        first = datetime.date.fromisoformat(start)
    except ValueError:
        return "—"
    if kind == PeriodKind.MONTH:
        return row.month(start)
    if kind == PeriodKind.YEAR and first.month == 1 and first.day == 1:
        return str(first.year)
    return f"{row.date(start)} – {row.date(end)}"


def _chart_created(row: AuditRow) -> str:
    codes = [code for code in str(row.value("accounts") or "").split(",") if code.strip()]
    return _("Chart of accounts created with %(count)s accounts") % {"count": len(codes)}


def _account_created(row: AuditRow) -> str:
    return _("Account %(code)s %(name)s added") % {"code": row.value("code"), "name": row.value("name")}


def _account_renamed(row: AuditRow) -> str:
    code = row.target_label.partition(" ")[0]
    return _("Account %(code)s renamed from “%(old)s” to “%(new)s”") % {
        "code": code,
        "old": row.before("name"),
        "new": row.value("name"),
    }


def _account_deleted(row: AuditRow) -> str:
    return _("Account %(code)s %(name)s deleted") % {"code": row.value("code"), "name": row.value("name")}


def _entry_refs(log: AuditLog) -> list[AuditRef]:
    return [("journal_entry_total", log.target_id)]


def entry_totals(ids: set[str]) -> dict[str, Decimal]:
    """The debit total of each entry (= its credit total: entries balance), one query for the page."""
    keys = [int(key) for key in ids if key.isdigit()]
    rows = JournalLine.objects.filter(entry_id__in=keys).values("entry_id").annotate(total=Sum("debit")).order_by()
    return {str(row["entry_id"]): row["total"] for row in rows}


def _entry_posted(row: AuditRow) -> str:
    words = {"number": row.value("number") or row.log.target_id, "date": row.date(row.value("date"))}
    # The description may name a member ("Setoran simpanan wajib anggota 00306 Siti …"), and amounts are the
    # cooperative's own business: both only for those who read the member register (simpul/core/masking.py).
    if not row.personal_data:
        return _("Journal entry %(number)s of %(date)s posted") % words
    description = row.target_label.partition(" ")[2]
    words |= {"description": description or "—", "amount": row.money(row.ref("journal_entry_total", row.log.target_id))}
    return _("Journal entry %(number)s of %(date)s posted: %(description)s, %(amount)s") % words


def _period_closed(row: AuditRow) -> str:
    if row.value("kind") == PeriodKind.YEAR:
        return _("Financial year %(period)s closed") % {"period": period_words(row)}
    return _("Period %(period)s closed") % {"period": period_words(row)}


def _state(row: AuditRow) -> dict[str, Any]:
    state = row.changes.get("period")
    return state if isinstance(state, dict) else {}


def _reopen_requested(row: AuditRow) -> str:
    return _("Reopening of %(period)s requested: “%(reason)s”") % {
        "period": period_words(row, _state(row)),
        "reason": row.value("reason") or "—",
    }


def _reopened(row: AuditRow) -> str:
    return _("Period %(period)s reopened: “%(reason)s”") % {
        "period": period_words(row),
        "reason": row.value("reason") or "—",
    }


def _reopen_decided(row: AuditRow) -> str:
    words = {"period": period_words(row, _state(row)), "note": row.value("note")}
    if row.event == "ledger.period_reopen_withdrawn":
        return _("Request to reopen %(period)s withdrawn") % words
    if words["note"]:
        return _("Request to reopen %(period)s rejected: “%(note)s”") % words
    return _("Request to reopen %(period)s rejected") % words


def _opening_posted(row: AuditRow) -> str:
    return _(
        "Opening balances as of %(date)s posted: %(accounts)s accounts, total assets %(assets)s "
        "(journal entry %(entry)s)"
    ) % {
        "date": row.date(row.value("as_of")),
        "accounts": row.value("accounts"),
        "assets": row.money(row.value("assets")),
        "entry": row.value("entry"),
    }


def register() -> None:
    audit_loader_add("journal_entry_total", entry_totals)
    audit_describer_add(["ledger.chart_created"], _chart_created)
    audit_describer_add(["ledger.account_created"], _account_created)
    audit_describer_add(["ledger.account_renamed"], _account_renamed)
    audit_describer_add(["ledger.account_deleted"], _account_deleted)
    audit_describer_add(["ledger.entry_posted"], _entry_posted, refs=_entry_refs)
    audit_describer_add(["ledger.period_closed"], _period_closed)
    audit_describer_add(["ledger.period_reopen_requested"], _reopen_requested)
    audit_describer_add(["ledger.period_reopened"], _reopened)
    audit_describer_add(["ledger.period_reopen_withdrawn", "ledger.period_reopen_rejected"], _reopen_decided)
    audit_describer_add(["ledger.opening_balances_posted"], _opening_posted)
