"""What every side's need page shares: the timeline, the pledges, the service level of one need, the refusal
handling of a posted form, and the photo (served to anyone who may see the need)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.forms import Form
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from simpul.coops.access import user_roles
from simpul.coops.models import RoleKind
from simpul.coops.selectors.paging import page_number
from simpul.coops.views.workspace import actor, is_refusal
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.needs import access, lifecycle, selectors
from simpul.needs.models import Need, NeedStatus, Pledge
from simpul.needs.photos import photo_response

PER_PAGE = 30


@dataclass
class NeedSummary:
    """One need's service level as its page shows it."""

    response_due: datetime.datetime | None
    response_overdue: bool
    fulfilment_overdue: bool


def need_summary(need: Need) -> NeedSummary:
    now = timezone.now()
    today = need.cooperative.today()
    return NeedSummary(
        lifecycle.response_due_at(need),
        lifecycle.response_overdue(need, now),
        lifecycle.fulfilment_overdue(need, today),
    )


def detail_context(need: Need, **extra: Any) -> dict[str, Any]:
    return {
        "need": need,
        "summary": need_summary(need),
        "events": selectors.need_timeline(need),
        "pledges": selectors.need_pledges(need),
        "drafted": need.status == NeedStatus.DRAFT,
        **extra,
    }


def refuse_on(form: Form, error: ApplicationError) -> None:
    """A service's refusal on the field it names (or above the form); a 404 or 403 goes on to the middleware."""
    if not is_refusal(error):
        raise error
    field = str(error.extra.get("field") or "")
    form.add_error(field if field in form.fields else None, error.message)


def list_page(request: HttpRequest, needs: Any) -> Page:
    return selectors.needs_page(needs, page=page_number(request.GET.get("halaman")), per_page=PER_PAGE)


def pledge_of(need: Need, pledge_id: Any) -> Pledge:
    try:
        return Pledge.objects.get(need=need, pk=int(pledge_id))
    except (Pledge.DoesNotExist, TypeError, ValueError):
        raise NotFoundError.plain() from None


def _visible(request: HttpRequest, need_id: int) -> Need:
    """The need if any of the person's roles may see it; 404 otherwise."""
    for role in user_roles(actor(request)):
        try:
            if role.kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR) and role.cooperative:
                try:
                    return access.need_of_cooperative(role.cooperative, need_id)
                except NotFoundError:
                    return access.need_of_peer(role.cooperative, need_id)
            if role.kind == RoleKind.DINAS and role.office:
                return access.need_of_office(role.office, need_id)
            if role.kind == RoleKind.COORDINATOR and role.network:
                return access.need_of_network(role.network, need_id)
            if role.kind == RoleKind.SUPPLIER and role.supplier:
                return access.need_of_supplier(role.supplier, need_id)
        except NotFoundError:
            continue
    raise NotFoundError.plain()


@login_required
@require_GET
def need_photo(request: HttpRequest, need_id: int) -> FileResponse:
    return photo_response(_visible(request, need_id))
