"""The savings reconciliation page (/k/<slug>/anggota/simpanan/rekonsiliasi/): managers and supervisors."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES
from simpul.coops.views.workspace import workspace_access
from simpul.members.reconciliation.selectors import savings_reconciliation


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
@require_GET
def savings_reconciliation_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    as_of = _date(request.GET.get("tanggal"), cooperative.today())
    report = savings_reconciliation(cooperative, as_of)
    context = {"cooperative": cooperative, "report": report, "as_of": as_of, "can_edit": can_edit}
    return render(request, "members/savings_reconciliation.html", context)


urlpatterns = [
    path("k/<slug:slug>/anggota/simpanan/rekonsiliasi/", savings_reconciliation_page, name="savings_reconciliation"),
]
