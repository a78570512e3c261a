"""What a cooperative gets of an item moves from its own Allocation row onto the Commitment: a million-commitment
round then closes by rewriting only the commitments it cuts instead of inserting a row for each (issue 13 §8,
ADR 0009). On PostgreSQL the commitments' pages keep room for that rewrite (fillfactor), so it stays a HOT update
that touches no index."""

from decimal import Decimal

from django.db import migrations, models

FILLFACTOR = 50


def allocations_copy(apps, schema_editor):
    """Each allocation onto its commitment; every other commitment's wanted cases computed as the service will."""
    from simpul.jointbuy.allocation import wanted_cases

    Commitment = apps.get_model("jointbuy", "Commitment")
    Allocation = apps.get_model("jointbuy", "Allocation")
    found = {
        (a.cooperative_id, a.round_id, a.item_id): a for a in Allocation.objects.all().order_by()
    }
    changed = []
    for commitment in Commitment.objects.select_related("item", "round").order_by("pk").iterator(chunk_size=2000):
        allocation = found.get((commitment.cooperative_id, commitment.round_id, commitment.item_id))
        if allocation is not None:
            commitment.wanted_cases, commitment.cases = allocation.wanted_cases, allocation.cases
            commitment.reason, commitment.received_cases = allocation.reason, allocation.received_cases
        else:
            wanted = wanted_cases(commitment.quantity, commitment.tolerance, commitment.item.case_size)
            closed = commitment.round.status not in ("draft", "open")
            commitment.wanted_cases, commitment.cases = wanted, 0 if closed else wanted
        changed.append(commitment)
    Commitment.objects.bulk_update(changed, ["wanted_cases", "cases", "reason", "received_cases"], batch_size=2000)


def fillfactor_set(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE jointbuy_commitment SET (fillfactor = {FILLFACTOR})")


def fillfactor_reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE jointbuy_commitment RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("jointbuy", "0002_central_bills"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="wanted_cases",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="commitment",
            name="cases",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="commitment",
            name="reason",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.AddField(
            model_name="commitment",
            name="received_cases",
            field=models.DecimalField(
                decimal_places=3, default=Decimal("0"), max_digits=14, verbose_name="received (cases)"
            ),
        ),
        migrations.RunPython(allocations_copy, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.CheckConstraint(
                condition=models.Q(cases__lte=models.F("wanted_cases")), name="jointbuy_commitment_cap"
            ),
        ),
        migrations.DeleteModel(name="Allocation"),
        migrations.RunPython(fillfactor_set, fillfactor_reset),
    ]
