"""Writes of training and mentoring: courses, sessions, materials, enrolment, attendance and certificates,
mentoring visits and their recommendations.

Each service checks every input before it writes, runs in one transaction and leaves an audit row. The views and
the API resolve who is acting and where (simpul/training/access.py) and pass the organisation down."""

import datetime
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative, GovernmentOffice, Network
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164
from simpul.core.models import User
from simpul.training import error_codes
from simpul.training.models import (
    Attendance,
    Audience,
    Course,
    CourseMaterial,
    CourseSession,
    CourseStatus,
    Enrolment,
    FollowUp,
    MentoringVisit,
    Recommendation,
    RecommendationUpdate,
)

MAX_MATERIAL_BYTES = 10 * 1024 * 1024
TEXT_MAX = 4000


# --- input checks ------------------------------------------------------------------------------------------


def _required(field: str, label: str) -> ApplicationError:
    return ApplicationError(
        _("Fill in %(label)s.") % {"label": label}, code=error_codes.REQUIRED, extra={"field": field}
    )


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise _required(field, label)
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s is too long (at most %(max)s characters).") % {"label": label, "max": max_length},
            code=error_codes.TOO_LONG,
            extra={"field": field},
        )
    return text


def _choice(value: Any, choices: list[str], *, field: str, label: str) -> str:
    text = str(value or "").strip()
    if text not in choices:
        raise ApplicationError(
            _("Choose %(label)s from the list.") % {"label": label}, code=error_codes.INVALID, extra={"field": field}
        )
    return text


def _date(value: Any, *, field: str, label: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise _required(field, label)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("%(label)s is not a valid date.") % {"label": label}, code=error_codes.INVALID, extra={"field": field}
        ) from None


def _time(value: Any, *, field: str, label: str) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    text = str(value or "").strip()
    if not text:
        raise _required(field, label)
    if len(text) == 4 and text[1] == ":":
        text = "0" + text  # 9:00
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("%(label)s is not a valid time.") % {"label": label}, code=error_codes.INVALID, extra={"field": field}
        ) from None


def _link(value: Any, *, field: str) -> str:
    text = str(value or "").strip()
    if (text and not (text.startswith("https://") or text.startswith("http://"))) or len(text) > 200:
        raise ApplicationError(
            _("The link must be a web address starting with https://."),
            code=error_codes.INVALID,
            extra={"field": field},
        )
    return text


def _positive(value: Any, *, field: str, label: str, maximum: int = 10000) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise _required(field, label) from None
    if not 0 < number <= maximum:
        raise ApplicationError(
            _("%(label)s must be between 1 and %(max)s.") % {"label": label, "max": maximum},
            code=error_codes.INVALID,
            extra={"field": field},
        )
    return number


def pdf_checked(upload: Any) -> Any:
    """The upload if it is a PDF (by its bytes, not its name) within the size limit; a refusal otherwise."""
    if upload.size > MAX_MATERIAL_BYTES:
        raise ApplicationError(
            _("The file is too large (at most 10 MB)."), code=error_codes.FILE_TOO_LARGE, extra={"field": "file"}
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ApplicationError(_("The file is not a PDF."), code=error_codes.NOT_PDF, extra={"field": "file"})
    return upload


# --- courses -----------------------------------------------------------------------------------------------


def _course_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": _text(data.get("title"), field="title", label=_("the title"), max_length=200, required=True),
        "description": _text(data.get("description"), field="description", label=_("Description"), max_length=TEXT_MAX),
        "audience": _choice(data.get("audience"), Audience.values, field="audience", label=_("who the course is for")),
        "capacity": _positive(data.get("capacity"), field="capacity", label=_("the number of places")),
    }


@transaction.atomic
def course_create(
    *, actor: User, data: dict[str, Any], office: GovernmentOffice | None = None, network: Network | None = None
) -> Course:
    if (office is None) == (network is None):
        raise ValueError("a course has exactly one organiser")
    course = Course.objects.create(office=office, network=network, created_by=actor, **_course_fields(data))
    region = office.scope_code if office else (network.region_id if network else "")
    audit_record(
        actor=actor,
        event="training.course_created",
        target=course,
        region_code=region or "",
        changes={"course": course.title, "organiser": course.organiser_name},
    )
    return course


def _locked(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def session_add(*, course: Course, actor: User, data: dict[str, Any]) -> CourseSession:
    date = _date(data.get("date"), field="date", label=_("the date"))
    starts_at = _time(data.get("starts_at"), field="starts_at", label=_("the start time"))
    ends_at = _time(data.get("ends_at"), field="ends_at", label=_("the end time"))
    if ends_at <= starts_at:
        raise ApplicationError(
            _("A session must end after it starts."), code=error_codes.SESSION_TIMES, extra={"field": "ends_at"}
        )
    place = _text(data.get("place"), field="place", label=_("Place"), max_length=200)
    link = _link(data.get("link"), field="link")
    if not place and not link:
        raise ApplicationError(
            _("Give the place of the session or its online link."), code=error_codes.REQUIRED, extra={"field": "place"}
        )
    _locked(course)
    session = CourseSession.objects.create(
        course=course, date=date, starts_at=starts_at, ends_at=ends_at, place=place, link=link
    )
    audit_record(
        actor=actor,
        event="training.session_added",
        target=session,
        changes={"course": course.title, "date": date.isoformat()},
    )
    return session


@transaction.atomic
def material_add(*, course: Course, actor: User, title: Any, upload: Any = None, link: Any = "") -> CourseMaterial:
    title_text = _text(title, field="title", label=_("the title"), max_length=200, required=True)
    link_text = _link(link, field="link")
    if upload is None and not link_text:
        raise ApplicationError(_("Upload a PDF or give a link."), code=error_codes.REQUIRED, extra={"field": "file"})
    if upload is not None:
        pdf_checked(upload)
    material = CourseMaterial(course=course, title=title_text, link=link_text)
    if upload is not None:
        material.file.save("materi.pdf", upload, save=False)
    material.save()
    audit_record(
        actor=actor,
        event="training.material_added",
        target=material,
        changes={"course": course.title, "title": title_text},
    )
    return material


@transaction.atomic
def course_publish(*, course: Course, actor: User) -> Course:
    course = _locked(course)
    if course.is_published:
        return course
    if not CourseSession.objects.filter(course=course).exists():
        raise ApplicationError(
            _("Add at least one session before publishing the course."), code=error_codes.NO_SESSIONS
        )
    course.status = CourseStatus.PUBLISHED
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, event="training.course_published", target=course, changes={"course": course.title})
    return course


# --- enrolment, attendance, certificates -------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, cooperative: Cooperative, course: Course, actor: User, data: dict[str, Any]) -> Enrolment:
    full_name = _text(data.get("full_name"), field="full_name", label=_("the name"), max_length=150, required=True)
    raw_phone = _text(data.get("phone"), field="phone", label=_("the phone number"), max_length=20, required=True)
    phone = phone_to_e164(raw_phone, field="phone")
    position = _choice(data.get("position"), Audience.values, field="position", label=_("the position"))
    course = _locked(course)  # places are counted under the course's lock
    if not course.is_published:
        raise ApplicationError(_("The course is not open for enrolment."), code=error_codes.NOT_PUBLISHED)
    if Enrolment.objects.filter(course=course).count() >= course.capacity:
        raise ApplicationError(
            _("The course is full: all %(capacity)s places are taken.") % {"capacity": course.capacity},
            code=error_codes.COURSE_FULL,
        )
    if Enrolment.objects.filter(cooperative=cooperative, course=course, phone=phone).exists():
        raise ApplicationError(
            _("This person is already enrolled on the course."),
            code=error_codes.ALREADY_ENROLLED,
            extra={"field": "phone"},
        )
    enrolment = Enrolment.objects.create(
        cooperative=cooperative, course=course, full_name=full_name, phone=phone, position=position, enrolled_by=actor
    )
    audit_record(
        actor=actor,
        event="training.enrolled",
        target=enrolment,
        cooperative=cooperative,
        changes={"course": course.title, "name": full_name},
    )
    return enrolment


def _certificate_refresh(enrolment: Enrolment, sessions: list[CourseSession], attended: set[int]) -> None:
    eligible = bool(sessions) and all(session.pk in attended for session in sessions)
    if eligible and not enrolment.certificate_code:
        enrolment.certificate_code = secrets.token_urlsafe(18)
        enrolment.certified_on = max(session.date for session in sessions)
        enrolment.save(update_fields=["certificate_code", "certified_on"])
    elif not eligible and enrolment.certificate_code:
        enrolment.certificate_code = ""
        enrolment.certified_on = None
        enrolment.save(update_fields=["certificate_code", "certified_on"])


@transaction.atomic
def attendance_record(*, course: Course, session_id: Any, actor: User, present_ids: list[Any]) -> int:
    """Sets who attended one session (the enrolments listed, no one else); returns how many did. A person who has
    attended every session of the course gets a certificate; one taken off a session loses it."""
    course = _locked(course)
    try:
        session = CourseSession.objects.get(course=course, pk=int(session_id))
    except (CourseSession.DoesNotExist, TypeError, ValueError):
        raise ApplicationError(
            _("Choose a session of this course."), code=error_codes.INVALID, extra={"field": "session"}
        ) from None
    enrolments = {e.pk: e for e in Enrolment.objects.filter(course=course).select_for_update().order_by("pk")}
    try:
        present = {int(value) for value in present_ids}
    except (TypeError, ValueError):
        raise ApplicationError(_("Choose participants of this course."), code=error_codes.INVALID) from None
    if present - set(enrolments):
        raise ApplicationError(_("Choose participants of this course."), code=error_codes.INVALID)
    Attendance.objects.filter(session=session).exclude(enrolment_id__in=present).delete()
    have = set(Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(
                cooperative_id=enrolments[pk].cooperative_id, enrolment_id=pk, session=session, recorded_by=actor
            )
            for pk in sorted(present - have)
        ]
    )
    sessions = list(CourseSession.objects.filter(course=course))
    attended: dict[int, set[int]] = {pk: set() for pk in enrolments}
    for enrolment_id, attended_session in Attendance.objects.filter(enrolment__course=course).values_list(
        "enrolment_id", "session_id"
    ):
        attended[enrolment_id].add(attended_session)
    for pk, enrolment in enrolments.items():
        _certificate_refresh(enrolment, sessions, attended[pk])
    audit_record(
        actor=actor,
        event="training.attendance_recorded",
        target=session,
        changes={"course": course.title, "date": session.date.isoformat(), "present": len(present)},
    )
    return len(present)


# --- mentoring ---------------------------------------------------------------------------------------------


@transaction.atomic
def visit_create(
    *, office: GovernmentOffice, actor: User, cooperative: Cooperative, data: dict[str, Any]
) -> MentoringVisit:
    if not office.covers(cooperative.village_id or ""):
        raise ApplicationError(
            _("The cooperative is outside your office's region."),
            code=error_codes.OUTSIDE_REGION,
            extra={"field": "cooperative"},
        )
    date = _date(data.get("date"), field="date", label=_("the date"))
    if date > cooperative.today():
        raise ApplicationError(
            _("A visit is recorded on or after the day it took place."),
            code=error_codes.INVALID,
            extra={"field": "date"},
        )
    findings = _text(
        data.get("findings"), field="findings", label=_("the findings"), max_length=TEXT_MAX, required=True
    )
    visit = MentoringVisit.objects.create(
        cooperative=cooperative,
        office=office,
        officer=actor,
        province_code=cooperative.province_code,
        regency_code=cooperative.regency_code,
        district_code=cooperative.district_code,
        village_code=cooperative.village_id or "",
        date=date,
        findings=findings,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        event="training.visit_recorded",
        target=visit,
        cooperative=cooperative,
        changes={"date": date.isoformat(), "office": office.name},
    )
    return visit


@transaction.atomic
def recommendation_add(*, visit: MentoringVisit, actor: User, data: dict[str, Any]) -> Recommendation:
    text = _text(data.get("text"), field="text", label=_("the recommendation"), max_length=TEXT_MAX, required=True)
    owner = _text(data.get("owner"), field="owner", label=_("who is responsible"), max_length=150, required=True)
    deadline = _date(data.get("deadline"), field="deadline", label=_("the deadline"))
    if deadline < visit.date:
        raise ApplicationError(
            _("The deadline cannot be before the visit."), code=error_codes.INVALID, extra={"field": "deadline"}
        )
    recommendation = Recommendation.objects.create(
        cooperative_id=visit.cooperative_id, visit=visit, text=text, owner=owner, deadline=deadline
    )
    audit_record(
        actor=actor,
        event="training.recommendation_added",
        target=recommendation,
        cooperative=visit.cooperative,
        changes={"owner": owner, "deadline": deadline.isoformat()},
    )
    cooperative_figures_changed(cooperative_ids=[visit.cooperative_id], kinds={"training"})
    return recommendation


@transaction.atomic
def recommendation_follow_up(*, recommendation: Recommendation, actor: User, data: dict[str, Any]) -> Recommendation:
    status = _choice(data.get("status"), FollowUp.values, field="status", label=_("the follow-up status"))
    note = _text(data.get("note"), field="note", label=_("Note"), max_length=TEXT_MAX)
    locked = Recommendation.objects.select_for_update().select_related("visit__cooperative").get(pk=recommendation.pk)
    before = locked.status
    if status == before and note == locked.note:
        return locked
    locked.status = status
    locked.note = note
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "note", "updated_at"])
    RecommendationUpdate.objects.create(
        cooperative_id=locked.cooperative_id,
        recommendation=locked,
        from_status=before,
        to_status=status,
        note=note,
        actor=actor,
    )
    audit_record(
        actor=actor,
        event="training.recommendation_followed_up",
        target=locked,
        cooperative=locked.visit.cooperative,
        changes={"status": [before, status]},
    )
    cooperative_figures_changed(cooperative_ids=[locked.cooperative_id], kinds={"training"})
    return locked
