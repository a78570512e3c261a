"""The RAT pages of a cooperative (/k/<slug>/rat/…): its years with their state, one year's meeting (record or
correct it while a draft or returned), the submission to the Dinas, the minutes and the frozen pack.

Managers read and write; supervisors read (403 on any write); cashiers and members get 403. A year that has not
ended yet, or one with nothing recorded for a file, is 404."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.rat import access, deadlines, selectors
from simpul.rat.forms import RatForm
from simpul.rat.models import RatReport
from simpul.rat.services import members_entitled_on, rat_record, rat_submit
from simpul.rat.views.common import pdf_file, report_context

YEARS_SHOWN = 5


def _ended_year(cooperative: Cooperative, year: int) -> int:
    last = deadlines.last_ended_fiscal_year(cooperative.today(), cooperative.fiscal_year_start_month)
    if not 1900 <= year <= last:
        raise NotFoundError.plain()
    return year


@login_required
@require_GET
def rat_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    today = cooperative.today()
    last = deadlines.last_ended_fiscal_year(today, cooperative.fiscal_year_start_month)
    reports = {r.fiscal_year: r for r in selectors.cooperative_reports(cooperative)}
    years = sorted({*range(last - YEARS_SHOWN + 1, last + 1), *reports}, reverse=True)
    rows = [(year, selectors.state_of(cooperative, year, reports.get(year), today)) for year in years]
    context = {"cooperative": cooperative, "can_edit": can_edit, "rows": rows, "last_year": last}
    return render(request, "rat/cooperative_rats.html", context)


def _form_context(
    cooperative: Cooperative, year: int, report: RatReport | None, form: RatForm, can_edit: bool
) -> dict[str, Any]:
    _start, year_end = deadlines.fiscal_year_bounds(year, cooperative.fiscal_year_start_month)
    base = (
        report_context(report)
        if report is not None
        else {"report": None, "state": selectors.state_of(cooperative, year, None, cooperative.today())}
    )
    return {
        **base,
        "cooperative": cooperative,
        "year": year,
        "year_end": year_end,
        "form": form,
        "can_edit": can_edit and (report is None or report.editable),
        "members_now": members_entitled_on(cooperative, cooperative.today()),
    }


def _initial(report: RatReport | None) -> dict[str, Any]:
    if report is None:
        return {}
    fields = (
        "meeting_date",
        "place",
        "members_present",
        "quorum_percent",
        "shu_capital_percent",
        "shu_business_percent",
    )
    return {name: getattr(report, name) for name in fields}


@login_required
@require_http_methods(["GET", "POST"])
def rat_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    if request.method == "POST":
        cooperative, can_edit = manager_access(request, slug), True
    else:
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    year = _ended_year(cooperative, year)
    report = access.report_of_cooperative(cooperative, year)
    template = "rat/cooperative_rat.html"
    if request.method != "POST":
        form = RatForm(initial=_initial(report))
        return render(request, template, _form_context(cooperative, year, report, form, can_edit))
    form = RatForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rat_record(
                cooperative=cooperative,
                actor=actor(request),
                fiscal_year=year,
                data=form.service_data(),
                minutes=form.cleaned_data.get("minutes"),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if not is_refusal(error):
                raise
            field = str(error.extra.get("field") or "")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            url = reverse("rat:cooperative_rat", args=[slug, year])
            return done(request, url, _("The RAT of fiscal year %(year)s is saved.") % {"year": year})
    context = _form_context(cooperative, year, report, form, can_edit)
    return render(request, template, context, status=400)


@login_required
@require_POST
def rat_submit_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    year = _ended_year(cooperative, year)
    report = access.report_of_cooperative(cooperative, year)
    if report is None:
        raise NotFoundError.plain()
    try:
        rat_submit(cooperative=cooperative, actor=actor(request), report=report, ip_address=client_ip(request))
    except ApplicationError as error:
        if not is_refusal(error):
            raise
        context = _form_context(cooperative, year, report, RatForm(initial=_initial(report)), True)
        context["submit_error"] = error.message
        return render(request, "rat/cooperative_rat.html", context, status=400)
    url = reverse("rat:cooperative_rat", args=[slug, year])
    return done(request, url, _("The RAT report of fiscal year %(year)s is sent to the Dinas.") % {"year": year})


@login_required
@require_GET
def rat_minutes(request: HttpRequest, slug: str, year: int) -> FileResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    report = access.report_of_cooperative(cooperative, year)
    if report is None:
        raise NotFoundError.plain()
    return pdf_file(report.minutes, f"notulen-rat-{year}.pdf")


@login_required
@require_GET
def rat_pack(request: HttpRequest, slug: str, year: int) -> FileResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    report = access.report_of_cooperative(cooperative, year)
    if report is None:
        raise NotFoundError.plain()
    return pdf_file(report.pack, f"laporan-rat-{year}.pdf")


urlpatterns = [
    path("k/<slug:slug>/rat/", rat_list, name="cooperative_rats"),
    path("k/<slug:slug>/rat/<int:year>/", rat_year, name="cooperative_rat"),
    path("k/<slug:slug>/rat/<int:year>/kirim/", rat_submit_view, name="cooperative_rat_submit"),
    path("k/<slug:slug>/rat/<int:year>/notulen/", rat_minutes, name="cooperative_rat_minutes"),
    path("k/<slug:slug>/rat/<int:year>/paket/", rat_pack, name="cooperative_rat_pack"),
]
