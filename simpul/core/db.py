"""Saving a row that a unique constraint guards."""

from collections.abc import Callable

from django.db import IntegrityError, models, transaction


def save_or_refuse(instance: models.Model, recheck: Callable[[], None]) -> None:
    """Save inside a savepoint. A concurrent writer that slipped past the service's own uniqueness check makes
    the database refuse; `recheck` then raises the same clear refusal the check would have (else it re-raises)."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        recheck()
        raise
