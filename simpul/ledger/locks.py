"""Row locks of the ledger. Every posting and every period closing of a cooperative takes its sequence row first,
so entry numbers and the hash chain never fork and a period cannot close under a posting dated inside it."""

from django.db.backends.utils import CursorWrapper

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.ledger.models import JournalSequence


def _locked_row(cooperative_id: int, using: CursorWrapper | None) -> JournalSequence | None:
    sql = (
        f"SELECT {lean_sql.columns(JournalSequence, 's')} FROM {lean_sql.table(JournalSequence, 's')} "  # noqa: S608
        f"WHERE s.cooperative_id = %s{lean_sql.for_update()}"
    )
    with lean_sql.cursor(using) as cursor:
        cursor.execute(sql, [cooperative_id])
        row = cursor.fetchone()
    return lean_sql.instance(JournalSequence, row) if row is not None else None


def lock_journal_sequence(cooperative: Cooperative, *, using: CursorWrapper | None = None) -> JournalSequence:
    # Every posting comes here (lean SQL); the first posting of a cooperative creates the row. get_or_create
    # survives two first postings at once: the loser's insert fails on the unique key and it reads.
    sequence = _locked_row(cooperative.pk, using)
    if sequence is None:
        JournalSequence.objects.get_or_create(cooperative=cooperative)
        sequence = _locked_row(cooperative.pk, using)
    assert sequence is not None
    return sequence
