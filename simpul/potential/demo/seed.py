"""Commodity surveys by the Kota Bandung Dinas in the villages of its demo cooperatives, through the service."""

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.models import Cooperative, Role, RoleKind
from simpul.potential.models import CommoditySurvey
from simpul.potential.services.surveys import SurveyInput, survey_record

# (commodity, volume, unit, season months) per village, in turn.
SURVEYS = [
    ("padi", "420", "ton", [3, 4, 8, 9]),
    ("cabai", "35", "ton", [6, 7, 8]),
    ("sayur", "120", "ton", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ("kopi", "18", "ton", [5, 6, 7]),
    ("unggas", "9000", "ekor", []),
]


def demo_potential_seed(*, cooperatives: dict[str, Cooperative], created: Counter[str], **_: Any) -> None:
    officer = demo_login_user("dinas_bandung")
    role = Role.objects.select_related("office").filter(user=officer, kind=RoleKind.DINAS).first()
    if role is None or role.office is None or CommoditySurvey.objects.filter(office=role.office).exists():
        return  # a second run creates nothing
    office = role.office
    villages = sorted({c.village_id for c in cooperatives.values() if office.covers(c.village_id)})
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for index, village in enumerate(villages):
            for commodity, volume, unit, months in (SURVEYS[index % len(SURVEYS)], SURVEYS[(index + 2) % len(SURVEYS)]):
                survey_record(
                    office=office,
                    data=SurveyInput(village, commodity, volume, unit, months, dt.date(2026, 3, 1), source="Demo"),
                    actor=officer,
                )
                created["commodity_surveys"] += 1
