"""Belanja Bareng: what each cooperative saved against buying alone, over every closed round (the reports' "hemat":
(list price − round price) × units allocated, simpul/jointbuy/reports.py). One grouped query."""

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from simpul.core.money import quantize
from simpul.jointbuy.models import Commitment
from simpul.jointbuy.reports import CLOSED_STATUSES
from simpul.monitoring.indicators import Source, Values, Window

_PRODUCT = DecimalField(max_digits=30, decimal_places=5)
_SUM = DecimalField(max_digits=30, decimal_places=2)


def compute(cooperatives: list[Any], window: Window) -> Values:
    units = ExpressionWrapper(F("cases") * F("item__case_size"), output_field=_PRODUCT)
    saved = ExpressionWrapper(units * (F("item__list_price") - F("item__price")), output_field=_PRODUCT)
    rows = (
        Commitment.objects.allocated()
        .filter(cooperative_id__in=[c.pk for c in cooperatives], round__status__in=CLOSED_STATUSES)
        .values("cooperative_id")
        .annotate(saved=Sum(saved, output_field=_SUM))
        .order_by()
    )
    return {row["cooperative_id"]: {"jointbuy_savings": quantize(row["saved"] or Decimal(0))} for row in rows}


SOURCE = Source(key="jointbuy", kinds=frozenset({"mart", "books"}), indicators=("jointbuy_savings",), compute=compute)
