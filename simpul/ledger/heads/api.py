"""The books' published chain heads as JSON (issue 10 §1): what a cooperative has given out, and what a network
or a Dinas office holds of the cooperatives it oversees.

- GET /cooperatives/{slug}/ledger/chain-heads: the current head and every copy published, newest first (the
  cooperative's managers and supervisors; cashiers and members 403; anyone else 404);
- GET /offices/{slug}/chain-heads and GET /networks/{slug}/chain-heads: the holder's own copies, the latest one
  of each cooperative it oversees (null when none yet), a page at a time in name order (the office's officers,
  the network's coordinators; anyone else 404, as for a holder that does not exist)."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simpul.api_public import MAX_ID, MAX_PAGE_SIZE
from simpul.coops.access import READ_ROLES, access_cooperative, access_network, access_office
from simpul.coops.models import Cooperative, GovernmentOffice, Network
from simpul.core.models import User
from simpul.ledger.heads.selectors import (
    Head,
    HeldHead,
    books_heads,
    cooperative_copies,
    held_head,
    network_cooperatives,
    office_cooperatives,
    with_latest_head,
)

router = Router(tags=["chain heads"])

LIMIT = Query(50, ge=1, le=MAX_PAGE_SIZE, description="How many items (at most 100)")
OFFSET = Query(0, ge=0, le=MAX_ID, description="How many items to skip")
HASH = "SHA-256 in hex, 64 characters"


class ChainHeadOut(Schema):
    entries: int = Field(description="Journal entries in the books (the number of the last one)")
    entries_hash: str = Field(description=f"The hash of the last journal entry: the head of the journal chain ({HASH})")
    events: int = Field(description="Books events (chart changes, period closings and reopenings) recorded")
    events_hash: str = Field(description=f"The hash of the last books event ({HASH})")


class PublishedChainHeadOut(ChainHeadOut):
    day: dt.date = Field(description="The cooperative's own day (WIB, WITA or WIT) the copy was published for")
    published_at: dt.datetime = Field(description="When the copy was written (UTC)")


class ChainHeadCopyOut(PublishedChainHeadOut):
    holder_kind: Literal["network", "office"] = Field(description="Who holds the copy: a network or a Dinas office")
    holder: str = Field(description="The holder's slug")
    holder_name: str


class CooperativeChainHeadsOut(Schema):
    current: ChainHeadOut = Field(description="The head of the books now")
    latest: PublishedChainHeadOut | None = Field(description="The latest copy published (null: none yet)")
    latest_holders: list[str] = Field(description="The names of those holding the latest copy")
    items: list[ChainHeadCopyOut] = Field(description="Every copy published, newest first, a page at a time")
    has_more: bool = Field(description="Whether another page follows")


class HeldChainHeadOut(Schema):
    cooperative: str = Field(description="The cooperative's slug")
    cooperative_name: str
    head: PublishedChainHeadOut | None = Field(description="The latest copy this holder holds (null: none yet)")


class HeldChainHeadsOut(Schema):
    items: list[HeldChainHeadOut] = Field(description="The cooperatives the holder oversees, in name order")
    has_more: bool = Field(description="Whether another page follows")


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def _head(head: Head) -> ChainHeadOut:
    return ChainHeadOut(
        entries=head.entries, entries_hash=head.entries_hash, events=head.events, events_hash=head.events_hash
    )


def _published(head: HeldHead) -> PublishedChainHeadOut:
    return PublishedChainHeadOut(
        entries=head.entries,
        entries_hash=head.entries_hash,
        events=head.events,
        events_hash=head.events_hash,
        day=head.day,
        published_at=head.published_at,
    )


@router.get(
    "/cooperatives/{slug}/ledger/chain-heads",
    response=CooperativeChainHeadsOut,
    summary="The books' chain heads and the copies others hold",
    description="The head of the books now (entries and books events, the last hash of each) and every copy "
    "published to the cooperative's networks and Dinas offices, newest first. For the cooperative's managers and "
    "supervisors; cashiers and members get 403, anyone else 404.",
)
def cooperative_chain_heads(
    request: HttpRequest, slug: str, limit: int = LIMIT, offset: int = OFFSET
) -> CooperativeChainHeadsOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    heads = books_heads(cooperative)
    copies = list(cooperative_copies(cooperative)[offset : offset + limit + 1])
    return CooperativeChainHeadsOut(
        current=_head(heads.current),
        latest=_published(heads.latest) if heads.latest else None,
        latest_holders=heads.holders,
        items=[
            ChainHeadCopyOut(
                entries=copy.entries,
                entries_hash=copy.entries_hash,
                events=copy.events,
                events_hash=copy.events_hash,
                day=copy.day,
                published_at=copy.published_at,
                holder_kind="network" if copy.network_id else "office",
                holder=copy.network.slug if copy.network else copy.office.slug,  # type: ignore[union-attr]
                holder_name=copy.network.name if copy.network else copy.office.name,  # type: ignore[union-attr]
            )
            for copy in copies[:limit]
        ],
        has_more=len(copies) > limit,
    )


def _held(
    cooperatives: QuerySet[Cooperative], holder: Network | GovernmentOffice, limit: int, offset: int
) -> HeldChainHeadsOut:
    rows = list(with_latest_head(cooperatives, holder)[offset : offset + limit + 1])
    items = []
    for cooperative in rows[:limit]:
        head = held_head(cooperative)
        items.append(
            HeldChainHeadOut(
                cooperative=cooperative.slug,
                cooperative_name=cooperative.name,
                head=_published(head) if head else None,
            )
        )
    return HeldChainHeadsOut(items=items, has_more=len(rows) > limit)


@router.get(
    "/offices/{slug}/chain-heads",
    response=HeldChainHeadsOut,
    summary="The chain heads a Dinas office holds",
    description="Each cooperative in the office's region with the latest copy of its books' heads the office holds "
    "(null when none yet), in name order, a page at a time. For the office's officers; anyone else gets 404.",
)
def office_chain_heads(request: HttpRequest, slug: str, limit: int = LIMIT, offset: int = OFFSET) -> HeldChainHeadsOut:
    office, _role = access_office(_user(request), slug)
    return _held(office_cooperatives(office), office, limit, offset)


@router.get(
    "/networks/{slug}/chain-heads",
    response=HeldChainHeadsOut,
    summary="The chain heads a network holds",
    description="Each active member cooperative with the latest copy of its books' heads the network holds (null "
    "when none yet), in name order, a page at a time. For the network's coordinators; anyone else gets 404.",
)
def network_chain_heads(request: HttpRequest, slug: str, limit: int = LIMIT, offset: int = OFFSET) -> HeldChainHeadsOut:
    network, _role = access_network(_user(request), slug)
    return _held(network_cooperatives(network), network, limit, offset)
