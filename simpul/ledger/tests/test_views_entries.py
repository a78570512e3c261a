"""The manual entry with its attachment, the entry page, downloading the attachment, and reversing an entry."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import chart_of_accounts_create, journal_post, journal_reverse, period_close

from .conftest import D, post

PDF = b"%PDF-1.4 nota pembelian"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _entry_data(**overrides):
    data = {
        "date": "2026-03-10",
        "description": "Pembelian ATK",
        "account_1": "5201",
        "debit_1": "150000",
        "account_2": "1101",
        "credit_2": "150000",
    }
    data.update(overrides)
    return data


def _with_attachment(cooperative, actor=None, content=PDF):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=dt.date(2026, 3, 10),
        description="Pembelian ATK",
        lines=[("5201", D(150000), D(0)), ("1101", D(0), D(150000))],
        attachment=SimpleUploadedFile("nota.pdf", content),
    )


def detail(cooperative, entry):
    return reverse("ledger:entry_detail", args=[cooperative.slug, entry.pk])


# --- posting with an attachment


def test_manager_posts_an_entry_with_an_attachment(client, cooperative, manager):
    client.force_login(manager)
    data = _entry_data(attachment=SimpleUploadedFile("nota.pdf", PDF, content_type="application/pdf"))
    response = client.post(reverse("ledger:entry_new", args=[cooperative.slug]), data)
    entry = JournalEntry.objects.get(cooperative=cooperative)
    assert response.status_code == 302 and response["Location"] == detail(cooperative, entry)
    assert str(entry.attachment.name).startswith(f"journal/{cooperative.pk}/")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("nota.pdf", b"<html>bukan pdf</html>", content_type="application/pdf"),
        SimpleUploadedFile("foto.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), content_type="image/png"),
    ],
    ids=["wrong-type", "too-large"],
)
def test_a_bad_attachment_is_refused_on_the_form(client, cooperative, manager, media, upload):
    client.force_login(manager)
    response = client.post(reverse("ledger:entry_new", args=[cooperative.slug]), _entry_data(attachment=upload))
    assert response.status_code == 400
    assert "PNG" in response.content.decode() or "5 MB" in response.content.decode()
    assert not JournalEntry.objects.exists()
    assert not (media.exists() and any(p.is_file() for p in media.rglob("*")))


def test_the_entry_form_uploads_files(client, cooperative, manager):
    client.force_login(manager)
    body = client.get(reverse("ledger:entry_new", args=[cooperative.slug])).content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="attachment"' in body


# --- the entry page


def test_the_entry_page_shows_the_entry(client, cooperative, manager):
    entry = _with_attachment(cooperative, manager)
    client.force_login(manager)
    response = client.get(detail(cooperative, entry))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pembelian ATK" in body and "Beban Operasional" in body and "Kas" in body
    assert "Rp150.000" in body
    assert manager.full_name in body
    assert reverse("ledger:entry_attachment", args=[cooperative.slug, entry.pk]) in body
    assert 'data-testid="reverse-form"' in body


def test_supervisors_read_the_entry_without_the_reverse_form(client, cooperative):
    entry = post(cooperative, None)
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    response = client.get(detail(cooperative, entry))
    assert response.status_code == 200
    assert 'data-testid="reverse-form"' not in response.content.decode()


def test_a_foreign_entry_is_404(client, cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    foreign = _with_attachment(other)
    client.force_login(manager)
    assert client.get(detail(cooperative, foreign)).status_code == 404
    assert client.get(reverse("ledger:entry_attachment", args=[cooperative.slug, foreign.pk])).status_code == 404
    response = client.post(
        reverse("ledger:entry_reverse", args=[cooperative.slug, foreign.pk]), {"date": "2026-03-31", "reason": "x"}
    )
    assert response.status_code == 404
    assert not JournalEntry.objects.filter(reverses=foreign).exists()


def test_the_entry_page_is_read_in_a_bounded_number_of_queries(
    client, cooperative, manager, django_assert_max_num_queries
):
    entry = _with_attachment(cooperative, manager)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(detail(cooperative, entry)).status_code == 200


# --- the attachment


def test_managers_and_supervisors_download_the_attachment(client, cooperative, manager):
    entry = _with_attachment(cooperative, manager)
    url = reverse("ledger:entry_attachment", args=[cooperative.slug, entry.pk])
    for person in (manager, person_with_role(RoleKind.SUPERVISOR, cooperative)):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response.getvalue() == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert f"jurnal-{entry.number}.pdf" in response["Content-Disposition"]


def test_others_do_not_get_the_attachment(client, cooperative, manager):
    entry = _with_attachment(cooperative, manager)
    url = reverse("ledger:entry_attachment", args=[cooperative.slug, entry.pk])
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(url).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_an_entry_without_attachment_has_no_download(client, cooperative, manager):
    entry = post(cooperative, manager)
    client.force_login(manager)
    assert client.get(reverse("ledger:entry_attachment", args=[cooperative.slug, entry.pk])).status_code == 404


# --- reversing


def _reverse(client, cooperative, entry, **data):
    return client.post(
        reverse("ledger:entry_reverse", args=[cooperative.slug, entry.pk]),
        {"date": "2026-03-31", "reason": "Salah catat", **data},
    )


def test_manager_reverses_an_entry(client, cooperative, manager):
    entry = post(cooperative, manager)
    client.force_login(manager)
    response = _reverse(client, cooperative, entry)
    reversal = JournalEntry.objects.get(reverses=entry)
    assert response.status_code == 302 and response["Location"] == detail(cooperative, reversal)
    assert reversal.date == dt.date(2026, 3, 31) and reversal.source == "reversal"
    body = client.get(detail(cooperative, entry)).content.decode()
    assert 'data-testid="entry-reversed-by"' in body and 'data-testid="reverse-form"' not in body
    body = client.get(detail(cooperative, reversal)).content.decode()
    assert 'data-testid="entry-reverses"' in body and 'data-testid="reverse-form"' not in body


def test_reversing_twice_is_refused(client, cooperative, manager):
    entry = post(cooperative, manager)
    journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=entry.date, reason="x")
    client.force_login(manager)
    response = _reverse(client, cooperative, entry)
    assert response.status_code == 400
    assert f"#{entry.number}" in response.content.decode()
    assert 'data-testid="reverse-error"' in response.content.decode()
    assert JournalEntry.objects.count() == 2


def test_reversing_into_a_closed_period_is_refused(client, cooperative, manager):
    entry = post(cooperative, manager)
    period_close(
        cooperative=cooperative, actor=manager, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), kind="month"
    )
    client.force_login(manager)
    response = _reverse(client, cooperative, entry)
    assert response.status_code == 400
    assert "31 Maret 2026" in response.content.decode()
    assert JournalEntry.objects.count() == 1


def test_a_reversal_needs_a_reason(client, cooperative, manager):
    entry = post(cooperative, manager)
    client.force_login(manager)
    assert _reverse(client, cooperative, entry, reason="").status_code == 400
    assert JournalEntry.objects.count() == 1


def test_supervisors_may_not_reverse(client, cooperative):
    entry = post(cooperative, None)
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert _reverse(client, cooperative, entry).status_code == 403
    assert JournalEntry.objects.count() == 1
