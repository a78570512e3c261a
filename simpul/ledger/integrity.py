"""Recompute a cooperative's hash chain and find the first entry changed or removed behind the application's back."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.ledger.hashing import LineContent, chain_hash, entry_content
from simpul.ledger.models import GENESIS_HASH, JournalEntry, JournalLine, JournalSequence

BATCH = 2000


@dataclass(frozen=True)
class ChainReport:
    cooperative: Cooperative
    entries: int
    # The first problem found, None when the books are intact.
    number: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.number is None


def _entries(cooperative: Cooperative) -> Iterator[tuple[dict[str, Any], list[LineContent]]]:
    """Entries in number order with their lines, a batch at a time (two queries per batch)."""
    after = 0
    fields = (
        "id", "number", "date", "description", "source", "reverses__number", "posted_by_id", "created_at",
        "attachment_sha256", "previous_hash", "hash",
    )  # fmt: skip
    while True:
        batch = list(
            JournalEntry.objects.filter(cooperative=cooperative, number__gt=after)
            .order_by("number")
            .values(*fields)[:BATCH]
        )
        if not batch:
            return
        lines: dict[int, list[LineContent]] = defaultdict(list)
        for entry_id, *line in (
            JournalLine.objects.filter(entry_id__in=[e["id"] for e in batch])
            .order_by("entry_id", "id")
            .values_list(
                "entry_id", "account__code", "account__cooperative_id", "cooperative_id", "date", "debit", "credit"
            )
        ):
            lines[entry_id].append(LineContent(*line))
        for entry in batch:
            yield entry, lines[entry["id"]]
        after = batch[-1]["number"]


def verify_chain(cooperative: Cooperative) -> ChainReport:
    expected_number = 1
    previous = GENESIS_HASH
    count = 0
    for entry, lines in _entries(cooperative):
        number = entry["number"]
        if number != expected_number:
            return ChainReport(
                cooperative, count, expected_number, _("entry #%(number)s is missing") % {"number": expected_number}
            )
        if entry["previous_hash"] != previous:
            return ChainReport(
                cooperative,
                count,
                number,
                _("entry #%(number)s no longer follows the entry before it") % {"number": number},
            )
        content = entry_content(
            cooperative_id=cooperative.pk,
            number=number,
            entry_date=entry["date"],
            description=entry["description"],
            source=entry["source"],
            reverses_number=entry["reverses__number"],
            posted_by_id=entry["posted_by_id"],
            created_at=entry["created_at"],
            attachment_sha256=entry["attachment_sha256"],
            lines=lines,
        )
        recomputed = chain_hash(previous, content)
        if recomputed != entry["hash"]:
            return ChainReport(cooperative, count, number, _("entry #%(number)s was changed") % {"number": number})
        previous = recomputed
        expected_number += 1
        count += 1
    sequence = JournalSequence.objects.filter(cooperative=cooperative).first()
    last_number = sequence.last_number if sequence else 0
    last_hash = sequence.last_hash if sequence else GENESIS_HASH
    if last_number != count or last_hash != previous:
        return ChainReport(cooperative, count, count + 1, _("entry #%(number)s is missing") % {"number": count + 1})
    return ChainReport(cooperative, count)
