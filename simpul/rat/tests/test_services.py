"""Recording, submitting, accepting and returning a RAT report: quorum, bad input, the frozen pack, the locked
year, the Dinas subtree, reminders and the state other apps read."""

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import BooksEvent, BooksEventKind, Period
from simpul.rat import error_codes
from simpul.rat.models import RatEvent, RatReminder, RatReport, RatStatus
from simpul.rat.reminders import rats_remind
from simpul.rat.selectors import rat_states, region_compliance
from simpul.rat.services import rat_decide, rat_record, rat_remind, rat_submit
from simpul.rat.tests.factories import MEETING, YEAR, meeting_data, minutes, rat_world, sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return rat_world()


def record(world, **overrides):
    upload = overrides.pop("minutes", minutes())
    return rat_record(
        cooperative=world.cooperative,
        actor=world.manager,
        fiscal_year=YEAR,
        data=meeting_data(**overrides),
        minutes=upload,
    )


def submitted(world, **overrides):
    return rat_submit(cooperative=world.cooperative, actor=world.manager, report=record(world, **overrides))


def test_members_entitled_come_from_the_register_on_the_meeting_day(world):
    from simpul.members.tests.factories import MemberFactory

    MemberFactory.create(cooperative=world.cooperative, join_date=MEETING + dt.timedelta(days=1))
    report = record(world)
    assert report.members_entitled == 10
    assert report.quorum_reached  # 6 of 10 > 50%
    assert RatEvent.objects.filter(report=report).count() == 1
    assert AuditLog.objects.filter(event="rat.recorded").count() == 1


def test_half_the_members_is_no_quorum_and_cannot_be_submitted(world):
    report = record(world, members_present=5)
    assert not report.quorum_reached
    with pytest.raises(ApplicationError) as refused:
        rat_submit(cooperative=world.cooperative, actor=world.manager, report=report)
    assert refused.value.code == error_codes.INCOMPLETE
    report.refresh_from_db()
    assert report.status == RatStatus.DRAFT and not report.pack


def test_an_ad_art_quorum_of_two_thirds(world):
    assert not record(world, members_present=6, quorum_percent="66.67").quorum_reached
    assert record(world, members_present=7, quorum_percent="66.67").quorum_reached


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"members_present": 11}, error_codes.BAD_ATTENDANCE),
        ({"members_present": -1}, error_codes.INVALID),
        ({"meeting_date": "2025-12-31"}, error_codes.BAD_DATE),  # not after the year end
        ({"meeting_date": "2099-01-10"}, error_codes.BAD_DATE),  # in the future
        ({"meeting_date": "31-12-2026"}, error_codes.BAD_DATE),
        ({"place": "  "}, error_codes.REQUIRED),
        ({"shu_capital_percent": "60", "shu_business_percent": "50"}, error_codes.BAD_SHARE),
        ({"quorum_percent": "100"}, error_codes.BAD_SHARE),
        ({"minutes": SimpleUploadedFile("notulen.pdf", b"PK\x03\x04 not a pdf at all")}, error_codes.BAD_MINUTES),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, overrides, code):
    with pytest.raises(ApplicationError) as refused:
        record(world, **overrides)
    assert refused.value.code == code
    assert not RatReport.objects.exists() and not RatEvent.objects.exists()
    assert not AuditLog.objects.filter(event__startswith="rat.").exists()


@pytest.mark.calendar
def test_a_year_not_yet_ended_is_refused(world):
    year = world.cooperative.today().year
    with pytest.raises(ApplicationError) as refused:
        rat_record(cooperative=world.cooperative, actor=world.manager, fiscal_year=year, data=meeting_data())
    assert refused.value.code == error_codes.BAD_DATE
    assert not RatReport.objects.exists()


def test_minutes_over_the_size_limit_are_refused(world, settings):
    settings.RAT_MINUTES_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n")
    with pytest.raises(ApplicationError) as refused:
        record(world, minutes=big)
    assert refused.value.code == error_codes.BAD_MINUTES and not RatReport.objects.exists()


def test_submission_needs_the_minutes(world):
    report = rat_record(cooperative=world.cooperative, actor=world.manager, fiscal_year=YEAR, data=meeting_data())
    with pytest.raises(ApplicationError) as refused:
        rat_submit(cooperative=world.cooperative, actor=world.manager, report=report)
    assert refused.value.extra["field"] == "minutes"


def test_the_pack_is_frozen_against_later_postings(world):
    sale(world.cooperative, world.manager, "400000", dt.date(2025, 3, 10))
    report = submitted(world)
    assert report.status == RatStatus.SUBMITTED and report.office == world.office
    assert report.figures["business_results"]["shu"] == "400000.00"
    assert report.figures["shu_shares"]["capital"] == "80000.00"  # 20% jasa modal
    assert report.figures["shu_shares"]["business"] == "100000.00"  # 25% jasa usaha
    frozen, digest = dict(report.figures), report.pack_sha256
    with report.pack.open("rb") as pack:
        content = pack.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == digest
    sale(world.cooperative, world.manager, "50000", dt.date(2025, 11, 2))  # a late posting into the year
    report.refresh_from_db()
    assert report.figures == frozen and report.pack_sha256 == digest
    with pytest.raises(ApplicationError) as refused:
        record(world, members_present=7)  # a submitted report no longer changes
    assert refused.value.code == error_codes.NOT_EDITABLE


def test_accepting_locks_the_year_and_refuses_postings_into_it(world):
    sale(world.cooperative, world.manager, "400000", dt.date(2025, 3, 10))
    report = submitted(world)
    report = rat_decide(office=world.office, actor=world.officer, report=report, accept=True)
    assert report.status == RatStatus.ACCEPTED and report.decided_by == world.officer
    year = Period.objects.get(cooperative=world.cooperative, kind="year", start=dt.date(2025, 1, 1))
    assert year.closed_at is not None and year.locked_at is not None
    assert Period.objects.filter(cooperative=world.cooperative, kind="month", locked_at__isnull=False).count() == 12
    # Each lock is a books event: the verifier finds the books intact, and a lock set in the database alone is named.
    assert BooksEvent.objects.filter(cooperative=world.cooperative, kind=BooksEventKind.PERIOD_LOCKED).count() == 13
    assert verify_chain(world.cooperative).problem == ""
    Period.objects.filter(cooperative=world.cooperative, kind="month", start=dt.date(2025, 1, 1)).update(locked_at=None)
    assert "2025-01-01" in verify_chain(world.cooperative).problem
    Period.objects.filter(cooperative=world.cooperative, kind="month", start=dt.date(2025, 1, 1)).update(
        locked_at=year.locked_at
    )
    with pytest.raises(ApplicationError) as refused:
        sale(world.cooperative, world.manager, "1000", dt.date(2025, 6, 1))
    assert "2025" in refused.value.message
    with pytest.raises(ApplicationError):
        rat_decide(office=world.office, actor=world.officer, report=report, accept=False, comment="lagi")


def test_returned_with_comments_then_corrected_and_resubmitted(world):
    report = submitted(world)
    with pytest.raises(ApplicationError) as refused:
        rat_decide(office=world.office, actor=world.officer, report=report, accept=False, comment=" ")
    assert refused.value.code == error_codes.REQUIRED
    report = rat_decide(
        office=world.office, actor=world.officer, report=report, accept=False, comment="Lampirkan daftar hadir."
    )
    assert report.status == RatStatus.RETURNED and report.return_comment == "Lampirkan daftar hadir."
    first_on = report.first_submitted_on
    report = record(world, members_present=8)
    report = rat_submit(cooperative=world.cooperative, actor=world.manager, report=report)
    assert report.status == RatStatus.SUBMITTED and report.members_present == 8
    assert report.first_submitted_on == first_on  # on time is judged from the first submission
    steps = list(RatEvent.objects.filter(report=report).exclude(to_status="").values_list("to_status", flat=True))
    assert steps == ["draft", "submitted", "returned", "submitted"]
    assert AuditLog.objects.filter(event="rat.returned").count() == 1


def test_a_dinas_outside_the_region_can_neither_accept_nor_remind(world):
    report = submitted(world)
    with pytest.raises(ApplicationError):
        rat_decide(office=world.other_office, actor=world.other_officer, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == RatStatus.SUBMITTED
    with pytest.raises(ApplicationError):
        rat_remind(
            cooperative=world.cooperative, fiscal_year=YEAR, actor=world.other_officer, office=world.other_office
        )
    assert not RatReminder.objects.exists()


@pytest.mark.calendar
def test_the_state_other_apps_read(world):
    today = world.cooperative.today()
    states = rat_states([world.cooperative.pk], YEAR, today)
    assert states[world.cooperative.pk].overdue  # 2025 not held by 30 June 2026
    report = submitted(world)
    state = rat_states([world.cooperative.pk], YEAR, today)[world.cooperative.pk]
    assert state.submitted and not state.accepted and not state.overdue
    assert state.meeting_date == MEETING and state.reported_on == report.first_submitted_on
    assert state.on_time == (today <= dt.date(2026, 4, 14))
    compliance = region_compliance(region_code="32.73", fiscal_year=YEAR, today=today)
    assert (compliance.total.expected, compliance.total.received) == (1, 1)
    assert [c.code for c in compliance.children] == [world.cooperative.district_code]


def test_on_time_from_the_first_submission_day(world):
    report = submitted(world)
    RatReport.objects.filter(pk=report.pk).update(first_submitted_on=dt.date(2026, 4, 14))
    assert rat_states([world.cooperative.pk], YEAR, dt.date(2027, 1, 1))[world.cooperative.pk].on_time
    RatReport.objects.filter(pk=report.pk).update(first_submitted_on=dt.date(2026, 4, 15))
    state = rat_states([world.cooperative.pk], YEAR, dt.date(2027, 1, 1))[world.cooperative.pk]
    assert state.late and not state.on_time


@pytest.mark.calendar
def test_reminders_go_to_the_managers_of_overdue_cooperatives_once_a_week(world):
    world.manager.email = "sari@example.id"
    world.manager.save(update_fields=["email"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        sent = rats_remind()
    last = world.cooperative.today().year - 1
    expected = 1 if world.cooperative.today() > dt.date(last + 1, 6, 30) else 0
    assert sent == expected and RatReminder.objects.count() == expected
    assert len(mail.outbox) == expected
    assert rats_remind() == 0
