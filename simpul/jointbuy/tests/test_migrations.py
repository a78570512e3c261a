"""Migration 0003 moves each Allocation row onto its commitment: a database with rounds closed before it keeps what
every cooperative got and received, and the commitments of a round still open get their whole cases."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from simpul.jointbuy.models import Commitment
from simpul.jointbuy.tests.factories import close_round, commit, jointbuy_world, open_round, round_items

BEFORE = [("jointbuy", "0002_central_bills")]
AFTER = [("jointbuy", "0003_allocations_on_commitments")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    """Migrate with every app installed: the test's available_apps (all but the regions, so the flush afterwards
    keeps them for the other tests) would hide the regions' migrations from the graph."""
    available = [config.name for config in apps.get_app_configs()]
    apps.unset_available_apps()
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor
    finally:
        apps.set_available_apps(available)


# Transactional (migrations change the schema), flushing every table but the regions the other tests read.
@pytest.mark.django_db(transaction=True, available_apps=[a for a in settings.INSTALLED_APPS if a != "simpul.regions"])
def test_allocations_move_onto_their_commitments():
    world = jointbuy_world(members=2)
    closed = open_round(world)
    rice = round_items(closed)[0]
    commit(world, 0, closed, {rice: 25}, {rice: 5})  # 3 cases
    commit(world, 1, closed, {rice: 40})  # 4 cases
    close_round(world, closed)
    still_open = open_round(world, title="Beras bulan depan")
    later = round_items(still_open)[0]
    commit(world, 0, still_open, {later: 15}, {later: 5})  # 2 cases
    first, second = (Commitment.objects.get(round=closed, cooperative=c) for c in world.cooperatives)
    open_row = Commitment.objects.get(round=still_open)

    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE[0]).apps
        # The database as it was: a cut allocation and a received one; the new columns gone.
        Allocation = old.get_model("jointbuy", "Allocation")
        Allocation.objects.create(
            cooperative_id=first.cooperative_id, round_id=closed.pk, item_id=rice.pk, wanted_cases=3, cases=2,
            reason="capped", received_cases=Decimal("2"),
        )  # fmt: skip
        Allocation.objects.create(
            cooperative_id=second.cooperative_id, round_id=closed.pk, item_id=rice.pk, wanted_cases=4, cases=4
        )
        _migrate(AFTER)
    finally:
        _migrate(AFTER)

    rows = {c.pk: (c.wanted_cases, c.cases, c.reason, c.received_cases) for c in Commitment.objects.all()}
    assert rows == {
        first.pk: (3, 2, "capped", Decimal("2")),
        second.pk: (4, 4, "", Decimal("0")),
        open_row.pk: (2, 2, "", Decimal("0")),  # open: it gets what it wants until the round closes
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'jointbuy_commitment'")
            assert cursor.fetchone()[0] == ["fillfactor=50"]
