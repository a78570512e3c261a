"""Verify a cooperative's books against everything that vouches for them, and name the first thing changed.

Four checks, each naming what it found in plain words:
- the journal chain: every entry re-hashed (hashing.entry_content: lines with their dates, cooperatives, accounts
  and amounts, the entry's source and its attachment's SHA-256), each attachment's file against its hash;
- the books event chain: re-hashed and replayed into the chart and the closed periods they must give, then
  compared with the account and period rows;
- the sequence row (the head the next posting chains on) against the recomputed heads;
- the heads published to the cooperative's network and Dinas (heads.py): each copy's signature, and the
  recomputed chain at that point against it. A rewrite of the whole chain, even re-hashed with the public
  algorithm, no longer matches what the others hold.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files import File
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.ledger.hashing import LineContent, chain_hash, entry_content, event_content, file_sha256
from simpul.ledger.models import (
    GENESIS_HASH,
    Account,
    BooksEvent,
    BooksEventKind,
    JournalEntry,
    JournalLine,
    JournalSequence,
    Period,
    PublishedHead,
)

BATCH = 2000
# What the event chain vouches for in an account row.
ACCOUNT_FIELDS = (
    "code", "name", "kind", "normal_balance", "parent", "revenue_source", "cash_flow_class", "subledger", "is_system",
)  # fmt: skip
ACCOUNT_FIELD_NAMES = {name: getattr(Account._meta.get_field(name), "verbose_name", name) for name in ACCOUNT_FIELDS}


@dataclass(frozen=True)
class ChainReport:
    cooperative: Cooperative
    entries: int
    # The entry named by the first problem, when it is an entry; None when the books are intact or the problem is
    # elsewhere (an account, a period, a published head).
    number: int | None = None
    problem: str = ""
    events: int = 0
    entries_hash: str = GENESIS_HASH
    events_hash: str = GENESIS_HASH

    @property
    def intact(self) -> bool:
        return not self.problem


class Broken(Exception):
    def __init__(self, problem: str, number: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.number = problem, number


@dataclass
class _Walk:
    """What walking a chain gives: its length, its head, and its hash after each count a published head names."""

    count: int = 0
    head: str = GENESIS_HASH
    at: dict[int, str] = field(default_factory=dict)


def _entries(cooperative: Cooperative, after: int = 0) -> Iterator[tuple[dict[str, Any], list[LineContent]]]:
    """Entries numbered after `after` in number order with their lines, a batch at a time (two queries a batch)."""
    fields = (
        "id", "number", "date", "description", "source", "reverses__number", "posted_by_id", "created_at",
        "attachment", "attachment_sha256", "previous_hash", "hash",
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
        for entry_id, code, account_cooperative, cooperative_id, day, debit, credit in (
            JournalLine.objects.filter(entry_id__in=[e["id"] for e in batch])
            .order_by("entry_id", "id")
            .values_list(
                "entry_id", "account__code", "account__cooperative_id", "cooperative_id", "date", "debit", "credit"
            )
        ):
            lines[entry_id].append(LineContent(code, account_cooperative, cooperative_id, day, debit, credit))
        for entry in batch:
            yield entry, lines[entry["id"]]
        after = batch[-1]["number"]


def _attachment_problem(entry: dict[str, Any]) -> str:
    number = entry["number"]
    if not entry["attachment"]:
        if entry["attachment_sha256"]:
            return _("the attachment of entry #%(number)s was removed") % {"number": number}
        return ""
    stored = JournalEntry._meta.get_field("attachment").storage
    if not stored.exists(entry["attachment"]):
        return _("the attachment of entry #%(number)s is missing") % {"number": number}
    with stored.open(entry["attachment"], "rb") as handle:
        digest = file_sha256(File(handle))
    if digest != entry["attachment_sha256"]:
        return _("the attachment of entry #%(number)s was replaced by another file") % {"number": number}
    return ""


def _walk_entries(cooperative: Cooperative, wanted: set[int], walk: _Walk) -> _Walk:
    """Walk on from `walk` (advanced in place, so a break leaves the count of entries found intact)."""
    for entry, lines in _entries(cooperative, after=walk.count):
        number = entry["number"]
        if number != walk.count + 1:
            raise Broken(_("entry #%(number)s is missing") % {"number": walk.count + 1}, walk.count + 1)
        if entry["previous_hash"] != walk.head:
            raise Broken(_("entry #%(number)s no longer follows the entry before it") % {"number": number}, number)
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
        recomputed = chain_hash(walk.head, content)
        if recomputed != entry["hash"]:
            raise Broken(_("entry #%(number)s was changed") % {"number": number}, number)
        if problem := _attachment_problem(entry):
            raise Broken(problem, number)
        walk.count, walk.head = number, recomputed
        if number in wanted:
            walk.at[number] = recomputed
    return walk


@dataclass
class _Replayed:
    """The chart and the closed periods as the event chain says they must stand."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    closed: set[tuple[str, str, str]] = field(default_factory=set)
    locked: set[tuple[str, str, str]] = field(default_factory=set)

    def apply(self, kind: str, payload: dict[str, Any]) -> None:
        period = (payload.get("kind"), payload.get("start"), payload.get("end"))
        if kind == BooksEventKind.CHART_CREATED:
            for account in payload["accounts"]:
                self.accounts[account["code"]] = account
        elif kind == BooksEventKind.ACCOUNT_CREATED:
            self.accounts[payload["code"]] = payload
        elif kind == BooksEventKind.ACCOUNT_RENAMED:
            self.accounts[payload["code"]] = {**self.accounts.get(payload["code"], {}), "name": payload["name"]}
        elif kind == BooksEventKind.ACCOUNT_DELETED:
            self.accounts.pop(payload["code"], None)
        elif kind == BooksEventKind.PERIOD_CLOSED:
            self.closed.add(period)  # type: ignore[arg-type]
        elif kind == BooksEventKind.PERIOD_REOPENED:
            self.closed.discard(period)  # type: ignore[arg-type]
        elif kind == BooksEventKind.PERIOD_LOCKED:
            self.locked.add(period)  # type: ignore[arg-type]


def _walk_events(cooperative: Cooperative, wanted: set[int], walk: _Walk) -> tuple[_Walk, _Replayed]:
    replayed = _Replayed()
    for event in BooksEvent.objects.filter(cooperative=cooperative).order_by("number").iterator(chunk_size=BATCH):
        if event.number != walk.count + 1:
            raise Broken(_("books event #%(number)s is missing") % {"number": walk.count + 1})
        recomputed = chain_hash(
            walk.head,
            event_content(
                cooperative_id=cooperative.pk,
                number=event.number,
                kind=event.kind,
                payload=event.payload,
                actor_id=event.actor_id,
                created_at=event.created_at,
            ),
        )
        if event.previous_hash != walk.head or recomputed != event.hash:
            raise Broken(_("books event #%(number)s (%(kind)s) was changed") % {"number": event.number,
                                                                            "kind": event.kind})  # fmt: skip
        replayed.apply(event.kind, event.payload)
        walk.count, walk.head = event.number, recomputed
        if event.number in wanted:
            walk.at[event.number] = recomputed
    return walk, replayed


def _check_chart(cooperative: Cooperative, replayed: _Replayed) -> None:
    rows = list(Account.objects.filter(cooperative=cooperative).order_by("code"))
    codes = {account.pk: account.code for account in rows}
    actual = {}
    for account in rows:
        state = {name: getattr(account, name) for name in ACCOUNT_FIELDS if name != "parent"}
        state["parent"] = codes.get(account.parent_id) if account.parent_id else None
        if account.parent_id and account.parent_id not in codes:
            state["parent"] = f"#{account.parent_id}"  # another cooperative's account
        actual[account.code] = state
    for code in sorted(set(actual) | set(replayed.accounts)):
        expected, found = replayed.accounts.get(code), actual.get(code)
        if expected is None:
            raise Broken(_("account %(code)s is not in the books' record of the chart") % {"code": code})
        if found is None:
            raise Broken(_("account %(code)s was removed from the chart") % {"code": code})
        changed = [name for name in ACCOUNT_FIELDS if expected.get(name) != found[name]]
        if changed:
            raise Broken(
                _("account %(code)s was changed: %(fields)s")
                % {"code": code, "fields": ", ".join(str(ACCOUNT_FIELD_NAMES[name]) for name in changed)}
            )


def _check_periods(cooperative: Cooperative, replayed: _Replayed) -> None:
    rows = Period.objects.filter(cooperative=cooperative)
    closed = {(p.kind, p.start.isoformat(), p.end.isoformat()) for p in rows if p.closed_at is not None}
    locked = {(p.kind, p.start.isoformat(), p.end.isoformat()) for p in rows if p.locked_at is not None}
    checks = (
        (replayed.closed - closed, _("the period %(start)s–%(end)s was closed, but its record is gone or reopened "
                                     "outside Simpul")),
        (closed - replayed.closed, _("the period %(start)s–%(end)s is marked closed without a closing in the "
                                     "books' record")),
        (replayed.locked ^ locked, _("the lock of the period %(start)s–%(end)s differs from the books' record")),
    )  # fmt: skip
    for differing, message in checks:
        if differing:
            _kind, start, end = min(differing, key=lambda period: period[1])
            raise Broken(message % {"start": start, "end": end})


def _check_foreign_lines(cooperative: Cooperative) -> None:
    stray = (
        JournalLine.objects.filter(cooperative=cooperative)
        .exclude(entry__cooperative=cooperative)
        .values_list("entry__number", flat=True)
        .first()
    )
    if stray is not None:
        raise Broken(
            _("a line of another cooperative's entry #%(number)s was moved into these books") % {"number": stray}
        )


def _check_heads(heads: list[PublishedHead], entries: _Walk, events: _Walk) -> None:
    from simpul.ledger.services.heads import head_signature  # the signing key lives with the publishing

    for head in heads:
        holder = head.network.name if head.network_id else head.office.name  # type: ignore[union-attr]
        where = {"day": head.day.isoformat(), "holder": holder}
        if head.signature != head_signature(head):
            raise Broken(_("the head published on %(day)s and held by %(holder)s was altered") % where)
        if head.entries > entries.count:
            raise Broken(
                _("entry #%(number)s is missing: the head published on %(day)s (held by %(holder)s) counts %(count)s")
                % {**where, "number": entries.count + 1, "count": head.entries},
                entries.count + 1,
            )
        if entries.at.get(head.entries, GENESIS_HASH) != head.entries_hash:
            previous = max((h.entries for h in heads if h.entries < head.entries), default=0)
            raise Broken(
                _(
                    "entries #%(first)s–#%(last)s were rewritten after the head published on %(day)s "
                    "(held by %(holder)s)"
                )
                % {**where, "first": previous + 1, "last": head.entries},
                previous + 1,
            )
        if head.events > events.count or events.at.get(head.events, GENESIS_HASH) != head.events_hash:
            raise Broken(
                _("the chart or the periods were rewritten after the head published on %(day)s (held by %(holder)s)")
                % where
            )


def verify_chain(cooperative: Cooperative, *, since_latest_head: bool = False) -> ChainReport:
    """The books checked against their chains, their rows and the published heads; the first problem named.

    `since_latest_head` (the daily publication) re-hashes only the entries after the latest published head, which
    must be signed and which they must follow; the chart, the periods and the events are checked whole. The full
    check (`verify_books`) re-hashes everything."""
    heads = list(
        PublishedHead.objects.filter(cooperative=cooperative).select_related("network", "office").order_by("day", "pk")
    )
    entries, events, whole = _Walk(), _Walk(), True
    if since_latest_head and heads:
        latest = max(heads, key=lambda head: (head.entries, head.events))
        heads, whole = [latest], False
        entries = _Walk(count=latest.entries, head=latest.entries_hash, at={latest.entries: latest.entries_hash})
    try:
        _walk_entries(cooperative, {head.entries for head in heads}, entries)
        if whole:  # a scan of all the cooperative's lines: the full check only
            _check_foreign_lines(cooperative)
        _events, replayed = _walk_events(cooperative, {head.events for head in heads}, events)
        _check_heads(heads, entries, events)
        sequence = JournalSequence.objects.filter(cooperative=cooperative).first() or JournalSequence()
        if (sequence.last_number, sequence.last_hash) != (entries.count, entries.head):
            raise Broken(_("entry #%(number)s is missing") % {"number": entries.count + 1}, entries.count + 1)
        if (sequence.events_last_number, sequence.events_last_hash) != (events.count, events.head):
            raise Broken(_("books event #%(number)s is missing") % {"number": events.count + 1})
        _check_chart(cooperative, replayed)
        _check_periods(cooperative, replayed)
    except Broken as broken:
        return ChainReport(cooperative, entries.count, broken.number, broken.problem, events.count)
    return ChainReport(cooperative, entries.count, None, "", events.count, entries.head, events.head)
