"""The daily RAT reminders (`manage.py rat_reminders`): every active cooperative whose RAT report of its last ended
fiscal year is overdue (not held by the deadline, or not reported a month after the meeting) gets an e-mail to its
managers, at most once a week."""

import datetime as dt

from django.utils import timezone

from simpul.coops.models import Cooperative, CooperativeStatus
from simpul.rat import deadlines
from simpul.rat.models import RatReminder, RatReport
from simpul.rat.selectors import state_of
from simpul.rat.services import rat_remind

REMIND_EVERY = dt.timedelta(days=7)


def rats_remind(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    cooperatives = Cooperative.objects.filter(status=CooperativeStatus.ACTIVE).select_related("village")
    for cooperative in cooperatives.iterator(chunk_size=500):
        today = cooperative.today()
        year = deadlines.last_ended_fiscal_year(today, cooperative.fiscal_year_start_month)
        report = RatReport.objects.filter(cooperative=cooperative, fiscal_year=year).first()
        if not state_of(cooperative, year, report, today).overdue:
            continue
        if RatReminder.objects.filter(
            cooperative=cooperative, fiscal_year=year, sent_at__gt=now - REMIND_EVERY
        ).exists():
            continue
        rat_remind(cooperative=cooperative, fiscal_year=year, actor=None)
        sent += 1
    return sent
