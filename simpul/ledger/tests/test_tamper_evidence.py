"""Each change the issue's auditor made directly in the database is named by verify_books (issue 10 §1).

The attacker in these tests has the database and the public algorithm (hashing.py), not the server's signing key."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from simpul.coops.tests.factories import CooperativeFactory, MembershipFactory, NetworkFactory, OfficeFactory
from simpul.ledger import month_totals
from simpul.ledger.hashing import LineContent, chain_hash, entry_content
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import GENESIS_HASH, Account, JournalEntry, JournalLine, JournalSequence, PublishedHead
from simpul.ledger.services import chart_of_accounts_create, journal_post, journal_reverse
from simpul.ledger.services.heads import chain_heads_publish
from simpul.ledger.services.periods import period_close

from .conftest import D, post

PDF = b"%PDF-1.4 nota pembelian beras"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def books(cooperative, manager):
    """Four entries in March 2026 (one with a receipt), one reversal, March closed."""
    entries = [post(cooperative, manager, amount, on=dt.date(2026, 3, day), credit="3301") for amount, day in
               (("100000", 2), ("25000", 9), ("5000", 16))]  # fmt: skip
    journal_reverse(cooperative=cooperative, actor=manager, entry_id=entries[1].pk, date=entries[1].date, reason="x")
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 3, 20),
        description="Beli alat tulis",
        lines=[("5201", D("12500"), D(0)), ("1101", D(0), D("12500"))],
        attachment=SimpleUploadedFile("nota.pdf", PDF),
    )
    period_close(
        cooperative=cooperative, actor=manager, kind="month", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    assert verify_chain(cooperative).intact
    return cooperative


@pytest.fixture
def published(books):
    """Today's heads held by the cooperative's Dinas (Kota Bandung) and its network."""
    OfficeFactory.create()
    MembershipFactory.create(cooperative=books, network=NetworkFactory.create(), status="active")
    copies = chain_heads_publish(cooperative=books)
    assert len(copies) == 2
    return books


def _broken(cooperative) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="changed outside Simpul"):
        call_command("verify_books", "--cooperative", cooperative.slug, stdout=StringIO(), stderr=err)
    return err.getvalue()


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _line(cooperative, number: int, **side) -> JournalLine:
    return JournalLine.objects.filter(entry__cooperative=cooperative, entry__number=number, **side).get()


def test_a_lines_own_date_moved_within_the_month_is_named(books):
    line = _line(books, 1, debit__gt=0)
    _sql("UPDATE ledger_journalline SET date = '2026-03-30' WHERE id = %s", line.pk)
    assert "BROKEN at entry #1: jurnal #1 telah diubah" in _broken(books)


def test_a_line_moved_to_another_year_with_the_month_totals_adjusted_is_named(books):
    line = _line(books, 3, debit__gt=0)
    _sql("UPDATE ledger_journalline SET date = '2025-03-16' WHERE id = %s", line.pk)
    month_totals.rebuild(books.pk)  # the attacker keeps the month totals in step with the lines
    assert month_totals.mismatches(books.pk) == []
    assert "BROKEN at entry #3: jurnal #3 telah diubah" in _broken(books)


def test_a_line_moved_to_another_cooperatives_account_is_named(books):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    their_cash = Account.objects.get(cooperative=other, code="1101")
    line = _line(books, 2, debit__gt=0)
    _sql("UPDATE ledger_journalline SET account_id = %s WHERE id = %s", their_cash.pk, line.pk)
    month_totals.rebuild(books.pk)
    month_totals.rebuild(other.pk)
    assert "BROKEN at entry #2: jurnal #2 telah diubah" in _broken(books)


def test_a_line_carried_into_another_cooperative_is_named(books):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    line = _line(books, 1, credit__gt=0)
    _sql("UPDATE ledger_journalline SET cooperative_id = %s WHERE id = %s", other.pk, line.pk)
    assert "BROKEN at entry #1: jurnal #1 telah diubah" in _broken(books)
    assert "baris dari jurnal #1 milik koperasi lain" in _broken(other)


@pytest.mark.parametrize(
    ("code", "column", "value"),
    [
        ("3301", "kind", "'revenue'"),
        ("4901", "revenue_source", "'member'"),
        ("3301", "normal_balance", "'debit'"),
        ("3301", "cash_flow_class", "'investing'"),
        ("3301", "subledger", "'savings'"),
        ("1101", "name", "'Kas Besar'"),
    ],
)
def test_an_accounts_attributes_changed_are_named(books, code, column, value):
    _sql(f"UPDATE ledger_account SET {column} = {value} WHERE cooperative_id = %s AND code = %s", books.pk, code)
    named = str(getattr(Account._meta.get_field(column), "verbose_name", column))
    assert f"akun {code} telah diubah: {named}" in _broken(books)


def test_an_accounts_parent_changed_is_named(books, manager):
    from simpul.ledger.services import account_create

    account_create(cooperative=books, actor=manager, parent_code="1101", code="1101.01", name="Kas Kecil")
    bank = Account.objects.get(cooperative=books, code="1102")
    _sql("UPDATE ledger_account SET parent_id = %s WHERE cooperative_id = %s AND code = '1101.01'", bank.pk, books.pk)
    assert "akun 1101.01 telah diubah: akun induk" in _broken(books)


def test_the_last_entry_deleted_with_the_sequence_fixed_is_named_by_the_published_head(published):
    last = JournalEntry.objects.get(cooperative=published, number=5)
    before = JournalEntry.objects.get(cooperative=published, number=4)
    _sql("DELETE FROM ledger_journalline WHERE entry_id = %s", last.pk)
    _sql("DELETE FROM ledger_journalentry WHERE id = %s", last.pk)
    _sql("UPDATE ledger_journalsequence SET last_number = 4, last_hash = %s WHERE cooperative_id = %s",
         before.hash, published.pk)  # fmt: skip
    month_totals.rebuild(published.pk)
    err = _broken(published)
    assert "BROKEN at entry #5: jurnal #5 hilang: kepala buku yang diterbitkan pada" in err
    assert "mencatat 5 jurnal" in err


def test_a_closed_periods_row_deleted_is_named(books):
    _sql("DELETE FROM ledger_period WHERE cooperative_id = %s", books.pk)
    assert "periode 2026-03-01–2026-03-31 pernah ditutup" in _broken(books)


def test_a_closed_period_reopened_in_place_is_named(books):
    _sql("UPDATE ledger_period SET closed_at = NULL WHERE cooperative_id = %s", books.pk)
    assert "periode 2026-03-01–2026-03-31 pernah ditutup" in _broken(books)


def test_an_attachments_file_swapped_is_named(books, media):
    entry = JournalEntry.objects.get(cooperative=books, number=5)
    (media / entry.attachment.name).write_bytes(b"%PDF-1.4 nota lain, harga lain")
    assert "BROKEN at entry #5: lampiran jurnal #5 telah diganti dengan berkas lain" in _broken(books)


def test_an_attachment_pointed_at_another_file_is_named(books, media):
    entry = JournalEntry.objects.get(cooperative=books, number=5)
    (media / "journal" / "lain.pdf").write_bytes(b"%PDF-1.4 nota lain")
    _sql("UPDATE ledger_journalentry SET attachment = 'journal/lain.pdf' WHERE id = %s", entry.pk)
    assert "lampiran jurnal #5 telah diganti" in _broken(books)


def _rehash_everything(cooperative) -> None:
    """The attacker's rewrite: every entry re-hashed with the public algorithm, the sequence set to the new head."""
    previous = GENESIS_HASH
    numbers = dict(JournalEntry.objects.filter(cooperative=cooperative).values_list("id", "number"))
    for entry in JournalEntry.objects.filter(cooperative=cooperative).order_by("number"):
        lines = [
            LineContent(*line)
            for line in entry.lines.order_by("id").values_list(
                "account__code", "account__cooperative_id", "cooperative_id", "date", "debit", "credit"
            )
        ]
        digest = chain_hash(
            previous,
            entry_content(
                cooperative_id=cooperative.pk, number=entry.number, entry_date=entry.date,
                description=entry.description, source=entry.source, reverses_number=numbers.get(entry.reverses_id or 0),
                posted_by_id=entry.posted_by_id, created_at=entry.created_at,
                attachment_sha256=entry.attachment_sha256, lines=lines,
            ),
        )  # fmt: skip
        _sql("UPDATE ledger_journalentry SET previous_hash = %s, hash = %s WHERE id = %s", previous, digest, entry.pk)
        previous = digest
    JournalSequence.objects.filter(cooperative=cooperative).update(last_hash=previous)


def test_an_amount_changed_and_the_chain_rehashed_is_named_by_the_published_head(published):
    _sql("UPDATE ledger_journalline SET debit = CASE WHEN debit > 0 THEN 1000000 ELSE 0 END, "
         "credit = CASE WHEN credit > 0 THEN 1000000 ELSE 0 END "
         "WHERE entry_id = (SELECT id FROM ledger_journalentry WHERE cooperative_id = %s AND number = 1)",
         published.pk)  # fmt: skip
    month_totals.rebuild(published.pk)
    _rehash_everything(published)
    err = _broken(published)
    assert "BROKEN at entry #1: jurnal #1–#5 ditulis ulang setelah kepala buku yang diterbitkan pada" in err


def test_without_a_published_head_a_full_rehash_is_the_limit_of_what_the_chain_alone_can_see(books):
    """Why heads are published: the chain inside the cooperative's own rows cannot see a complete rewrite."""
    _sql("UPDATE ledger_journalentry SET description = 'Diubah' WHERE cooperative_id = %s AND number = 1", books.pk)
    _rehash_everything(books)
    assert verify_chain(books).intact


def test_a_published_head_altered_to_match_a_rewrite_is_named(published):
    _sql("UPDATE ledger_journalentry SET description = 'Diubah' WHERE cooperative_id = %s AND number = 1",
         published.pk)  # fmt: skip
    _rehash_everything(published)
    head = JournalSequence.objects.get(cooperative=published).last_hash
    PublishedHead.objects.filter(cooperative=published).update(entries_hash=head)
    assert "kepala buku yang diterbitkan pada 20" in _broken(published)
    assert "telah diubah" in _broken(published)


def test_intact_books_with_published_heads_pass_and_keep_passing_as_they_grow(published, manager):
    post(published, manager, "7000", on=dt.date(2026, 4, 2), credit="3301")
    out = StringIO()
    call_command("verify_books", "--cooperative", published.slug, stdout=out, stderr=StringIO())
    assert f"{published.slug}: OK, 6 entries" in out.getvalue()
    assert chain_heads_publish(cooperative=published) == []  # today's copies are held already


def test_a_head_is_not_published_over_broken_books(books):
    OfficeFactory.create()
    _sql("UPDATE ledger_journalentry SET description = 'Diubah' WHERE cooperative_id = %s AND number = 2", books.pk)
    assert chain_heads_publish(cooperative=books) == []
    assert not PublishedHead.objects.filter(cooperative=books).exists()


def test_the_daily_publication_checks_what_came_after_the_last_head(published, manager):
    """Publishing re-hashes only the entries since the latest head; a broken tail is never published over."""
    later = post(published, manager, "7000", on=dt.date(2026, 4, 2), credit="3301")
    tomorrow = published.today() + dt.timedelta(days=1)
    _sql("UPDATE ledger_journalentry SET description = 'Diubah' WHERE id = %s", later.pk)
    assert not verify_chain(published, since_latest_head=True).intact
    assert chain_heads_publish(cooperative=published, day=tomorrow) == []
    _sql("UPDATE ledger_journalentry SET description = %s WHERE id = %s", later.description, later.pk)
    copies = chain_heads_publish(cooperative=published, day=tomorrow)
    assert [copy.entries for copy in copies] == [6, 6]
    assert verify_chain(published).intact
