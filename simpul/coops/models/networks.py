"""Networks of cooperatives (Jaringan Usaha Koperasi) with their memberships and partnership records."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models.organisations import Cooperative, GovernmentOffice
from simpul.regions.models import Region


class Network(models.Model):
    """A business network, coordinated by a cooperative (e.g. a secondary cooperative) or a Dinas office."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    coordinator_cooperative = models.ForeignKey(
        Cooperative, null=True, blank=True, on_delete=models.PROTECT, related_name="coordinated_networks"
    )
    coordinator_office = models.ForeignKey(
        GovernmentOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="coordinated_networks"
    )
    description = models.TextField(_("description"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(coordinator_cooperative__isnull=False, coordinator_office__isnull=True)
                    | models.Q(coordinator_cooperative__isnull=True, coordinator_office__isnull=False)
                ),
                name="network_one_coordinator",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ACTIVE = "active", _("member")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left")


class NetworkMembership(models.Model):
    """A cooperative's place in a network: invited by the coordinator, then accepted or declined."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="network_memberships")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "network"], name="membership_unique_coop_network")
        ]
        indexes = [models.Index(fields=["network", "status"], name="membership_network_status")]

    def __str__(self) -> str:
        return f"{self.cooperative} @ {self.network}"


def partnership_upload_to(instance: "Partnership", filename: str) -> str:
    # A random name, never the user's: documents are served only through an access-checked view.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"partnerships/{instance.cooperative_id}/{uuid.uuid4().hex}.{extension}"


class Partnership(models.Model):
    """A partnership agreement (MoU / perjanjian kerja sama) behind a network membership."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="partnerships")
    membership = models.ForeignKey(NetworkMembership, on_delete=models.PROTECT, related_name="partnerships")
    number = models.CharField(_("agreement number"), max_length=100, blank=True, default="")
    signed_on = models.DateField(_("signed on"))
    parties = models.TextField(_("parties"))
    scope = models.TextField(_("scope"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to=partnership_upload_to, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        indexes = [models.Index(fields=["cooperative", "signed_on"], name="partnership_coop_signed")]

    def __str__(self) -> str:
        return self.number or f"MoU {self.signed_on}"


class MembershipStatusChange(models.Model):
    """One row per status change of a membership: who moved it, from what, to what, when."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(NetworkMembership, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=10, blank=True, default="")
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")
        indexes = [models.Index(fields=["cooperative", "membership", "created_at"], name="membership_change_coop")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
