"""Pluggable indicator sources of the roll-ups.

The contract: a module `simpul/monitoring/indicators/<source>.py` exposes

    SOURCE = Source(
        key="rat",                       # unique, lower-case
        kinds=frozenset({"rat"}),        # the `kinds` of coops.hooks.cooperative_figures_changed it depends on
        indicators=("rat_due_on", "rat_overdue"),   # the names it returns
        compute=compute,                 # compute(cooperatives, window) -> {cooperative_id: {indicator: value}}
        months=None,                     # optional: months(cooperatives, window) -> {cooperative_id: {month: {…}}}
    )

and is listed in MODULES below. `cooperatives` is a list of Cooperative rows (only the fields of COOPERATIVE_FIELDS
loaded); `window` a Window (today and now in WIB, the trend's months). `compute` must read a fixed number of queries
for the whole list (group by cooperative), or at most a few per cooperative; it returns JSON-able values (int,
Decimal, date, bool, str) and may leave a cooperative out (its indicators then keep their defaults). An indicator
named like a CooperativeRollup column (members, savings, …) fills that column; any other lands in the row's `extra`.
`months` may give figures per month for CooperativeMonthRollup's columns.

A module may also expose WARNINGS, a list of warnings.WarningKind, to register warning kinds read from its
indicators; the kind `annual_report_overdue` is registered already and fires on the indicator `rat_overdue`, so a
`rat.py` source only has to return `rat_overdue: True` for the cooperatives whose annual members' meeting (RAT) is
overdue. Sources must not import one another; monitoring imports them, nothing else does.
"""

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")

# The modules of this package that are sources, in the order their indicators are merged.
MODULES = ["books", "members", "mart", "jointbuy", "needs", "rat", "training"]

TREND_MONTHS = 12
COOPERATIVE_FIELDS = (
    "id",
    "name",
    "slug",
    "type",
    "status",
    "village_id",
    "province_code",
    "regency_code",
    "district_code",
    "created_at",
)

Values = dict[int, dict[str, Any]]


@dataclass(frozen=True)
class Window:
    today: dt.date  # WIB
    now: dt.datetime
    months: tuple[dt.date, ...]  # the first days of the trend's months, oldest first, ending with today's month

    @property
    def month(self) -> dt.date:
        return self.months[-1]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def window_at(now: dt.datetime | None = None, *, count: int = TREND_MONTHS) -> Window:
    moment = now or timezone.now()
    today = timezone.localdate(moment, timezone=WIB)
    months = [month_start(today)]
    while len(months) < count:
        months.append(month_start(months[-1] - dt.timedelta(days=1)))
    return Window(today=today, now=moment, months=tuple(reversed(months)))


@dataclass(frozen=True)
class Source:
    key: str
    kinds: frozenset[str]
    indicators: tuple[str, ...]
    compute: Callable[[list[Any], Window], Values]
    months: Callable[[list[Any], Window], Mapping[int, Mapping[dt.date, Mapping[str, Any]]]] | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)


def sources() -> list[Source]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        found.append(module.SOURCE)
    return found


def module_warnings() -> list[Any]:
    found: list[Any] = []
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        found.extend(getattr(module, "WARNINGS", []))
    return found
