"""The network's agreements (MoU) with suppliers, which a round's prices rest on."""

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Network, Supplier
from simpul.coops.validators import validate_document
from simpul.core.audit import AuditRow, audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import SupplierAgreement

AGREEMENT_CREATED = "jointbuy.agreement_created"


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _date(value: Any, *, field: str, label: str, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise _refuse(_("%(label)s is required.") % {"label": label}, error_codes.REQUIRED, field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        raise _refuse(_("%(label)s is not a valid date.") % {"label": label}, error_codes.INVALID_DATES, field)
    return value


def network_today(network: Network) -> dt.date:
    """Today in the network's own zone (WIB, WITA or WIT, from its region)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(network.region.timezone))


def supplier_agreement_create(
    *,
    network: Network,
    actor: User,
    supplier_id: Any,
    number: Any,
    signed_on: Any,
    valid_until: Any = None,
    scope: Any = "",
    document: Any = None,
    ip_address: str | None = None,
) -> SupplierAgreement:
    """Record the network's agreement with a supplier: its number (once per supplier), the day it was signed (not
    in the future), the day it ends (not before it was signed), what it covers and, optionally, the signed
    document (PDF, JPEG or PNG up to 5 MB, checked by its first bytes)."""
    try:
        supplier = Supplier.objects.filter(pk=int(supplier_id)).first()
    except (TypeError, ValueError):
        supplier = None
    if supplier is None:
        raise _refuse(_("Choose the supplier."), error_codes.REQUIRED, "supplier")
    text = refuse_too_long(str(number or "").strip(), max_length=100, field="number", label=_("Agreement number"))
    if not text:
        raise _refuse(_("%(label)s is required.") % {"label": _("Agreement number")}, error_codes.REQUIRED, "number")
    signed = _date(signed_on, field="signed_on", label=_("Signed on"), required=True)
    assert signed is not None
    if signed > network_today(network):
        raise _refuse(_("The agreement cannot be signed in the future."), error_codes.INVALID_DATES, "signed_on")
    ends = _date(valid_until, field="valid_until", label=_("Valid until"), required=False)
    if ends is not None and ends < signed:
        raise _refuse(_("The agreement cannot end before it was signed."), error_codes.INVALID_DATES, "valid_until")
    covers = refuse_too_long(str(scope or "").strip(), max_length=2000, field="scope", label=_("Scope"))
    if document:
        validate_document(document)
    with transaction.atomic():
        if SupplierAgreement.objects.filter(network=network, supplier=supplier, number=text).exists():
            raise _refuse(
                _("The network already has agreement %(number)s with %(supplier)s.")
                % {"number": text, "supplier": supplier.name},
                error_codes.INVALID_AGREEMENT,
                "number",
            )
        agreement = SupplierAgreement.objects.create(
            network=network,
            supplier=supplier,
            number=text,
            signed_on=signed,
            valid_until=ends,
            scope=covers,
            document=document or "",
            created_by=actor,
        )
        audit_record(
            actor=actor,
            event="jointbuy.agreement_created",
            target=agreement,
            region_code=network.region_id or "",
            changes={
                "number": text,
                "supplier": supplier.name,
                "signed_on": signed.isoformat(),
                "valid_until": ends.isoformat() if ends else "",
                "document": bool(document),
            },
            ip_address=ip_address,
        )
    return agreement


def agreement_sentence(row: AuditRow) -> str:
    """The audit trail's sentence for a recorded agreement (registered with the other Belanja Bareng sentences)."""
    return _("Agreement %(number)s with %(supplier)s recorded for joint purchasing") % {
        "number": row.value("number") or "—",
        "supplier": row.value("supplier") or "—",
    }
