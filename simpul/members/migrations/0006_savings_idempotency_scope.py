import hashlib
import json

from django.db import migrations, models


def hash_existing_keys(apps, schema_editor):
    """Keyed transactions from before get the hash of the request they record (the formula of
    simpul.members.idempotency.savings_request_hash, copied: a migration must not change with the code)."""
    SavingsTransaction = apps.get_model("members", "SavingsTransaction")
    rows = SavingsTransaction.objects.filter(client_key__isnull=False, request_hash__isnull=True).select_related(
        "account__product"
    )
    for row in rows.iterator():
        canonical = {
            "operation": f"savings.{row.kind}",
            "member": row.account.member_id,
            "product": row.account.product.kind,
            "amount": str(row.amount.quantize(row.amount.__class__("0.01"))),
            "date": row.date.isoformat(),
            "note": row.note,
        }
        digest = hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        SavingsTransaction.objects.filter(pk=row.pk).update(request_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_cooperative_indexed_by_composites"),
    ]

    operations = [
        migrations.AddField(
            model_name="savingstransaction",
            name="request_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing_keys, migrations.RunPython.noop),
    ]
