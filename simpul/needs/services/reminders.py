"""Reminders: a need not answered within its service level, or past its needed-by date and still open, is
e-mailed to the officer it is assigned to or, while unassigned, to the officers of the nearest Dinas office whose
region holds it. Each recipient gets one e-mail listing their needs; a need is reminded at most once a day.

A submitted need schedules its own first reminder for the moment its answer falls due (a task); `manage.py
needs_reminders`, run daily, sends the rest and anything a lost task missed."""

import datetime
from collections import defaultdict
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from simpul.coops.models import GovernmentOffice, Role, RoleKind
from simpul.needs import lifecycle
from simpul.needs.models import OPEN_STATUSES, Need

REMIND_EVERY = datetime.timedelta(days=1)


def remind_when_unanswered(need: Need) -> None:
    """Schedule the need's first reminder for when its answer is due, once the submission has committed."""
    due = lifecycle.response_due_at(need)
    if due is None:
        return
    need_id = need.pk

    def enqueue() -> None:
        from simpul.needs.tasks import remind_need

        remind_need.using(run_after=due).enqueue(need_id)

    transaction.on_commit(enqueue)


def _nearest_offices(village_code: str, offices: list[GovernmentOffice]) -> list[GovernmentOffice]:
    covering = [office for office in offices if office.covers(village_code)]
    if not covering:
        return []
    deepest = max(len(office.scope_code) for office in covering)
    return [office for office in covering if len(office.scope_code) == deepest]


def _due(need: Need, now: datetime.datetime, today: datetime.date) -> bool:
    if need.reminded_at is not None and now - need.reminded_at < REMIND_EVERY:
        return False
    return lifecycle.response_overdue(need, now) or lifecycle.fulfilment_overdue(need, today)


def needs_remind(*, now: datetime.datetime | None = None, need_ids: list[int] | None = None) -> int:
    """E-mail the reminders due now (of `need_ids` only, when given). Returns how many needs were reminded."""
    moment = now or timezone.now()
    needs = Need.objects.filter(status__in=OPEN_STATUSES).select_related("cooperative", "officer")
    if need_ids is not None:
        needs = needs.filter(pk__in=need_ids)
    else:
        # Only those whose answer or date can be late: submitted before the shortest service level, or past due.
        needs = needs.filter(Q(first_response_at__isnull=True) | Q(needed_by__lt=moment.date()))
    offices = list(GovernmentOffice.objects.select_related("region"))
    officers_by_office: dict[int, list[str]] = defaultdict(list)
    for office_id, email in (
        Role.objects.filter(kind=RoleKind.DINAS, is_active=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("office_id", "user__email")
    ):
        officers_by_office[office_id].append(str(email))
    by_recipient: dict[str, list[Need]] = defaultdict(list)
    reminded: list[int] = []
    for need in needs.iterator(chunk_size=500):
        today = need.cooperative.today() if need.cooperative.village_id else moment.date()
        if not _due(need, moment, today):
            continue
        if need.officer is not None and need.officer.email:
            recipients = [need.officer.email]
        else:
            recipients = sorted(
                {
                    email
                    for office in _nearest_offices(need.village_code, offices)
                    for email in officers_by_office[office.pk]
                }
            )
        for address in recipients:
            by_recipient[address].append(need)
        if recipients:
            reminded.append(need.pk)
    with translation.override(settings.LANGUAGE_CODE):
        for address, listed in sorted(by_recipient.items()):
            _send(address, listed, moment)
    Need.objects.filter(pk__in=reminded).update(reminded_at=moment)
    return len(reminded)


def _send(address: str, needs: list[Need], now: datetime.datetime) -> None:
    lines = [_("Hello,"), _("These needs of cooperatives are waiting for an answer or are past their date:")]
    for need in needs:
        link = urljoin(settings.SITE_URL, reverse("needs:dinas_need", args=[need.village_code, need.pk]))
        late = (
            _("no answer yet")
            if lifecycle.response_overdue(need, now)
            else _("needed by %(date)s") % {"date": need.needed_by.isoformat()}
        )
        lines.append(f"- {need.label} {need.cooperative.name}: {need.item} ({late})\n  {link}")
    lines.append(_("Simpul — cooperatives of Indonesia, linked."))
    subject = _("%(count)s needs of cooperatives are waiting") % {"count": len(needs)}
    EmailMessage(subject, "\n\n".join(lines), None, [address]).send()
