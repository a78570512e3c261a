"""Trigram index for the public directory's name search: PostgreSQL only; SQLite reads search_name by LIKE."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS coop_search_name_trgm ON coops_cooperative USING gin (search_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS coop_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("coops", "0003_membership_status_change")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
