"""Row locks of the ledger. Every posting and every period closing of a cooperative takes its sequence row first,
so entry numbers and the hash chain never fork and a period cannot close under a posting dated inside it."""

from simpul.coops.models import Cooperative
from simpul.ledger.models import JournalSequence


def lock_journal_sequence(cooperative: Cooperative) -> JournalSequence:
    # get_or_create survives two first postings at once: the loser's insert fails on the unique key and it reads.
    JournalSequence.objects.get_or_create(cooperative=cooperative)
    return JournalSequence.objects.select_for_update().get(cooperative=cooperative)
