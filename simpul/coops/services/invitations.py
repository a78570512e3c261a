"""Inviting staff into a cooperative: create an invitation, revoke it, accept it.

A manager invites a person by phone number or e-mail address. The link in the invitation lets a newcomer set a
password and become a user with the role; a person who already has an account logs in and the role is added.
"""

import dataclasses
from enum import StrEnum
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops import error_codes
from simpul.coops.hooks import invitation_accepted_hooks_run
from simpul.coops.models import Cooperative, Invitation, Role, RoleKind
from simpul.coops.selectors.invitations import open_invitations
from simpul.coops.validators import validate_required
from simpul.core.audit import audit_record
from simpul.core.auth import find_users_by_contact
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.identifiers import phone_to_e164, whatsapp_number
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal

# The roles a manager may hand out by invitation. Members join through the members app, not this way.
INVITABLE_ROLES = (RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER)


class InvitationClosedError(ApplicationError):
    """The link was used, revoked or has expired: gone for good."""

    status = 410


class InvitationState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


# The Invitation model has no revoked_at column yet: a revocation moves the expiry back to the creation time,
# which never happens otherwise (a new invitation expires seven days after it is made). The audit row keeps
# who revoked it and when.
def invitation_state(invitation: Invitation) -> InvitationState:
    if invitation.accepted_at is not None:
        return InvitationState.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= timezone.now():
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def invitation_path(invitation: Invitation) -> str:
    return reverse("coops:invitation_accept", args=[invitation.token])


def invitation_link(invitation: Invitation, site_url: str | None = None) -> str:
    return (site_url or settings.SITE_URL).rstrip("/") + invitation_path(invitation)


def _message_values(invitation: Invitation, link: str) -> dict[str, str]:
    return {
        "name": invitation.full_name,
        "cooperative": invitation.cooperative.name,
        "role": str(invitation.get_kind_display()),
        "link": link,
        "date": tanggal(invitation.expires_at),
    }


def invitation_message(invitation: Invitation, link: str) -> str:
    """The invitation text for WhatsApp, in the platform's language (the invitee's is unknown)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Hello %(name)s, you are invited to join %(cooperative)s on Simpul as %(role)s. "
            "Open this link to accept the invitation: %(link)s (valid until %(date)s)."
        ) % _message_values(invitation, link)


def invitation_whatsapp_url(invitation: Invitation, link: str) -> str:
    """A wa.me link that opens WhatsApp at the invitee's number with the message filled in."""
    return (
        f"https://wa.me/{whatsapp_number(invitation.phone)}?text={quote(invitation_message(invitation, link), safe='')}"
    )


def invitation_message_values(invitation: Invitation, link: str) -> dict[str, str]:
    """The values every invitation text (WhatsApp or e-mail, staff or member portal) fills in."""
    return _message_values(invitation, link)


def invitation_email_send(invitation_id: int, link: str, *, subject: Promise, intro: Promise) -> None:
    """Send an invitation e-mail in the platform's language (the invitee's own is unknown).

    `subject` and `intro` are lazy msgids with the placeholders of invitation_message_values; the rest of the
    e-mail is the same for every kind of invitation."""
    invitation = Invitation.objects.select_related("cooperative").get(pk=invitation_id)
    values = _message_values(invitation, link)
    with translation.override(settings.LANGUAGE_CODE):
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % values,
                str(intro) % values,
                link,
                _(
                    "New to Simpul? The link lets you choose a password. "
                    "Already have an account? Log in with it, then accept."
                ),
                _("If you did not expect this invitation, ignore this e-mail."),
                _("Simpul — cooperatives of Indonesia, linked."),
            ]
        )
        send_mail(str(subject) % values, body, None, [invitation.email])


_send_invitation_email = partial(
    invitation_email_send,
    subject=gettext_lazy("Invitation to %(cooperative)s on Simpul"),
    intro=gettext_lazy(
        "You are invited to join %(cooperative)s on Simpul as %(role)s. "
        "Open this link to accept the invitation (valid until %(date)s):"
    ),
)


def _clean_kind(kind: str) -> str:
    if kind not in {k.value for k in INVITABLE_ROLES}:
        raise ApplicationError(
            _("A person can be invited only as manager, supervisor or cashier."),
            code="invalid_role",
            extra={"field": "kind"},
        )
    return kind


def _clean_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(
            _("“%(value)s” is not a valid e-mail address.") % {"value": raw},
            code="invalid_email",
            extra={"field": "email"},
        ) from None
    return email


def _contact_field(email: str, phone: str) -> str:
    return "phone" if phone else "email"


def _invitee_account(*, email: str, phone: str) -> User | None:
    """The one existing account the contact belongs to; refuses when e-mail and phone name two people."""
    users = find_users_by_contact(email=email, phone=phone)
    if len(users) > 1:
        raise ApplicationError(
            _("The e-mail address and the phone number belong to two different accounts. Invite by one of them."),
            code="contact_conflict",
            extra={"field": "email"},
        )
    return users[0] if users else None


@transaction.atomic
def invitation_create(
    *,
    cooperative: Cooperative,
    actor: User,
    kind: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    ip_address: str | None = None,
    site_url: str | None = None,
) -> Invitation:
    """Invite a person as manager, supervisor or cashier. The caller has checked that `actor` manages it."""
    kind = _clean_kind(kind)
    full_name = validate_required(full_name, field="full_name", label=_("Full name"))
    if len(full_name) > 150:
        raise ApplicationError(
            _("The name may be at most %(count)d characters.") % {"count": 150},
            code="too_long",
            extra={"field": "full_name"},
        )
    email = _clean_email(email)
    phone = phone_to_e164(phone) if (phone or "").strip() else ""
    if not email and not phone:
        raise ApplicationError(
            _("Give the phone number or the e-mail address of the person you invite."),
            code=error_codes.REQUIRED,
            extra={"field": "phone"},
        )
    # One manager's invitation at a time per cooperative, so two clicks cannot invite the same person twice.
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).values_list("pk").first()
    invitee = _invitee_account(email=email, phone=phone)
    if invitee is not None:
        held = Role.objects.filter(user=invitee, cooperative=cooperative, is_active=True).first()
        if held is not None:
            raise ApplicationError(
                _("%(name)s already has an account with the role %(role)s in this cooperative; no invitation needed.")
                % {"name": invitee.full_name, "role": held.get_kind_display()},
                code=error_codes.ALREADY_MEMBER,
                extra={"field": _contact_field(email, phone)},
            )
    same_contact = Q(email=email) if email else Q()
    if phone:
        same_contact |= Q(phone=phone)
    if open_invitations(cooperative).filter(same_contact).exists():
        raise ApplicationError(
            _("This person already has an open invitation to this cooperative. Share that one, or revoke it first."),
            code=error_codes.ALREADY_INVITED,
            extra={"field": _contact_field(email, phone)},
        )
    invitation = Invitation.objects.create(
        cooperative=cooperative, kind=kind, full_name=full_name, email=email, phone=phone, invited_by=actor
    )
    audit_record(
        actor=actor,
        event="invitation.created",
        target=invitation,
        cooperative=cooperative,
        changes={"kind": kind, "full_name": full_name, "email": email, "phone": phone},
        ip_address=ip_address,
    )
    if email:
        transaction.on_commit(partial(_send_invitation_email, invitation.pk, invitation_link(invitation, site_url)))
    return invitation


def _closed_error(invitation: Invitation) -> InvitationClosedError:
    state = invitation_state(invitation)
    messages = {
        InvitationState.ACCEPTED: _("This invitation has been used already."),
        InvitationState.REVOKED: _("This invitation has been revoked by the cooperative’s manager."),
        InvitationState.EXPIRED: _("This invitation has expired."),
    }
    return InvitationClosedError(
        messages.get(state, _("This invitation is no longer valid.")),
        code=error_codes.INVITATION_CLOSED,
        extra={"state": str(state)},
    )


@transaction.atomic
def invitation_revoke(
    *, cooperative: Cooperative, actor: User, invitation_id: int, ip_address: str | None = None
) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, cooperative=cooperative).first()
    if invitation is None:
        raise NotFoundError.plain()
    if invitation_state(invitation) != InvitationState.OPEN:
        raise _closed_error(invitation)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        event="invitation.revoked",
        target=invitation,
        cooperative=cooperative,
        changes={"kind": invitation.kind, "email": invitation.email, "phone": invitation.phone},
        ip_address=ip_address,
    )
    return invitation


@dataclasses.dataclass(frozen=True)
class InvitationAcceptance:
    invitation: Invitation
    user: User
    role: Role
    new_account: bool


def _create_invited_user(invitation: Invitation, password: str) -> User:
    candidate = User(full_name=invitation.full_name, email=invitation.email or None, phone=invitation.phone or None)
    if not password:
        raise ApplicationError(_("Choose a password."), code=error_codes.REQUIRED, extra={"field": "password1"})
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), code="weak_password", extra={"field": "password1"}) from None
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=invitation.email or None,
                password=password,
                phone=invitation.phone or None,
                full_name=invitation.full_name,
            )
    except IntegrityError:
        # Someone made an account with this contact a moment ago (another cooperative's invitation).
        raise ApplicationError(
            _("An account with this phone number or e-mail was just created. Log in to it, then open the link again."),
            code="account_exists",
        ) from None


def _grant_role(user: User, invitation: Invitation) -> Role:
    role, _created = Role.objects.get_or_create(
        user=user, kind=invitation.kind, cooperative=invitation.cooperative, defaults={"is_active": True}
    )
    if not role.is_active:
        role.is_active = True
        role.save(update_fields=["is_active"])
    return role


@transaction.atomic
def invitation_accept(
    *, token: str, actor: User | None, password: str = "", ip_address: str | None = None
) -> InvitationAcceptance:
    """Take up an invitation.

    Nobody has the invited phone/e-mail yet: `actor` is None (nobody logged in) and `password` becomes the new
    account's password. Someone has it: `actor` must be that person, logged in. The invitation row is locked, so
    of two people accepting one link at the same moment exactly one gets the role.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("cooperative").filter(token=token).first()
    )
    if invitation is None:
        raise NotFoundError.plain()
    if invitation_state(invitation) != InvitationState.OPEN:
        raise _closed_error(invitation)
    if actor is not None and not actor.is_authenticated:
        actor = None
    account = _invitee_account(email=invitation.email, phone=invitation.phone)
    contact = invitation.email or invitation.phone
    if account is not None:
        if actor is None:
            raise ApplicationError(
                _("An account with %(contact)s already exists. Log in to it, then accept the invitation.")
                % {"contact": contact},
                code="login_required",
            )
        if actor.pk != account.pk:
            raise PermissionDeniedError(
                _("This invitation is for the account %(contact)s. Log out, then log in as that account.")
                % {"contact": contact},
                code="wrong_account",
            )
        user, new_account = account, False
    else:
        if actor is not None:
            raise PermissionDeniedError(
                _(
                    "This invitation is for %(contact)s, who has no account yet. "
                    "Log out first, then open the link again."
                )
                % {"contact": contact},
                code="wrong_account",
            )
        user, new_account = _create_invited_user(invitation, password), True
    role = _grant_role(user, invitation)
    # Apps above coops act on their own invitations here (the members app links a member's login); a refusal
    # rolls back the role and a new account with it.
    invitation_accepted_hooks_run(invitation=invitation, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        event="invitation.accepted",
        target=invitation,
        cooperative=invitation.cooperative,
        changes={"kind": invitation.kind, "user": user.pk, "new_account": new_account},
        ip_address=ip_address,
    )
    return InvitationAcceptance(invitation=invitation, user=user, role=role, new_account=new_account)
