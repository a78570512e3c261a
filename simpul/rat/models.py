"""The annual members' meeting (Rapat Anggota Tahunan, RAT) of a cooperative for one fiscal year, and its report to
the Dinas.

A report holds the meeting (date, place, attendance against the members entitled that day, the quorum of the
AD/ART), the minutes (a PDF), and — from its submission on — the pack frozen out of the books: the year's statements
as stored figures and a PDF with its SHA-256, so later postings never change what was submitted. Rows are written
only by simpul/rat/services.py."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.coops.models import Cooperative, GovernmentOffice

# The quorum when the AD/ART says nothing else: more than half of the members (UU 25/1992 leaves it to the AD/ART).
DEFAULT_QUORUM_PERCENT = Decimal(50)


class RatStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", pgettext_lazy("rat", "accepted")


RECEIVED_STATUSES = (RatStatus.SUBMITTED, RatStatus.ACCEPTED)


def _random_pdf_name(instance: "RatReport", folder: str) -> str:
    import uuid

    # A random name, never the user's: files are served only through access-checked views.
    return f"rat/{instance.cooperative_id}/{folder}/{uuid.uuid4().hex}.pdf"


def rat_minutes_upload_to(instance: "RatReport", filename: str) -> str:
    return _random_pdf_name(instance, "minutes")


def rat_pack_upload_to(instance: "RatReport", filename: str) -> str:
    return _random_pdf_name(instance, "pack")


class RatReport(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    # The cooperative's region, copied when the report is created, so a Dinas list reads one indexed column.
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))  # the calendar year the fiscal year starts in
    year_start = models.DateField(_("fiscal year start"))
    year_end = models.DateField(_("fiscal year end"))
    status = models.CharField(_("status"), max_length=10, choices=RatStatus.choices, default=RatStatus.DRAFT)
    meeting_date = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=200)
    members_present = models.PositiveIntegerField(_("members present"))
    # Active members on the register on the meeting day (read from it when the meeting is recorded).
    members_entitled = models.PositiveIntegerField(_("members entitled"))
    quorum_percent = models.DecimalField(
        _("quorum (percent of members, from the AD/ART)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_QUORUM_PERCENT,
    )
    # The SHU shares the meeting set for the members, per the AD/ART: jasa modal (on savings) and jasa usaha
    # (on the business each member did with the cooperative), in percent of the year's SHU.
    shu_capital_percent = models.DecimalField(_("jasa modal share (%)"), max_digits=5, decimal_places=2, default=0)
    shu_business_percent = models.DecimalField(_("jasa usaha share (%)"), max_digits=5, decimal_places=2, default=0)
    minutes = models.FileField(_("minutes (PDF)"), upload_to=rat_minutes_upload_to, blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True, default="")
    # The pack, frozen at each submission.
    figures = models.JSONField(default=dict, blank=True)
    pack = models.FileField(upload_to=rat_pack_upload_to, blank=True)
    pack_sha256 = models.CharField(max_length=64, blank=True, default="")
    office = models.ForeignKey(
        GovernmentOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The day (in the cooperative's zone) the report first reached the Dinas: what "reported on time" is read from.
    first_submitted_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_comment = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("RAT report")
        verbose_name_plural = _("RAT reports")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "fiscal_year"], name="rat_one_per_year"),
            models.CheckConstraint(
                condition=Q(members_present__lte=models.F("members_entitled")), name="rat_present_within_entitled"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lt=100), name="rat_quorum_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(shu_capital_percent__gte=0, shu_business_percent__gte=0), name="rat_shu_shares_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["regency_code", "fiscal_year", "status"], name="rat_regency_year"),
            models.Index(fields=["province_code", "fiscal_year", "status"], name="rat_province_year"),
        ]

    def __str__(self) -> str:
        return f"RAT {self.fiscal_year} {self.cooperative_id}"

    @property
    def quorum_reached(self) -> bool:
        """More than the AD/ART's percent of the members entitled were present."""
        return Decimal(self.members_present) * 100 > Decimal(self.members_entitled) * self.quorum_percent

    @property
    def editable(self) -> bool:
        return self.status in (RatStatus.DRAFT, RatStatus.RETURNED)


class RatEvent(models.Model):
    """A row per change of a report: recorded, changed, submitted, returned (with the comment), accepted, reminded."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(RatReport, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, blank=True, default="")
    to_status = models.CharField(max_length=10, blank=True, default="")
    note = models.TextField(blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("RAT report event")
        verbose_name_plural = _("RAT report events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["cooperative", "report", "at"], name="rat_event_report")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class RatReminder(models.Model):
    """A reminder the Dinas sent a cooperative about its RAT of a year (by the button or the daily command)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("RAT reminder")
        verbose_name_plural = _("RAT reminders")
        indexes = [models.Index(fields=["cooperative", "fiscal_year", "sent_at"], name="rat_reminder_year")]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.fiscal_year} {self.sent_at:%Y-%m-%d}"
