"""Recording commodity surveys: one by form or API, or many from an Excel file (every row valid, or none written)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import GovernmentOffice
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.numbers import decimal_in
from simpul.potential import error_codes
from simpul.potential.geometry import normalise_code
from simpul.potential.models import Commodity, CommoditySurvey
from simpul.regions.models import Region, RegionLevel

MAX_VOLUME = Decimal("999999999999.99")
LISTED_PROBLEMS = 10


@dataclass(frozen=True)
class SurveyInput:
    village_code: str
    commodity: str
    volume: Any
    unit: str
    months: Any
    surveyed_on: Any
    commodity_other: str = ""
    source: str = ""


def parse_months(raw: Any) -> list[int]:
    """ "3,4,5", "3-5", [3, 4] → [3, 4, 5]; ValueError for a month outside 1–12."""
    if raw in (None, ""):
        return []
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, list | tuple):
        items: list[Any] = list(raw)
    elif isinstance(raw, int | float):
        items = [raw]
    else:
        items = str(raw).replace(";", ",").split(",")
    months: set[int] = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if "-" in text:
            start, end = (int(p) for p in text.split("-", 1))
            if not (1 <= start <= 12 and 1 <= end <= 12):
                raise ValueError(text)
            span = range(start, end + 1) if start <= end else [*range(start, 13), *range(1, end + 1)]
            months.update(span)
            continue
        if isinstance(item, float) and item != int(item):
            raise ValueError(text)
        month = int(float(text)) if isinstance(item, float) else int(text)
        if not 1 <= month <= 12:
            raise ValueError(text)
        months.add(month)
    return sorted(months)


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    return dt.date.fromisoformat(str(raw).strip())


def _clean(office: GovernmentOffice, data: SurveyInput, villages: dict[str, Region]) -> tuple[CommoditySurvey, str]:
    """The unsaved survey and '' or what is wrong with it (the first problem)."""
    code = normalise_code(data.village_code)
    village = villages.get(code)
    survey = CommoditySurvey(office=office)
    if not code or village is None or village.level != RegionLevel.VILLAGE:
        return survey, _("unknown village code %(code)s") % {"code": data.village_code or "—"}
    if not office.covers(village.code):
        return survey, _("village %(code)s is outside your region") % {"code": village.code}
    commodity = str(data.commodity or "").strip().lower()
    labels = {str(label).lower(): value for value, label in Commodity.choices}
    commodity = labels.get(commodity, commodity)
    if commodity not in Commodity.values:
        return survey, _("unknown commodity %(value)s") % {"value": data.commodity or "—"}
    other = str(data.commodity_other or "").strip()[:80]
    if commodity == Commodity.OTHER and not other:
        return survey, _("name the commodity when it is Other")
    raw = data.volume
    if isinstance(raw, float) and raw == raw and raw not in (float("inf"), float("-inf")):
        raw = str(raw)  # a number cell of a workbook
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    try:
        volume = decimal_in(raw, label=_("Volume"), field="volume", places=Decimal("0.01"), code="volume")
    except ApplicationError as error:
        return survey, error.message.rstrip(".")
    if volume > MAX_VOLUME:
        return survey, _("volume is too large")
    unit = str(data.unit or "").strip()[:20]
    if not unit:
        return survey, _("unit is required")
    try:
        months = parse_months(data.months)
    except (ValueError, TypeError):
        return survey, _("season months must be numbers 1 to 12")
    try:
        surveyed_on = _date(data.surveyed_on)
    except (ValueError, TypeError):
        return survey, _("survey date must be a date (YYYY-MM-DD)")
    survey.village = village
    survey.province_code, survey.regency_code, survey.district_code = (
        village.province_code,
        village.regency_code,
        village.district_code,
    )
    survey.commodity, survey.commodity_other = commodity, other if commodity == Commodity.OTHER else ""
    survey.volume, survey.unit, survey.months = volume.quantize(Decimal("0.01")), unit, months
    survey.surveyed_on, survey.source = surveyed_on, str(data.source or "").strip()[:150]
    return survey, ""


def _villages(rows: list[SurveyInput]) -> dict[str, Region]:
    return Region.objects.in_bulk([c for c in (normalise_code(r.village_code) for r in rows) if c])


@transaction.atomic
def survey_record(
    *, office: GovernmentOffice, data: SurveyInput, actor: User | None, ip_address: str | None = None
) -> CommoditySurvey:
    villages = _villages([data])
    survey, problem = _clean(office, data, villages)
    if problem:
        village = villages.get(normalise_code(data.village_code))
        outside = village is not None and not office.covers(village.code)
        code = error_codes.OUTSIDE_REGION if outside else error_codes.INVALID_SURVEY
        raise ApplicationError(problem[:1].upper() + problem[1:] + ".", code=code)
    survey.created_by = actor
    survey.save()
    audit_record(
        actor=actor,
        event="survey.recorded",
        target=survey,
        region_code=survey.village_id,
        changes={"village": [None, survey.village.name], "commodity": [None, survey.commodity_label]},
        ip_address=ip_address,
    )
    return survey


@transaction.atomic
def surveys_import(
    *, office: GovernmentOffice, rows: list[tuple[int, SurveyInput]], actor: User | None, ip_address: str | None = None
) -> int:
    """`rows`: (row number in the file, input). Any bad row refuses the whole file, naming the rows."""
    if not rows:
        raise ApplicationError(_("The file has no survey rows."), code=error_codes.INVALID_ROWS)
    villages = _villages([r for _n, r in rows])
    surveys: list[CommoditySurvey] = []
    problems: list[str] = []
    for number, data in rows:
        survey, problem = _clean(office, data, villages)
        if problem:
            problems.append(_("row %(row)s: %(problem)s") % {"row": number, "problem": problem})
        survey.created_by = actor
        surveys.append(survey)
    if problems:
        more = len(problems) - LISTED_PROBLEMS
        suffix = (" " + _("(and %(count)s more)") % {"count": more}) if more > 0 else ""
        raise ApplicationError(
            _("The file was refused, nothing was imported: %(problems)s")
            % {"problems": "; ".join(problems[:LISTED_PROBLEMS]) + suffix},
            code=error_codes.INVALID_ROWS,
            extra={"problems": problems[:LISTED_PROBLEMS], "count": len(problems)},
        )
    CommoditySurvey.objects.bulk_create(surveys, batch_size=500)
    audit_record(
        actor=actor,
        event="surveys.imported",
        target=office,
        region_code=office.scope_code,
        changes={"count": [None, len(surveys)]},
        ip_address=ip_address,
    )
    return len(surveys)
