"""Early warnings: each kind reads a cooperative's roll-up values and says whether it holds. The thresholds are
settings (SIMPUL_MONITORING_*), so a province can tune them without code.

Kinds registered here:
- `inactive`: no activity (posting, sale, need) for INACTIVE_DAYS (60) days or more; a cooperative that never had
  any counts from the day it was registered.
- `wajib_arrears`: the share of active members behind on simpanan wajib is WAJIB_ARREARS_PERCENT (25) % or more.
- `staples_short`: one or more of the mart's staples (sembako) below the manager's minimum.
- `above_het`: one or more staples priced above the HET (harga eceran tertinggi) of the province or regency.
- `annual_report_overdue`: the indicator `rat_overdue` is true (indicators/rat.py: not reported and past a deadline).
A source module may register more through its WARNINGS list (indicators/__init__.py)."""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def inactive_days() -> int:
    return int(getattr(settings, "SIMPUL_MONITORING_INACTIVE_DAYS", 60))


def wajib_arrears_percent() -> Decimal:
    return Decimal(str(getattr(settings, "SIMPUL_MONITORING_WAJIB_ARREARS_PERCENT", 25)))


@dataclass(frozen=True)
class WarningKind:
    key: str
    label: Any  # a lazy translation
    fires: Callable[[Mapping[str, Any], dt.date], bool]


def last_activity(values: Mapping[str, Any]) -> dt.date | None:
    days = [values.get(name) for name in ("last_posted_on", "last_sale_on", "last_need_on")]
    found = [d for d in days if isinstance(d, dt.date)]
    return max(found) if found else None


def _inactive(values: Mapping[str, Any], today: dt.date) -> bool:
    since = values.get("last_activity_on") or values.get("registered_on")
    return since is not None and (today - since).days >= inactive_days()


def _wajib(values: Mapping[str, Any], today: dt.date) -> bool:
    members = values.get("members") or 0
    behind = values.get("wajib_arrears_members") or 0
    return members > 0 and Decimal(behind) * 100 >= wajib_arrears_percent() * members


KINDS: dict[str, WarningKind] = {}


def warning_kind_add(kind: WarningKind) -> None:
    KINDS[kind.key] = kind


for _kind in (
    WarningKind("inactive", _("No activity for 60 days"), _inactive),
    WarningKind("wajib_arrears", _("Many members behind on simpanan wajib"), _wajib),
    WarningKind("staples_short", _("Staples below their minimum"), lambda v, _t: (v.get("staples_short") or 0) > 0),
    WarningKind("above_het", _("Staples priced above the HET"), lambda v, _t: (v.get("staples_above_het") or 0) > 0),
    WarningKind("annual_report_overdue", _("Annual report (RAT) overdue"), lambda v, _t: bool(v.get("rat_overdue"))),
):
    warning_kind_add(_kind)


def kinds() -> dict[str, WarningKind]:
    from simpul.monitoring.indicators import module_warnings

    for kind in module_warnings():
        if kind.key not in KINDS:
            warning_kind_add(kind)
    return KINDS


def label(key: str) -> str:
    kind = kinds().get(key)
    return str(kind.label) if kind else key


def firing(values: Mapping[str, Any], today: dt.date) -> list[str]:
    return [key for key, kind in kinds().items() if kind.fires(values, today)]
