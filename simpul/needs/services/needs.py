"""Posting a need, moving it through its lifecycle, assigning its officer, commenting on it.

The views and the API check who may reach a need (simpul/needs/access.py); these services lock its row, check
the lifecycle (simpul/needs/lifecycle.py) and write a NeedEvent and an audit row in the same transaction."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative, GovernmentOffice, Role, RoleKind
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.needs import error_codes, lifecycle
from simpul.needs.models import Need, NeedCategory, NeedEvent, NeedEventKind, NeedPriority, NeedStatus
from simpul.needs.services import inputs

EDITABLE = (NeedStatus.DRAFT,)


def _clean(cooperative: Cooperative, data: dict[str, Any]) -> dict[str, Any]:
    """Every field checked before anything is saved; the first fault is the refusal."""
    category = inputs.choice_in(data.get("category"), NeedCategory.values, field="category", label=_("category"))
    item = inputs.text_in(data.get("item"), field="item", label=_("What is needed"), max_length=200, required=True)
    raw_quantity = data.get("quantity")
    quantity = None
    if raw_quantity not in (None, ""):
        quantity = inputs.quantity_in(raw_quantity, field="quantity", label=_("Quantity"))
    elif category == NeedCategory.STOCK:
        raise ApplicationError(
            _("Say how much stock is needed."), code=error_codes.REQUIRED, extra={"field": "quantity"}
        )
    unit = inputs.text_in(data.get("unit"), field="unit", label=_("Unit"), max_length=20)
    if quantity is not None and not unit:
        raise ApplicationError(
            _("Say the unit of the quantity (kg, karung, tabung …)."),
            code=error_codes.REQUIRED,
            extra={"field": "unit"},
        )
    needed_by = inputs.date_in(
        data.get("needed_by"), field="needed_by", label=_("Needed by"), not_before=cooperative.today()
    )
    priority = inputs.choice_in(
        data.get("priority") or NeedPriority.NORMAL, NeedPriority.values, field="priority", label=_("priority")
    )
    description = inputs.text_in(
        data.get("description"), field="description", label=_("Description"), max_length=inputs.DESCRIPTION_MAX
    )
    return {
        "category": category,
        "item": item,
        "quantity": quantity,
        "unit": unit,
        "needed_by": needed_by,
        "priority": priority,
        "description": description,
    }


def record_event(
    need: Need,
    *,
    kind: str,
    actor: User | None,
    actor_side: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    pledge: Any = None,
    quantity: Any = None,
) -> NeedEvent:
    return NeedEvent.objects.create(
        cooperative_id=need.cooperative_id,
        need=need,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        pledge=pledge,
        quantity=quantity,
        actor=actor,
        actor_side=actor_side[:200],
    )


def _next_number(cooperative: Cooperative) -> int:
    return (Need.objects.filter(cooperative=cooperative).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def need_create(
    *,
    cooperative: Cooperative,
    actor: User,
    data: dict[str, Any],
    photo: Any = None,
    submit: bool = False,
    ip_address: str | None = None,
) -> Need:
    """A new need as a draft, or submitted at once (`submit`), numbered the cooperative's next."""
    values = _clean(cooperative, data)
    kind = inputs.photo_kind(photo) if photo else ""
    village = cooperative.village
    need = Need(
        cooperative=cooperative,
        province_code=cooperative.province_code,
        regency_code=cooperative.regency_code,
        district_code=cooperative.district_code,
        village_code=village.code,
        created_by=actor,
        photo_kind=kind,
        **values,
    )
    if photo:
        need.photo.save(photo.name or "photo", photo, save=False)
    # The cooperative's row is locked while its next number is read, so needs posted at once never share one.
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).values_list("pk").first()
    need.number = _next_number(cooperative)
    need.save()
    record_event(
        need,
        kind=NeedEventKind.STATUS,
        actor=actor,
        actor_side=cooperative.name,
        to_status=NeedStatus.DRAFT,
    )
    audit_record(
        actor=actor,
        event="need.created",
        target=need,
        cooperative=cooperative,
        changes={"need": [None, need.label], "item": [None, need.item], "category": [None, need.category]},
        ip_address=ip_address,
    )
    if submit:
        need = need_transition(
            need_id=need.pk,
            actor=actor,
            side=lifecycle.COOPERATIVE,
            to=NeedStatus.SUBMITTED,
            ip_address=ip_address,
        )
    return need


@transaction.atomic
def need_update(
    *,
    cooperative: Cooperative,
    actor: User,
    need_id: int,
    data: dict[str, Any] | None,
    photo: Any = None,
    ip_address: str | None = None,
) -> Need:
    """A draft's fields changed (data None: only its photo); a submitted need no longer changes (its answers rest
    on it)."""
    need = _locked(need_id, cooperative_id=cooperative.pk)
    if need.status not in EDITABLE:
        raise ApplicationError(
            _("%(need)s has been submitted: it can no longer be changed. Cancel it and post a new one.")
            % {"need": need.label},
            code=error_codes.NOT_EDITABLE,
        )
    values = _clean(cooperative, data) if data is not None else {}
    kind = inputs.photo_kind(photo) if photo else ""
    changes = {
        name: [str(getattr(need, name)), str(value)] for name, value in values.items() if getattr(need, name) != value
    }
    for name, value in values.items():
        setattr(need, name, value)
    if photo:
        need.photo.save(photo.name or "photo", photo, save=False)
        need.photo_kind = kind
        changes["photo"] = ["", kind]
    need.save()
    audit_record(
        actor=actor,
        event="need.updated",
        target=need,
        cooperative=cooperative,
        changes={"need": [need.label, need.label], **changes},
        ip_address=ip_address,
    )
    return need


def _locked(need_id: Any, *, cooperative_id: int | None = None) -> Need:
    try:
        key = int(need_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    need = Need.objects.select_for_update().filter(pk=key).first()
    if need is None or (cooperative_id is not None and need.cooperative_id != cooperative_id):
        raise NotFoundError.plain()
    return need


def _side_name(need: Need, side: str, office: GovernmentOffice | None) -> str:
    if side == lifecycle.DINAS and office is not None:
        return office.name
    return Cooperative.objects.filter(pk=need.cooperative_id).values_list("name", flat=True).first() or ""


def _officer_of(office: GovernmentOffice, officer_id: Any, need: Need) -> User:
    """An active Dinas officer of an office whose region holds the need."""
    try:
        key = int(officer_id)
    except (TypeError, ValueError):
        key = 0
    roles = Role.objects.filter(user_id=key, kind=RoleKind.DINAS, is_active=True).select_related("office", "user")
    for role in roles:
        if role.office is not None and role.office.covers(need.village_code) and role.user.is_active:
            return role.user
    raise ApplicationError(
        _("Choose an officer of a Dinas office whose region holds this cooperative."),
        code=error_codes.UNKNOWN_OFFICER,
        extra={"field": "officer"},
    )


def transition_check(need: Need, *, to: str, side: str) -> None:
    """Refuse a move the lifecycle table does not give this side."""
    if side not in lifecycle.TRANSITIONS.get(need.status, {}).get(to, frozenset()):
        raise ApplicationError(
            _("%(need)s is %(status)s: it cannot become %(to)s.")
            % {
                "need": need.label,
                "status": NeedStatus(need.status).label,
                "to": NeedStatus(to).label if to in NeedStatus.values else to,
            },
            code=error_codes.INVALID_TRANSITION,
            extra={"field": "to"},
        )


def apply_transition(
    need: Need,
    *,
    to: str,
    side: str,
    actor: User | None,
    actor_side: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """Move a locked need to `to` if the table lets `side` do it; the timestamps, the event row. Saves the need."""
    transition_check(need, to=to, side=side)
    moment = now or timezone.now()
    from_status = need.status
    need.status = to
    if to == NeedStatus.SUBMITTED and need.submitted_at is None:
        need.submitted_at = moment
    if to == NeedStatus.ACKNOWLEDGED:
        need.acknowledged_at = moment
    if side == lifecycle.DINAS and need.first_response_at is None and to != NeedStatus.CLOSED:
        need.first_response_at = moment
    if to == NeedStatus.FULFILLED:
        need.fulfilled_at = moment
    if to in (NeedStatus.FULFILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED):
        need.ended_at = moment
    need.save()
    record_event(
        need,
        kind=NeedEventKind.STATUS,
        actor=actor,
        actor_side=actor_side,
        from_status=from_status,
        to_status=to,
        note=note,
    )
    cooperative_figures_changed(cooperative_ids=[need.cooperative_id], kinds={"needs"})


@transaction.atomic
def need_transition(
    *,
    need_id: Any,
    actor: User,
    side: str,
    to: str,
    note: str = "",
    office: GovernmentOffice | None = None,
    officer_id: Any = None,
    cooperative: Cooperative | None = None,
    ip_address: str | None = None,
) -> Need:
    """Move a need as its cooperative (`cooperative`, side "cooperative") or a Dinas (`office`, side "dinas") may.

    Closing and cancelling need a reason. A need is submitted only while its needed-by date is still ahead. The
    Dinas acknowledging it names its officer (the acting one unless `officer_id` says another)."""
    if side == lifecycle.PLEDGES or (side == lifecycle.DINAS and office is None):
        raise ApplicationError(
            _("Only the cooperative or its Dinas moves a need."), code=error_codes.INVALID_TRANSITION
        )
    need = _locked(need_id, cooperative_id=cooperative.pk if cooperative is not None else None)
    if side == lifecycle.DINAS and office is not None and not office.covers(need.village_code):
        raise NotFoundError.plain()
    to = inputs.choice_in(to, NeedStatus.values, field="to", label=_("status"))
    transition_check(need, to=to, side=side)
    note = inputs.text_in(note, field="note", label=_("Note"), max_length=inputs.NOTE_MAX)
    if to in lifecycle.NOTE_REQUIRED and not note:
        raise ApplicationError(
            _("Say why, so everyone following this need understands."),
            code=error_codes.REQUIRED,
            extra={"field": "note"},
        )
    holder = Cooperative.objects.select_related("village").get(pk=need.cooperative_id)
    if to == NeedStatus.SUBMITTED and need.needed_by < holder.today():
        raise ApplicationError(
            _("The needed-by date has passed: change it before submitting."),
            code=error_codes.INVALID_DATE,
            extra={"field": "needed_by"},
        )
    officer = None
    if to == NeedStatus.ACKNOWLEDGED and office is not None:
        officer = _officer_of(office, officer_id, need) if officer_id not in (None, "") else actor
    from_status = need.status
    apply_transition(need, to=to, side=side, actor=actor, actor_side=_side_name(need, side, office), note=note)
    changes: dict[str, Any] = {"need": [need.label, need.label], "status": [from_status, to]}
    if note:
        changes["note"] = [None, note]
    if officer is not None:
        need.office = office
        need.officer = officer
        need.save(update_fields=["office", "officer"])
        record_event(
            need,
            kind=NeedEventKind.ASSIGNED,
            actor=actor,
            actor_side=office.name if office else "",
            note=officer.full_name,
        )
        changes["officer"] = [None, officer.full_name]
    audit_record(
        actor=actor,
        event="need.status_changed",
        target=need,
        cooperative_id=need.cooperative_id,
        region_code=need.village_code,
        changes=changes,
        ip_address=ip_address,
    )
    if to == NeedStatus.SUBMITTED:
        from simpul.needs.services.reminders import remind_when_unanswered

        remind_when_unanswered(need)
    return need


@transaction.atomic
def need_assign(
    *, need_id: Any, office: GovernmentOffice, actor: User, officer_id: Any, ip_address: str | None = None
) -> Need:
    """Give an open need to an officer (of any Dinas office whose region holds it)."""
    need = _locked(need_id)
    if not office.covers(need.village_code):
        raise NotFoundError.plain()
    if not need.is_open:
        raise ApplicationError(_("%(need)s is no longer open.") % {"need": need.label}, code=error_codes.NOT_OPEN)
    officer = _officer_of(office, officer_id, need)
    before = need.officer.full_name if need.officer_id and need.officer else None
    need.officer = officer
    need.office = office
    need.save(update_fields=["officer", "office"])
    record_event(need, kind=NeedEventKind.ASSIGNED, actor=actor, actor_side=office.name, note=officer.full_name)
    audit_record(
        actor=actor,
        event="need.assigned",
        target=need,
        cooperative_id=need.cooperative_id,
        region_code=need.village_code,
        changes={"need": [need.label, need.label], "officer": [before, officer.full_name]},
        ip_address=ip_address,
    )
    return need


@transaction.atomic
def need_comment(*, need_id: Any, actor: User, actor_side: str, note: str, ip_address: str | None = None) -> NeedEvent:
    """A message on a need's timeline, seen by everyone who follows it (the cooperative, its Dinas, its network)."""
    need = _locked(need_id)
    text = inputs.text_in(note, field="note", label=_("Message"), max_length=inputs.NOTE_MAX, required=True)
    if need.status in (NeedStatus.CANCELLED,):
        raise ApplicationError(_("%(need)s was cancelled.") % {"need": need.label}, code=error_codes.NOT_OPEN)
    event = record_event(need, kind=NeedEventKind.COMMENT, actor=actor, actor_side=actor_side, note=text)
    audit_record(
        actor=actor,
        event="need.commented",
        target=need,
        cooperative_id=need.cooperative_id,
        region_code=need.village_code,
        changes={"need": [need.label, need.label]},
        ip_address=ip_address,
    )
    return event
