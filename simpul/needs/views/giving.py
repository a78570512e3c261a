"""What a pledger does on a need, the same whoever gives (a supplier, or a fellow network cooperative with stock):
offer a pledge from the form, and send or withdraw its own pledge. `giver` names the pledger the way the services
take it (pledge_offer: supplier= or from_cooperative=; pledge_transition: supplier= or giver_cooperative=)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.needs.forms import PledgeForm, PledgeStepForm
from simpul.needs.models import Need, Pledge
from simpul.needs.services.pledges import pledge_offer, pledge_transition, still_needed
from simpul.needs.views.common import refuse_on


def quantity_left(need: Need) -> str:
    """What the need still lacks, as the pledge form's first quantity ("" when nothing is left)."""
    left = still_needed(need)
    return f"{left.normalize():f}" if left else ""


def pledge_offered(
    request: HttpRequest,
    need: Need,
    *,
    giver: dict[str, Any],
    sent_to: str,
    page_again: Callable[[PledgeForm], HttpResponse],
) -> HttpResponse:
    """Offer the posted pledge: on to `sent_to` with a message, or the need's page again (400) saying what is wrong."""
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            pledge_offer(
                need_id=need.pk, actor=actor(request), data=form.service_data(), ip_address=client_ip(request), **giver
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return done(
                request, sent_to, _("Your pledge is sent to %(cooperative)s.") % {"cooperative": need.cooperative.name}
            )
    return page_again(form)


def pledge_stepped(
    request: HttpRequest,
    pledge_id: int,
    *,
    giver: dict[str, Any],
    next_url: Callable[[Pledge], str],
    refused_context: dict[str, Any],
) -> HttpResponse:
    """Send or withdraw the giver's own pledge: on to `next_url(pledge)` with a message, or a page naming the refusal
    (400) with `refused_context` (its workspace and `back_url`)."""
    form = PledgeStepForm(request.POST)
    if form.is_valid():
        try:
            found = pledge_transition(
                pledge_id=pledge_id,
                actor=actor(request),
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
                **giver,
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            message = _("Your pledge is now %(status)s.") % {"status": found.get_status_display()}
            return done(request, next_url(found), message)
    return render(request, "needs/pledge_refused.html", {**refused_context, "form": form}, status=400)
