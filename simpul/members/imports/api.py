"""The member import under /api/v1/cooperatives/{slug}/member-imports: the same services and rules as the pages.

Managers upload a file; a small one is read at once (201 with the import ready to confirm, or 400 with every
row's error), a large one is read by the task worker (202 with the import's URL in `url` and `Location`; poll it
until `status` is "preview" or "refused"). The confirmation is the same: 200 when registered at once, 202 while
the worker registers a large file. Supervisors read; anyone else 403/404 as everywhere.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Path, Router, Schema, UploadedFile
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.members.imports import (
    access_member_import,
    current_limits,
    member_import_confirm_request,
    member_import_upload,
)
from simpul.members.models import MemberImport, MemberImportStatus

router = Router(tags=["member imports"])

IMPORTS = "/cooperatives/{slug}/member-imports"
WORKING = (MemberImportStatus.READING, MemberImportStatus.IMPORTING)


class MemberImportError(Schema):
    row: int
    field: str
    column: str
    message: str


class MemberImportOut(Schema):
    id: int
    url: str
    filename: str
    status: MemberImportStatus
    rows_total: int
    rows_done: int
    imported_count: int
    errors: list[MemberImportError]
    message: str


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _url(cooperative: Cooperative, record: MemberImport) -> str:
    return f"/api/v1/cooperatives/{cooperative.slug}/member-imports/{record.pk}"


def _out(cooperative: Cooperative, record: MemberImport) -> dict[str, Any]:
    return {
        "id": record.pk,
        "url": _url(cooperative, record),
        "filename": record.filename,
        "status": record.status,
        "rows_total": record.rows_total,
        "rows_done": record.rows_done,
        "imported_count": record.imported_count,
        "errors": record.errors,
        "message": record.message,
    }


def _answer(response: HttpResponse, cooperative: Cooperative, record: MemberImport, status: int) -> Status[Any]:
    if status == 202:
        response["Location"] = _url(cooperative, record)
    return Status(status, _out(cooperative, record))


@router.post(
    IMPORTS,
    response={201: MemberImportOut, 202: MemberImportOut},
    summary="Upload a member file (.xlsx or CSV)",
    description="For the cooperative's manager. multipart/form-data with a `file`: the import template's columns, at "
    "most 5 MB and 5,000 member rows. 201: read and every row valid, confirm it to register the members. 202: a large "
    "file, read by the task worker; poll `url` until `status` is `preview` or `refused`. 400 with every row's error "
    "(`detail.errors`) when a small file has bad rows; nothing is stored.",
)
def upload_member_import(
    request: HttpRequest, response: HttpResponse, slug: str, file: File[UploadedFile]
) -> Status[Any]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    content = file.read(current_limits().max_bytes + 1)
    record = member_import_upload(cooperative=cooperative, actor=user, filename=file.name or "", content=content)
    return _answer(response, cooperative, record, 202 if record.status in WORKING else 201)


@router.get(
    f"{IMPORTS}/{{import_id}}",
    response=MemberImportOut,
    summary="A member import and its progress",
    description="For managers and supervisors. While `status` is `reading` or `importing` the task worker is at work: "
    "`rows_done` of `rows_total` rows checked. `refused`: `errors` (by row) or `message` (the whole file) say why.",
)
def get_member_import(request: HttpRequest, slug: str, import_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _out(cooperative, access_member_import(cooperative, import_id))


@router.post(
    f"{IMPORTS}/{{import_id}}/confirm",
    response={200: MemberImportOut, 202: MemberImportOut},
    summary="Register every member of a checked file",
    description="For the cooperative's manager. All rows or none: a row refused now (a NIK registered meanwhile) "
    "refuses the file with every row's error. 200: registered. 202: a large file, registered by the task worker; "
    "poll `url` until `status` is `imported` or `refused`.",
)
def confirm_member_import(
    request: HttpRequest, response: HttpResponse, slug: str, import_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[Any]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    access_member_import(cooperative, import_id)  # 404 first for a foreign or missing import
    record = member_import_confirm_request(
        cooperative=cooperative, actor=user, import_id=import_id, ip_address=client_ip(request)
    )
    return _answer(response, cooperative, record, 202 if record.status in WORKING else 200)
