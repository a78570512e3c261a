"""Row locks of the ledger. Every posting and every period closing of a cooperative takes its sequence row first,
so entry numbers and the hash chain never fork and a period cannot close under a posting dated inside it."""

from collections.abc import Collection

from django.db.backends.utils import CursorWrapper

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.ledger.models import Account, JournalSequence

# The locked sequence row, the ids of the accounts asked for by code, and those of them that are control accounts
# of a subledger: code -> (subledger, name). A posting needs all three; one statement reads them.
Row = tuple[JournalSequence, dict[str, int], dict[str, tuple[str, str]]]


def _locked_row(cooperative_id: int, codes: Collection[str], using: CursorWrapper | None) -> Row | None:
    # The accounts ride along in the same statement: a posting needs them and a round trip costs as much.
    wanted = sorted(codes)
    accounts = (
        f"LEFT JOIN {lean_sql.table(Account, 'a')} ON a.cooperative_id = s.cooperative_id "
        f"AND a.code IN ({', '.join(['%s'] * len(wanted))}) "
        if wanted
        else ""
    )
    sql = (
        f"SELECT {lean_sql.columns(JournalSequence, 's')}{', a.code, a.id, a.subledger, a.name' if wanted else ''} "  # noqa: S608
        f"FROM {lean_sql.table(JournalSequence, 's')} {accounts}"
        f"WHERE s.cooperative_id = %s{lean_sql.for_update('s')}"
    )
    with lean_sql.cursor(using) as cursor:
        cursor.execute(sql, [*wanted, cooperative_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(lean_sql.model_fields(JournalSequence))
    found = [row for row in rows if wanted and row[width] is not None]
    ids = {row[width]: int(row[width + 1]) for row in found}
    controls = {row[width]: (row[width + 2], row[width + 3]) for row in found if row[width + 2]}
    return lean_sql.instance(JournalSequence, rows[0][:width]), ids, controls


def lock_journal_sequence_with_accounts(
    cooperative: Cooperative, codes: Collection[str], *, using: CursorWrapper | None = None
) -> Row:
    """The sequence row locked, the ids of the cooperative's accounts with these codes (those that exist), and
    which of them are control accounts (code -> subledger, name).

    Every posting comes here (lean SQL); the first posting of a cooperative creates the row. get_or_create
    survives two first postings at once: the loser's insert fails on the unique key and it reads."""
    locked = _locked_row(cooperative.pk, codes, using)
    if locked is None:
        JournalSequence.objects.get_or_create(cooperative=cooperative)
        locked = _locked_row(cooperative.pk, codes, using)
    assert locked is not None
    return locked


def lock_journal_sequence(cooperative: Cooperative, *, using: CursorWrapper | None = None) -> JournalSequence:
    return lock_journal_sequence_with_accounts(cooperative, (), using=using)[0]
