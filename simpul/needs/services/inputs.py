"""What a need's forms and API bodies are turned into: checked choices, quantities, dates, text and the photo."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import refuse_too_long
from simpul.core.numbers import decimal_in
from simpul.needs import error_codes

QUANTITY_PLACES = Decimal("0.001")
MONEY_PLACES = Decimal("0.01")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
_PHOTO_MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"))
NOTE_MAX = 1000
DESCRIPTION_MAX = 4000


def choice_in(value: Any, choices: list[str], *, field: str, label: str) -> str:
    if value not in choices:
        raise ApplicationError(
            _("Choose one of the options for %(label)s.") % {"label": label},
            code=error_codes.INVALID_CHOICE,
            extra={"field": field},
        )
    return str(value)


def text_in(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = " ".join(str(value or "").split()) if max_length <= 200 else str(value or "").strip()
    if required and not text:
        raise ApplicationError(
            _("%(label)s is required.") % {"label": label}, code=error_codes.REQUIRED, extra={"field": field}
        )
    return refuse_too_long(text, max_length=max_length, field=field, label=label)


def quantity_in(value: Any, *, field: str, label: str) -> Decimal:
    return decimal_in(
        value, label=label, field=field, places=QUANTITY_PLACES, code=error_codes.INVALID_QUANTITY, positive=True
    )


def price_in(value: Any, *, field: str, label: str) -> Decimal:
    return decimal_in(value, label=label, field=field, places=MONEY_PLACES, code=error_codes.INVALID_PRICE)


def date_in(value: Any, *, field: str, label: str, not_before: datetime.date | None = None) -> datetime.date:
    day = value if isinstance(value, datetime.date) else None
    if day is None and isinstance(value, str):
        try:
            day = parse_date(value.strip())
        except ValueError:
            day = None
    if day is None:
        raise ApplicationError(
            _("%(label)s is not a valid date.") % {"label": label},
            code=error_codes.INVALID_DATE,
            extra={"field": field},
        )
    if not_before is not None and day < not_before:
        raise ApplicationError(
            _("%(label)s cannot be in the past.") % {"label": label},
            code=error_codes.INVALID_DATE,
            extra={"field": field},
        )
    return day


def photo_kind(upload: Any) -> str:
    """The photo's real kind ("jpg" or "png"), read from its first bytes; anything else or over 5 MB is refused."""
    size = getattr(upload, "size", None)
    message = _("The photo must be a JPEG or PNG image of at most 5 MB.")
    if size is None or not hasattr(upload, "read") or size > MAX_PHOTO_BYTES:
        raise ApplicationError(message, code=error_codes.INVALID_FILE, extra={"field": "photo"})
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    for magic, kind in _PHOTO_MAGIC:
        if head.startswith(magic):
            return kind
    raise ApplicationError(message, code=error_codes.INVALID_FILE, extra={"field": "photo"})
