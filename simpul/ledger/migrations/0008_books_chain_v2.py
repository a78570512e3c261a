"""The wider hash chain (hashing.py, content "v": 2): every entry re-hashed, and each cooperative's events chain
started from its chart and closed periods as they stand. Books written before this point are taken as they are."""

import hashlib

from django.db import migrations
from django.utils import timezone

from simpul.ledger.hashing import LineContent, chain_hash, entry_content, event_content

GENESIS = "0" * 64


def _attachment_sha256(entry) -> str:  # noqa: ANN001
    if not entry.attachment:
        return ""
    digest = hashlib.sha256()
    try:
        with entry.attachment.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


def _rehash_entries(apps, cooperative_id: int) -> tuple[int, str]:  # noqa: ANN001
    JournalEntry = apps.get_model("ledger", "JournalEntry")
    JournalLine = apps.get_model("ledger", "JournalLine")
    numbers = dict(JournalEntry.objects.filter(cooperative_id=cooperative_id).values_list("id", "number"))
    previous, count = GENESIS, 0
    for entry in JournalEntry.objects.filter(cooperative_id=cooperative_id).order_by("number").iterator():
        lines = [
            LineContent(code, account_cooperative, line_cooperative, line_date, debit, credit)
            for code, account_cooperative, line_cooperative, line_date, debit, credit in JournalLine.objects.filter(
                entry_id=entry.pk
            )
            .order_by("id")
            .values_list("account__code", "account__cooperative_id", "cooperative_id", "date", "debit", "credit")
        ]
        entry.attachment_sha256 = _attachment_sha256(entry)
        entry.previous_hash = previous
        entry.hash = chain_hash(
            previous,
            entry_content(
                cooperative_id=cooperative_id,
                number=entry.number,
                entry_date=entry.date,
                description=entry.description,
                source=entry.source,
                reverses_number=numbers.get(entry.reverses_id),
                posted_by_id=entry.posted_by_id,
                created_at=entry.created_at,
                attachment_sha256=entry.attachment_sha256,
                lines=lines,
            ),
        )
        entry.save(update_fields=["attachment_sha256", "previous_hash", "hash"])
        previous, count = entry.hash, count + 1
    return count, previous


def _genesis_events(apps, cooperative_id: int) -> tuple[int, str]:  # noqa: ANN001
    Account = apps.get_model("ledger", "Account")
    Period = apps.get_model("ledger", "Period")
    BooksEvent = apps.get_model("ledger", "BooksEvent")
    codes = dict(Account.objects.filter(cooperative_id=cooperative_id).values_list("id", "code"))
    accounts = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "normal_balance": a.normal_balance,
            "parent": codes.get(a.parent_id),
            "revenue_source": a.revenue_source,
            "cash_flow_class": a.cash_flow_class,
            "subledger": a.subledger,
            "is_system": a.is_system,
        }
        for a in Account.objects.filter(cooperative_id=cooperative_id).order_by("code")
    ]
    events = [("chart_created", {"accounts": accounts})] if accounts else []
    for period in Period.objects.filter(cooperative_id=cooperative_id, closed_at__isnull=False).order_by("closed_at"):
        events.append(
            ("period_closed", {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()})
        )
    previous, now = GENESIS, timezone.now()
    for number, (kind, payload) in enumerate(events, start=1):
        digest = chain_hash(
            previous,
            event_content(
                cooperative_id=cooperative_id, number=number, kind=kind, payload=payload, actor_id=None, created_at=now
            ),
        )
        BooksEvent.objects.create(
            cooperative_id=cooperative_id,
            number=number,
            kind=kind,
            payload=payload,
            created_at=now,
            previous_hash=previous,
            hash=digest,
        )
        previous = digest
    return len(events), previous


def forwards(apps, schema_editor) -> None:  # noqa: ANN001
    JournalSequence = apps.get_model("ledger", "JournalSequence")
    Account = apps.get_model("ledger", "Account")
    cooperative_ids = set(JournalSequence.objects.values_list("cooperative_id", flat=True)) | set(
        Account.objects.values_list("cooperative_id", flat=True)
    )
    for cooperative_id in sorted(cooperative_ids):
        entries, entries_hash = _rehash_entries(apps, cooperative_id)
        events, events_hash = _genesis_events(apps, cooperative_id)
        JournalSequence.objects.update_or_create(
            cooperative_id=cooperative_id,
            defaults={
                "last_number": entries,
                "last_hash": entries_hash,
                "events_last_number": events,
                "events_last_hash": events_hash,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_chart_sak_ep")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
