"""The member register (anggota) of each cooperative."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative
from simpul.regions.models import Region


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    RESIGNED = "resigned", _("resigned")
    DECEASED = "deceased", _("deceased")
    EXPELLED = "expelled", _("expelled")


class MemberCounter(models.Model):
    """The last member number a cooperative gave out; registrations increment it under the row's lock."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_number)


class Member(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="members")
    number = models.PositiveIntegerField(_("member number"))
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    phone = models.CharField(_("phone/WhatsApp"), max_length=20, blank=True, default="")
    join_date = models.DateField(_("join date"))
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True, default="")
    is_producer = models.BooleanField(_("UMKM producer"), default=False)
    business_name = models.CharField(_("business name"), max_length=150, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="member_number_per_coop"),
            models.UniqueConstraint(fields=["cooperative", "nik"], name="member_nik_per_coop"),
            # An active member has no exit date; one who left always has one.
            models.CheckConstraint(
                condition=(models.Q(status="active", exit_date__isnull=True))
                | (~models.Q(status="active") & models.Q(exit_date__isnull=False)),
                name="member_exit_date_iff_left",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "name", "id"], name="member_coop_name"),
            models.Index(fields=["cooperative", "status", "name", "id"], name="member_coop_status_name"),
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.name}"

    @property
    def number_display(self) -> str:
        return f"{self.number:05d}"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class MemberStatusChange(models.Model):
    """One row per change of a member's status (a member leaving, for now)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=MemberStatus.choices)
    to_status = models.CharField(max_length=10, choices=MemberStatus.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=255, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["cooperative", "member", "created_at"], name="member_status_change_member")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
