"""Reads of the books' published chain heads (services/heads.py): what a holder — a network or a Dinas office —
holds of each cooperative it oversees, what a cooperative has given out, and its current head beside the latest
copy, so that the cooperative, its network and its Dinas all see the same figures.

Access is the caller's check (the views and the API); these functions trust the holder and cooperative given.
A holder's list costs one query a page whatever the number of cooperatives: the latest copy of each is read by
correlated subqueries on the (cooperative, day, holder) unique index, never a query per cooperative."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from simpul.coops.models import Cooperative, GovernmentOffice, Network
from simpul.coops.models.networks import MembershipStatus
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.coops.selectors.public import COUNTRY_CODE, cooperatives_in_region
from simpul.ledger.models import GENESIS_HASH, JournalSequence, PublishedHead

HOLDER_PER_PAGE = 50
COPIES_PER_PAGE = 50
# The part of a hash a page shows; the whole one sits beside it, ready to copy.
SHORT_HASH = 16

# What a holder's row reads of the latest copy it holds, as `head_<name>` annotations.
_HEAD_FIELDS = ("day", "entries", "entries_hash", "events", "events_hash", "published_at")
_COOPERATIVE_FIELDS = ("name", "slug", "status", "village", "village__name", "village__timezone")


@dataclass(frozen=True)
class Head:
    """A point of the books: how many entries and books events, and the last hash of each chain."""

    entries: int
    entries_hash: str
    events: int
    events_hash: str

    @property
    def short_hash(self) -> str:
        return self.entries_hash[:SHORT_HASH]


@dataclass(frozen=True)
class HeldHead(Head):
    """A copy a holder keeps: the heads of one day of the cooperative's books, and when they were published."""

    day: dt.date
    published_at: dt.datetime


@dataclass(frozen=True)
class HolderRow:
    """One cooperative on a holder's list and the latest copy the holder has of its books (None: none yet)."""

    cooperative: Cooperative
    head: HeldHead | None


@dataclass(frozen=True)
class BooksHeads:
    """A cooperative's heads now, and its latest published copy with the names of those holding it."""

    current: Head
    latest: HeldHead | None
    holders: list[str] = field(default_factory=list)

    @property
    def entries_since(self) -> int:
        """Entries posted since the latest copy (0 when it is the current head)."""
        return self.current.entries - self.latest.entries if self.latest else self.current.entries


# --- the cooperatives a holder oversees


def region_cooperatives_for_heads(region_code: str) -> QuerySet[Cooperative]:
    """Every cooperative of a region (`id` or '' for the whole country), whatever its status."""
    return Cooperative.objects.filter(cooperatives_in_region(region_code or COUNTRY_CODE))


def office_cooperatives(office: GovernmentOffice) -> QuerySet[Cooperative]:
    """The cooperatives in the office's scope: those whose heads services/heads.py gives it."""
    return region_cooperatives_for_heads(office.scope_code)


def network_cooperatives(network: Network) -> QuerySet[Cooperative]:
    """The network's active members: those whose heads services/heads.py gives it."""
    return Cooperative.objects.filter(
        network_memberships__network=network, network_memberships__status=MembershipStatus.ACTIVE
    )


def _holder_filter(holder: Network | GovernmentOffice) -> dict[str, Any]:
    return {"network": holder} if isinstance(holder, Network) else {"office": holder}


def with_latest_head(cooperatives: QuerySet[Cooperative], holder: Network | GovernmentOffice) -> QuerySet[Cooperative]:
    """The cooperatives ordered by name, each annotated `head_<field>` with the latest copy the holder holds."""
    latest = PublishedHead.objects.filter(cooperative=OuterRef("pk"), **_holder_filter(holder)).order_by(
        "-day", "-entries", "-pk"
    )
    annotations = {f"head_{name}": Subquery(latest.values(name)[:1]) for name in _HEAD_FIELDS}
    return (
        cooperatives.select_related("village")
        .only(*_COOPERATIVE_FIELDS)
        .annotate(**annotations)
        .order_by("search_name", "pk")
    )


def held_head(cooperative: Cooperative) -> HeldHead | None:
    """The copy read into a cooperative annotated by `with_latest_head`."""
    day = getattr(cooperative, "head_day", None)
    if day is None:
        return None
    return HeldHead(
        entries=cooperative.head_entries,  # type: ignore[attr-defined]
        entries_hash=cooperative.head_entries_hash,  # type: ignore[attr-defined]
        events=cooperative.head_events,  # type: ignore[attr-defined]
        events_hash=cooperative.head_events_hash,  # type: ignore[attr-defined]
        day=day,
        published_at=cooperative.head_published_at,  # type: ignore[attr-defined]
    )


def held_heads_page(
    cooperatives: QuerySet[Cooperative],
    holder: Network | GovernmentOffice,
    *,
    page: object = 1,
    per_page: int = HOLDER_PER_PAGE,
) -> LookaheadPage:
    """One page of a holder's cooperatives, each with the latest copy it holds: one query whatever the count."""
    found = LookaheadPaginator(with_latest_head(cooperatives, holder), per_page, count_cap=10_000).page(page)
    found.object_list = [HolderRow(cooperative, held_head(cooperative)) for cooperative in found.object_list]
    return found


# --- what a cooperative has given out


def cooperative_copies(cooperative: Cooperative) -> QuerySet[PublishedHead]:
    """Every copy of the cooperative's heads, newest first, with its holder."""
    return (
        PublishedHead.objects.filter(cooperative=cooperative)
        .select_related("network", "office")
        .only(
            "day",
            "entries",
            "entries_hash",
            "events",
            "events_hash",
            "published_at",
            "network__name",
            "network__slug",
            "office__name",
            "office__slug",
        )
        .order_by("-day", "-published_at", "-pk")
    )


def cooperative_copies_page(cooperative: Cooperative, *, page: object = 1, per_page: int = COPIES_PER_PAGE) -> Any:
    return LookaheadPaginator(cooperative_copies(cooperative), per_page, count_cap=10_000).page(page)


def holder_name(copy: PublishedHead) -> str:
    holder = copy.network if copy.network_id else copy.office
    return holder.name if holder is not None else ""


def current_head(cooperative: Cooperative) -> Head:
    """The head of the books now: the sequence row every posting and books event moves (genesis if none yet)."""
    sequence = (
        JournalSequence.objects.filter(cooperative=cooperative)
        .only("last_number", "last_hash", "events_last_number", "events_last_hash")
        .first()
    )
    if sequence is None:
        return Head(entries=0, entries_hash=GENESIS_HASH, events=0, events_hash=GENESIS_HASH)
    return Head(
        entries=sequence.last_number,
        entries_hash=sequence.last_hash,
        events=sequence.events_last_number,
        events_hash=sequence.events_last_hash,
    )


def books_heads(cooperative: Cooperative) -> BooksHeads:
    """The current head beside the latest published copy and who holds it: two queries."""
    current = current_head(cooperative)
    latest_day = (
        PublishedHead.objects.filter(cooperative=cooperative).order_by("-day").values("day")[:1]
    )  # fmt: skip
    copies = list(cooperative_copies(cooperative).filter(day=Subquery(latest_day)).order_by("-entries", "pk"))
    if not copies:
        return BooksHeads(current=current, latest=None)
    newest = copies[0]
    latest = HeldHead(
        entries=newest.entries,
        entries_hash=newest.entries_hash,
        events=newest.events,
        events_hash=newest.events_hash,
        day=newest.day,
        published_at=newest.published_at,
    )
    holders = [holder_name(copy) for copy in copies if copy.entries_hash == newest.entries_hash]
    return BooksHeads(current=current, latest=latest, holders=holders)
