"""Large member files are read and imported by the task worker, so no request waits on one.

A small file (MEMBER_IMPORT_SYNC_MAX_BYTES of data to read, unpacked for a workbook) is still read in the request
and answered at once, as before. A larger one is stored and its MemberImport row created as "reading"; the task
(simpul/members/imports/tasks.py) reads it outside any transaction, writing its progress (rows_done of rows_total)
as it goes, and ends as "preview" (every row valid) or "refused" (the rows' errors, or the file's `message`). The
confirmation of more than MEMBER_IMPORT_SYNC_MAX_ROWS rows is handed to the worker the same way ("importing"),
still all or nothing.
"""

import time
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.members.imports.files import work_size
from simpul.members.imports.limits import current_limits, file_too_large, refuse_file
from simpul.members.imports.reading import IMPORT_NOT_PENDING, MAX_ERRORS, check_rows, read_table
from simpul.members.imports.services import (
    ImportRefused,
    access_member_import,
    clean_filename,
    member_import_confirm,
    member_import_preview,
)
from simpul.members.models import MemberImport, MemberImportStatus

# The progress row is written at most this often (seconds): each write is a short transaction of its own.
PROGRESS_INTERVAL = 1.0


def member_import_upload(
    *, cooperative: Cooperative, actor: User | None, filename: str, content: bytes
) -> MemberImport:
    """A small file is read now (member_import_preview: refused with ImportRefused, or a "preview" row); a larger
    one is stored as a "reading" row for the task worker, enqueued once the row is committed."""
    limits = current_limits()
    if len(content) > limits.max_bytes:
        raise file_too_large(len(content), limits.max_bytes)
    if work_size(content) <= settings.MEMBER_IMPORT_SYNC_MAX_BYTES:
        return member_import_preview(cooperative=cooperative, actor=actor, filename=filename, content=content)
    from simpul.members.imports.tasks import read_member_import

    with transaction.atomic():
        record = MemberImport(
            cooperative=cooperative,
            filename=clean_filename(filename),
            status=MemberImportStatus.READING,
            uploaded_by=actor if actor and actor.pk else None,
        )
        record.upload.save("upload", ContentFile(content), save=False)
        record.save()
        transaction.on_commit(lambda: read_member_import.enqueue(record.pk))
    return record


def _progress(import_id: int, **fields: Any) -> None:
    MemberImport.objects.filter(pk=import_id, status=MemberImportStatus.READING).update(**fields)


def member_import_read(*, import_id: int) -> MemberImport:
    """The task's work: read and check a stored file, outside any transaction, writing the progress as it goes;
    then the row becomes "preview" or "refused" and the stored file is deleted. A row no longer "reading" (read
    already, by a task run twice) is left as it is."""
    record = MemberImport.objects.select_related("cooperative").get(pk=import_id)
    if record.status != MemberImportStatus.READING:
        return record
    result: dict[str, Any]
    try:
        with record.upload.open("rb") as stored:
            content = stored.read()
        limits = current_limits()
        table = read_table(content, limits)
        total = len(table.rows)
        _progress(import_id, rows_total=total)
        last = time.monotonic()

        def progress(done: int) -> None:
            nonlocal last
            if time.monotonic() - last >= PROGRESS_INTERVAL:
                _progress(import_id, rows_done=done)
                last = time.monotonic()

        rows, errors = check_rows(record.cooperative, table, limits, progress)
        if errors:
            result = {"status": MemberImportStatus.REFUSED, "errors": errors[:MAX_ERRORS], "rows_done": total}
        else:
            result = {"status": MemberImportStatus.PREVIEW, "rows": rows, "rows_done": total}
    except ApplicationError as refusal:
        result = {"status": MemberImportStatus.REFUSED, "message": refusal.message}
    except Exception:
        # Whatever went wrong, the manager sees an ending, never "being read" forever; the log has the rest.
        result = {"status": MemberImportStatus.REFUSED, "message": _("The file could not be read. Upload it again.")}
        _progress(import_id, **result)
        raise
    finally:
        if record.upload:
            record.upload.delete(save=False)
    _progress(import_id, upload="", **result)
    record.refresh_from_db()
    return record


def member_import_confirm_request(
    *, cooperative: Cooperative, actor: User | None, import_id: int, ip_address: str | None = None
) -> MemberImport:
    """The manager's "Import N members": a small import is registered now (member_import_confirm); a larger one is
    marked "importing" and handed to the task worker, which registers every row or none."""
    from simpul.members.imports.tasks import confirm_member_import

    with transaction.atomic():
        record = access_member_import(cooperative, import_id, lock=True)
        if record.status in (MemberImportStatus.READING, MemberImportStatus.IMPORTING):
            raise refuse_file(_("This file is still being processed. Wait until it is done."), IMPORT_NOT_PENDING)
        if record.status == MemberImportStatus.PREVIEW and len(record.rows) > settings.MEMBER_IMPORT_SYNC_MAX_ROWS:
            record.status = MemberImportStatus.IMPORTING
            record.save(update_fields=["status"])
            actor_id = actor.pk if actor and actor.pk else None
            transaction.on_commit(lambda: confirm_member_import.enqueue(record.pk, actor_id, ip_address))
            return record
    return member_import_confirm(cooperative=cooperative, actor=actor, import_id=import_id, ip_address=ip_address)


def member_import_register(*, import_id: int, actor_id: int | None, ip_address: str | None) -> MemberImport:
    """The task's work for a large confirmation: every row registered in one transaction, or none (the row is then
    "refused" with the rows' errors)."""
    record = MemberImport.objects.select_related("cooperative").get(pk=import_id)
    if record.status != MemberImportStatus.IMPORTING:
        return record
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return member_import_confirm(
            cooperative=record.cooperative, actor=actor, import_id=import_id, ip_address=ip_address
        )
    except ImportRefused:
        record.refresh_from_db()
        return record
    except ApplicationError as refusal:
        MemberImport.objects.filter(pk=import_id, status=MemberImportStatus.IMPORTING).update(
            status=MemberImportStatus.REFUSED, message=refusal.message
        )
        record.refresh_from_db()
        return record
