"""The books event chain: every change to the chart and to closed periods, hash-chained per cooperative.

The journal's own chain covers what each entry says; these events cover what the reports read besides the
journal: an account's code, name, kind, normal balance, parent, revenue source, cash-flow class and subledger, and
which periods are closed. The verifier replays them and compares the result with the rows (integrity.py)."""

from typing import Any

from django.utils import timezone

from simpul.coops.models import Cooperative
from simpul.core.models import User
from simpul.ledger.hashing import chain_hash, event_content
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import Account, BooksEvent, JournalSequence, Period


def account_state(account: Account, parent_code: str | None = None) -> dict[str, Any]:
    """Everything a report reads of an account. `parent_code` saves a query when the caller knows it."""
    if parent_code is None and account.parent_id is not None:
        parent_code = Account.objects.values_list("code", flat=True).get(pk=account.parent_id)
    return {
        "code": account.code,
        "name": account.name,
        "kind": account.kind,
        "normal_balance": account.normal_balance,
        "parent": parent_code,
        "revenue_source": account.revenue_source,
        "cash_flow_class": account.cash_flow_class,
        "subledger": account.subledger,
        "is_system": account.is_system,
    }


def period_state(period: Period) -> dict[str, Any]:
    return {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()}


def books_event_record(
    *, cooperative: Cooperative, actor: User | None, kind: str, payload: dict[str, Any]
) -> BooksEvent:
    """Append one event to the cooperative's chain. Call it inside the transaction of the change it records;
    it takes the journal sequence lock (already held by every ledger service that changes the chart or periods)."""
    sequence = lock_journal_sequence(cooperative)
    event = BooksEvent(
        cooperative=cooperative,
        number=sequence.events_last_number + 1,
        kind=kind,
        payload=payload,
        actor=actor if actor is not None and actor.pk else None,
        created_at=timezone.now(),
        previous_hash=sequence.events_last_hash,
    )
    event.hash = chain_hash(
        event.previous_hash,
        event_content(
            cooperative_id=cooperative.pk,
            number=event.number,
            kind=kind,
            payload=payload,
            actor_id=event.actor_id,
            created_at=event.created_at,
        ),
    )
    event.save(force_insert=True)
    JournalSequence.objects.filter(pk=sequence.pk).update(events_last_number=event.number, events_last_hash=event.hash)
    return event
