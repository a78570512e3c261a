"""Networks of cooperatives: creating one, inviting cooperatives, their answers, and partnership records.

A membership moves only through `membership_transition`, driven by TRANSITIONS, and every move leaves a
`MembershipStatusChange` row and an audit row. Who may take which step is the caller's check (access_*).
"""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.models import (
    Cooperative,
    CooperativeStatus,
    GovernmentOffice,
    MembershipStatus,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    Partnership,
)
from simpul.coops.validators import (
    slug_from_name,
    validate_document,
    validate_region_code,
    validate_required,
    validate_slug,
)
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.regions.models import Region

TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.INVITED: frozenset({MembershipStatus.ACTIVE, MembershipStatus.DECLINED}),
    MembershipStatus.ACTIVE: frozenset({MembershipStatus.LEFT}),
    MembershipStatus.DECLINED: frozenset({MembershipStatus.INVITED}),
    MembershipStatus.LEFT: frozenset({MembershipStatus.INVITED}),
}

NOTE_MAX_LENGTH = 255

# The audit event each arrival status is recorded under.
TRANSITION_EVENTS = {
    MembershipStatus.INVITED: "membership.invited",
    MembershipStatus.ACTIVE: "membership.accepted",
    MembershipStatus.DECLINED: "membership.declined",
    MembershipStatus.LEFT: "membership.left",
}


def _network_region_code(network: Network) -> str:
    return network.region_id or ""


@transaction.atomic
def network_create(
    *,
    actor: User,
    name: str,
    region: Region | str,
    slug: str = "",
    coordinator_cooperative: Cooperative | None = None,
    coordinator_office: GovernmentOffice | None = None,
    description: str = "",
    ip_address: str | None = None,
) -> Network:
    """A network is coordinated by exactly one cooperative (e.g. a secondary cooperative) or one office."""
    clean_name = refuse_too_long(
        validate_required(name, field="name", label=_("Name")), max_length=200, field="name", label=_("Name")
    )
    place = region if isinstance(region, Region) else validate_region_code(region, field="region")
    if (coordinator_cooperative is None) == (coordinator_office is None):
        raise ApplicationError(
            _("A network has exactly one coordinator: a cooperative or a government office."),
            code=error_codes.INVALID_COORDINATOR,
            extra={"field": "coordinator"},
        )
    clean_slug = validate_slug(slug) if slug.strip() else slug_from_name(clean_name)
    if Network.objects.filter(slug=clean_slug).exists():
        raise _duplicate_network_slug(clean_slug)
    network = Network(
        name=clean_name,
        slug=clean_slug,
        region=place,
        coordinator_cooperative=coordinator_cooperative,
        coordinator_office=coordinator_office,
        description=(description or "").strip(),
    )
    try:
        with transaction.atomic():
            network.save()
    except IntegrityError as error:
        raise _duplicate_network_slug(clean_slug) from error
    audit_record(
        actor=actor,
        event="network.created",
        target=network,
        cooperative_id=coordinator_cooperative.pk if coordinator_cooperative else None,
        region_code=place.code,
        changes={
            "name": network.name,
            "coordinator": str(coordinator_cooperative or coordinator_office),
        },
        ip_address=ip_address,
    )
    return network


def _duplicate_network_slug(slug: str) -> ApplicationError:
    return ApplicationError(
        _("The web address “%(slug)s” is already used by another network.") % {"slug": slug},
        code=error_codes.DUPLICATE_SLUG,
        extra={"field": "slug"},
    )


def _refuse_existing(membership: NetworkMembership, cooperative: Cooperative, network: Network) -> None:
    names = {"cooperative": cooperative.name, "network": network.name}
    if membership.status == MembershipStatus.ACTIVE:
        raise ApplicationError(
            _("%(cooperative)s is already a member of %(network)s.") % names,
            code=error_codes.ALREADY_MEMBER,
            extra={"field": "cooperative"},
        )
    if membership.status == MembershipStatus.INVITED:
        raise ApplicationError(
            _("%(cooperative)s has already been invited to %(network)s and has not answered yet.") % names,
            code=error_codes.ALREADY_INVITED,
            extra={"field": "cooperative"},
        )


@transaction.atomic
def network_invite(
    *, network: Network, actor: User, cooperative: Cooperative, ip_address: str | None = None
) -> NetworkMembership:
    """Invite a cooperative. One that declined or left may be invited again; a member or an open
    invitation is refused. Two coordinators inviting at once end with one membership: the unique
    (cooperative, network) constraint stops the second insert, which becomes the same refusal."""
    if cooperative.status == CooperativeStatus.DISSOLVED:
        raise ApplicationError(
            _("%(cooperative)s has been dissolved and cannot be invited.") % {"cooperative": cooperative.name},
            code=error_codes.COOPERATIVE_DISSOLVED,
            extra={"field": "cooperative"},
        )
    existing = NetworkMembership.objects.select_for_update().filter(network=network, cooperative=cooperative).first()
    if existing is not None:
        _refuse_existing(existing, cooperative, network)
        return membership_transition(
            membership=existing, actor=actor, to_status=MembershipStatus.INVITED, ip_address=ip_address
        )
    membership = NetworkMembership(
        network=network, cooperative=cooperative, status=MembershipStatus.INVITED, invited_by=actor
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raced = NetworkMembership.objects.filter(network=network, cooperative=cooperative).first()
        if raced is not None:
            _refuse_existing(raced, cooperative, network)
        raise
    _record_change(membership, actor=actor, from_status="", note="")
    audit_record(
        actor=actor,
        event=TRANSITION_EVENTS[MembershipStatus.INVITED],
        target=membership,
        cooperative=cooperative,
        changes={"network": network.name, "status": ["", MembershipStatus.INVITED.value]},
        ip_address=ip_address,
    )
    return membership


def _record_change(membership: NetworkMembership, *, actor: User, from_status: str, note: str) -> None:
    MembershipStatusChange.objects.create(
        cooperative_id=membership.cooperative_id,
        membership=membership,
        from_status=from_status,
        to_status=membership.status,
        actor=actor if actor and actor.pk else None,
        note=note or "",  # refused above when longer than NOTE_MAX_LENGTH
    )


@transaction.atomic
def membership_transition(
    *,
    membership: NetworkMembership,
    actor: User,
    to_status: str,
    note: str = "",
    ip_address: str | None = None,
) -> NetworkMembership:
    """Move a membership one step along TRANSITIONS, on the locked row, so two answers at once give one."""
    # The note fits the status change's column; the audit row keeps the same text, not a longer one.
    note = refuse_too_long((note or "").strip(), max_length=NOTE_MAX_LENGTH, field="note", label=_("Note"))
    locked = (
        NetworkMembership.objects.select_for_update().select_related("cooperative", "network").get(pk=membership.pk)
    )
    from_status = locked.status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise _transition_refused(from_status, to_status)
    now = timezone.now()
    locked.status = to_status
    if to_status == MembershipStatus.INVITED:
        locked.invited_by = actor
        locked.invited_at = now
        locked.responded_at = None
    else:
        locked.responded_at = now
    locked.save(update_fields=["status", "invited_by", "invited_at", "responded_at"])
    _record_change(locked, actor=actor, from_status=from_status, note=note)
    audit_record(
        actor=actor,
        event=TRANSITION_EVENTS[MembershipStatus(to_status)],
        target=locked,
        cooperative=locked.cooperative,
        changes={
            "network": locked.network.name,
            "status": [from_status, to_status],
            **({"note": note} if note else {}),
        },
        ip_address=ip_address,
    )
    return locked


def _transition_refused(from_status: str, to_status: str) -> ApplicationError:
    answering = to_status in (MembershipStatus.ACTIVE, MembershipStatus.DECLINED)
    if answering and from_status != MembershipStatus.INVITED:
        return ApplicationError(
            _("This invitation has already been answered or withdrawn."),
            code=error_codes.INVITATION_CLOSED,
            extra={"field": "status"},
        )
    labels = dict(MembershipStatus.choices)
    return ApplicationError(
        _("A membership that is “%(from)s” cannot become “%(to)s”.")
        % {"from": labels.get(from_status, from_status), "to": labels.get(to_status, to_status)},
        code=error_codes.INVALID_TRANSITION,
        extra={"field": "status"},
    )


def _validate_partnership_dates(
    cooperative: Cooperative, signed_on: datetime.date | None, valid_until: datetime.date | None
) -> datetime.date:
    if signed_on is None:
        raise ApplicationError(
            _("%(label)s is required.") % {"label": _("The signing date")},
            code=error_codes.REQUIRED,
            extra={"field": "signed_on"},
        )
    if signed_on > cooperative.today():
        raise ApplicationError(
            _("A partnership cannot be dated in the future."),
            code=error_codes.DATE_IN_FUTURE,
            extra={"field": "signed_on"},
        )
    if valid_until is not None and valid_until < signed_on:
        raise ApplicationError(
            _("The end of validity cannot be before the signing date."),
            code=error_codes.INVALID_DATE_RANGE,
            extra={"field": "valid_until"},
        )
    return signed_on


@transaction.atomic
def partnership_record(
    *,
    membership: NetworkMembership,
    actor: User,
    signed_on: datetime.date | None,
    parties: str,
    scope: str,
    number: str = "",
    valid_until: datetime.date | None = None,
    document: Any = None,
    ip_address: str | None = None,
) -> Partnership:
    """Record the partnership agreement (MoU) behind an active membership; everything is checked first."""
    locked = (
        NetworkMembership.objects.select_for_update()
        .select_related("cooperative", "cooperative__village", "network")
        .get(pk=membership.pk)
    )
    if locked.status != MembershipStatus.ACTIVE:
        raise ApplicationError(
            _("A partnership can be recorded only for an active member of the network."),
            code=error_codes.MEMBERSHIP_NOT_ACTIVE,
            extra={"field": "membership"},
        )
    signed = _validate_partnership_dates(locked.cooperative, signed_on, valid_until)
    clean_parties = validate_required(parties, field="parties", label=_("The parties"))
    clean_scope = validate_required(scope, field="scope", label=_("The scope"))
    if document:
        validate_document(document)
    partnership = Partnership(
        cooperative_id=locked.cooperative_id,
        membership=locked,
        number=refuse_too_long((number or "").strip(), max_length=100, field="number", label=_("Agreement number")),
        signed_on=signed,
        parties=clean_parties,
        scope=clean_scope,
        valid_until=valid_until,
        created_by=actor if actor and actor.pk else None,
    )
    if document:
        partnership.document = document
    partnership.save()
    audit_record(
        actor=actor,
        event="partnership.recorded",
        target=partnership,
        cooperative=locked.cooperative,
        changes={
            "network": locked.network.name,
            "number": partnership.number,
            "signed_on": str(signed),
            "valid_until": str(valid_until) if valid_until else None,
            "document": bool(partnership.document),
        },
        ip_address=ip_address,
    )
    return partnership


@transaction.atomic
def partnership_attach_document(
    *, partnership: Partnership, actor: User, document: Any, ip_address: str | None = None
) -> Partnership:
    """Attach (or replace) the scanned agreement of a recorded partnership."""
    locked = Partnership.objects.select_for_update().select_related("cooperative").get(pk=partnership.pk)
    if not document:
        raise ApplicationError(
            _("%(label)s is required.") % {"label": _("The document")},
            code=error_codes.REQUIRED,
            extra={"field": "document"},
        )
    validate_document(document)
    replaced = bool(locked.document)
    locked.document = document
    locked.save(update_fields=["document"])
    audit_record(
        actor=actor,
        event="partnership.document_attached",
        target=locked,
        cooperative=locked.cooperative,
        changes={"document": ["replaced" if replaced else "", "attached"]},
        ip_address=ip_address,
    )
    return locked
