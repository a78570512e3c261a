"""RAT reports in the demo, seeded by `manage.py seed_demo` through the coops demo hook, after the books.

Among Bandung's active cooperatives with members (the demo cooperative left out, so its manager records its own
RAT): one report accepted by the Bandung Dinas, one submitted and waiting, one returned with a comment; the others
have none, so the Dinas page shows real expected-versus-received figures. Through the services only; the meetings
fall after the last ended fiscal year, never after the day the demo is seeded. Idempotent."""

import datetime as dt
import logging
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG
from simpul.coops.models import Cooperative, CooperativeStatus, Role, RoleKind
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.rat import deadlines
from simpul.rat.models import RatReport
from simpul.rat.services import members_entitled_on, rat_decide, rat_record, rat_submit

BANDUNG = "32.73"
logger = logging.getLogger(__name__)
MEETING_AFTER = dt.timedelta(days=75)

# A one-page PDF standing for the scanned, signed minutes.
DEMO_MINUTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def minutes_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("notulen-rat.pdf", DEMO_MINUTES, content_type="application/pdf")


def _manager(cooperative: Cooperative) -> User:
    """The cooperative's manager login; one made for it (as the needs' demo does) when it has none."""
    role = Role.objects.filter(cooperative=cooperative, kind=RoleKind.MANAGER, is_active=True).select_related("user")
    found = role.first()
    if found is not None:
        return found.user
    email = f"pengurus.{cooperative.slug}@demo.simpul.id"[:254]
    user = User.objects.filter(email=email).first() or User.objects.create(
        full_name=f"Pengurus {cooperative.name}"[:150], email=email
    )
    Role.objects.get_or_create(user=user, kind=RoleKind.MANAGER, cooperative=cooperative)
    return user


def demo_rat_seed(*, cooperatives: dict[str, Cooperative], created: Counter[str], **_: Any) -> None:
    bandung = sorted(
        (
            c
            for slug, c in cooperatives.items()
            if slug != DEMO_COOPERATIVE_SLUG and c.regency_code == BANDUNG and c.status == CooperativeStatus.ACTIVE
        ),
        key=lambda c: c.slug,
    )
    if not bandung or RatReport.objects.filter(cooperative__in=bandung).exists():
        return  # a second run creates nothing
    officer = demo_login_user("dinas_bandung")
    office = Role.objects.select_related("office").get(user=officer, kind=RoleKind.DINAS).office
    if office is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        outcomes = ["accepted", "submitted", "returned"]
        skipped: list[str] = []
        for cooperative in bandung:
            if not outcomes:
                break
            manager = _manager(cooperative)
            today = cooperative.today()
            # The meeting is held 75 days after the year end: early in a year that is the year before's RAT (on
            # 1 January no cooperative has met, let alone been accepted, for the year that just ended).
            year = deadlines.last_ended_fiscal_year(today, cooperative.fiscal_year_start_month)
            _start, year_end = deadlines.fiscal_year_bounds(year, cooperative.fiscal_year_start_month)
            if year_end + MEETING_AFTER > today:
                year -= 1
                _start, year_end = deadlines.fiscal_year_bounds(year, cooperative.fiscal_year_start_month)
            meeting = year_end + MEETING_AFTER
            entitled = members_entitled_on(cooperative, meeting)
            if entitled < 2:
                continue
            try:
                with transaction.atomic():
                    report = rat_record(
                        cooperative=cooperative,
                        actor=manager,
                        fiscal_year=year,
                        data={
                            "meeting_date": meeting.isoformat(),
                            "place": f"Balai pertemuan {cooperative.name}"[:200],
                            "members_present": entitled // 2 + 1,
                            "quorum_percent": "50",
                            "shu_capital_percent": "20",
                            "shu_business_percent": "25",
                        },
                        minutes=minutes_file(),
                    )
                    report = rat_submit(cooperative=cooperative, actor=manager, report=report)
                    outcome = outcomes[0]
                    if outcome != "submitted":
                        rat_decide(
                            office=office,
                            actor=officer,
                            report=report,
                            accept=outcome == "accepted",
                            comment="" if outcome == "accepted" else "Lampirkan daftar hadir yang ditandatangani.",
                        )
            except ApplicationError as error:
                skipped.append(f"{cooperative.slug}: {error.message}")
                continue  # this cooperative's books cannot take it (an earlier year still open): try the next
            outcomes.pop(0)
            created["rat reports"] += 1
        if outcomes:
            logger.warning(
                "RAT demo: %s not seeded (%s)", ", ".join(outcomes), "; ".join(skipped) or "too few cooperatives"
            )
