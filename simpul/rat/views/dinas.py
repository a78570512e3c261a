"""The Dinas officer's RAT pages (/dinas/<region_code>/rat/…): expected versus received for a fiscal year in the
region, by child region (drill down) and the list of its cooperatives with their state; one report with its pack,
to accept (which locks the pack and the year's books) or return with comments; a reminder to one cooperative.

`access_office_by_region` lets the officer in only where the office's scope holds the URL's region; a report or a
cooperative outside it is 404 like one that does not exist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from simpul.coops.access import access_office_and_region
from simpul.coops.models import Cooperative, GovernmentOffice
from simpul.coops.selectors.dinas import region_trail
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.coops.views.workspace import actor, done, is_refusal
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.rat import access, deadlines, selectors
from simpul.rat.forms import DecisionForm
from simpul.rat.services import rat_decide, rat_remind
from simpul.rat.views.common import pdf_file, report_context
from simpul.regions.models import Region, within

STATUS_LABELS = {
    "": gettext_lazy("all"),
    "received": pgettext_lazy("rat", "received"),
    "accepted": pgettext_lazy("rat", "accepted"),
    "on_time": gettext_lazy("on time"),
    "late": pgettext_lazy("rat", "late"),
    "overdue": pgettext_lazy("rat", "overdue"),
    "returned": gettext_lazy("returned"),
    "missing": pgettext_lazy("rat", "not received"),
}


def _office(request: HttpRequest, region_code: str) -> tuple[GovernmentOffice, Region | None]:
    return access_office_and_region(actor(request), region_code)


def _year(request: HttpRequest, today: Any) -> int:
    last = deadlines.last_ended_fiscal_year(today, 1)
    try:
        year = int(request.GET.get("tahun") or request.POST.get("tahun") or last)
    except ValueError:
        return last
    return year if 2000 <= year <= last + 1 else last


@login_required
@require_GET
def region_rats(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office(request, region_code)
    today = timezone.localdate()
    year = _year(request, today)
    status = request.GET.get("keadaan", "")
    status = status if status in selectors.STATUS_FILTERS else ""
    compliance = selectors.region_compliance(region_code=region_code, fiscal_year=year, today=today, status=status)
    last = deadlines.last_ended_fiscal_year(today, 1)
    context = {
        "office": office,
        "region": region,
        "region_code": region_code,
        "region_name": region.name if region else _("Indonesia"),
        "trail": region_trail(scope_code=office.scope_code, region=region),
        "year": year,
        "years": list(range(last + 1, last - 5, -1)),
        "status": status,
        "statuses": [(key, str(label)) for key, label in STATUS_LABELS.items()],
        "compliance": compliance,
        "meeting_due": deadlines.meeting_due(deadlines.fiscal_year_bounds(year, 1)[1]),
    }
    return render(request, "rat/dinas_rats.html", context)


@login_required
@require_GET
def region_rat(request: HttpRequest, region_code: str, report_id: int) -> HttpResponse:
    office, region = _office(request, region_code)
    report = access.report_of_office(office, report_id, region_code=region_code)
    context = report_context(
        report,
        office=office,
        region=region,
        region_code=region_code,
        trail=region_trail(scope_code=office.scope_code, region=region),
        cooperative=report.cooperative,
        form=DecisionForm(),
    )
    return render(request, "rat/dinas_rat.html", context)


@login_required
@require_POST
def region_rat_decide(request: HttpRequest, region_code: str, report_id: int) -> HttpResponse:
    office, region = _office(request, region_code)
    report = access.report_of_office(office, report_id, region_code=region_code)
    form = DecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        try:
            rat_decide(
                office=office,
                actor=actor(request),
                report=report,
                accept=accept,
                comment=form.cleaned_data["comment"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if not is_refusal(error):
                raise
            form.add_error("comment" if error.extra.get("field") == "comment" else None, error.message)
        else:
            message = (
                _("The RAT report of %(name)s is accepted; its year is locked in the books.")
                if accept
                else _("The RAT report of %(name)s is returned to the cooperative.")
            ) % {"name": report.cooperative.name}
            return done(request, reverse("rat:dinas_rat", args=[region_code, report.pk]), message)
    report.refresh_from_db()
    context = report_context(
        report,
        office=office,
        region=region,
        region_code=region_code,
        trail=region_trail(scope_code=office.scope_code, region=region),
        cooperative=report.cooperative,
        form=form,
    )
    return render(request, "rat/dinas_rat.html", context, status=400)


@login_required
@require_POST
def region_rat_remind(request: HttpRequest, region_code: str) -> HttpResponse:
    office, _region = _office(request, region_code)
    year = _year(request, timezone.localdate())
    try:
        cooperative_id = int(request.POST.get("cooperative", ""))
    except ValueError:
        raise NotFoundError.plain() from None
    cooperative = Cooperative.objects.filter(pk=cooperative_id).select_related("village").first()
    if (
        cooperative is None
        or not office.covers(cooperative.village_id or "")
        or not (region_code == COUNTRY_CODE or within(cooperative.village_id or "", region_code))
    ):
        raise NotFoundError.plain()
    url = reverse("rat:dinas_rats", args=[region_code]) + f"?tahun={year}"
    try:
        rat_remind(cooperative=cooperative, fiscal_year=year, actor=actor(request), office=office)
    except ApplicationError as error:
        if not is_refusal(error):
            raise
        return render(
            request, "rat/refused.html", {"message": error.message, "back": url, "region_code": region_code}, status=400
        )
    return done(request, url, _("A reminder is sent to %(name)s.") % {"name": cooperative.name})


@login_required
@require_GET
def region_rat_minutes(request: HttpRequest, region_code: str, report_id: int) -> FileResponse:
    office, _region = _office(request, region_code)
    report = access.report_of_office(office, report_id, region_code=region_code)
    return pdf_file(report.minutes, f"notulen-rat-{report.fiscal_year}.pdf")


@login_required
@require_GET
def region_rat_pack(request: HttpRequest, region_code: str, report_id: int) -> FileResponse:
    office, _region = _office(request, region_code)
    report = access.report_of_office(office, report_id, region_code=region_code)
    return pdf_file(report.pack, f"laporan-rat-{report.fiscal_year}.pdf")


urlpatterns = [
    path("dinas/<str:region_code>/rat/", region_rats, name="dinas_rats"),
    path("dinas/<str:region_code>/rat/ingatkan/", region_rat_remind, name="dinas_rat_remind"),
    path("dinas/<str:region_code>/rat/laporan/<int:report_id>/", region_rat, name="dinas_rat"),
    path("dinas/<str:region_code>/rat/laporan/<int:report_id>/keputusan/", region_rat_decide, name="dinas_rat_decide"),
    path("dinas/<str:region_code>/rat/laporan/<int:report_id>/notulen/", region_rat_minutes, name="dinas_rat_minutes"),
    path("dinas/<str:region_code>/rat/laporan/<int:report_id>/paket/", region_rat_pack, name="dinas_rat_pack"),
]
