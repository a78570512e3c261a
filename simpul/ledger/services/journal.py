"""Posting to the journal: `journal_post` is the only way any app writes to the books; corrections are reversals."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.core.audit import audit_write
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import CENT, LARGEST_AMOUNT, MAX_AMOUNT, format_rupiah
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes, month_totals, subledgers
from simpul.ledger.books_dates import validate_books_date
from simpul.ledger.hashing import LineContent, chain_hash, entry_content, file_sha256
from simpul.ledger.locks import lock_journal_sequence_with_accounts
from simpul.ledger.models import JournalEntry, JournalLine, JournalSequence, Period
from simpul.ledger.services.attachments import attachment_check

# (account code, debit, credit): exactly one of the two amounts positive, the other zero.
LineInput = tuple[str, Decimal, Decimal]
# A posting module's own rows written with the entry (a sale, its lines, its stock moves): given the entry (numbered,
# not yet written; its id is `lean_sql.Earlier("entry")`), the writes that go in the same statement.
FollowingWrites = Callable[[JournalEntry], Sequence[lean_sql.Write]]


# The columns journal_post writes; the id comes back from the insert.
ENTRY_FIELDS = (
    "cooperative",
    "number",
    "date",
    "description",
    "source",
    "reverses",
    "posted_by",
    "attachment",
    "attachment_sha256",
    "created_at",
    "previous_hash",
    "hash",
)


def _amount(value: Any, *, line: int) -> Decimal:
    """An exact, non-negative Rupiah amount with at most two decimals; floats and other types are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ApplicationError(
            _("Line %(line)s: amounts must be exact decimal numbers.") % {"line": line},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "lines", "line": line},
        )
    amount = Decimal(value)
    if not amount.is_finite():
        raise ApplicationError(
            _("Line %(line)s: the amount is not a valid number.") % {"line": line},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "lines", "line": line},
        )
    if abs(amount) >= MAX_AMOUNT:
        raise ApplicationError(
            _("Line %(line)s: an amount is at most %(largest)s.")
            % {"line": line, "largest": format_rupiah(LARGEST_AMOUNT)},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "lines", "line": line},
        )
    if amount.quantize(CENT) != amount:
        raise ApplicationError(
            _("Line %(line)s: amounts have at most two decimal places.") % {"line": line},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "lines", "line": line},
        )
    if amount < 0:
        raise ApplicationError(
            _("Line %(line)s: amounts cannot be negative.") % {"line": line},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "lines", "line": line},
        )
    return amount.quantize(CENT)


def _clean_lines(lines: Sequence[Any]) -> list[LineInput]:
    if not lines:
        raise ApplicationError(
            _("A journal entry needs at least one debit line and one credit line."),
            code=error_codes.EMPTY_ENTRY,
            extra={"field": "lines"},
        )
    cleaned = []
    for number, raw in enumerate(lines, start=1):
        if not isinstance(raw, tuple | list) or len(raw) != 3 or not isinstance(raw[0], str) or not raw[0].strip():
            raise ApplicationError(
                _("Line %(line)s must name an account code, a debit and a credit.") % {"line": number},
                code=error_codes.INVALID_LINE,
                extra={"field": "lines", "line": number},
            )
        debit, credit = _amount(raw[1], line=number), _amount(raw[2], line=number)
        if debit and credit:
            raise ApplicationError(
                _("Line %(line)s has both a debit and a credit; put them on separate lines.") % {"line": number},
                code=error_codes.INVALID_LINE,
                extra={"field": "lines", "line": number},
            )
        if not debit and not credit:
            raise ApplicationError(
                _("Line %(line)s has neither a debit nor a credit.") % {"line": number},
                code=error_codes.INVALID_LINE,
                extra={"field": "lines", "line": number},
            )
        cleaned.append((raw[0].strip(), debit, credit))
    total_debit = sum((debit for _code, debit, _credit in cleaned), Decimal(0))
    total_credit = sum((credit for _code, _debit, credit in cleaned), Decimal(0))
    if total_debit != total_credit:
        raise ApplicationError(
            _("The entry does not balance: debits %(debit)s, credits %(credit)s.")
            % {"debit": format_rupiah(total_debit), "credit": format_rupiah(total_credit)},
            code=error_codes.UNBALANCED,
            extra={"field": "lines"},
        )
    return cleaned


def _refuse_unknown(codes: set[str], found: dict[str, int]) -> None:
    """A code of another cooperative is as unknown as a made-up one."""
    unknown = sorted(codes - set(found))
    if unknown:
        raise ApplicationError(
            _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": unknown[0]},
            code=error_codes.UNKNOWN_ACCOUNT,
            extra={"field": "lines", "codes": unknown},
        )


def _refuse_control(controls: dict[str, tuple[str, str]], subledger: str | tuple[str, ...]) -> None:
    """A control account takes postings only from its own subledger's services (they pass `subledger=`)."""
    allowed = (subledger,) if isinstance(subledger, str) else subledger
    foreign = sorted(code for code, (owner, _name) in controls.items() if owner not in allowed)
    if foreign:
        owner, name = controls[foreign[0]]
        raise ApplicationError(
            subledgers.control_account_message(foreign[0], name, owner),
            code=error_codes.CONTROL_ACCOUNT,
            extra={"field": "lines", "codes": foreign, "subledger": owner},
        )


def closed_period_on(cooperative: Cooperative, on: dt.date, *, using: CursorWrapper | None = None) -> Period | None:
    sql = (
        f"SELECT {lean_sql.columns(Period, 'p')} FROM {lean_sql.table(Period, 'p')} "  # noqa: S608
        'WHERE p.cooperative_id = %s AND p.closed_at IS NOT NULL AND p.start <= %s AND p."end" >= %s '
        "ORDER BY p.start LIMIT 1"
    )
    with lean_sql.cursor(using) as cursor:
        cursor.execute(sql, [cooperative.pk, on, on])
        row = cursor.fetchone()
    return lean_sql.instance(Period, row) if row is not None else None


def _refuse_closed(cooperative: Cooperative, on: dt.date, cursor: CursorWrapper) -> None:
    period = closed_period_on(cooperative, on, using=cursor)
    if period is not None:
        raise ApplicationError(
            _("The books from %(start)s to %(end)s are closed; nothing dated %(date)s can be posted.")
            % {"start": tanggal(period.start), "end": tanggal(period.end), "date": tanggal(on)},
            code=error_codes.PERIOD_CLOSED,
            extra={"field": "date"},
        )


def journal_post(
    *,
    cooperative: Cooperative,
    actor: User | None,
    date: dt.date,
    description: str,
    lines: Sequence[LineInput],
    source: str = "manual",
    reverses: JournalEntry | None = None,
    attachment: Any = None,
    audit: bool = True,
    subledger: str | tuple[str, ...] = "",
    into_closed_period: bool = False,
) -> JournalEntry:
    """Post one balanced entry, numbered and hash-chained per cooperative. Refuses, writing nothing, anything else.

    `attachment` (an uploaded PDF, JPEG or PNG up to 5 MB) is stored under a random name; the SHA-256 of its content
    is part of the hash chain. `audit=False` is for a service that writes its own audit row naming the entry (savings).
    `into_closed_period=True` is for the year end only (services/year_end.py): a year's closing entries and their
    reversal are dated inside the year being closed or reopened, under the lock the closing holds.
    `subledger` is the posting module's Subledger value: a line on another subledger's control account (or on any
    control account, for a caller without one) is refused (code `control_account`) naming the module to use. A sale
    paid from a member's savings touches two subledgers at once: the mart passes both as a tuple.

    Inside a caller's transaction it runs in that transaction (the sequence lock is held until the caller
    commits); every refusal comes before the first write, so no savepoint is needed. Otherwise it opens one."""
    arguments = {
        "cooperative": cooperative,
        "actor": actor,
        "date": date,
        "description": description,
        "lines": lines,
        "source": source,
        "reverses": reverses,
        "attachment": attachment,
        "audit": audit,
        "subledger": subledger,
        "into_closed_period": into_closed_period,
    }
    return _post_in_transaction(arguments, None)[0]


def journal_post_with_writes(
    *,
    cooperative: Cooperative,
    actor: User | None,
    date: dt.date,
    description: str,
    lines: Sequence[LineInput],
    source: str,
    subledger: str | tuple[str, ...],
    then: FollowingWrites,
) -> tuple[JournalEntry, dict[str, int]]:
    """`journal_post` for a posting module that writes its own rows with the entry, in the same statement on
    PostgreSQL (lean SQL, ADR 0005: a sale at the till). `then` gets the numbered entry and returns those writes; their
    `Earlier("entry")` values read the entry's id. Returns the entry and the ids the writes returned, by name. No audit
    row of the entry: the module's writes carry their own."""
    arguments = {
        "cooperative": cooperative,
        "actor": actor,
        "date": date,
        "description": description,
        "lines": lines,
        "source": source,
        "reverses": None,
        "attachment": None,
        "audit": False,
        "subledger": subledger,
        "into_closed_period": False,
    }
    return _post_in_transaction(arguments, then)


def _post_in_transaction(
    arguments: dict[str, Any], then: FollowingWrites | None
) -> tuple[JournalEntry, dict[str, int]]:
    if connection.in_atomic_block:
        with lean_sql.cursor() as cursor:
            posted = _post(**arguments, then=then, cursor=cursor)
            cooperative_figures_changed(cooperative_ids=[arguments["cooperative"].pk], kinds={"books"})
            return posted
    with transaction.atomic(), lean_sql.cursor() as cursor:
        posted = _post(**arguments, then=then, cursor=cursor)
        cooperative_figures_changed(cooperative_ids=[arguments["cooperative"].pk], kinds={"books"})
        return posted


def _post(
    *,
    cooperative: Cooperative,
    actor: User | None,
    date: dt.date,
    description: str,
    lines: Sequence[LineInput],
    source: str,
    reverses: JournalEntry | None,
    attachment: Any,
    audit: bool,
    subledger: str | tuple[str, ...],
    into_closed_period: bool,
    then: FollowingWrites | None,
    cursor: CursorWrapper,
) -> tuple[JournalEntry, dict[str, int]]:
    description = (description or "").strip()
    if not description:
        raise ApplicationError(_("Describe the entry."), code=error_codes.REQUIRED, extra={"field": "description"})
    refuse_too_long(description, max_length=255, field="description", label=_("Description"))
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ApplicationError(_("Give the entry a date."), code=error_codes.INVALID_DATE, extra={"field": "date"})
    validate_books_date(cooperative, date)
    source = (source or "").strip()[:40] or "manual"
    cleaned = _clean_lines(lines)
    if reverses is not None and reverses.cooperative_id != cooperative.pk:
        raise NotFoundError(_("Journal entry not found."), code="not_found")
    attachment_kind = attachment_check(attachment) if attachment is not None else None

    codes = {code for code, _debit, _credit in cleaned}
    sequence, account_ids, controls = lock_journal_sequence_with_accounts(cooperative, codes, using=cursor)
    _refuse_unknown(codes, account_ids)
    _refuse_control(controls, subledger)
    # Checked under the lock: period_close takes the same lock, so a closing cannot slip in between. A statement
    # of its own: read in the lock's statement, the periods would be as they were before any wait for the lock.
    if not into_closed_period:
        _refuse_closed(cooperative, date, cursor)
    if reverses is not None and JournalEntry.objects.filter(cooperative=cooperative, reverses=reverses).exists():
        raise ApplicationError(
            _("Entry #%(number)s has already been reversed.") % {"number": reverses.number},
            code=error_codes.ALREADY_REVERSED,
        )

    entry = JournalEntry(
        cooperative=cooperative,
        number=sequence.last_number + 1,
        date=date,
        description=description,
        source=source,
        reverses=reverses,
        posted_by=actor if actor is not None and actor.pk else None,
        created_at=timezone.now(),
        previous_hash=sequence.last_hash,
        attachment_sha256=file_sha256(attachment) if attachment_kind is not None else "",
    )
    content = entry_content(
        cooperative_id=cooperative.pk,
        number=entry.number,
        entry_date=entry.date,
        description=entry.description,
        source=entry.source,
        reverses_number=reverses.number if reverses is not None else None,
        posted_by_id=entry.posted_by_id,
        created_at=entry.created_at,
        attachment_sha256=entry.attachment_sha256,
        lines=[
            LineContent(code, cooperative.pk, cooperative.pk, date, debit, credit) for code, debit, credit in cleaned
        ],
    )
    entry.hash = chain_hash(entry.previous_hash, content)
    if attachment_kind is not None:
        # Named by its checked kind, never by the name it came with; upload_to picks a random name.
        entry.attachment.save(f"lampiran.{attachment_kind}", File(attachment), save=False)
    try:
        # Lean SQL (every sale and every deposit comes through here): one statement on PostgreSQL.
        writes = [
            lean_sql.insert_write(
                "entry", JournalEntry, [lean_sql.instance_values(entry, ENTRY_FIELDS)], returning=True
            ),
            lean_sql.insert_write(
                "lines",
                JournalLine,
                [
                    {
                        "cooperative_id": cooperative.pk,
                        "entry_id": lean_sql.Earlier("entry"),
                        "account_id": account_ids[code],
                        "date": date,
                        "debit": debit,
                        "credit": credit,
                    }
                    for code, debit, credit in cleaned
                ],
            ),
            month_totals.entry_write(
                cooperative.pk, date, [(account_ids[code], debit, credit) for code, debit, credit in cleaned]
            ),
            lean_sql.update_write(
                "sequence", JournalSequence, sequence.pk, {"last_number": entry.number, "last_hash": entry.hash}
            ),
        ]
        changes: dict[str, Any] = {
            "number": entry.number,
            "date": date.isoformat(),
            "source": source,
            "hash": entry.hash,
        }
        if entry.attachment:
            changes["attachment"] = entry.attachment.name
        if audit:
            writes.append(
                audit_write(
                    actor=actor,
                    event="ledger.entry_posted",
                    target=entry,
                    target_id=lean_sql.Earlier("entry"),
                    cooperative=cooperative,
                    changes=changes,
                )
            )
        if then is not None:
            writes += then(entry)
        ids = lean_sql.run_writes(writes, using=cursor)
        lean_sql.saved(entry, ids["entry"])
        sequence.last_number = entry.number
        sequence.last_hash = entry.hash
    except BaseException:
        if entry.attachment:  # the row is not written: its file must not stay behind
            entry.attachment.delete(save=False)
        raise
    return entry, ids


@dataclass(frozen=True)
class Posting:
    """One entry of `journal_post_many`."""

    date: dt.date
    description: str
    lines: Sequence[LineInput]


# A posting module's rows written with many entries (a till's synced sales): given the entries (numbered, with the ids
# they will be written under), the writes that go in the same statement.
ManyFollowingWrites = Callable[[list[JournalEntry]], Sequence[lean_sql.Write]]


def journal_post_many(
    *,
    cooperative: Cooperative,
    actor: User | None,
    postings: Sequence[Posting],
    source: str,
    subledger: str | tuple[str, ...],
    then: ManyFollowingWrites,
) -> list[JournalEntry]:
    """Many entries at once, numbered and hash-chained in order, as `journal_post_with_writes` posts one, in the
    caller's transaction (PostgreSQL only: bench/pos_sync.py). One sequence lock, one check per date, and every row
    (entries, lines, month totals, the sequence, the caller's `then` writes) in one statement of fixed text.

    All or nothing: any refusal comes before the first write. No audit rows of the entries: the caller writes its
    own."""
    assert connection.vendor == "postgresql" and connection.in_atomic_block, "a caller's PostgreSQL transaction"
    source = (source or "").strip()[:40] or "manual"
    cleaned: list[list[LineInput]] = []
    descriptions: list[str] = []
    for posting in postings:
        description = (posting.description or "").strip()
        if not description:
            raise ApplicationError(_("Describe the entry."), code=error_codes.REQUIRED, extra={"field": "description"})
        refuse_too_long(description, max_length=255, field="description", label=_("Description"))
        descriptions.append(description)
        cleaned.append(_clean_lines(posting.lines))
    dates = {posting.date for posting in postings}
    for day in dates:
        validate_books_date(cooperative, day)
    with lean_sql.cursor() as cursor:
        codes = {code for lines in cleaned for code, _debit, _credit in lines}
        sequence, account_ids, controls = lock_journal_sequence_with_accounts(cooperative, codes, using=cursor)
        _refuse_unknown(codes, account_ids)
        _refuse_control(controls, subledger)
        for day in sorted(dates):
            _refuse_closed(cooperative, day, cursor)
        (entry_ids,) = lean_sql.next_ids([JournalEntry], len(postings), using=cursor)
        now = timezone.now()
        posted_by = actor if actor is not None and actor.pk else None
        entries: list[JournalEntry] = []
        entry_rows: list[dict[str, Any]] = []
        line_rows: list[dict[str, Any]] = []
        month_rows: list[tuple[dt.date, int, Decimal, Decimal]] = []
        last_number, last_hash = sequence.last_number, sequence.last_hash
        for posting, description, lines, entry_id in zip(postings, descriptions, cleaned, entry_ids, strict=True):
            entry = JournalEntry(
                id=entry_id,
                cooperative=cooperative,
                number=last_number + 1,
                date=posting.date,
                description=description,
                source=source,
                posted_by=posted_by,
                created_at=now,
                previous_hash=last_hash,
            )
            content = entry_content(
                cooperative_id=cooperative.pk,
                number=entry.number,
                entry_date=entry.date,
                description=description,
                source=source,
                reverses_number=None,
                posted_by_id=entry.posted_by_id,
                created_at=now,
                attachment_sha256="",
                lines=[
                    LineContent(code, cooperative.pk, cooperative.pk, entry.date, debit, credit)
                    for code, debit, credit in lines
                ],
            )
            entry.hash = chain_hash(last_hash, content)
            last_number, last_hash = entry.number, entry.hash
            entries.append(entry)
            entry_rows.append({"id": entry_id, **lean_sql.instance_values(entry, ENTRY_FIELDS)})
            for code, debit, credit in lines:
                line_rows.append(
                    {
                        "cooperative_id": cooperative.pk,
                        "entry_id": entry_id,
                        "account_id": account_ids[code],
                        "date": entry.date,
                        "debit": debit,
                        "credit": credit,
                    }
                )
                month_rows.append((entry.date, account_ids[code], debit, credit))
        writes = [
            lean_sql.rows_insert_write("entries", JournalEntry, entry_rows),
            lean_sql.rows_insert_write("lines", JournalLine, line_rows),
            month_totals.entries_write(cooperative.pk, month_rows),
            lean_sql.update_write(
                "sequence", JournalSequence, sequence.pk, {"last_number": last_number, "last_hash": last_hash}
            ),
            *then(entries),
        ]
        lean_sql.run_writes(writes, using=cursor)
    for entry in entries:
        lean_sql.saved(entry, None)
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"books"})
    return entries


@transaction.atomic
def journal_reverse(
    *, cooperative: Cooperative, actor: User | None, entry_id: int, date: dt.date, reason: str
) -> JournalEntry:
    """Cancel an entry by posting its mirror image; the original stays in the books, as the law of the books asks."""
    entry = JournalEntry.objects.filter(cooperative=cooperative, pk=entry_id).first()
    if entry is None:
        raise NotFoundError(_("Journal entry not found."), code="not_found")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the entry is reversed."), code=error_codes.REQUIRED, extra={"field": "reason"}
        )
    if entry.reverses_id is not None:
        raise ApplicationError(
            _("A reversing entry cannot itself be reversed; post a new entry instead."),
            code=error_codes.CANNOT_REVERSE_REVERSAL,
        )
    if isinstance(date, dt.date) and date < entry.date:
        raise ApplicationError(
            _("A reversal cannot be dated before the entry it reverses (%(date)s).") % {"date": tanggal(entry.date)},
            code=error_codes.INVALID_DATE,
            extra={"field": "date"},
        )
    lines = list(entry.lines.order_by("id").values_list("account__code", "debit", "credit", "account__subledger"))
    # A subledger's entry (or any entry on a control account) is corrected in its module, which moves the
    # members' records with the books; a reversal here would move the books alone.
    owner = subledgers.SOURCES.get(entry.source) or next((line[3] for line in lines if line[3]), "")
    if owner:
        raise ApplicationError(
            subledgers.correction_message(owner), code=error_codes.SUBLEDGER_ENTRY, extra={"subledger": owner}
        )
    mirrored = [(code, credit, debit) for code, debit, credit, _subledger in lines]
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=date,
        description=_("Reversal of entry #%(number)s: %(reason)s") % {"number": entry.number, "reason": reason},
        lines=mirrored,
        source="reversal",
        reverses=entry,
    )
