"""The mart's number columns: money is Rupiah with sen, quantities have up to three decimals (kg, litre)."""

from decimal import Decimal

from django.db import models


def money(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    kwargs.setdefault("default", Decimal(0))
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def quantity(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    kwargs.setdefault("default", Decimal(0))
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **kwargs)  # type: ignore[arg-type]


def unit_cost(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    """A cost per base unit: four decimals, so 1 dus of 40 at Rp100.001 keeps its exact per-piece cost."""
    kwargs.setdefault("default", Decimal(0))
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=4, **kwargs)  # type: ignore[arg-type]
