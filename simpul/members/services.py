"""Writes to the member register: registering, correcting and a member leaving. Each writes its audit row."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Max
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative
from simpul.coops.validators import validate_village
from simpul.core.audit import audit_record, audit_record_many, model_changes, snapshot
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.identifiers import phone_to_e164
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.members import error_codes
from simpul.members.models import Gender, Member, MemberCounter, MemberStatus, MemberStatusChange
from simpul.members.validators import validate_nik

# Which statuses a member may move to from each status. Leaving is final: a former member joins again as new.
TRANSITIONS: dict[str, frozenset[str]] = {
    MemberStatus.ACTIVE: frozenset({MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXPELLED}),
}

EDITABLE_FIELDS = [
    "nik",
    "name",
    "gender",
    "birth_date",
    "address",
    "village",
    "phone",
    "join_date",
    "is_producer",
    "business_name",
]


@dataclass(frozen=True)
class MemberData:
    """What a manager types about a member; `village` is a dotted Kemendagri village code."""

    nik: str
    name: str
    gender: str
    birth_date: datetime.date
    village: str
    join_date: datetime.date
    address: str = ""
    phone: str = ""
    is_producer: bool = False
    business_name: str = ""


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _duplicate_nik() -> ApplicationError:
    return _refuse(
        _("A member with this NIK is already registered in this cooperative."), error_codes.DUPLICATE_NIK, "nik"
    )


def _max_length(field: str) -> int:
    column = Member._meta.get_field(field)
    assert isinstance(column, CharField)
    return int(column.max_length or 0)


def _apply(member: Member, cooperative: Cooperative, data: MemberData) -> None:
    """Check every field, then set them; nothing is saved here."""
    name = " ".join((data.name or "").split())
    if not name:
        raise _refuse(_("Fill in the member's name."), error_codes.REQUIRED, "name")
    if data.gender not in Gender.values:
        raise _refuse(_("Choose the member's gender."), error_codes.REQUIRED, "gender")
    nik = validate_nik(data.nik, gender=data.gender, birth_date=data.birth_date)
    today = cooperative.today()
    if data.birth_date > today:
        raise _refuse(_("The date of birth cannot be in the future."), error_codes.INVALID_DATE, "birth_date")
    if data.join_date > today:
        raise _refuse(_("The join date cannot be in the future."), error_codes.INVALID_DATE, "join_date")
    if data.join_date < data.birth_date:
        raise _refuse(_("The join date cannot be before the date of birth."), error_codes.INVALID_DATE, "join_date")
    if member.exit_date and data.join_date > member.exit_date:
        raise _refuse(_("The join date cannot be after the exit date."), error_codes.INVALID_DATE, "join_date")
    village = validate_village(data.village, field="village")
    business_name = " ".join((data.business_name or "").split()) if data.is_producer else ""
    if data.is_producer and not business_name:
        raise _refuse(_("Fill in the business name of a producer."), error_codes.REQUIRED, "business_name")
    address = (data.address or "").strip()
    for field, text, label in (
        ("name", name, _("Full name")),
        ("address", address, _("Address")),
        ("business_name", business_name, _("Business name")),
    ):
        refuse_too_long(text, max_length=_max_length(field), field=field, label=label)
    member.nik = nik
    member.name = name
    member.gender = data.gender
    member.birth_date = data.birth_date
    member.address = address
    member.village = village
    member.phone = phone_to_e164(data.phone) if (data.phone or "").strip() else ""
    member.join_date = data.join_date
    member.is_producer = data.is_producer
    member.business_name = business_name


def _check_nik_free(member: Member) -> None:
    taken = Member.objects.filter(cooperative_id=member.cooperative_id, nik=member.nik).exclude(pk=member.pk)
    if taken.exists():
        raise _duplicate_nik()


def _save_unique(member: Member) -> None:
    """Save; a NIK that another transaction took after our check ends as the same refusal, not a 500."""
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        if Member.objects.filter(cooperative_id=member.cooperative_id, nik=member.nik).exclude(pk=member.pk).exists():
            raise _duplicate_nik() from error
        raise


def _take_numbers(cooperative: Cooperative, count: int = 1) -> int:
    """The first of `count` new consecutive member numbers. The UPDATE locks the counter row until commit, so
    numbers never repeat or skip, and registrations of one cooperative queue behind each other.

    A number already in use (a member written around the counter, say an old register keyed in by hand) is
    never handed out again: the counter jumps past the highest one."""
    counters = MemberCounter.objects.filter(cooperative=cooperative)
    if not counters.update(last_number=F("last_number") + count):
        MemberCounter.objects.get_or_create(cooperative=cooperative)
        counters.update(last_number=F("last_number") + count)
    last = counters.values_list("last_number", flat=True).get()
    highest = Member.objects.filter(cooperative=cooperative).aggregate(highest=Max("number"))["highest"] or 0
    if last - count < highest:
        last = highest + count
        counters.update(last_number=last)
    return last - count + 1


@transaction.atomic
def member_register(
    *, cooperative: Cooperative, actor: User | None, data: MemberData, ip_address: str | None = None
) -> Member:
    member = Member(cooperative=cooperative, status=MemberStatus.ACTIVE)
    _apply(member, cooperative, data)
    # The number is taken first: its lock queues registrations of one cooperative, so the NIK check after it
    # sees every member registered before.
    member.number = _take_numbers(cooperative)
    _check_nik_free(member)
    _save_unique(member)
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event="member.registered",
        target=member,
        changes={"number": member.number, "name": member.name, "nik": member.nik},
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"members"})
    return member


def member_register_many(
    *, cooperative: Cooperative, actor: User | None, rows: Sequence[tuple[int, MemberData]], ip_address: str | None
) -> tuple[list[Member], list[tuple[int, ApplicationError]]]:
    """Register many members at once (an import), numbered in the order given, each checked as member_register
    checks one. When any row is refused nothing is written and the refusals come back with their row keys.

    Runs in the caller's transaction. A handful of statements for the whole batch instead of ten a member: the
    numbers are taken once (registrations by hand wait behind the batch, so the NIK check sees them all), the
    NIKs checked in one query, members and their audit rows written in bulk."""
    members: list[Member] = []
    refused: list[tuple[int, ApplicationError]] = []
    for key, data in rows:
        member = Member(cooperative=cooperative, status=MemberStatus.ACTIVE)
        try:
            _apply(member, cooperative, data)
        except ApplicationError as error:
            refused.append((key, error))
        members.append(member)
    if refused or not members:
        return [], refused
    first = _take_numbers(cooperative, len(members))
    taken = set(
        Member.objects.filter(cooperative=cooperative, nik__in=[member.nik for member in members]).values_list(
            "nik", flat=True
        )
    )
    seen: set[str] = set()
    for (key, _data), member in zip(rows, members, strict=True):
        if member.nik in taken or member.nik in seen:
            refused.append((key, _duplicate_nik()))
        seen.add(member.nik)
    if refused:
        return [], refused
    for offset, member in enumerate(members):
        member.number = first + offset
    Member.objects.bulk_create(members, batch_size=1000)
    audit_record_many(
        cooperative=cooperative,
        actor=actor,
        event="member.registered",
        changes_by_target=[
            (member, {"number": member.number, "name": member.name, "nik": member.nik}) for member in members
        ],
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"members"})
    return members, []


def access_member(cooperative: Cooperative, member_id: int, *, lock: bool = False) -> Member:
    """The cooperative's member; a missing or another cooperative's member is the same 404."""
    members = Member.objects.filter(cooperative=cooperative)
    if lock:
        members = members.select_for_update()
    member = members.select_related("village").filter(pk=member_id).first()
    if member is None:
        raise NotFoundError.plain()
    return member


@transaction.atomic
def member_update(
    *, cooperative: Cooperative, actor: User | None, member_id: int, data: MemberData, ip_address: str | None = None
) -> Member:
    member = access_member(cooperative, member_id, lock=True)
    before = snapshot(member, EDITABLE_FIELDS)
    _apply(member, cooperative, data)
    _check_nik_free(member)
    changes = model_changes(member, EDITABLE_FIELDS, before)
    if not changes:
        return member
    _save_unique(member)
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event="member.updated",
        target=member,
        changes=changes,
        ip_address=ip_address,
    )
    return member


@transaction.atomic
def member_exit(
    *,
    cooperative: Cooperative,
    actor: User | None,
    member_id: int,
    status: str,
    exit_date: datetime.date,
    reason: str = "",
    ip_address: str | None = None,
) -> Member:
    """A member resigns, dies or is expelled; every savings balance is paid out in cash in the same transaction
    (a withdrawal per account, each posted to the ledger), so a former member's savings are all zero."""
    from simpul.members.savings.services import savings_settle_on_exit  # savings imports this module

    # FOR NO KEY UPDATE: a first deposit opening a savings account checks its foreign key to this row (FOR KEY
    # SHARE) and must not wait on us while we wait on its new account row.
    member = Member.objects.select_for_update(no_key=True).filter(cooperative=cooperative, pk=member_id).first()
    if member is None:
        raise NotFoundError.plain()
    if status not in TRANSITIONS.get(member.status, frozenset()):
        if member.status != MemberStatus.ACTIVE:
            raise _refuse(
                _("%(name)s is no longer an active member.") % {"name": member.name},
                error_codes.MEMBER_NOT_ACTIVE,
                "status",
            )
        raise _refuse(_("Choose why the membership ends."), error_codes.INVALID_STATUS, "status")
    if exit_date > cooperative.today():
        raise _refuse(_("The exit date cannot be in the future."), error_codes.INVALID_DATE, "exit_date")
    if exit_date < member.join_date:
        raise _refuse(_("The exit date cannot be before the join date."), error_codes.INVALID_DATE, "exit_date")
    reason = " ".join((reason or "").split())[:255]
    if status == MemberStatus.EXPELLED and not reason:
        raise _refuse(_("Give the reason for expelling the member."), error_codes.REQUIRED, "reason")
    previous = member.status
    member.status = status
    member.exit_date = exit_date
    member.exit_reason = reason
    member.save(update_fields=["status", "exit_date", "exit_reason", "updated_at"])
    MemberStatusChange.objects.create(
        cooperative=cooperative,
        member=member,
        from_status=previous,
        to_status=status,
        effective_on=exit_date,
        reason=reason,
        actor=actor if actor and actor.pk else None,
    )
    settled = savings_settle_on_exit(
        cooperative=cooperative, actor=actor, member=member, date=exit_date, ip_address=ip_address
    )
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event="member.exited",
        target=member,
        changes={
            "status": [previous, status],
            "exit_date": str(exit_date),
            "reason": reason,
            "savings_paid_out": str(sum((t.amount for t in settled), Decimal(0))),
        },
        ip_address=ip_address,
    )
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"members"})
    return member
