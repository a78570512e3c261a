"""Large member files are read and registered by the task worker: the request answers at once, the page and the
API show the progress, and the import stays all or nothing."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import AuditLog
from simpul.members.imports.tasks import confirm_member_import, read_member_import
from simpul.members.models import Gender, Member, MemberImport, MemberImportStatus
from simpul.members.services import MemberData, member_register
from simpul.members.tests.test_concurrency import KEEP_REGIONS  # regions stay: not flushed
from simpul.members.tests.test_import import SITI_BORN, SITI_NIK, csv_bytes, rows, xlsx_bytes

pytestmark = pytest.mark.django_db

DUMMY = "django.tasks.backends.dummy.DummyBackend"
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


@pytest.fixture
def managed(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def background(settings):
    """Every file is large and every confirmation too: both go to the task worker. Tasks are kept, not run
    (DummyBackend): a test runs them itself, as the worker would."""
    settings.MEMBER_IMPORT_SYNC_MAX_BYTES = 0
    settings.MEMBER_IMPORT_SYNC_MAX_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": DUMMY}}


def upload(client, cooperative, content: bytes, name: str = "anggota.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("members:import", args=[cooperative.slug]), {"file": file})


def queued(task) -> list:
    from django.tasks import default_task_backend

    results = default_task_backend.results  # type: ignore[attr-defined]  # the DummyBackend's
    return [result for result in results if result.task.func == task.func]


def test_a_large_file_is_answered_at_once_and_read_by_the_worker(
    managed, cooperative, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(managed, cooperative, xlsx_bytes(rows()), "anggota.xlsx")
    record = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_preview", args=[cooperative.slug, record.pk])
    assert record.status == MemberImportStatus.READING and record.upload and record.rows == []
    [job] = queued(read_member_import)
    assert job.args == [record.pk]

    # The page shows the progress and polls it with HTMX.
    page = managed.get(response["Location"])
    body = page.content.decode()
    assert 'data-testid="import-progress"' in body and 'hx-trigger="every 2s"' in body
    assert "Membaca berkas…" in body and 'data-testid="import-confirm"' not in body
    poll = managed.get(response["Location"], headers={"HX-Request": "true"})
    assert 'data-testid="import-progress"' in poll.content.decode() and "HX-Refresh" not in poll

    read_member_import.call(record.pk)  # the worker
    record.refresh_from_db()
    assert record.status == MemberImportStatus.PREVIEW
    assert (record.rows_total, record.rows_done, len(record.rows)) == (3, 3, 3)
    assert not record.upload  # the stored file is deleted once read
    poll = managed.get(response["Location"], headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    page = managed.get(response["Location"]).content.decode()
    assert 'data-testid="import-confirm"' in page and "Budi Santoso" in page
    assert not Member.objects.exists()


def test_a_large_file_past_a_limit_ends_refused_with_the_reason(
    managed, cooperative, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(managed, cooperative, csv_bytes([rows()[0]] * 5001))
    record = MemberImport.objects.get()
    read_member_import.call(record.pk)
    record.refresh_from_db()
    assert record.status == MemberImportStatus.REFUSED
    assert "lebih dari 5.000 baris anggota" in record.message
    body = managed.get(reverse("members:import_preview", args=[cooperative.slug, record.pk])).content.decode()
    assert "lebih dari 5.000 baris anggota" in body and 'data-testid="import-confirm"' not in body
    assert not Member.objects.exists()


def test_a_large_file_with_bad_rows_lists_them(managed, cooperative, background, django_capture_on_commit_callbacks):
    table = rows()
    table[1][0] = "1234"
    with django_capture_on_commit_callbacks(execute=True):
        upload(managed, cooperative, csv_bytes(table))
    record = MemberImport.objects.get()
    read_member_import.call(record.pk)
    record.refresh_from_db()
    assert record.status == MemberImportStatus.REFUSED and record.errors[0]["row"] == 3
    body = managed.get(reverse("members:import_preview", args=[cooperative.slug, record.pk])).content.decode()
    assert "Baris 3, NIK:" in body


def test_a_large_confirmation_is_registered_by_the_worker_all_or_nothing(
    managed, cooperative, manager, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    read_member_import.call(record.pk)
    url = reverse("members:import_confirm", args=[cooperative.slug, record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = managed.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_preview", args=[cooperative.slug, record.pk])
    record.refresh_from_db()
    assert record.status == MemberImportStatus.IMPORTING and not Member.objects.exists()
    assert "Mengimpor 3 anggota…" in managed.get(response["Location"]).content.decode()
    # A second click while the worker is at it imports nothing twice.
    again = managed.post(url)
    assert again.status_code == 400 and "Berkas ini masih diproses." in again.content.decode()
    [job] = queued(confirm_member_import)
    assert job.args == [record.pk, manager.pk, "127.0.0.1"]

    confirm_member_import.call(*job.args)
    record.refresh_from_db()
    assert record.status == MemberImportStatus.IMPORTED and record.imported_count == 3
    assert Member.objects.filter(cooperative=cooperative).count() == 3
    audit = AuditLog.objects.get(event="member.imported")
    assert audit.actor == manager and audit.ip_address == "127.0.0.1"


def test_a_large_confirmation_refused_by_the_worker_registers_nobody(
    managed, cooperative, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    read_member_import.call(record.pk)
    with django_capture_on_commit_callbacks(execute=True):
        managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
    member_register(  # meanwhile Siti is registered by hand
        cooperative=cooperative,
        actor=None,
        data=MemberData(SITI_NIK, "Siti Aminah", Gender.FEMALE, SITI_BORN, BANDUNG_VILLAGE, datetime.date(2024, 1, 2)),
    )
    confirm_member_import.call(*queued(confirm_member_import)[0].args)
    record.refresh_from_db()
    assert record.status == MemberImportStatus.REFUSED and record.errors[0]["row"] == 3
    assert Member.objects.count() == 1 and not AuditLog.objects.filter(event="member.imported").exists()


def test_a_task_run_twice_does_nothing_more(managed, cooperative, background, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    read_member_import.call(record.pk)
    assert read_member_import.call(record.pk) == MemberImportStatus.PREVIEW
    assert confirm_member_import.call(record.pk, None, None) == MemberImportStatus.PREVIEW  # not "importing"
    assert not Member.objects.exists()


# --- the API ------------------------------------------------------------------------------------------------


def api_upload(client, cooperative, content: bytes, name: str = "anggota.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"/api/v1/cooperatives/{cooperative.slug}/member-imports", {"file": file})


def test_the_api_answers_202_with_the_jobs_url_and_reports_progress(
    managed, cooperative, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_upload(managed, cooperative, csv_bytes(rows()))
    assert response.status_code == 202, response.content
    body = response.json()
    record = MemberImport.objects.get()
    url = f"/api/v1/cooperatives/{cooperative.slug}/member-imports/{record.pk}"
    assert body["url"] == url and response["Location"] == url
    assert body["status"] == "reading" and body["rows_done"] == 0
    read_member_import.call(record.pk)
    progress = managed.get(url).json()
    assert progress["status"] == "preview" and progress["rows_total"] == progress["rows_done"] == 3

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = managed.post(f"{url}/confirm")
    assert confirmed.status_code == 202 and confirmed.json()["status"] == "importing"
    confirm_member_import.call(*queued(confirm_member_import)[0].args)
    done = managed.get(url).json()
    assert done["status"] == "imported" and done["imported_count"] == 3


def test_the_api_reads_a_small_file_at_once(managed, cooperative):
    response = api_upload(managed, cooperative, csv_bytes(rows()))
    assert response.status_code == 201 and response.json()["status"] == "preview"
    record = MemberImport.objects.get()
    confirmed = managed.post(f"/api/v1/cooperatives/{cooperative.slug}/member-imports/{record.pk}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["imported_count"] == 3


def test_the_api_refuses_bad_rows_with_each_error_and_stores_nothing(managed, cooperative):
    table = rows()
    table[1][0] = "1234"
    response = api_upload(managed, cooperative, csv_bytes(table))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rows_refused" and body["detail"]["errors"][0]["row"] == 3
    assert not MemberImport.objects.exists()


def test_the_api_keeps_supervisors_and_other_cooperatives_out(client, cooperative):
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    foreign = MemberImport.objects.create(cooperative=CooperativeFactory.create(), filename="x.csv")
    client.force_login(supervisor)
    assert api_upload(client, cooperative, csv_bytes(rows())).status_code == 403
    url = f"/api/v1/cooperatives/{cooperative.slug}/member-imports/{foreign.pk}"
    assert client.get(url).status_code == 404
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    assert client.post(f"{url}/confirm").status_code == 404
    assert json.loads(client.get(url).content)["code"] == "not_found"


# --- the real worker ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_the_database_worker_reads_the_file(settings, client):
    """django-tasks-db and `manage.py db_worker`, as `make run` runs them."""
    settings.MEMBER_IMPORT_SYNC_MAX_BYTES = 0
    cooperative = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    response = upload(client, cooperative, xlsx_bytes(rows()), "anggota.xlsx")
    assert response.status_code == 302
    record = MemberImport.objects.get()
    assert record.status == MemberImportStatus.READING
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    record.refresh_from_db()
    assert record.status == MemberImportStatus.PREVIEW and len(record.rows) == 3


def test_the_file_may_be_sent_again_while_the_worker_is_at_it_and_nobody_is_registered_twice(
    managed, cooperative, background, django_capture_on_commit_callbacks
):
    """Were the worker to die mid-import, the manager is not stuck: the page still offers the upload."""
    imports = []
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(managed, cooperative, csv_bytes(rows()))
        record = MemberImport.objects.latest("pk")
        read_member_import.call(record.pk)
        with django_capture_on_commit_callbacks(execute=True):
            managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
        page = managed.get(reverse("members:import_preview", args=[cooperative.slug, record.pk])).content.decode()
        assert 'data-testid="import-progress"' in page and 'data-testid="import-form"' in page
        imports.append(record.pk)
    for job in queued(confirm_member_import):
        confirm_member_import.call(*job.args)
    first, second = (MemberImport.objects.get(pk=pk) for pk in imports)
    assert first.status == MemberImportStatus.IMPORTED and second.status == MemberImportStatus.REFUSED
    assert Member.objects.filter(cooperative=cooperative).count() == 3
