"""Publishing a cooperative's chain heads to those who oversee it: its networks and the Dinas offices over it.

Once a day (`manage.py publish_chain_heads`, run by `make run` and by cron in production, docs/deploy.md) each
cooperative's heads — entries and their last hash, books events and their last hash — are copied to every network
it is an active member of and every government office whose region covers its village, each copy signed with
settings.SIMPUL_BOOKS_SIGNING_KEY (kept outside the database). The copies are shown on the holders' pages and on
every report PDF; `verify_books` recomputes the chain at each published point and compares.

Before publishing, the part of the chain written since the last published head is checked: a head is never
published over books already broken (the break is logged and the cooperative skipped)."""

import datetime as dt
import hmac
import logging
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from simpul.coops.models import Cooperative, GovernmentOffice, Network
from simpul.coops.models.networks import MembershipStatus
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import GENESIS_HASH, JournalSequence, PublishedHead

logger = logging.getLogger(__name__)


def _key() -> bytes:
    key = settings.SIMPUL_BOOKS_SIGNING_KEY or f"simpul.ledger.heads:{settings.SECRET_KEY}"
    return key.encode()


def head_signature(head: PublishedHead) -> str:
    holder = f"network:{head.network_id}" if head.network_id else f"office:{head.office_id}"
    message = "|".join(
        str(part)
        for part in (
            head.cooperative_id, head.day.isoformat(), holder, head.entries, head.entries_hash, head.events,
            head.events_hash,
        )
    )  # fmt: skip
    return hmac.new(_key(), message.encode(), sha256).hexdigest()


def head_holders(cooperative: Cooperative) -> tuple[list[Network], list[GovernmentOffice]]:
    """The networks the cooperative is an active member of, and the offices whose region covers its village."""
    networks = list(
        Network.objects.filter(memberships__cooperative=cooperative, memberships__status=MembershipStatus.ACTIVE)
        .distinct()
        .order_by("pk")
    )
    village = cooperative.village_id or ""
    parts = village.split(".")
    ancestors = [".".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    offices = list(GovernmentOffice.objects.filter(Q(region__isnull=True) | Q(region_id__in=ancestors)).order_by("pk"))
    return networks, offices


def latest_head(cooperative: Cooperative) -> PublishedHead | None:
    return (
        PublishedHead.objects.filter(cooperative=cooperative)
        .select_related("network", "office")
        .order_by("-day", "-entries", "pk")
        .first()
    )


@transaction.atomic
def chain_heads_publish(*, cooperative: Cooperative, day: dt.date | None = None) -> list[PublishedHead]:
    """Publish today's heads (in the cooperative's own zone) to each holder that has none for today yet.

    Returns the copies written; none when the books are broken (logged) or every holder already has today's."""
    day = day or cooperative.today()
    networks, offices = head_holders(cooperative)
    holders: list[tuple[str, Network | GovernmentOffice]] = [("network", network) for network in networks]
    holders += [("office", office) for office in offices]
    have = set(PublishedHead.objects.filter(cooperative=cooperative, day=day).values_list("network_id", "office_id"))
    missing = [
        (kind, holder)
        for kind, holder in holders
        if ((holder.pk, None) if kind == "network" else (None, holder.pk)) not in have
    ]
    if not missing:
        return []
    # Taken under the posting lock, so the heads are one consistent moment of the books.
    sequence = JournalSequence.objects.select_for_update().filter(cooperative=cooperative).first()
    report = verify_chain(cooperative, since_latest_head=True)
    if not report.intact:
        logger.error("books of %s are broken, no head published: %s", cooperative.slug, report.problem)
        return []
    entries = sequence.last_number if sequence else 0
    events = sequence.events_last_number if sequence else 0
    now = timezone.now()
    written = []
    for _kind, holder in missing:
        head = PublishedHead(
            cooperative=cooperative,
            day=day,
            network=holder if isinstance(holder, Network) else None,
            office=holder if isinstance(holder, GovernmentOffice) else None,
            entries=entries,
            entries_hash=sequence.last_hash if sequence else GENESIS_HASH,
            events=events,
            events_hash=sequence.events_last_hash if sequence else GENESIS_HASH,
            published_at=now,
        )
        head.signature = head_signature(head)
        written.append(head)
    PublishedHead.objects.bulk_create(written)
    return written
