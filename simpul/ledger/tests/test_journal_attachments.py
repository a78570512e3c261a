"""Attachments of manual entries: checked by their first bytes and size, stored under a random name, in the
hash chain by their content's SHA-256, and nothing kept when the entry is refused."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from simpul.core.exceptions import ApplicationError
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import journal_post
from simpul.ledger.services.attachments import MAX_ATTACHMENT_BYTES

from .conftest import D

PDF = b"%PDF-1.4 nota pembelian"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 20


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _post(cooperative, actor, attachment, **kwargs):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=dt.date(2026, 3, 10),
        description="Pembelian ATK",
        lines=[("5201", D(150000), D(0)), ("1101", D(0), D(150000))],
        attachment=attachment,
        **kwargs,
    )


@pytest.mark.parametrize(("content", "extension"), [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpg")])
def test_an_attachment_is_stored_under_a_random_name_of_its_real_kind(cooperative, manager, content, extension):
    # The name it came with says .exe: the kind comes from its first bytes.
    entry = _post(cooperative, manager, SimpleUploadedFile("nota.exe", content))
    name = entry.attachment.name
    assert name.startswith(f"journal/{cooperative.pk}/") and name.endswith(f".{extension}")
    assert "nota" not in name
    with entry.attachment.open("rb") as handle:
        assert handle.read() == content


def test_the_attachments_content_is_part_of_the_hash(cooperative, manager):
    with_file = _post(cooperative, manager, SimpleUploadedFile("a.pdf", PDF))
    assert with_file.attachment_sha256 == hashlib.sha256(PDF).hexdigest()
    assert verify_chain(cooperative).intact
    JournalEntry.objects.filter(pk=with_file.pk).update(attachment="journal/other.pdf")
    report = verify_chain(cooperative)
    assert (report.number, report.problem) == (with_file.number, f"lampiran jurnal #{with_file.number} hilang")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("nota.pdf", b"MZ\x90\x00 not a pdf"), "PNG"),
        (SimpleUploadedFile("nota.pdf", b"%PDF" + b"0" * MAX_ATTACHMENT_BYTES), "5 MB"),
    ],
)
def test_a_wrong_or_large_file_is_refused_and_nothing_is_written(cooperative, manager, media, upload, message):
    with pytest.raises(ApplicationError) as refused:
        _post(cooperative, manager, upload)
    assert refused.value.code == "invalid_file"
    assert refused.value.extra["field"] == "attachment"
    assert message in refused.value.message
    assert not JournalEntry.objects.exists()
    assert not (media.exists() and any(p.is_file() for p in media.rglob("*")))


def test_a_refused_entry_leaves_no_file_behind(cooperative, manager, media):
    with pytest.raises(ApplicationError):
        journal_post(
            cooperative=cooperative,
            actor=manager,
            date=dt.date(2026, 3, 10),
            description="Tidak seimbang",
            lines=[("5201", D(150000), D(0)), ("1101", D(0), D(100000))],
            attachment=SimpleUploadedFile("a.pdf", PDF),
        )
    assert not JournalEntry.objects.exists()
    assert not (media.exists() and any(p.is_file() for p in media.rglob("*")))
