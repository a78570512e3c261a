"""Trigram index for region pickers ("kab bogor", "bandung"): PostgreSQL only; SQLite reads search_text by LIKE."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_search_text_trgm ON regions_region USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other indexes may use it, and creating it again is harmless.
    schema_editor.execute("DROP INDEX IF EXISTS region_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
