"""The audit trail's sentences for the rows the members app writes: members, the portal, savings.

Registered from MembersConfig.ready() (simpul/core/audit.py describes how). A savings row stores the member's id:
the names of every member on a page are fetched in one query."""

from typing import Any

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRef, AuditRow, audit_describer_add, audit_loader_add
from simpul.core.masking import HIDDEN
from simpul.core.models import AuditLog
from simpul.members.models import Member, MemberStatus, SavingsKind


def _member_label(row: AuditRow, label: str) -> str:
    """ "00306 Siti Nurhasanah" (a member row's label, masked as the label is) as "Siti Nurhasanah (00306)"."""
    number, _space, name = label.partition(" ")
    if number.isdigit() and name:
        return f"{name} ({number})"
    return label or "—"


def _loaded_member(row: AuditRow) -> str:
    # The id as recorded: a viewer without the member register gets the name as initials, not "•••".
    member = row.ref("member", (row.log.changes or {}).get("member"))
    if member is None:
        return _("a member")
    return f"{row.person(member.name)} ({member.number_display})"


def members_by_id(ids: set[str]) -> dict[str, Member]:
    keys = [int(key) for key in ids if key.isdigit()]
    return {str(member.pk): member for member in Member.objects.filter(pk__in=keys).only("id", "number", "name")}


def _member_refs(log: AuditLog) -> list[AuditRef]:
    changes = log.changes if isinstance(log.changes, dict) else {}
    return [("member", str(changes.get("member", "")))]


def product_name(kind: Any) -> str:
    """ "Simpanan Wajib": the product as the cooperative's books name it."""
    label = dict(SavingsKind.choices).get(kind)
    return str(label).title() if label else str(kind or "—")


def _registered(row: AuditRow) -> str:
    return _("Member %(member)s registered") % {"member": _member_label(row, row.target_label)}


def _updated(row: AuditRow) -> str:
    return _("Data of member %(member)s changed: %(fields)s") % {
        "member": _member_label(row, row.target_label),
        "fields": row.changed_fields({"user": _("member portal login")}),
    }


def _exited(row: AuditRow) -> str:
    words = {
        "member": _member_label(row, row.target_label),
        "status": dict(MemberStatus.choices).get(row.value("status"), row.value("status")),
        "date": row.date(row.value("exit_date")),
        "amount": row.money(row.value("savings_paid_out")),
    }
    return _("Member %(member)s left (%(status)s) on %(date)s; savings paid out %(amount)s") % words


def _imported(row: AuditRow) -> str:
    numbers = row.changes.get("numbers") or []
    words = {"count": row.value("count"), "filename": row.value("filename") or row.target_label}
    if isinstance(numbers, list) and len(numbers) == 2:
        words |= {"first": f"{int(numbers[0]):05d}", "last": f"{int(numbers[1]):05d}"}
        return _("Members imported from %(filename)s: %(count)s, numbers %(first)s to %(last)s") % words
    return _("Members imported from %(filename)s: %(count)s") % words


def _portal(row: AuditRow) -> str:
    words = {"member": _member_label(row, row.target_label)}
    sentences = {
        "member.portal_invited": _("Member %(member)s invited to the member portal"),
        "member.portal_linked": _("Member %(member)s linked a login to the member portal"),
        "member.portal_unlinked": _("Member portal login of %(member)s removed"),
    }
    return sentences[row.event] % words


def _products_set_up(row: AuditRow) -> str:
    """Changes {"wajib": "Simpanan Wajib 25000.00", "wajib_from": "25000.00 2026-01-01", …} as one sentence."""
    parts = []
    for kind in SavingsKind.values:
        rate = row.changes.get(f"{kind}_from")
        if rate:  # the amount and the month it holds from
            amount, _space, month = str(rate).partition(" ")
            words = {"product": product_name(kind), "amount": row.money(amount), "date": row.month(month)}
            if kind == SavingsKind.WAJIB:
                parts.append(_("%(product)s %(amount)s a month from %(date)s") % words)
            else:
                parts.append(_("%(product)s %(amount)s from %(date)s") % words)
        elif kind in row.changes:  # the product's name, and its amount if it has one
            amount = str(row.changes[kind]).rsplit(" ", 1)[-1]
            has_amount = amount.replace(".", "", 1).isdigit() or amount == HIDDEN
            parts.append(f"{product_name(kind)} {row.money(amount)}" if has_amount else product_name(kind))
    return _("Savings products set: %(products)s") % {"products": "; ".join(parts) or "—"}


def _savings_move(row: AuditRow) -> str:
    words = {
        "amount": row.money(row.changes.get("amount")),
        "product": product_name(row.changes.get("product")),
        "member": _loaded_member(row),
    }
    sentences = {
        "savings.deposit": _("Deposit of %(amount)s to %(product)s of %(member)s"),
        "savings.withdrawal": _("Withdrawal of %(amount)s from %(product)s of %(member)s"),
        "savings.opening": _("Opening balance of %(amount)s in %(product)s of %(member)s"),
        "savings.correction": _("Correction of %(amount)s to %(product)s of %(member)s"),
    }
    return sentences[row.event] % words


def _opening_posted(row: AuditRow) -> str:
    return _(
        "Members' opening savings as of %(date)s posted: %(members)s members, %(total)s in total "
        "(journal entry %(entry)s)"
    ) % {
        "date": row.date(row.value("as_of")),
        "members": row.value("members"),
        "total": row.money(row.value("total")),
        "entry": row.value("entry"),
    }


def _cashier_permission(row: AuditRow) -> str:
    words = {"name": row.value("cashier") or "—"}
    if row.value("may_withdraw") is True:
        return _("Cashier %(name)s may now pay out withdrawals") % words
    return _("Cashier %(name)s may no longer pay out withdrawals") % words


def register() -> None:
    audit_loader_add("member", members_by_id)
    audit_describer_add(["member.registered"], _registered, details=["nik"])
    audit_describer_add(["member.updated"], _updated, details=True)
    audit_describer_add(["member.exited"], _exited, details=["reason"])
    audit_describer_add(["member.imported"], _imported)
    audit_describer_add(
        ["member.portal_invited", "member.portal_linked", "member.portal_unlinked"], _portal, details=["email", "phone"]
    )
    audit_describer_add(["savings.products_set_up"], _products_set_up)
    audit_describer_add(
        ["savings.deposit", "savings.withdrawal", "savings.opening", "savings.correction"],
        _savings_move,
        refs=_member_refs,
        details=["note"],
    )
    audit_describer_add(["savings.opening_posted"], _opening_posted)
    audit_describer_add(["cashier.permission_changed"], _cashier_permission)
