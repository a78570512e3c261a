"""Two refreshes at once (PostgreSQL's row locks, each in its own thread and connection): of one cooperative, the
one that read older figures must never write after the one that read newer ones; of two cooperatives of one village,
the region rows above them must count both."""

import dataclasses
import threading
from functools import partial

import pytest
from django.db import connection

from simpul.coops.tests.factories import CooperativeFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS
from simpul.monitoring import regions
from simpul.monitoring.indicators import needs as needs_source
from simpul.monitoring.models import CooperativeRollup, RegionRollup
from simpul.monitoring.regions import COUNTRY
from simpul.monitoring.rollups import rollups_rebuild, rollups_refresh
from simpul.monitoring.tests.world import post_need, world

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(
        transaction=True,
        available_apps=[*KEEP_REGIONS, "simpul.mart", "simpul.needs", "simpul.monitoring"],
    ),
]


def _in_thread(errors: list[BaseException], work):
    def run():
        try:
            work()
        except BaseException as error:  # checked by the test
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=run)


def test_a_slow_refresh_never_overwrites_a_newer_one(monkeypatch):
    """Refresh A reads the figures (no need yet) and is held before writing; meanwhile a need is posted, whose own
    refresh B must wait for A's lock and then read again, so the roll-up ends counting the need. Without the lock,
    B would write first and A would then put back its older figures."""
    place = world()
    cooperative = place.mart.cooperative
    rollups_refresh(cooperative_ids=[cooperative.pk])
    read, go = threading.Event(), threading.Event()
    original = needs_source.SOURCE
    slow: list[threading.Thread] = []

    def compute(cooperatives, window):
        found = original.compute(cooperatives, window)
        if threading.current_thread() in slow:
            read.set()
            go.wait(timeout=20)
        return found

    monkeypatch.setattr(needs_source, "SOURCE", dataclasses.replace(original, compute=compute))
    errors: list[BaseException] = []
    in_thread = partial(_in_thread, errors)

    refresh_a = in_thread(lambda: rollups_refresh(cooperative_ids=[cooperative.pk]))
    slow.append(refresh_a)
    refresh_a.start()
    assert read.wait(timeout=20), "refresh A never read the figures"
    writer = in_thread(lambda: post_need(cooperative, place.mart.manager))  # its commit runs refresh B
    writer.start()
    writer.join(timeout=2)
    assert writer.is_alive(), "refresh B did not wait for refresh A's lock"
    go.set()
    refresh_a.join(timeout=20)
    writer.join(timeout=20)
    assert not errors, errors
    assert CooperativeRollup.objects.get(cooperative=cooperative).needs_open == 1


def test_two_cooperatives_of_one_village_both_count_in_its_region_rows(monkeypatch):
    """Refresh A (cooperative 1) locks the village row, reads its cooperatives' rows and is held before writing;
    meanwhile cooperative 2 of the same village posts a need, whose refresh B must wait for the village row and then
    read again, so the village and every region above count the need. Without the lock, B would write first and A
    would then put back a village that misses it."""
    place = world()
    first = place.mart.cooperative
    second = CooperativeFactory.create(village_code=first.village_id)
    rollups_rebuild()
    read, go = threading.Event(), threading.Event()
    original = regions._village_totals
    slow: list[threading.Thread] = []

    def village_totals(codes):
        found = original(codes)
        if threading.current_thread() in slow:
            read.set()
            go.wait(timeout=20)
        return found

    monkeypatch.setattr(regions, "_village_totals", village_totals)
    errors: list[BaseException] = []
    refresh_a = _in_thread(errors, lambda: rollups_refresh(cooperative_ids=[first.pk]))
    slow.append(refresh_a)
    refresh_a.start()
    assert read.wait(timeout=20), "refresh A never read the village"
    writer = _in_thread(errors, lambda: post_need(second, place.mart.manager))  # its commit runs refresh B
    writer.start()
    writer.join(timeout=2)
    assert writer.is_alive(), "refresh B did not wait for refresh A's village row"
    go.set()
    refresh_a.join(timeout=20)
    writer.join(timeout=20)
    assert not errors, errors
    assert CooperativeRollup.objects.get(cooperative=second).needs_open == 1
    for code in (first.village_id, first.district_code, first.regency_code, first.province_code, COUNTRY):
        assert RegionRollup.objects.get(code=code).needs_open == 1, code
