"""Network pages: the coordinator's home (members, invitations, partnership records), the cooperative's
answers to an invitation, and the one access-checked door to a partnership document."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import access_network
from simpul.coops.documents import partnership_document_response
from simpul.coops.forms import PartnershipForm
from simpul.coops.models import Cooperative, MembershipStatus, Network, NetworkMembership
from simpul.coops.selectors.networks import (
    QUIET_DAYS,
    cooperative_membership_get,
    cooperatives_to_invite,
    network_figures,
    network_membership_get,
    network_memberships,
    network_partnerships,
    network_status_counts,
    partnership_for_document,
)
from simpul.coops.services.networks import membership_transition, network_invite, partnership_record
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form

MEMBERS_PER_PAGE = 20
PARTNERSHIPS_PER_PAGE = 25
LATEST_PARTNERSHIPS = 5
PARTNERSHIP_TEMPLATE = "coops/networks/partnership_form.html"


def _home_context(request: HttpRequest, network: Network) -> dict[str, Any]:
    status = request.GET.get("status") or None
    if status not in MembershipStatus.values:
        status = None
    members = Paginator(network_memberships(network, status=status), MEMBERS_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    partnerships = network_partnerships(network)
    figures = network_figures(network)
    by_cooperative = figures.by_cooperative()
    return {
        "network": network,
        "members": members,
        # Each membership of the page with its cooperative's figures (None unless it is an active member).
        "member_rows": [(m, by_cooperative.get(m.cooperative_id)) for m in members.object_list],
        "figures": figures,
        "quiet_days": QUIET_DAYS,
        "counts": network_status_counts(network),
        "status_filter": status or "",
        "statuses": MembershipStatus.choices,
        "latest_partnerships": list(partnerships[:LATEST_PARTNERSHIPS]),
        "partnership_total": partnerships.count(),
    }


@login_required
@require_GET
def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    return render(request, "coops/networks/home.html", _home_context(request, network))


@login_required
@require_GET
def partnership_list(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    page = Paginator(network_partnerships(network), PARTNERSHIPS_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "coops/networks/partnerships.html", {"network": network, "page": page})


@login_required
@require_GET
def invite_search(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "coops/networks/invite_results.html",
        {"network": network, "query": query, "results": cooperatives_to_invite(network, query)},
    )


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    cooperative = Cooperative.objects.filter(slug=request.POST.get("cooperative", "")).first()
    try:
        if cooperative is None:
            raise ApplicationError(_("That cooperative was not found. Search for it by name."), code="not_found")
        network_invite(network=network, actor=actor(request), cooperative=cooperative, ip_address=client_ip(request))
    except ApplicationError as error:
        context = {"network": network, "cooperative": cooperative, "error": error.message}
        if getattr(request, "htmx", False):
            return render(request, "coops/networks/invite_row.html", context, status=400)
        return render(request, "coops/networks/home.html", {**_home_context(request, network), **context}, status=400)
    message = _("%(cooperative)s has been invited.") % {"cooperative": cooperative.name}
    if getattr(request, "htmx", False):
        return render(request, "coops/networks/invite_row.html", {"cooperative": cooperative, "invited": message})
    return done(request, reverse("coops:network_home", args=[network.slug]), message)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_new(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    membership = network_membership_get(network, membership_id)
    if request.method != "POST":
        parties = f"{network.coordinator_cooperative or network.coordinator_office}; {membership.cooperative.name}"
        form = PartnershipForm(initial={"parties": parties})
        return render(request, PARTNERSHIP_TEMPLATE, {"network": network, "membership": membership, "form": form})
    form = PartnershipForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            partnership_record(
                membership=membership,
                actor=actor(request),
                signed_on=data["signed_on"],
                valid_until=data["valid_until"],
                parties=data["parties"],
                scope=data["scope"],
                number=data["number"],
                document=data["document"] or None,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(
                request,
                reverse("coops:network_home", args=[network.slug]) + "#kerja-sama",
                _("The partnership agreement with %(cooperative)s was recorded.")
                % {"cooperative": membership.cooperative.name},
            )
    context = {"network": network, "membership": membership, "form": form}
    return render_form(request, PARTNERSHIP_TEMPLATE, context, partial="form", status=400)


@login_required
@require_GET
@never_cache
def partnership_document(request: HttpRequest, partnership_id: int) -> FileResponse:
    """The only way to a partnership document: its network's coordinator or the member's manager/supervisor."""
    return partnership_document_response(partnership_for_document(actor(request), partnership_id))


# The cooperative's side: a manager answers an invitation or leaves a network.

COOPERATIVE_ACTIONS = {
    "accept": (MembershipStatus.ACTIVE, gettext_lazy("You joined %(network)s.")),
    "decline": (MembershipStatus.DECLINED, gettext_lazy("You declined the invitation to %(network)s.")),
    "leave": (MembershipStatus.LEFT, gettext_lazy("You left %(network)s.")),
}


@login_required
@require_POST
def membership_action(request: HttpRequest, slug: str, membership_id: int, action: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    membership: NetworkMembership = cooperative_membership_get(cooperative, membership_id)
    to_status, message = COOPERATIVE_ACTIONS[action]
    try:
        membership_transition(
            membership=membership,
            actor=actor(request),
            to_status=to_status,
            note=request.POST.get("note", "").strip(),
            ip_address=client_ip(request),
        )
    except ApplicationError as error:
        if not is_refusal(error):
            raise
        context = {"cooperative": cooperative, "action_error": error.message}
        return render(request, "coops/workspace/membership_refused.html", context, status=400)
    return done(
        request,
        reverse("coops:dashboard", args=[cooperative.slug]) + "#jaringan",
        str(message) % {"network": membership.network.name},
    )


def _action(action: str) -> Any:
    def view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
        return membership_action(request, slug, membership_id, action)

    view.__name__ = f"membership_{action}"
    return view


urlpatterns = [
    path("jaringan/<slug:slug>/", network_home, name="network_home"),
    path("jaringan/<slug:slug>/cari-koperasi/", invite_search, name="network_invite_search"),
    path("jaringan/<slug:slug>/undang/", invite, name="network_invite"),
    path("jaringan/<slug:slug>/kerja-sama/", partnership_list, name="network_partnerships"),
    path(
        "jaringan/<slug:slug>/anggota/<int:membership_id>/kerja-sama/baru/",
        partnership_new,
        name="partnership_create",
    ),
    path("kerja-sama/<int:partnership_id>/dokumen/", partnership_document, name="partnership_document"),
    path("k/<slug:slug>/jaringan/<int:membership_id>/terima/", _action("accept"), name="membership_accept"),
    path("k/<slug:slug>/jaringan/<int:membership_id>/tolak/", _action("decline"), name="membership_decline"),
    path("k/<slug:slug>/jaringan/<int:membership_id>/keluar/", _action("leave"), name="membership_leave"),
]
