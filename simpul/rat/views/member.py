"""The members' RAT page (/anggota/k/<slug>/rat/): the accepted RAT reports of their cooperative — the meeting,
its attendance and the statements it approved — and the accepted pack as PDF."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from simpul.coops.views.workspace import actor
from simpul.members.portal.selectors import portal_member
from simpul.rat import access, selectors
from simpul.rat.views.common import pdf_file


@login_required
@require_GET
def member_rats(request: HttpRequest, slug: str) -> HttpResponse:
    member = portal_member(actor(request), slug)
    cooperative = member.cooperative
    reports = list(selectors.accepted_reports(cooperative))
    context = {
        "cooperative": cooperative,
        "member": member,
        "reports": reports,
        "latest": reports[0] if reports else None,
    }
    return render(request, "rat/member_rats.html", context)


@login_required
@require_GET
def member_rat_pack(request: HttpRequest, slug: str, year: int) -> FileResponse:
    member = portal_member(actor(request), slug)
    report = access.accepted_report(member.cooperative, year)
    return pdf_file(report.pack, f"laporan-rat-{year}.pdf")


urlpatterns = [
    path("anggota/k/<slug:slug>/rat/", member_rats, name="member_rats"),
    path("anggota/k/<slug:slug>/rat/<int:year>/paket/", member_rat_pack, name="member_rat_pack"),
]
