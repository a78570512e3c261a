"""Template filters every page uses: Rupiah, quantities and Indonesian dates."""

import datetime
from decimal import Decimal

from babel.dates import format_date
from django import template
from django.utils import timezone
from django.utils.translation import get_language

from simpul.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | str | None) -> str:
    """Rp1.234.567 in every language: it is the currency's own way of writing."""
    return format_rupiah(value)


@register.filter
def qty(value: Decimal | int | str | None) -> str:
    """A quantity without trailing zeros and never in exponent form: 10.000 → 10, 2.500 → 2.5 (Decimal.normalize
    alone writes 10 as 1E+1)."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    return f"{number:f}"


@register.filter
def tanggal(value: datetime.date | datetime.datetime | None) -> str:
    """25 November 2026 (Indonesian) or 25 November 2026 (English, day first)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    locale = "id_ID" if (get_language() or "id").startswith("id") else "en_GB"
    return format_date(value, format="d MMMM y", locale=locale)
