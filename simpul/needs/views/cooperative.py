"""The needs pages of a cooperative (/k/<slug>/kebutuhan/…): its needs, posting one (a draft or straight to its
Dinas), one need with its timeline and pledges (accept, decline, confirm what arrived), and the needs of its fellow
network cooperatives that it can pledge stock to (/k/<slug>/kebutuhan-jaringan/…).

Managers read and write; supervisors read (403 on any write); cashiers and members get 403. A need of another
cooperative is 404 like one that does not exist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.htmx import render_form
from simpul.needs import access, lifecycle, selectors
from simpul.needs.forms import CommentForm, NeedForm, PledgeForm, PledgeStepForm, TransitionForm
from simpul.needs.models import GOODS_CATEGORIES, Need, NeedCategory, NeedStatus
from simpul.needs.services.needs import need_comment, need_create, need_transition, need_update
from simpul.needs.services.pledges import PLEDGEABLE, pledge_transition
from simpul.needs.views.common import detail_context, list_page, pledge_of, refuse_on
from simpul.needs.views.giving import pledge_offered, pledge_stepped, quantity_left

GROUP_TABS = (
    ("terbuka", gettext_lazy("open")),
    ("draf", gettext_lazy("drafts")),
    ("selesai", gettext_lazy("ended")),
    ("", gettext_lazy("all")),
)


@login_required
@require_GET
def needs_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    group = request.GET.get("keadaan", "terbuka")
    group = group if group in selectors.STATUS_GROUPS or group == "" else "terbuka"
    mine = access.Need.objects.filter(cooperative=cooperative)
    page = list_page(request, selectors.filtered(mine, selectors.NeedFilters(group=group)))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "page": page,
        "group": group,
        "tabs": [(key, str(label)) for key, label in GROUP_TABS],
        "levels": selectors.service_levels(mine),
    }
    return render(request, "needs/cooperative_needs.html", context)


def _initial(request: HttpRequest, cooperative: Cooperative) -> dict[str, Any]:
    """A new need's fields, prefilled from a link (the mart's low staples: ?kategori=stock&barang=…&jumlah=…)."""
    initial: dict[str, Any] = {"category": NeedCategory.STOCK, "priority": "normal"}
    category = request.GET.get("kategori", "")
    if category in NeedCategory.values:
        initial["category"] = category
    for key, name in (("barang", "item"), ("jumlah", "quantity"), ("satuan", "unit")):
        if request.GET.get(key):
            initial[name] = request.GET[key][:200]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    template = "needs/need_form.html"
    if request.method != "POST":
        form = NeedForm(initial=_initial(request, cooperative))
        return render_form(request, template, {"cooperative": cooperative, "form": form})
    form = NeedForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            need = need_create(
                cooperative=cooperative,
                actor=actor(request),
                data=form.service_data(),
                photo=form.cleaned_data.get("photo"),
                submit="submit" in request.POST,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            message = (
                _("%(need)s is sent to the Dinas and your network.")
                if need.status == NeedStatus.SUBMITTED
                else _("%(need)s is saved as a draft.")
            ) % {"need": need.label}
            return done(request, reverse("needs:cooperative_need", args=[slug, need.pk]), message)
    return render_form(request, template, {"cooperative": cooperative, "form": form}, partial="form", status=400)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    need = access.need_of_cooperative(cooperative, need_id)
    template = "needs/need_form.html"
    context: dict[str, Any] = {"cooperative": cooperative, "need": need}
    if request.method != "POST":
        fields = ("category", "item", "unit", "needed_by", "priority", "description")
        initial = {name: getattr(need, name) for name in fields}
        initial["quantity"] = f"{need.quantity.normalize():f}" if need.quantity is not None else ""
        return render_form(request, template, context | {"form": NeedForm(initial=initial)})
    form = NeedForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            need_update(
                cooperative=cooperative,
                actor=actor(request),
                need_id=need.pk,
                data=form.service_data(),
                photo=form.cleaned_data.get("photo"),
                ip_address=client_ip(request),
            )
            if "submit" in request.POST:
                need_transition(
                    need_id=need.pk,
                    actor=actor(request),
                    side=lifecycle.COOPERATIVE,
                    to=NeedStatus.SUBMITTED,
                    cooperative=cooperative,
                    ip_address=client_ip(request),
                )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return done(
                request,
                reverse("needs:cooperative_need", args=[slug, need.pk]),
                _("%(need)s is saved.") % {"need": need.label},
            )
    return render_form(request, template, context | {"form": form}, partial="form", status=400)


def _need_page(
    request: HttpRequest, cooperative: Cooperative, need: Need, can_edit: bool, status: int = 200, **forms: Any
) -> HttpResponse:
    actions = lifecycle.allowed_targets(need.status, lifecycle.COOPERATIVE) if can_edit else []
    context = detail_context(
        need,
        cooperative=cooperative,
        side="cooperative",
        can_edit=can_edit,
        actions=[(to, lifecycle.ACTION_LABELS.get(to, to), to in lifecycle.NOTE_REQUIRED) for to in actions],
        transition_form=forms.get("transition_form") or TransitionForm(),
        comment_form=forms.get("comment_form") or CommentForm(),
        step_form=forms.get("step_form"),
        step_pledge=forms.get("step_pledge"),
        status_url=reverse("needs:cooperative_need_status", args=[cooperative.slug, need.pk]),
        comment_url=reverse("needs:cooperative_need_comment", args=[cooperative.slug, need.pk]),
    )
    return render(request, "needs/need_detail.html", context, status=status)


@login_required
@require_GET
def need_detail(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    return _need_page(request, cooperative, need, can_edit)


@login_required
@require_POST
def need_status(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    need = access.need_of_cooperative(cooperative, need_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            need = need_transition(
                need_id=need.pk,
                actor=actor(request),
                side=lifecycle.COOPERATIVE,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                cooperative=cooperative,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return done(
                request,
                reverse("needs:cooperative_need", args=[slug, need.pk]),
                _("%(need)s is now %(status)s.") % {"need": need.label, "status": need.get_status_display()},
            )
    return _need_page(request, cooperative, need, True, status=400, transition_form=form)


@login_required
@require_POST
def need_comment_post(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    need = access.need_of_cooperative(cooperative, need_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            need_comment(
                need_id=need.pk,
                actor=actor(request),
                actor_side=cooperative.name,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return done(request, reverse("needs:cooperative_need", args=[slug, need.pk]), _("Your message is added."))
    return _need_page(request, cooperative, need, True, status=400, comment_form=form)


@login_required
@require_POST
def pledge_step(request: HttpRequest, slug: str, need_id: int, pledge_id: int) -> HttpResponse:
    """Accept, decline or confirm receipt of a pledge made to this cooperative's need."""
    cooperative = manager_access(request, slug)
    need = access.need_of_cooperative(cooperative, need_id)
    found = pledge_of(need, pledge_id)
    form = PledgeStepForm(request.POST)
    if form.is_valid():
        try:
            done_pledge = pledge_transition(
                pledge_id=found.pk,
                actor=actor(request),
                to=form.cleaned_data["to"],
                asker=cooperative,
                received_quantity=form.cleaned_data["received_quantity"].replace(",", ".") or None,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return done(
                request,
                reverse("needs:cooperative_need", args=[slug, need.pk]),
                _("The pledge of %(giver)s is now %(status)s.")
                % {"giver": done_pledge.giver_name, "status": done_pledge.get_status_display()},
            )
    need.refresh_from_db()
    return _need_page(request, cooperative, need, True, status=400, step_form=form, step_pledge=found.pk)


# --- the needs of fellow network cooperatives ----------------------------------------------------------------------


@login_required
@require_GET
def peer_needs(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    needs = access.needs_of_peers(cooperative).filter(status__in=PLEDGEABLE)
    own = selectors.pledges_of(cooperative_id=cooperative.pk)[:50]
    context = {"cooperative": cooperative, "can_edit": can_edit, "page": list_page(request, needs), "pledges": own}
    return render(request, "needs/peer_needs.html", context)


def _peer_page(
    request: HttpRequest,
    cooperative: Cooperative,
    need: Need,
    can_edit: bool,
    form: PledgeForm | None,
    status: int = 200,
) -> HttpResponse:
    takes = can_edit and need.status in PLEDGEABLE and need.category in GOODS_CATEGORIES
    context = detail_context(
        need,
        cooperative=cooperative,
        side="peer",
        can_edit=can_edit,
        pledge_form=(form or PledgeForm(initial={"quantity": quantity_left(need)})) if takes else None,
        pledge_url=reverse("needs:peer_need", args=[cooperative.slug, need.pk]),
        giver_id=cooperative.pk,
        giver_step_url_name="needs:peer_pledge_step",
        giver_slug=cooperative.slug,
    )
    return render(request, "needs/need_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def peer_need(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    if request.method != "POST":
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
        return _peer_page(request, cooperative, access.need_of_peer(cooperative, need_id), can_edit, None)
    cooperative = manager_access(request, slug)
    need = access.need_of_peer(cooperative, need_id)
    return pledge_offered(
        request,
        need,
        giver={"from_cooperative": cooperative},
        sent_to=reverse("needs:peer_need", args=[slug, need.pk]),
        page_again=lambda form: _peer_page(request, cooperative, need, True, form, status=400),
    )


@login_required
@require_POST
def peer_pledge_step(request: HttpRequest, slug: str, pledge_id: int) -> HttpResponse:
    """Send or withdraw this cooperative's own pledge to a fellow cooperative's need."""
    cooperative = manager_access(request, slug)
    return pledge_stepped(
        request,
        pledge_id,
        giver={"giver_cooperative": cooperative},
        next_url=lambda pledge: reverse("needs:peer_need", args=[slug, pledge.need_id]),
        refused_context={"cooperative": cooperative, "back_url": reverse("needs:peer_needs", args=[slug])},
    )


urlpatterns = [
    path("k/<slug:slug>/kebutuhan/", needs_list, name="cooperative_needs"),
    path("k/<slug:slug>/kebutuhan/baru/", need_new, name="cooperative_need_new"),
    path("k/<slug:slug>/kebutuhan/<int:need_id>/", need_detail, name="cooperative_need"),
    path("k/<slug:slug>/kebutuhan/<int:need_id>/ubah/", need_edit, name="cooperative_need_edit"),
    path("k/<slug:slug>/kebutuhan/<int:need_id>/status/", need_status, name="cooperative_need_status"),
    path("k/<slug:slug>/kebutuhan/<int:need_id>/pesan/", need_comment_post, name="cooperative_need_comment"),
    path(
        "k/<slug:slug>/kebutuhan/<int:need_id>/tawaran/<int:pledge_id>/",
        pledge_step,
        name="cooperative_pledge_step",
    ),
    path("k/<slug:slug>/kebutuhan-jaringan/", peer_needs, name="peer_needs"),
    path("k/<slug:slug>/kebutuhan-jaringan/<int:need_id>/", peer_need, name="peer_need"),
    path("k/<slug:slug>/kebutuhan-jaringan/tawaran/<int:pledge_id>/", peer_pledge_step, name="peer_pledge_step"),
]
