"""Indonesian identifiers: phone numbers, NIB, NPWP. Parsing is lokal-id's; this module only adapts it."""

import re

from django.utils.translation import gettext as _
from lokal.npwp import parse_npwp
from lokal.phone import normalize_phone

from simpul.core.exceptions import ApplicationError

_NIB = re.compile(r"[0-9]{13}")


def phone_to_e164(raw: str, *, field: str = "phone") -> str:
    """`08…`, `62…` or `+62…` becomes `+62…`; anything else is refused."""
    normalized = normalize_phone(raw or "")
    if not normalized:
        raise ApplicationError(
            _("“%(value)s” is not a valid Indonesian phone number.") % {"value": raw},
            code="invalid_phone",
            extra={"field": field},
        )
    return normalized


def looks_like_phone(raw: str) -> bool:
    return "@" not in raw and bool(normalize_phone(raw))


def whatsapp_number(e164: str) -> str:
    """The digits wa.me wants: +6281… → 6281…."""
    return e164.lstrip("+")


def validate_nib(raw: str) -> str:
    value = (raw or "").strip()
    if not _NIB.fullmatch(value):
        raise ApplicationError(_("NIB must be exactly 13 digits."), code="invalid_nib", extra={"field": "nib"})
    return value


def validate_npwp(raw: str) -> str:
    info = parse_npwp(raw or "")
    if not info.valid:
        raise ApplicationError(_("NPWP is not valid."), code="invalid_npwp", extra={"field": "npwp"})
    return raw.strip()
