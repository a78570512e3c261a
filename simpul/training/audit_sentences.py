"""The audit trail's sentences for training and mentoring (registered from TrainingConfig.ready();
simpul/core/audit.py describes how). A participant's name is personal data: `row.person` masks it for readers of
the trail who may not see it."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add
from simpul.training.models import FollowUp


def _follow_up(value: str) -> str:
    return str(FollowUp(value).label) if value in FollowUp.values else value or "—"


def _course_created(row: AuditRow) -> str:
    return _("Course “%(course)s” created") % {"course": row.value("course") or "—"}


def _session_added(row: AuditRow) -> str:
    return _("Session on %(date)s added to course “%(course)s”") % {
        "date": row.date(row.value("date")),
        "course": row.value("course") or "—",
    }


def _material_added(row: AuditRow) -> str:
    return _("Material “%(title)s” added to course “%(course)s”") % {
        "title": row.value("title") or "—",
        "course": row.value("course") or "—",
    }


def _course_published(row: AuditRow) -> str:
    return _("Course “%(course)s” published") % {"course": row.value("course") or "—"}


def _enrolled(row: AuditRow) -> str:
    return _("%(name)s enrolled on course “%(course)s”") % {
        "name": row.person(row.value("name")),
        "course": row.value("course") or "—",
    }


def _attendance(row: AuditRow) -> str:
    return _("Attendance of the %(date)s session of course “%(course)s” recorded: %(present)s present") % {
        "date": row.date(row.value("date")),
        "course": row.value("course") or "—",
        "present": row.value("present") or 0,
    }


def _visit(row: AuditRow) -> str:
    return _("Mentoring visit on %(date)s by %(office)s") % {
        "date": row.date(row.value("date")),
        "office": row.value("office") or "—",
    }


def _recommendation(row: AuditRow) -> str:
    return _("Recommendation for %(owner)s, due %(deadline)s") % {
        "owner": row.value("owner") or "—",
        "deadline": row.date(row.value("deadline")),
    }


def _followed_up(row: AuditRow) -> str:
    return _("Recommendation follow-up moved from %(from)s to %(to)s") % {
        "from": _follow_up(row.before("status")),
        "to": _follow_up(row.value("status")),
    }


def register() -> None:
    audit_describer_add(["training.course_created"], _course_created)
    audit_describer_add(["training.session_added"], _session_added)
    audit_describer_add(["training.material_added"], _material_added)
    audit_describer_add(["training.course_published"], _course_published)
    audit_describer_add(["training.enrolled"], _enrolled)
    audit_describer_add(["training.attendance_recorded"], _attendance)
    audit_describer_add(["training.visit_recorded"], _visit)
    audit_describer_add(["training.recommendation_added"], _recommendation)
    audit_describer_add(["training.recommendation_followed_up"], _followed_up)
