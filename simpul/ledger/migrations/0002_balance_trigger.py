"""On PostgreSQL the database itself refuses, at commit, a journal entry whose lines do not balance.

A DEFERRABLE INITIALLY DEFERRED constraint trigger runs after the whole transaction has written its lines, so the
service may insert an entry and then its lines; a write that bypasses the service (raw SQL, the ORM directly) and
leaves an entry unbalanced or empty makes the COMMIT fail. SQLite has no deferred triggers: there the service's
own check is the guard.
"""

from django.db import migrations

CHECK_FUNCTION = """
CREATE FUNCTION ledger_check_entry_balanced(target bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    line_count integer;
    total_debit numeric;
    total_credit numeric;
BEGIN
    IF target IS NULL OR NOT EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = target) THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0)
      INTO line_count, total_debit, total_credit
      FROM ledger_journalline WHERE entry_id = target;
    IF line_count = 0 OR total_debit <> total_credit THEN
        RAISE EXCEPTION 'journal entry % does not balance: % lines, debit %, credit %',
            target, line_count, total_debit, total_credit
            USING ERRCODE = 'check_violation';
    END IF;
END $$
"""

TRIGGER_FUNCTION = """
CREATE FUNCTION ledger_entry_balance_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'ledger_journalentry' THEN
        PERFORM ledger_check_entry_balanced(NEW.id);
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM ledger_check_entry_balanced(OLD.entry_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM ledger_check_entry_balanced(NEW.entry_id);
        END IF;
    END IF;
    RETURN NULL;
END $$
"""

LINE_TRIGGER = """
CREATE CONSTRAINT TRIGGER ledger_journalline_balanced
    AFTER INSERT OR UPDATE OR DELETE ON ledger_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_balance_trigger()
"""

ENTRY_TRIGGER = """
CREATE CONSTRAINT TRIGGER ledger_journalentry_balanced
    AFTER INSERT ON ledger_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_balance_trigger()
"""

CREATE = [CHECK_FUNCTION, TRIGGER_FUNCTION, LINE_TRIGGER, ENTRY_TRIGGER]
DROP = [
    "DROP TRIGGER IF EXISTS ledger_journalentry_balanced ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_journalline_balanced ON ledger_journalline",
    "DROP FUNCTION IF EXISTS ledger_entry_balance_trigger()",
    "DROP FUNCTION IF EXISTS ledger_check_entry_balanced(bigint)",
]


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
