"""The canonical content of a journal entry and the hash chain over a cooperative's entries.

hash = sha256(previous_hash + canonical content). The content names accounts by code and entries by number, so
it survives a dump and reload; amounts are written with two decimals, dates and times in ISO form (UTC).
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal


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
    lines: Iterable[tuple[str, Decimal, Decimal]],
) -> str:
    document = {
        "cooperative": cooperative_id,
        "number": number,
        "date": entry_date.isoformat(),
        "description": description,
        "source": source,
        "reverses": reverses_number,
        "posted_by": posted_by_id,
        "created_at": created_at.astimezone(UTC).isoformat(),
        "lines": [[code, f"{debit:.2f}", f"{credit:.2f}"] for code, debit, credit in lines],
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous_hash: str, content: str) -> str:
    return hashlib.sha256((previous_hash + content).encode()).hexdigest()
