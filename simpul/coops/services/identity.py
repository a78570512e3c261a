"""Changing a cooperative's legal identity: the manager requests, the Dinas Koperasi approves or rejects.

Legal identity is where the cooperative sits (its village: which Dinas sees it, which zone its books follow), its
legal form and status (type, sharia, active/dormant/dissolved: whether the public directory lists it) and its
registration numbers (NIK Koperasi, the legal-entity deed and its date). A manager cannot change them directly
(cooperative_update refuses them); a request names field → [from, to] and a reason. An officer whose office covers
the cooperative's region — and the new village if it moves — approves it (the change is applied in the same
transaction, with an audit row) or rejects it with a reason. A row per status change, as every status machine."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.models import (
    Cooperative,
    GovernmentOffice,
    IdentityRequestStatus,
    IdentityRequestStatusChange,
    LegalIdentityChangeRequest,
)
from simpul.coops.services.cooperatives import LEGAL_FIELDS, apply_profile, check_unique
from simpul.coops.validators import validate_within_scope
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User

TRANSITIONS = {
    IdentityRequestStatus.PENDING: {IdentityRequestStatus.APPROVED, IdentityRequestStatus.REJECTED},
    IdentityRequestStatus.APPROVED: set(),
    IdentityRequestStatus.REJECTED: set(),
}
DATE_FIELDS = {"deed_date"}


def _stored(cooperative: Cooperative, field: str) -> Any:
    """A field's value as the request keeps it (JSON): the village's code, a date as YYYY-MM-DD."""
    value = cooperative.village_id if field == "village" else getattr(cooperative, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def _as_profile_data(changes: dict[str, list[Any]]) -> dict[str, Any]:
    data = {field: to for field, (_from, to) in changes.items()}
    for field in DATE_FIELDS & set(data):
        data[field] = dt.date.fromisoformat(data[field]) if data[field] else None
    return data


def _reason(raw: str, *, field: str = "reason") -> str:
    text = (raw or "").strip()
    if not text:
        raise ApplicationError(_("Give the reason."), code=error_codes.REQUIRED, extra={"field": field})
    return refuse_too_long(text, max_length=500, field=field, label=_("Reason"))


@transaction.atomic
def identity_change_request(
    *, cooperative: Cooperative, actor: User, data: dict[str, Any], reason: str, ip_address: str | None = None
) -> LegalIdentityChangeRequest:
    """A manager asks the Dinas to change legal identity fields; values are checked now as they would be applied."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    unknown = set(data) - set(LEGAL_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields are not part of the legal identity: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    reason = _reason(reason)
    proposed = Cooperative.objects.get(pk=cooperative.pk)  # a copy to validate on; never saved
    apply_profile(proposed, data)
    check_unique(proposed)
    changes = {
        field: [_stored(cooperative, field), _stored(proposed, field)]
        for field in LEGAL_FIELDS
        if field in data and _stored(cooperative, field) != _stored(proposed, field)
    }
    if not changes:
        raise ApplicationError(
            _("The request changes nothing: every value is the one already recorded."),
            code=error_codes.NOTHING_TO_CHANGE,
        )
    if LegalIdentityChangeRequest.objects.filter(
        cooperative=cooperative, status=IdentityRequestStatus.PENDING
    ).exists():
        raise _already_pending()
    request = LegalIdentityChangeRequest(cooperative=cooperative, changes=changes, reason=reason, requested_by=actor)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise _already_pending() from None
    IdentityRequestStatusChange.objects.create(
        cooperative=cooperative, request=request, to_status=request.status, actor=actor, note=reason
    )
    audit_record(
        actor=actor,
        event="cooperative.identity_requested",
        target=request,
        cooperative=cooperative,
        changes=changes,
        ip_address=ip_address,
    )
    return request


def _already_pending() -> ApplicationError:
    return ApplicationError(
        _("A request is already waiting for the Dinas. Wait for its decision before sending another."),
        code=error_codes.REQUEST_PENDING,
    )


@transaction.atomic
def identity_request_transition(
    *,
    office: GovernmentOffice,
    actor: User,
    request_id: int,
    to_status: str,
    note: str = "",
    ip_address: str | None = None,
) -> LegalIdentityChangeRequest:
    """The Dinas decides. A request of a cooperative outside the office's region is "not found"; approving applies
    the change (re-checked against the books as they are now) in the same transaction."""
    request = (
        LegalIdentityChangeRequest.objects.select_for_update()
        .select_related("cooperative")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not office.covers(request.cooperative.village_id):
        raise NotFoundError.plain()
    if to_status not in TRANSITIONS.get(request.status, set()):  # type: ignore[call-overload]
        raise ApplicationError(
            _("This request has already been decided (%(status)s).") % {"status": request.get_status_display()},
            code=error_codes.INVALID_TRANSITION,
        )
    if to_status == IdentityRequestStatus.REJECTED:
        note = _reason(note, field="note")
    else:
        note = refuse_too_long((note or "").strip(), max_length=500, field="note", label=_("Note"))
        _apply(request, office=office, actor=actor, ip_address=ip_address)
    IdentityRequestStatusChange.objects.create(
        cooperative=request.cooperative,
        request=request,
        from_status=request.status,
        to_status=to_status,
        actor=actor,
        note=note,
    )
    request.status, request.decided_by, request.decided_at, request.decision_note = (
        to_status,
        actor,
        timezone.now(),
        note,
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        event=f"cooperative.identity_{to_status}",
        target=request,
        cooperative=request.cooperative,
        changes={"office": office.name, "note": note},
        ip_address=ip_address,
    )
    return request


def _apply(
    request: LegalIdentityChangeRequest, *, office: GovernmentOffice, actor: User, ip_address: str | None
) -> None:
    cooperative = Cooperative.objects.select_for_update().get(pk=request.cooperative_id)
    stale = [field for field, (old, _new) in request.changes.items() if _stored(cooperative, field) != old]
    if stale:
        raise ApplicationError(
            _("The cooperative's record changed since the request was made (%(fields)s); reject it and ask again.")
            % {"fields": ", ".join(stale)},
            code="stale_request",
        )
    apply_profile(cooperative, _as_profile_data(request.changes))
    validate_within_scope(cooperative.village, office.scope_code)  # the new village too must be this office's
    check_unique(cooperative)
    cooperative.save()
    audit_record(
        actor=actor,
        event="cooperative.identity_changed",
        target=cooperative,
        cooperative=cooperative,
        changes=request.changes,
        ip_address=ip_address,
    )
    request.cooperative = cooperative
