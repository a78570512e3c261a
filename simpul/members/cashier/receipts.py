"""A receipt the member can open from WhatsApp: a signed, expiring link, and the wa.me message that carries it.

Why a signed link and not the member portal: the receipt pages under /k/<slug>/ are for the cooperative's staff,
and most members have no portal login (one exists only once a manager invites them). A member handed a receipt
on WhatsApp must be able to open it on their phone at once, without an account. So the link carries the
transaction's id signed with the site's SECRET_KEY (django.core.signing, its own salt): nobody can make one for
another transaction, and it stops working after RECEIPT_LINK_DAYS, so a forwarded message does not show the
balance for ever. The page shows what the paper receipt shows, nothing of the register (no NIK, no address).
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.core.exceptions import NotFoundError
from simpul.core.identifiers import whatsapp_number
from simpul.core.money import format_rupiah
from simpul.core.templatetags.simpul import tanggal
from simpul.members.models import SavingsTransaction, SavingsTransactionKind
from simpul.members.savings.selectors import receipt_number

RECEIPT_LINK_DAYS = 30
_SALT = "simpul.members.receipt-link"


def receipt_token(row: SavingsTransaction) -> str:
    return signing.dumps([row.cooperative_id, row.pk], salt=_SALT, compress=True)


def receipt_link(row: SavingsTransaction) -> str:
    """The absolute link, from SITE_URL (never from the request's Host header)."""
    path = reverse("members:receipt_shared", args=[receipt_token(row)])
    return settings.SITE_URL.rstrip("/") + path


def shared_transaction_get(token: str) -> SavingsTransaction:
    """The transaction a link names, while the link is valid; a forged, altered or expired one is a 404."""
    try:
        cooperative_id, transaction_id = signing.loads(
            token, salt=_SALT, max_age=datetime.timedelta(days=RECEIPT_LINK_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFoundError.plain() from None
    row = (
        SavingsTransaction.objects.filter(cooperative_id=cooperative_id, pk=transaction_id)
        .select_related("cooperative", "account__product", "account__member", "journal_entry", "actor")
        .first()
    )
    if row is None:
        raise NotFoundError.plain()
    return row


def receipt_message(row: SavingsTransaction, link: str) -> str:
    """The WhatsApp text: what was recorded, and the link to the receipt with how long it works."""
    valid_until = (row.created_at + datetime.timedelta(days=RECEIPT_LINK_DAYS)).date()
    words = {
        "name": row.account.member.name,
        "cooperative": row.cooperative.name,
        "number": receipt_number(row),
        "amount": format_rupiah(row.amount),
        "product": row.account.product.name,
        "balance": format_rupiah(row.balance_after),
        "date": tanggal(row.date),
        "link": link,
        "until": tanggal(valid_until),
    }
    if row.kind == SavingsTransactionKind.DEPOSIT:
        text = _(
            "Hello %(name)s, %(cooperative)s has recorded your deposit of %(amount)s to %(product)s on %(date)s "
            "(receipt %(number)s). Balance after: %(balance)s. See the receipt: %(link)s (the link works until "
            "%(until)s)."
        )
    else:
        text = _(
            "Hello %(name)s, %(cooperative)s has paid you %(amount)s from %(product)s on %(date)s (receipt "
            "%(number)s). Balance after: %(balance)s. See the receipt: %(link)s (the link works until %(until)s)."
        )
    return text % words


def receipt_whatsapp_url(row: SavingsTransaction) -> str:
    """https://wa.me/62…?text=… to the member's number, or https://wa.me/?text=… (pick the chat) without one."""
    text = quote(receipt_message(row, receipt_link(row)), safe="")
    return f"https://wa.me/{whatsapp_number(row.account.member.phone)}?text={text}"


def share_context(row: SavingsTransaction) -> dict[str, object]:
    """What a staff receipt page adds to offer the receipt by WhatsApp."""
    return {"whatsapp_url": receipt_whatsapp_url(row), "link_days": RECEIPT_LINK_DAYS}
