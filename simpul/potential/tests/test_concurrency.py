"""Boundary imports at once, each in its own thread and connection (PostgreSQL's row locks): imports of the same
regions run one after the other, the last one's outlines stay and nothing collides."""

import functools

import pytest
from django.db import connection

from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once
from simpul.potential.models import Boundary
from simpul.potential.services.boundaries import ImportResult, boundaries_import
from simpul.potential.tests.factories import collection, feature, square

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.needs", "simpul.potential"]),
]


def test_imports_of_the_same_regions_at_once_never_collide() -> None:
    files = [
        collection(feature("32.73.01", square(107.5 + n, -6.9)), feature("32.73.02", square(107.6 + n, -6.9)))
        for n in range(6)
    ]
    outcomes = _run_at_once([functools.partial(boundaries_import, raw=raw, actor=None) for raw in files])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Boundary.objects.filter(pk__in=["32.73.01", "32.73.02"]).count() == 2
    results = [o for o in outcomes if isinstance(o, ImportResult)]
    assert len(results) == 6
    assert sum(r.created for r in results) == 2
    assert sum(r.replaced for r in results) == 10
