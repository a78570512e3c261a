"""Recording a RAT, submitting it to the Dinas, and the Dinas's answer (accept or return), plus reminders.

Each service runs in one transaction: it locks the report's row, checks the lifecycle (TRANSITIONS), writes a
RatEvent and an audit row, and tells the dashboards (cooperative_figures_changed). Bad input is refused with an
Indonesian message before anything is written."""

import datetime as dt
import hashlib
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative, GovernmentOffice, Role, RoleKind
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger.models import Period, PeriodKind
from simpul.ledger.services.periods import period_close, periods_lock
from simpul.members.models import Member
from simpul.rat import deadlines, error_codes
from simpul.rat.models import DEFAULT_QUORUM_PERCENT, RatEvent, RatReminder, RatReport, RatStatus
from simpul.rat.pack import pack_figures, pack_pdf

COOPERATIVE = "cooperative"
DINAS = "dinas"
S = RatStatus
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: COOPERATIVE},
    S.SUBMITTED: {S.ACCEPTED: DINAS, S.RETURNED: DINAS},
    S.RETURNED: {S.SUBMITTED: COOPERATIVE},
    S.ACCEPTED: {},
}
# The minutes: a PDF of at most this many bytes (settings.RAT_MINUTES_MAX_BYTES overrides it).
MINUTES_MAX_BYTES = 10 * 1024 * 1024
COMMENT_MAX = 2000
logger = logging.getLogger(__name__)


def _refuse(message: str, code: str, field: str = "") -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field} if field else {})


def members_entitled_on(cooperative: Cooperative, day: dt.date) -> int:
    """Members on the register on `day`: joined by then and not yet left."""
    from django.db.models import Q

    return (
        Member.objects.filter(cooperative=cooperative, join_date__lte=day)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=day))
        .count()
    )


def nearest_office(cooperative: Cooperative) -> GovernmentOffice | None:
    """The Dinas over the cooperative's region: the office with the narrowest scope that holds its village."""
    covering = [o for o in GovernmentOffice.objects.select_related("region") if o.covers(cooperative.village_id)]
    return max(covering, key=lambda o: (len(o.scope_code), -o.pk), default=None)


def _int_in(value: Any, *, field: str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise _refuse(_("%(label)s must be a whole number.") % {"label": label}, error_codes.INVALID, field) from None
    if number < 0 or number > 10_000_000:
        raise _refuse(_("%(label)s must be a whole number.") % {"label": label}, error_codes.INVALID, field)
    return number


def _percent_in(value: Any, *, field: str, label: str, default: Decimal, below_100: bool = False) -> Decimal:
    if value in (None, ""):
        return default
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 100 or (below_100 and number >= 100):
        raise _refuse(
            _("%(label)s must be a percentage from 0 to 100.") % {"label": label}, error_codes.BAD_SHARE, field
        )
    return number.quantize(Decimal("0.01"))


def _date_in(value: Any, *, field: str, label: str) -> dt.date:
    day = value if isinstance(value, dt.date) else None
    if day is None and isinstance(value, str):
        try:
            day = parse_date(value.strip())
        except ValueError:
            day = None
    if day is None:
        raise _refuse(_("%(label)s is not a valid date.") % {"label": label}, error_codes.BAD_DATE, field)
    return day


def minutes_checked(upload: Any) -> bytes:
    """The minutes' bytes if they are a PDF within the size limit; refused otherwise."""
    limit = int(getattr(settings, "RAT_MINUTES_MAX_BYTES", MINUTES_MAX_BYTES))
    size = getattr(upload, "size", None)
    message = _("The minutes must be a PDF file of at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
    if size is None or not hasattr(upload, "read") or size > limit or size < 8:
        raise _refuse(message, error_codes.BAD_MINUTES, "minutes")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        raise _refuse(message, error_codes.BAD_MINUTES, "minutes")
    return bytes(content)


def _clean(cooperative: Cooperative, fiscal_year: int, data: dict[str, Any]) -> dict[str, Any]:
    today = cooperative.today()
    year_start, year_end = deadlines.fiscal_year_bounds(fiscal_year, cooperative.fiscal_year_start_month)
    if year_end >= today:
        raise _refuse(
            _("The fiscal year %(year)s has not ended yet (it ends on %(end)s).")
            % {"year": fiscal_year, "end": tanggal(year_end)},
            error_codes.BAD_DATE,
            "meeting_date",
        )
    meeting = _date_in(data.get("meeting_date"), field="meeting_date", label=_("Meeting date"))
    if meeting <= year_end:
        raise _refuse(
            _("The RAT of a year is held after the year ends (%(end)s).") % {"end": tanggal(year_end)},
            error_codes.BAD_DATE,
            "meeting_date",
        )
    if meeting > today:
        raise _refuse(
            _("The meeting date cannot be in the future: record the RAT once it has been held."),
            error_codes.BAD_DATE,
            "meeting_date",
        )
    place = " ".join(str(data.get("place") or "").split())
    if not place:
        raise _refuse(_("%(label)s is required.") % {"label": _("Place")}, error_codes.REQUIRED, "place")
    refuse_too_long(place, max_length=200, field="place", label=_("Place"))
    present = _int_in(data.get("members_present"), field="members_present", label=_("Members present"))
    entitled = members_entitled_on(cooperative, meeting)
    if present > entitled:
        raise _refuse(
            _("%(present)s members present is more than the %(entitled)s members on the register on %(date)s.")
            % {"present": present, "entitled": entitled, "date": tanggal(meeting)},
            error_codes.BAD_ATTENDANCE,
            "members_present",
        )
    quorum = _percent_in(
        data.get("quorum_percent"),
        field="quorum_percent",
        label=_("Quorum"),
        default=DEFAULT_QUORUM_PERCENT,
        below_100=True,
    )
    capital = _percent_in(
        data.get("shu_capital_percent"), field="shu_capital_percent", label=_("Jasa modal"), default=Decimal(0)
    )
    business = _percent_in(
        data.get("shu_business_percent"), field="shu_business_percent", label=_("Jasa usaha"), default=Decimal(0)
    )
    if capital + business > 100:
        raise _refuse(
            _("Jasa modal and jasa usaha together cannot be more than the whole SHU."),
            error_codes.BAD_SHARE,
            "shu_business_percent",
        )
    return {
        "year_start": year_start,
        "year_end": year_end,
        "meeting_date": meeting,
        "place": place,
        "members_present": present,
        "members_entitled": entitled,
        "quorum_percent": quorum,
        "shu_capital_percent": capital,
        "shu_business_percent": business,
    }


def _event(
    report: RatReport, *, actor: User | None, from_status: str = "", to_status: str = "", note: str = ""
) -> None:
    RatEvent.objects.create(
        cooperative_id=report.cooperative_id,
        report=report,
        from_status=from_status,
        to_status=to_status,
        note=note,
        actor=actor,
    )


def _locked(report: RatReport) -> RatReport:
    return RatReport.objects.select_for_update().select_related("cooperative", "cooperative__village").get(pk=report.pk)


@transaction.atomic
def rat_record(
    *,
    cooperative: Cooperative,
    actor: User,
    fiscal_year: int,
    data: dict[str, Any],
    minutes: Any = None,
    ip_address: str | None = None,
) -> RatReport:
    """Record (or correct, while a draft or returned) the meeting of a fiscal year."""
    if not isinstance(fiscal_year, int) or not 1900 <= fiscal_year <= 2999:
        raise _refuse(_("The fiscal year is not valid."), error_codes.INVALID, "fiscal_year")
    values = _clean(cooperative, fiscal_year, data)
    content = minutes_checked(minutes) if minutes else None
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).values_list("pk").first()
    report = RatReport.objects.select_for_update().filter(cooperative=cooperative, fiscal_year=fiscal_year).first()
    created = report is None
    if report is None:
        village = cooperative.village_id or ""
        report = RatReport(
            cooperative=cooperative,
            fiscal_year=fiscal_year,
            province_code=cooperative.province_code,
            regency_code=cooperative.regency_code,
            district_code=cooperative.district_code,
            village_code=village,
            created_by=actor,
        )
    elif not report.editable:
        raise _refuse(
            _("This RAT report has been submitted; it can be changed only when the Dinas returns it."),
            error_codes.NOT_EDITABLE,
        )
    before = {name: str(getattr(report, name, "")) for name in values} if not created else {}
    for name, value in values.items():
        setattr(report, name, value)
    if content is not None:
        report.minutes.save("notulen.pdf", ContentFile(content), save=False)
        report.minutes_sha256 = hashlib.sha256(content).hexdigest()
    report.save()
    _event(report, actor=actor, to_status=report.status if created else "", note="" if created else "changed")
    changes = {name: [before.get(name), str(value)] for name, value in values.items() if before.get(name) != str(value)}
    if content is not None:
        changes["minutes"] = [None, report.minutes_sha256]
    audit_record(
        actor=actor,
        event="rat.recorded" if created else "rat.updated",
        target=report,
        cooperative=cooperative,
        changes={"fiscal_year": [None, fiscal_year], **changes},
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"rat"})
    return report


def _move(report: RatReport, to: str, side: str) -> str:
    if TRANSITIONS.get(report.status, {}).get(to) != side:
        raise _refuse(
            _("A RAT report that is %(status)s cannot be %(action)s.")
            % {"status": RatStatus(report.status).label, "action": RatStatus(to).label},
            error_codes.TRANSITION_NOT_ALLOWED,
        )
    before = report.status
    report.status = to
    return before


@transaction.atomic
def rat_submit(*, cooperative: Cooperative, actor: User, report: RatReport, ip_address: str | None = None) -> RatReport:
    """Freeze the pack (the year's statements and their PDF) and send the report to the Dinas over the region."""
    report = _locked(report)
    if report.cooperative_id != cooperative.pk:
        raise _refuse(_("This RAT report is not this cooperative's."), error_codes.INVALID)
    before = _move(report, RatStatus.SUBMITTED, COOPERATIVE)
    if not report.minutes:
        raise _refuse(
            _("Upload the minutes of the meeting (PDF) before submitting."), error_codes.INCOMPLETE, "minutes"
        )
    if not report.quorum_reached:
        raise _refuse(
            _("The quorum was not reached (%(present)s of %(entitled)s members, more than %(percent)s%% needed).")
            % {
                "present": report.members_present,
                "entitled": report.members_entitled,
                "percent": report.quorum_percent.normalize(),
            },
            error_codes.INCOMPLETE,
            "members_present",
        )
    report.figures = pack_figures(
        cooperative=cooperative,
        year_start=report.year_start,
        year_end=report.year_end,
        shu_capital=report.shu_capital_percent,
        shu_business=report.shu_business_percent,
    )
    content, digest = pack_pdf(report)
    report.pack.save("paket.pdf", ContentFile(content), save=False)
    report.pack_sha256 = digest
    now = timezone.now()
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.first_submitted_on = cooperative.today()
    report.office = nearest_office(cooperative)
    report.return_comment = ""
    report.save()
    _event(report, actor=actor, from_status=before, to_status=report.status)
    audit_record(
        actor=actor,
        event="rat.submitted",
        target=report,
        cooperative=cooperative,
        changes={"fiscal_year": report.fiscal_year, "status": [before, report.status], "pack_sha256": digest},
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"rat"})
    return report


def _lock_year(report: RatReport, actor: User) -> None:
    """Close the report's fiscal year in the books if it is still open, then lock it and its months for good."""
    cooperative = report.cooperative
    year = Period.objects.filter(
        cooperative=cooperative, kind=PeriodKind.YEAR, start=report.year_start, closed_at__isnull=False
    ).first()
    if year is None:
        try:
            period_close(
                cooperative=cooperative, actor=actor, start=report.year_start, end=report.year_end, kind=PeriodKind.YEAR
            )
        except ApplicationError as error:
            raise _refuse(
                _("The books of this year cannot be closed yet, so the report cannot be accepted: %(reason)s")
                % {"reason": error.message},
                error_codes.TRANSITION_NOT_ALLOWED,
            ) from error
    periods_lock(cooperative=cooperative, actor=actor, start=report.year_start, end=report.year_end)


@transaction.atomic
def rat_decide(
    *,
    office: GovernmentOffice,
    actor: User,
    report: RatReport,
    accept: bool,
    comment: str = "",
    ip_address: str | None = None,
) -> RatReport:
    """The Dinas accepts the report (its pack and the year's periods are locked) or returns it with comments."""
    comment = str(comment or "").strip()
    if not accept and not comment:
        raise _refuse(_("Say what the cooperative must correct."), error_codes.REQUIRED, "comment")
    refuse_too_long(comment, max_length=COMMENT_MAX, field="comment", label=_("Comment"))
    report = _locked(report)
    if not office.covers(report.village_code):
        raise _refuse(_("This RAT report is outside your region."), error_codes.INVALID)
    before = _move(report, RatStatus.ACCEPTED if accept else RatStatus.RETURNED, DINAS)
    if accept:
        _lock_year(report, actor)
    else:
        report.return_comment = comment
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.save()
    _event(report, actor=actor, from_status=before, to_status=report.status, note=comment)
    audit_record(
        actor=actor,
        event="rat.accepted" if accept else "rat.returned",
        target=report,
        cooperative=report.cooperative,
        changes={"fiscal_year": report.fiscal_year, "status": [before, report.status], "comment": comment},
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[report.cooperative_id], kinds={"rat"})
    return report


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        logger.warning("RAT reminder e-mail not sent", exc_info=True)


def _manager_emails(cooperative: Cooperative) -> list[str]:
    emails = Role.objects.filter(
        cooperative=cooperative, kind=RoleKind.MANAGER, is_active=True, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e} | ({cooperative.email} if cooperative.email else set()))


@transaction.atomic
def rat_remind(
    *, cooperative: Cooperative, fiscal_year: int, actor: User | None, office: GovernmentOffice | None = None
) -> RatReminder:
    """E-mail the cooperative's managers that its RAT report of the year is awaited, with its deadlines."""
    if office is not None and not office.covers(cooperative.village_id or ""):
        raise _refuse(_("This cooperative is outside your region."), error_codes.INVALID)
    _start, year_end = deadlines.fiscal_year_bounds(fiscal_year, cooperative.fiscal_year_start_month)
    report = RatReport.objects.filter(cooperative=cooperative, fiscal_year=fiscal_year).first()
    if report is not None and report.status in (RatStatus.SUBMITTED, RatStatus.ACCEPTED):
        raise _refuse(_("The RAT report of this year has already been received."), error_codes.INVALID)
    recipients = _manager_emails(cooperative)
    reminder = RatReminder.objects.create(
        cooperative=cooperative, fiscal_year=fiscal_year, sent_by=actor, recipients=len(recipients)
    )
    meeting_by = deadlines.meeting_due(year_end)
    report_by = deadlines.report_due(year_end, report.meeting_date if report else None)
    subject = _("RAT %(year)s of %(name)s is awaited") % {"year": fiscal_year, "name": cooperative.name}
    body = _(
        "The Dinas reminds %(name)s that its annual members' meeting (RAT) for the fiscal year %(year)s must be held "
        "by %(meeting)s and reported in Simpul by %(report)s."
    ) % {"name": cooperative.name, "year": fiscal_year, "meeting": tanggal(meeting_by), "report": tanggal(report_by)}
    if recipients:
        message = EmailMessage(subject=subject, body=body, to=recipients)
        transaction.on_commit(lambda: _send(message))
    audit_record(
        actor=actor,
        event="rat.reminded",
        target=reminder,
        cooperative=cooperative,
        changes={"fiscal_year": fiscal_year, "recipients": len(recipients)},
    )
    return reminder
