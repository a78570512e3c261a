"""The audit trail's sentences for sales (registered from MartConfig.ready(); simpul/core/audit.py describes how)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _sale(row: AuditRow) -> str:
    words = {"number": row.value("number") or "—", "total": row.money(row.value("total"))}
    if row.value("member"):
        sentence = _("Mart sale %(number)s of %(total)s to a member")
    else:
        sentence = _("Mart sale %(number)s of %(total)s to a non-member")
    if row.value("offline"):
        sentence += " " + _("(recorded offline)")
    return sentence % words


def _reviewed(row: AuditRow) -> str:
    return _("Problems of mart sale %(number)s reviewed") % {"number": row.value("number") or "—"}


def register() -> None:
    audit_describer_add(["mart.sale"], _sale, details=["outlet", "journal_entry", "problems"])
    audit_describer_add(["mart.sale_reviewed"], _reviewed, details=["note"])
