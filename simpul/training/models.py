"""Training and mentoring (pelatihan dan pendampingan).

A course belongs to its organiser: a Dinas office or a network (exactly one), with its sessions and materials; these
rows are the organiser's, no cooperative owns them. What a cooperative brings to a course (its enrolled people and
their attendance) and the mentoring visits it receives, with their recommendations, are the cooperative's rows.
Rows are written only by simpul/training/services.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, GovernmentOffice, Network


class Audience(models.TextChoices):
    MANAGERS = "managers", _("managers")
    SUPERVISORS = "supervisors", _("supervisors")
    CASHIERS = "cashiers", _("cashiers")
    PRODUCERS = "producers", _("small producers")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Course(models.Model):
    office = models.ForeignKey(GovernmentOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    capacity = models.PositiveIntegerField(_("places"))
    status = models.CharField(max_length=10, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(office__isnull=False) & Q(network__isnull=True))
                | (Q(office__isnull=True) & Q(network__isnull=False)),
                name="course_one_organiser",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="course_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["office", "status"], name="course_office_status"),
            models.Index(fields=["network", "status"], name="course_network_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        organiser = self.office or self.network
        return organiser.name if organiser else ""

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True, default="")
    link = models.URLField(_("online link"), blank=True, default="")

    class Meta:
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(link=""), name="session_place_or_link"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M}"


def material_upload_to(instance: "CourseMaterial", filename: str) -> str:
    import uuid

    # A random name, never the user's: materials are served only through access-checked views.
    return f"training/{instance.course_id}/{uuid.uuid4().hex}.pdf"


class CourseMaterial(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=material_upload_to, blank=True)
    link = models.URLField(_("link"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="material_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """A person of the cooperative on a course. Name and phone are personal data: the organiser and the
    cooperative see them; the public certificate page shows the name only."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    full_name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20)
    position = models.CharField(_("position"), max_length=12, choices=Audience.choices)
    # Set when the person has attended every session: the unguessable key of the public verification page.
    certificate_code = models.CharField(max_length=32, blank=True, default="", db_index=True)
    certified_on = models.DateField(null=True, blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "course", "phone"], name="enrolment_once_per_course"),
            models.UniqueConstraint(
                fields=["cooperative", "certificate_code"],
                condition=~Q(certificate_code=""),
                name="enrolment_certificate_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Attendance(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "enrolment", "session"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}"


class MentoringVisit(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(GovernmentOffice, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The cooperative's region ancestors, copied so the Dinas lists read one indexed column.
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)
    date = models.DateField(_("date"))
    findings = models.TextField(_("findings"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["cooperative", "date"], name="visit_coop_date"),
            models.Index(fields=["regency_code", "date"], name="visit_regency_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.cooperative_id}"


class FollowUp(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


PENDING = (FollowUp.OPEN, FollowUp.IN_PROGRESS)


class Recommendation(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(MentoringVisit, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    owner = models.CharField(_("owner at the cooperative"), max_length=150)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    note = models.TextField(_("note"), blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["cooperative", "status", "deadline"], name="recommendation_coop_due")]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: "object") -> bool:
        return self.status in PENDING and self.deadline < today  # type: ignore[operator]


class RecommendationUpdate(models.Model):
    """A row per follow-up change: who moved it, from what to what, and why."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(max_length=12, choices=FollowUp.choices)
    to_status = models.CharField(max_length=12, choices=FollowUp.choices)
    note = models.TextField(blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
