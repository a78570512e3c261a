"""The member portal's login: a manager invites a member (by phone through WhatsApp, or by e-mail); accepting the
invitation links the accepting login to exactly that member record. Built on the cooperative's invitations
(coops), which know nothing of members: the invitation names the member in `subject_id`, and the link is made by
`member_link_on_acceptance`, which coops calls through its `on_invitation_accepted` hook.
"""

from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.models import Cooperative, Invitation, Role, RoleKind
from simpul.coops.services.invitations import (
    invitation_email_send,
    invitation_link,
    invitation_message_values,
    invitation_revoke,
)
from simpul.core.audit import audit_record
from simpul.core.auth import find_users_by_contact
from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164, whatsapp_number
from simpul.core.models import User
from simpul.members.models import Member
from simpul.members.portal.selectors import member_open_invitation
from simpul.members.services import access_member

# Stable codes of the portal's refusals (the API's `code`).
ALREADY_LINKED = "member_already_linked"
ALREADY_INVITED = "member_already_invited"
LOGIN_LINKED_ELSEWHERE = "login_linked_to_other_member"
CONTACT_REQUIRED = "required"
CONTACT_CONFLICT = "contact_conflict"
INVALID_EMAIL = "invalid_email"
MEMBER_NOT_ACTIVE = "member_not_active"
NO_INVITATION = "no_open_invitation"
NOT_LINKED = "member_not_linked"
MEMBER_MISSING = "member_missing"


def _refuse(message: str, code: str, field: str | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field} if field else {})


def _clean_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise _refuse(
            _("“%(value)s” is not a valid e-mail address.") % {"value": raw}, INVALID_EMAIL, "email"
        ) from None
    return email


def _member_linked_to(cooperative: Cooperative, user: User, *, other_than: Member) -> Member | None:
    return Member.objects.filter(cooperative=cooperative, user=user).exclude(pk=other_than.pk).first()


def _linked_elsewhere(member: Member) -> ApplicationError:
    return _refuse(
        _("This login is already linked to member %(number)s %(name)s of this cooperative.")
        % {"number": member.number_display, "name": member.name},
        LOGIN_LINKED_ELSEWHERE,
        "phone",
    )


def member_invitation_message(invitation: Invitation, link: str) -> str:
    """The WhatsApp text, in the platform's language (the member's own is unknown)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Hello %(name)s, %(cooperative)s invites you to its member portal on Simpul, where you see your "
            "savings and your member data. Open this link to start: %(link)s (valid until %(date)s)."
        ) % invitation_message_values(invitation, link)


def member_invitation_whatsapp_url(invitation: Invitation, link: str) -> str:
    """A wa.me link that opens WhatsApp at the member's number with the message filled in."""
    text = quote(member_invitation_message(invitation, link), safe="")
    return f"https://wa.me/{whatsapp_number(invitation.phone)}?text={text}"


_send_member_invitation_email = partial(
    invitation_email_send,
    subject=gettext_lazy("Your member portal at %(cooperative)s on Simpul"),
    intro=gettext_lazy(
        "%(cooperative)s invites you to its member portal on Simpul, where you see your savings and "
        "your member data. Open this link to start (valid until %(date)s):"
    ),
)


@transaction.atomic
def member_portal_invite(
    *,
    cooperative: Cooperative,
    actor: User,
    member_id: int,
    phone: str = "",
    email: str = "",
    ip_address: str | None = None,
    site_url: str | None = None,
) -> Invitation:
    """Invite a member to the portal. The caller has checked that `actor` manages the cooperative.

    The member row is locked, so two clicks cannot open two invitations for one member.
    """
    member = access_member(cooperative, member_id, lock=True)
    if not member.is_active:
        raise _refuse(_("%(name)s is no longer an active member.") % {"name": member.name}, MEMBER_NOT_ACTIVE, "phone")
    if member.user_id is not None:
        raise _refuse(
            _("%(name)s already has a login for the member portal.") % {"name": member.name}, ALREADY_LINKED, "phone"
        )
    email = _clean_email(email)
    phone = phone_to_e164(phone) if (phone or "").strip() else ""
    if not email and not phone:
        raise _refuse(_("Give the member's phone number (WhatsApp) or e-mail address."), CONTACT_REQUIRED, "phone")
    if member_open_invitation(cooperative, member) is not None:
        raise _refuse(
            _("%(name)s already has an open invitation. Share that one, or revoke it first.") % {"name": member.name},
            ALREADY_INVITED,
            "phone",
        )
    accounts = find_users_by_contact(email=email, phone=phone)
    if len(accounts) > 1:
        raise _refuse(
            _("The e-mail address and the phone number belong to two different accounts. Invite by one of them."),
            CONTACT_CONFLICT,
            "email",
        )
    if accounts:
        other = _member_linked_to(cooperative, accounts[0], other_than=member)
        if other is not None:
            raise _linked_elsewhere(other)
    invitation = Invitation.objects.create(
        cooperative=cooperative,
        kind=RoleKind.MEMBER,
        full_name=member.name,
        email=email,
        phone=phone,
        invited_by=actor,
        subject_id=member.pk,
    )
    audit_record(
        actor=actor,
        event="member.portal_invited",
        target=member,
        cooperative=cooperative,
        changes={"invitation": invitation.pk, "email": email, "phone": phone},
        ip_address=ip_address,
    )
    if email:
        link = invitation_link(invitation, site_url)
        transaction.on_commit(partial(_send_member_invitation_email, invitation.pk, link))
    return invitation


@transaction.atomic
def member_portal_revoke(
    *, cooperative: Cooperative, actor: User, member_id: int, ip_address: str | None = None
) -> Invitation:
    """Withdraw the member's open invitation; its link stops working."""
    member = access_member(cooperative, member_id, lock=True)
    invitation = member_open_invitation(cooperative, member)
    if invitation is None:
        raise _refuse(_("%(name)s has no open invitation.") % {"name": member.name}, NO_INVITATION)
    return invitation_revoke(cooperative=cooperative, actor=actor, invitation_id=invitation.pk, ip_address=ip_address)


@transaction.atomic
def member_portal_unlink(
    *, cooperative: Cooperative, actor: User, member_id: int, ip_address: str | None = None
) -> Member:
    """Take the portal away from a member's login (a wrong person was linked, a phone was lost): the link goes and
    the login's member role in this cooperative is withdrawn. The member record and its history stay."""
    member = access_member(cooperative, member_id, lock=True)
    user = member.user
    if user is None:
        raise _refuse(_("%(name)s has no login for the member portal.") % {"name": member.name}, NOT_LINKED)
    member.user = None
    member.save(update_fields=["user", "updated_at"])
    Role.objects.filter(user=user, kind=RoleKind.MEMBER, cooperative=cooperative, is_active=True).update(
        is_active=False
    )
    audit_record(
        actor=actor,
        event="member.portal_unlinked",
        target=member,
        cooperative=cooperative,
        changes={"user": [user.pk, None]},
        ip_address=ip_address,
    )
    return member


def member_link_on_acceptance(*, invitation: Invitation, user: User) -> None:
    """coops' `on_invitation_accepted` hook: a member invitation links the accepting login to its member record.

    Runs inside invitation_accept's transaction; a refusal rolls the acceptance back (the role, a new account).
    """
    if invitation.kind != RoleKind.MEMBER or invitation.subject_id is None:
        return
    cooperative = invitation.cooperative
    member = Member.objects.select_for_update().filter(cooperative=cooperative, pk=invitation.subject_id).first()
    if member is None:
        raise _refuse(_("The member record of this invitation no longer exists."), MEMBER_MISSING)
    if member.user_id == user.pk:
        return
    if member.user_id is not None:
        raise _refuse(
            _("Member %(number)s %(name)s already has a login for the member portal. Ask the cooperative's manager.")
            % {"number": member.number_display, "name": member.name},
            ALREADY_LINKED,
        )
    other = _member_linked_to(cooperative, user, other_than=member)
    if other is not None:
        raise _linked_elsewhere(other)
    member.user = user
    try:
        with transaction.atomic():
            member.save(update_fields=["user", "updated_at"])
    except IntegrityError:
        # The same login linked to another member of this cooperative a moment ago.
        raise _refuse(
            _("This login is already linked to another member of this cooperative."), LOGIN_LINKED_ELSEWHERE
        ) from None
    audit_record(
        actor=user,
        event="member.portal_linked",
        target=member,
        cooperative=cooperative,
        changes={"user": [None, user.pk], "invitation": invitation.pk},
    )
