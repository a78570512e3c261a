"""The SAK EP chart on existing cooperatives (filled in by the chart work of issue 10)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_books_evidence")]

    operations = []
