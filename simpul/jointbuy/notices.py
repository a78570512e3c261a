"""The e-mail each supplier gets when a round closes: its purchase order in a few lines, the Excel attached, and the
link where its staff confirm all or part of it. Sent once the closing has committed, in the platform's language (a
supplier's own is not known), to the supplier's address and its active staff's. A supplier without any gets the
order from the coordinator by the WhatsApp link on the round's page."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from simpul.coops.models import Role, RoleKind, Supplier
from simpul.core.exports import XLSX_CONTENT_TYPE, download_name, xlsx_bytes
from simpul.core.money import format_rupiah
from simpul.jointbuy.documents import OrderDocument, order_document, order_sheets
from simpul.jointbuy.models import RoundSupplier


def order_recipients(supplier: Supplier) -> list[str]:
    """The supplier's own address and its active staff's, each once."""
    staff = (
        Role.objects.filter(kind=RoleKind.SUPPLIER, supplier=supplier, is_active=True, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    found: list[str] = []
    for address in [supplier.email, *staff]:
        if address and address.lower() not in {a.lower() for a in found}:
            found.append(address)
    return found


def order_email_body(document: OrderDocument, link: str) -> str:
    order = document.order
    round_ = order.round
    lines = [
        _("Hello %(supplier)s,") % {"supplier": order.supplier.contact_name or order.supplier.name},
        _("%(network)s has closed the round %(round)s. This is your purchase order %(number)s:")
        % {"network": round_.network.name, "round": round_.title, "number": order.order_number},
        "\n".join(
            _("- %(item)s: %(cases)s cases of %(size)s %(unit)s at %(price)s a unit")
            % {
                "item": line.item.name,
                "cases": line.cases,
                "size": f"{line.item.case_size.normalize():f}",
                "unit": line.item.unit,
                "price": format_rupiah(line.price),
            }
            for line in document.lines
        ),
        _("The deliveries to each cooperative are in the attached Excel file."),
        _("Confirm all or part of the order, and set the delivery dates, here:"),
        link,
        _("Simpul — cooperatives of Indonesia, linked."),
    ]
    return "\n\n".join(lines)


def order_emails_send(round_id: int) -> int:
    """E-mail every supplier of a closed round its purchase order. Returns how many e-mails were sent."""
    sent = 0
    orders = RoundSupplier.objects.filter(round_id=round_id).select_related("supplier", "round__network").order_by("pk")
    with translation.override(settings.LANGUAGE_CODE):
        for order in orders:
            recipients = order_recipients(order.supplier)
            document = order_document(order)
            if not recipients or not any(line.cases for line in document.lines):
                continue  # nothing to deliver: every item of this supplier was dropped
            link = urljoin(settings.SITE_URL, reverse("jointbuy:supplier_order", args=[order.pk]))
            subject = _("Purchase order %(number)s from %(network)s") % {
                "number": order.order_number,
                "network": order.round.network.name,
            }
            message = EmailMessage(subject, order_email_body(document, link), None, recipients)
            filename = download_name(order.order_number or "po", order.supplier.name, extension="xlsx")
            message.attach(filename, xlsx_bytes(order_sheets(document)), XLSX_CONTENT_TYPE)
            message.send()
            sent += 1
    return sent
