"""Importing members from a file: /k/<slug>/anggota/impor/. Managers only: upload, preview, confirm.

The upload is checked row by row; a file with any bad row answers 400 with every row's error and stores nothing.
A good file is kept as a MemberImport and shown as it will be registered; "Impor N anggota" registers them all.
"""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.forms import Form
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.exports import download_name, xlsx_response
from simpul.core.forms import add_application_error
from simpul.members.imports import (
    COLUMNS,
    ImportRefused,
    access_member_import,
    current_limits,
    import_template_sheets,
    member_import_confirm_request,
    member_import_upload,
)
from simpul.members.imports.limits import number
from simpul.members.models import MemberImport, MemberImportStatus

UPLOAD_TEMPLATE = "members/import.html"
PREVIEW_TEMPLATE = "members/import_preview.html"
PROGRESS_TEMPLATE = "members/import_progress.html"
# Rows shown on the preview page; the file may hold up to MAX_ROWS, all of which are imported.
PREVIEW_ROWS = 500


class MemberImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or CSV file, at most 5 MB"),  # MEMBER_IMPORT_MAX_BYTES
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "data-testid": "import-file",
            }
        ),
        error_messages={
            "required": gettext_lazy("Choose the file to import."),
            "empty": gettext_lazy("The file is empty."),
        },
    )


def _upload_context(cooperative: Cooperative, form: MemberImportForm) -> dict[str, Any]:
    return {
        "cooperative": cooperative,
        "form": form,
        "columns": COLUMNS,
        "max_rows": number(current_limits().max_rows),
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    if request.method != "POST":
        return render(request, UPLOAD_TEMPLATE, _upload_context(cooperative, MemberImportForm()))
    form = MemberImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            limits = current_limits()
            # Read one byte past the limit at most: the service refuses the file with its size.
            content = upload.read(limits.max_bytes + 1)
            record = member_import_upload(
                cooperative=cooperative, actor=actor(request), filename=upload.name or "", content=content
            )
        except ImportRefused as refusal:
            context = {
                "cooperative": cooperative,
                "filename": upload.name,
                "refusal": refusal,
                "errors": refusal.errors,
                "row_count": refusal.row_count,
                "form": MemberImportForm(),
            }
            return render(request, PREVIEW_TEMPLATE, context, status=400)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("members:import_preview", cooperative.slug, record.pk)
    return render(request, UPLOAD_TEMPLATE, _upload_context(cooperative, form), status=400)


def _shown_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored rows with their dates as dates, for the `tanggal` filter."""
    return [
        {
            **row,
            "birth_date": datetime.date.fromisoformat(row["values"]["birth_date"]),
            "join_date": datetime.date.fromisoformat(row["values"]["join_date"]),
        }
        for row in rows
    ]


def _preview_context(cooperative: Cooperative, record: MemberImport, message: str = "") -> dict[str, Any]:
    working = record.status in (MemberImportStatus.READING, MemberImportStatus.IMPORTING)
    return {
        "cooperative": cooperative,
        "record": record,
        "filename": record.filename,
        "rows": _shown_rows(record.rows[:PREVIEW_ROWS]) if not working else [],
        "hidden_rows": max(0, len(record.rows) - PREVIEW_ROWS),
        "row_count": len(record.rows) or record.rows_total,
        "errors": record.errors,
        "message": message or record.message,
        "working": working,
        "percent": (100 * record.rows_done // record.rows_total) if record.rows_total else 0,
        "can_confirm": record.status == MemberImportStatus.PREVIEW and bool(record.rows),
        # Offered while the worker is at it too: were it to die, the manager uploads the file again (a NIK is never
        # registered twice, so a slow first import and the second cannot both register a member).
        "form": MemberImportForm() if record.status != MemberImportStatus.IMPORTED else None,
    }


@login_required
@require_GET
def member_import_preview_page(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """The preview; while the task worker reads or imports the file, its progress, which the page polls (HTMX)
    until the work is done and the whole page is loaded again."""
    cooperative = manager_access(request, slug)
    record = access_member_import(cooperative, import_id)
    context = _preview_context(cooperative, record)
    if getattr(request, "htmx", False):
        if context["working"]:
            return render(request, PROGRESS_TEMPLATE, context)
        response = HttpResponse()  # done: htmx loads the whole page again
        response["HX-Refresh"] = "true"
        return response
    return render(request, PREVIEW_TEMPLATE, context)


@login_required
@require_POST
def member_import_confirm_view(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    access_member_import(cooperative, import_id)  # 404 before anything else for a foreign or missing import
    try:
        record = member_import_confirm_request(
            cooperative=cooperative, actor=actor(request), import_id=import_id, ip_address=client_ip(request)
        )
    except ApplicationError as error:
        if isinstance(error, NotFoundError | PermissionDeniedError):
            raise  # the middleware answers with its page
        record = access_member_import(cooperative, import_id)
        return render(request, PREVIEW_TEMPLATE, _preview_context(cooperative, record, error.message), status=400)
    if record.status == MemberImportStatus.IMPORTING:  # a large file: the task worker registers it
        return redirect("members:import_preview", cooperative.slug, record.pk)
    message = _("%(count)s members were imported.") % {"count": record.imported_count}
    return done(request, reverse("members:list", args=[cooperative.slug]), message)


@login_required
@require_GET
def member_import_template(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    return xlsx_response(
        import_template_sheets(cooperative), download_name("templat-impor-anggota", cooperative.slug, extension="xlsx")
    )


urlpatterns = [
    path("k/<slug:slug>/anggota/impor/", member_import, name="import"),
    path("k/<slug:slug>/anggota/impor/templat/", member_import_template, name="import_template"),
    path("k/<slug:slug>/anggota/impor/<int:import_id>/", member_import_preview_page, name="import_preview"),
    path("k/<slug:slug>/anggota/impor/<int:import_id>/konfirmasi/", member_import_confirm_view, name="import_confirm"),
]
