"""The canonical content of journal entries and books events, and the hash chains over a cooperative's books.

hash = sha256(previous_hash + canonical content). The content names accounts by code and entries by number, so
it survives a dump and reload; amounts are written with two decimals, dates and times in ISO form (UTC).

An entry's content covers every column a report, a statement or a balance reads: each line's account (by code and
by the cooperative that owns it), the line's own cooperative and date, both amounts, the entry's date, source and
the SHA-256 of its attachment. What the chart says about an account (kind, parent, revenue source, cash-flow class)
and which periods are closed is covered by the books event chain (`event_content`), replayed by the verifier.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, NamedTuple


class LineContent(NamedTuple):
    """One journal line as the chain sees it."""

    code: str
    account_cooperative_id: int
    cooperative_id: int
    date: date
    debit: Decimal
    credit: Decimal


def _canonical(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_content(
    *,
    cooperative_id: int,
    number: int,
    entry_date: date,
    description: str,
    source: str,
    reverses_number: int | None,
    posted_by_id: int | None,
    created_at: datetime,
    attachment_sha256: str,
    lines: Iterable[LineContent],
) -> str:
    return _canonical(
        {
            "v": 2,
            "cooperative": cooperative_id,
            "number": number,
            "date": entry_date.isoformat(),
            "description": description,
            "source": source,
            "reverses": reverses_number,
            "posted_by": posted_by_id,
            "created_at": created_at.astimezone(UTC).isoformat(),
            "attachment": attachment_sha256,
            "lines": [
                [
                    line.code,
                    line.account_cooperative_id,
                    line.cooperative_id,
                    line.date.isoformat(),
                    f"{line.debit:.2f}",
                    f"{line.credit:.2f}",
                ]
                for line in lines
            ],
        }
    )


def event_content(
    *,
    cooperative_id: int,
    number: int,
    kind: str,
    payload: dict[str, Any],
    actor_id: int | None,
    created_at: datetime,
) -> str:
    return _canonical(
        {
            "cooperative": cooperative_id,
            "number": number,
            "kind": kind,
            "payload": payload,
            "actor": actor_id,
            "created_at": created_at.astimezone(UTC).isoformat(),
        }
    )


def chain_hash(previous_hash: str, content: str) -> str:
    return hashlib.sha256((previous_hash + content).encode()).hexdigest()


def file_sha256(field_file: Any) -> str:
    """The SHA-256 of a stored or uploaded file's content, read in chunks; "" when there is none."""
    if not field_file:
        return ""
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        field_file.seek(0)
        for chunk in field_file.chunks():
            digest.update(chunk)
    finally:
        field_file.seek(0)
    return digest.hexdigest()
