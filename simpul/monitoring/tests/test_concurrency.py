"""Two refreshes of one cooperative's roll-up at once (PostgreSQL's row locks, each in its own thread and
connection): the one that read older figures must never write after the one that read newer ones."""

import dataclasses
import threading

import pytest
from django.db import connection

from simpul.members.tests.test_concurrency import KEEP_REGIONS
from simpul.monitoring.indicators import needs as needs_source
from simpul.monitoring.models import CooperativeRollup
from simpul.monitoring.rollups import rollups_refresh
from simpul.monitoring.tests.world import post_need, world

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(
        transaction=True,
        available_apps=[*KEEP_REGIONS, "simpul.mart", "simpul.needs", "simpul.monitoring"],
    ),
]


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

    def in_thread(work):
        def run():
            try:
                work()
            except BaseException as error:  # checked below
                errors.append(error)
            finally:
                connection.close()

        return threading.Thread(target=run)

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
