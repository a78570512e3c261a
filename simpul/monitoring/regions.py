"""Region roll-ups: each region's row is the sum of its children's rows (a village's cooperatives, a district's
villages, a regency's districts, a province's regencies, the country's provinces), and likewise each region's month
rows. `regions_refresh` recomputes the regions of some villages and every region above them, bottom-up, inside the
cooperatives' refresh transaction (rollups.py), so a region's figures move in the same commit as its cooperatives'.

Two refreshes in one region must not both read before either writes (each would miss the other's cooperative), so a
refresh locks the region rows it recomputes before reading their children, level by level from the villages up, each
level in code order: every refresh takes its locks in one order (the cooperatives' rows first, in rollups.py), so
they wait for each other and never deadlock, and the one that waits reads again once the other has committed."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from simpul.monitoring.models import (
    CooperativeMonthRollup,
    CooperativeRollup,
    RegionMonthRollup,
    RegionRollup,
    RollupWarning,
)
from simpul.regions.models import RegionLevel

COUNTRY = ""  # the country's code in the region roll-ups (level 0)
CHUNK = 500  # codes per IN (…) list
FIGURES = (
    "members",
    "savings",
    "assets",
    "mart_sales_member",
    "mart_sales_nonmember",
    "jointbuy_savings",
    "needs_open",
    "needs_overdue",
    "rat_expected",
    "rat_received",
    "rat_on_time",
    "rat_overdue",
    "recommendations_overdue",
)
MONTH_FIGURES = ("members", "mart_sales_member", "mart_sales_nonmember", "needs_submitted")
MONEY = frozenset({"savings", "assets", "mart_sales_member", "mart_sales_nonmember", "jointbuy_savings"})


def parent_code(code: str) -> str:
    """The code one level up: 32.73.01.1001 → 32.73.01 → 32.73 → 32 → the country."""
    return code.rpartition(".")[0]


def level_of(code: str) -> int:
    return code.count(".") + 1 if code else 0


def _chunks(codes: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(codes), CHUNK):
        yield codes[start : start + CHUNK]


@dataclass
class _Totals:
    cooperatives: int = 0
    stale: int = 0
    oldest: dt.datetime | None = None
    newest: dt.datetime | None = None
    figures: dict[str, Any] = field(default_factory=lambda: {n: Decimal(0) if n in MONEY else 0 for n in FIGURES})
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, figures: dict[str, Any], cooperatives: int, stale: int, oldest: Any, newest: Any) -> None:
        self.cooperatives += cooperatives
        self.stale += stale
        for name in FIGURES:
            self.figures[name] += figures[name] or 0
        if oldest is not None and (self.oldest is None or oldest < self.oldest):
            self.oldest = oldest
        if newest is not None and (self.newest is None or newest > self.newest):
            self.newest = newest


def _village_totals(codes: list[str]) -> dict[str, _Totals]:
    """A village's totals from its cooperatives' rows and warnings."""
    totals: dict[str, _Totals] = {code: _Totals() for code in codes}
    rows = CooperativeRollup.objects.filter(village_code__in=codes).values(
        "village_code", "type", "status", "stale", "refreshed_at", *FIGURES
    )
    for row in rows:
        found = totals[row["village_code"]]
        found.add(row, 1, int(row["stale"]), row["refreshed_at"], row["refreshed_at"])
        found.counts[f"type:{row['type']}"] += 1
        found.counts[f"status:{row['status']}"] += 1
    for village_code, kind in RollupWarning.objects.filter(village_code__in=codes).values_list("village_code", "kind"):
        totals[village_code].counts[f"warning:{kind}"] += 1
    return totals


def _region_totals(level: int, codes: list[str]) -> dict[str, _Totals]:
    """A district's (regency's, province's, the country's) totals from its children's region rows."""
    totals: dict[str, _Totals] = {code: _Totals() for code in codes}
    rows = RegionRollup.objects.filter(level=level + 1, parent_code__in=codes).values(
        "parent_code", "cooperatives", "stale", "oldest_refresh", "newest_refresh", "counts", *FIGURES
    )
    for row in rows:
        found = totals[row["parent_code"]]
        found.add(row, row["cooperatives"], row["stale"], row["oldest_refresh"], row["newest_refresh"])
        found.counts.update(row["counts"])
    return totals


def _month_totals(level: int, codes: list[str]) -> dict[str, dict[dt.date, dict[str, Any]]]:
    rows: QuerySet[Any]
    if level == RegionLevel.VILLAGE:
        column, rows = "village_code", CooperativeMonthRollup.objects.filter(village_code__in=codes)
    else:
        column, rows = "parent_code", RegionMonthRollup.objects.filter(level=level + 1, parent_code__in=codes)
    grouped = rows.values(column, "month").annotate(**{f"sum_{n}": Sum(n) for n in MONTH_FIGURES}).order_by()
    months: dict[str, dict[dt.date, dict[str, Any]]] = {}
    for row in grouped:
        months.setdefault(row[column], {})[row["month"]] = {n: row[f"sum_{n}"] or 0 for n in MONTH_FIGURES}
    return months


def _locked(level: int, codes: list[str]) -> dict[str, RegionRollup]:
    """The regions' rows, locked until the transaction ends; a missing row is added first, to have one to lock."""
    rows = {r.code: r for r in RegionRollup.objects.select_for_update().filter(code__in=codes).order_by("code")}
    missing = [code for code in codes if code not in rows]
    if missing:
        RegionRollup.objects.bulk_create(
            [RegionRollup(code=c, level=level, parent_code=parent_code(c)) for c in missing],
            ignore_conflicts=True,  # another refresh added it meanwhile
        )
        added = RegionRollup.objects.select_for_update().filter(code__in=missing).order_by("code")
        rows.update({r.code: r for r in added})
    return rows


def _refresh_level(level: int, codes: list[str]) -> None:
    rows = _locked(level, codes)
    totals = _village_totals(codes) if level == RegionLevel.VILLAGE else _region_totals(level, codes)
    for code, row in rows.items():
        found = totals[code]
        row.cooperatives, row.stale = found.cooperatives, found.stale
        row.oldest_refresh, row.newest_refresh = found.oldest, found.newest
        for name, value in found.figures.items():
            setattr(row, name, value)
        row.counts = {key: n for key, n in sorted(found.counts.items()) if n}
    RegionRollup.objects.bulk_update(
        list(rows.values()),
        ["cooperatives", "stale", "oldest_refresh", "newest_refresh", "counts", *FIGURES],
    )
    months = _month_totals(level, codes)
    RegionMonthRollup.objects.filter(code__in=codes).delete()
    RegionMonthRollup.objects.bulk_create(
        [
            RegionMonthRollup(code=code, level=level, parent_code=parent_code(code), month=month, **figures)
            for code, by_month in months.items()
            for month, figures in by_month.items()
        ]
    )


def regions_refresh(village_codes: Iterable[str]) -> None:
    """Recompute these villages' rows and every row above them, bottom-up. Called inside the cooperatives' refresh
    transaction, after their rows are written (and locked)."""
    codes = sorted(set(village_codes))
    level = int(RegionLevel.VILLAGE)
    while codes:
        for chunk in _chunks(codes):
            _refresh_level(level, chunk)
        if level == 0:
            break
        codes = sorted({parent_code(c) for c in codes})
        level -= 1


def regions_rebuild() -> None:
    """Every region's rows, from the villages that hold a cooperative's row or had a region row."""
    villages = set(CooperativeRollup.objects.values_list("village_code", flat=True).distinct())
    villages |= set(RegionRollup.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
    regions_refresh(villages)
