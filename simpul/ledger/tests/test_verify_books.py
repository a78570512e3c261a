"""manage.py verify_books finds the first entry changed or removed behind the application's back."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from simpul.coops.tests.factories import CooperativeFactory
from simpul.ledger.hashing import LineContent, chain_hash, entry_content
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import Account, JournalEntry
from simpul.ledger.services import chart_of_accounts_create, journal_reverse

from .conftest import post


def _verify(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_books", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _verify_broken(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="changed outside Simpul"):
        call_command("verify_books", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def three_entries(cooperative, manager):
    entries = [post(cooperative, manager, amount) for amount in ("100000", "25000", "5000")]
    journal_reverse(cooperative=cooperative, actor=manager, entry_id=entries[1].pk, date=entries[1].date, reason="x")
    return entries


def test_intact_books_pass(cooperative, three_entries):
    empty = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=empty)
    out, err = _verify()
    assert f"{cooperative.slug}: OK, 4 entries, 1 books events" in out
    assert f"{empty.slug}: OK, 0 entries, 1 books events" in out
    assert err == ""
    out, _ = _verify("--cooperative", cooperative.slug)
    assert out.strip() == f"{cooperative.slug}: OK, 4 entries, 1 books events"


def test_a_line_edited_with_raw_sql_is_named(cooperative, three_entries):
    second = three_entries[1]
    bank = Account.objects.get(cooperative=cooperative, code="1102")
    line = second.lines.order_by("id").first()
    with connection.cursor() as cursor:  # the money moves from Kas to Bank, still balanced, behind Simpul's back
        cursor.execute("UPDATE ledger_journalline SET account_id = %s WHERE id = %s", [bank.pk, line.pk])
    err = _verify_broken()
    assert f"{cooperative.slug}: BROKEN at entry #2: jurnal #2 telah diubah" in err


def test_an_amount_edited_with_raw_sql_is_named(cooperative, three_entries):
    third = three_entries[2]
    with connection.cursor() as cursor:  # both sides at once, so even the balance trigger sees nothing wrong
        cursor.execute(
            "UPDATE ledger_journalline SET debit = CASE WHEN debit > 0 THEN 50 ELSE 0 END, "
            "credit = CASE WHEN credit > 0 THEN 50 ELSE 0 END WHERE entry_id = %s",
            [third.pk],
        )
    report = verify_chain(cooperative)
    assert (report.number, report.problem, report.entries) == (3, "jurnal #3 telah diubah", 2)


def test_an_entry_removed_from_the_middle_is_named(cooperative, three_entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_journalline WHERE entry_id = %s", [three_entries[2].pk])
        cursor.execute("DELETE FROM ledger_journalentry WHERE id = %s", [three_entries[2].pk])
    assert "BROKEN at entry #3: jurnal #3 hilang" in _verify_broken("--cooperative", cooperative.slug)


def test_the_last_entry_removed_is_named(cooperative, three_entries):
    last = JournalEntry.objects.get(cooperative=cooperative, number=4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_journalline WHERE entry_id = %s", [last.pk])
        cursor.execute("DELETE FROM ledger_journalentry WHERE id = %s", [last.pk])
    report = verify_chain(cooperative)
    assert (report.number, report.problem) == (4, "jurnal #4 hilang")


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next(cooperative, three_entries):
    first = JournalEntry.objects.get(pk=three_entries[0].pk)
    lines = [
        LineContent(*line)
        for line in first.lines.order_by("id").values_list(
            "account__code", "account__cooperative_id", "cooperative_id", "date", "debit", "credit"
        )
    ]
    forged = chain_hash(
        first.previous_hash,
        entry_content(
            cooperative_id=cooperative.pk,
            number=1,
            entry_date=first.date,
            description="Diubah",
            source=first.source,
            reverses_number=None,
            posted_by_id=first.posted_by_id,
            created_at=first.created_at,
            attachment_sha256="",
            lines=lines,
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_journalentry SET description = 'Diubah' WHERE id = %s", [first.pk])
    assert verify_chain(cooperative).number == 1  # its hash no longer matches its content
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_journalentry SET hash = %s WHERE id = %s", [forged, first.pk])
    report = verify_chain(cooperative)  # re-hashed, but the next entry still names the old hash
    assert (report.number, report.problem) == (2, "jurnal #2 tidak lagi menyambung dengan jurnal sebelumnya")


def test_other_cooperatives_are_checked_separately(cooperative, three_entries):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    post(other, None)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_journalentry SET date = '2026-01-01' WHERE id = %s", [three_entries[0].pk])
    err = _verify_broken()
    assert f"{cooperative.slug}: BROKEN at entry #1" in err
    assert other.slug not in err
    out, _ = _verify("--cooperative", other.slug)
    assert "OK, 1 entries" in out


def test_an_unknown_cooperative_is_an_error(db):
    with pytest.raises(CommandError, match="no cooperative"):
        call_command("verify_books", "--cooperative", "tidak-ada")
