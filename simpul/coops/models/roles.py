"""Who may do what where. A person may hold several roles in several organisations and switch between them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models.networks import Network
from simpul.coops.models.organisations import Cooperative, GovernmentOffice, Supplier


class RoleKind(models.TextChoices):
    MANAGER = "manager", _("manager (pengurus)")
    SUPERVISOR = "supervisor", _("supervisor (pengawas)")
    CASHIER = "cashier", _("cashier (kasir)")
    MEMBER = "member", _("member (anggota)")
    COORDINATOR = "coordinator", _("network coordinator")
    DINAS = "dinas", _("Dinas officer")
    SUPPLIER = "supplier", _("supplier staff")
    PLATFORM_ADMIN = "platform_admin", _("platform admin")


COOPERATIVE_ROLES = {RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.MEMBER}

# Which organisation each role kind names; the CHECK constraint below holds the table to it.
_ROLE_ORGANISATION = (
    models.Q(
        kind__in=sorted(k.value for k in COOPERATIVE_ROLES),  # sorted: a set would reorder between runs
        cooperative__isnull=False,
        network__isnull=True,
        office__isnull=True,
        supplier__isnull=True,
    )
    | models.Q(
        kind=RoleKind.COORDINATOR,
        network__isnull=False,
        cooperative__isnull=True,
        office__isnull=True,
        supplier__isnull=True,
    )
    | models.Q(
        kind=RoleKind.DINAS, office__isnull=False, cooperative__isnull=True, network__isnull=True, supplier__isnull=True
    )
    | models.Q(
        kind=RoleKind.SUPPLIER,
        supplier__isnull=False,
        cooperative__isnull=True,
        network__isnull=True,
        office__isnull=True,
    )
    | models.Q(
        kind=RoleKind.PLATFORM_ADMIN,
        cooperative__isnull=True,
        network__isnull=True,
        office__isnull=True,
        supplier__isnull=True,
    )
)


class Role(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    cooperative = models.ForeignKey(Cooperative, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    office = models.ForeignKey(GovernmentOffice, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(condition=_ROLE_ORGANISATION, name="role_names_its_organisation"),
            *[
                models.UniqueConstraint(
                    fields=["user", "kind", organisation],
                    condition=models.Q(**{f"{organisation}__isnull": False}),
                    name=f"role_unique_{organisation}",
                )
                for organisation in ("cooperative", "network", "office", "supplier")
            ],
            models.UniqueConstraint(
                fields=["user", "kind"], condition=models.Q(kind="platform_admin"), name="role_unique_platform_admin"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"

    @property
    def organisation(self) -> Cooperative | Network | GovernmentOffice | Supplier | None:
        return self.cooperative or self.network or self.office or self.supplier

    @property
    def is_read_only(self) -> bool:
        return self.kind == RoleKind.SUPERVISOR


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():  # type: ignore[no-untyped-def]
    return timezone.now() + timedelta(days=7)


class Invitation(models.Model):
    """A manager invites staff by phone or e-mail; the link lets them set a password and take the role."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    # Random and looked up on its own; unique within the cooperative so the table shards by cooperative.
    token = models.CharField(max_length=64, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the invitation is for, in the app that made it: the member record (members.Member) of a member
    # invitation, linked to the accepting login. A plain id: coops knows nothing of the apps above it.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["cooperative", "-created_at"], name="invitation_coop_time"),
            models.Index(fields=["token"], name="invitation_token"),
            models.Index(
                fields=["cooperative", "kind", "subject_id"],
                condition=models.Q(subject_id__isnull=False),
                name="invitation_subject",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["cooperative", "token"], name="invitation_unique_token")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
