"""Writing the roll-ups: `rollups_refresh` recomputes some cooperatives' rows from every indicator source,
`rollups_rebuild` does it for all (manage.py rebuild_rollups); both then recompute the rows of the regions above
those cooperatives (regions.py) in the same transaction; and `figures_changed` is the listener of
coops.hooks.cooperative_figures_changed: inside the writer's transaction it only leaves an on-commit callback, which
marks the rows stale and refreshes them once that transaction commits. A refresh that fails is logged and leaves the
rows stale (the dashboard says so, and `rebuild_rollups --stale` catches up); it never breaks the writer, who has
committed already. A rolled-back write leaves nothing: its callback is dropped with it."""

import datetime as dt
import logging
import threading
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from simpul.coops.models import Cooperative
from simpul.monitoring import warnings
from simpul.monitoring.indicators import COOPERATIVE_FIELDS, Window, sources, window_at
from simpul.monitoring.models import CooperativeMonthRollup, CooperativeRollup, RollupWarning
from simpul.monitoring.regions import regions_rebuild, regions_refresh

logger = logging.getLogger(__name__)

BATCH = 500
COLUMNS = {
    f.name
    for f in CooperativeRollup._meta.concrete_fields
    if f.name not in {"id", "cooperative", "extra", "stale", "refreshed_at"}
}
MONTH_COLUMNS = ("members", "mart_sales_member", "mart_sales_nonmember", "needs_submitted")
REGION_FIELDS = ("province_code", "regency_code", "district_code", "village_code")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _regions(cooperative: Cooperative) -> dict[str, str]:
    return {
        "province_code": cooperative.province_code,
        "regency_code": cooperative.regency_code,
        "district_code": cooperative.district_code,
        "village_code": cooperative.village_id,
    }


def _values(cooperatives: list[Cooperative], window: Window) -> dict[int, dict[str, Any]]:
    values: dict[int, dict[str, Any]] = {
        c.pk: {"registered_on": timezone.localtime(c.created_at).date()} for c in cooperatives
    }
    for source in sources():
        for cooperative_id, found in source.compute(cooperatives, window).items():
            if cooperative_id in values:
                values[cooperative_id].update(found)
    for found in values.values():
        found["last_activity_on"] = warnings.last_activity(found)
    return values


def _months(cooperatives: list[Cooperative], window: Window) -> dict[int, dict[dt.date, dict[str, Any]]]:
    months: dict[int, dict[dt.date, dict[str, Any]]] = {}
    for source in sources():
        if source.months is None:
            continue
        for cooperative_id, by_month in source.months(cooperatives, window).items():
            for month, found in by_month.items():
                months.setdefault(cooperative_id, {}).setdefault(month, {}).update(found)
    return months


@transaction.atomic
def rollups_refresh(*, cooperative_ids: Iterable[int], now: dt.datetime | None = None, regions: bool = True) -> int:
    """Recompute the roll-up rows (current, months, warnings) of these cooperatives, then (unless `regions` is
    false, for a rebuild that does them all once at its end) those of their regions; returns how many cooperatives."""
    ids = sorted(set(cooperative_ids))
    window = window_at(now)
    done = 0
    villages: set[str] = set()
    for start in range(0, len(ids), BATCH):
        cooperatives = list(
            Cooperative.objects.filter(pk__in=ids[start : start + BATCH]).only(*COOPERATIVE_FIELDS).order_by("pk")
        )
        if cooperatives:
            villages |= _write(cooperatives, window)
            done += len(cooperatives)
    if regions:
        regions_refresh(villages)
    return done


def _locked_rows(cooperatives: list[Cooperative]) -> dict[int, CooperativeRollup]:
    """The cooperatives' roll-up rows, locked until the refresh commits, so one refresh of a cooperative runs at a
    time: a refresh that read older figures can never write after one that read newer ones (a later refresh waits,
    then reads again). A missing row is added first (stale) to have something to lock. Only refreshes take these
    locks: the writers and the dashboards never wait for them."""
    ids = [c.pk for c in cooperatives]
    have = set(CooperativeRollup.objects.filter(cooperative_id__in=ids).values_list("cooperative_id", flat=True))
    CooperativeRollup.objects.bulk_create(
        [
            CooperativeRollup(cooperative_id=c.pk, type=c.type, status=c.status, **_regions(c))
            for c in cooperatives
            if c.pk not in have
        ],
        ignore_conflicts=True,  # another refresh added it meanwhile
    )
    rows = CooperativeRollup.objects.select_for_update().filter(cooperative_id__in=ids).order_by("cooperative_id")
    return {r.cooperative_id: r for r in rows}


@transaction.atomic
def _write(cooperatives: list[Cooperative], window: Window) -> set[str]:
    """Writes the cooperatives' rows; returns the villages whose region rows they change (a cooperative that moved:
    the old village and the new)."""
    existing = _locked_rows(cooperatives)
    villages = {row.village_code for row in existing.values()} | {c.village_id for c in cooperatives}
    moment = timezone.now()  # before reading: a write committed before this moment is in the figures
    values = _values(cooperatives, window)
    months = _months(cooperatives, window)
    ids = [c.pk for c in cooperatives]
    new: list[CooperativeRollup] = []
    changed: list[CooperativeRollup] = []
    defaults = {f.name: f.get_default() for f in CooperativeRollup._meta.concrete_fields if f.name in COLUMNS}
    for cooperative in cooperatives:
        found = values[cooperative.pk]
        row = existing.get(cooperative.pk) or CooperativeRollup(cooperative_id=cooperative.pk)
        for name, default in defaults.items():
            setattr(row, name, default)
        for name, value in {**_regions(cooperative), "type": cooperative.type, "status": cooperative.status}.items():
            setattr(row, name, value)
        extra = {}
        for name, value in found.items():
            if name in COLUMNS:
                setattr(row, name, value if value is not None or name == "last_activity_on" else defaults[name])
            else:
                extra[name] = _jsonable(value)
        row.extra, row.stale, row.refreshed_at = extra, False, moment
        (changed if row.pk else new).append(row)
    CooperativeRollup.objects.bulk_create(new)
    if changed:
        CooperativeRollup.objects.bulk_update(changed, [*COLUMNS, "extra", "stale", "refreshed_at"])

    CooperativeMonthRollup.objects.filter(cooperative_id__in=ids).delete()
    rows = []
    for cooperative in cooperatives:
        by_month = months.get(cooperative.pk, {})
        for month in window.months:
            in_month = by_month.get(month)
            if in_month:
                rows.append(
                    CooperativeMonthRollup(
                        cooperative_id=cooperative.pk,
                        month=month,
                        **_regions(cooperative),
                        **{k: v for k, v in in_month.items() if k in MONTH_COLUMNS},
                    )
                )
    CooperativeMonthRollup.objects.bulk_create(rows)

    held = {(w.cooperative_id, w.kind): w.since for w in RollupWarning.objects.filter(cooperative_id__in=ids)}
    RollupWarning.objects.filter(cooperative_id__in=ids).delete()
    fired = []
    for cooperative in cooperatives:
        for kind in warnings.firing(values[cooperative.pk], window.today):
            fired.append(
                RollupWarning(
                    cooperative_id=cooperative.pk,
                    kind=kind,
                    since=held.get((cooperative.pk, kind), window.today),
                    **_regions(cooperative),
                )
            )
    RollupWarning.objects.bulk_create(fired)
    return villages


def rollups_rebuild(*, only_stale: bool = False, now: dt.datetime | None = None) -> int:
    """Every cooperative's roll-ups (or only the stale and missing ones), a batch per transaction, then every
    region's rows once, in one transaction."""
    cooperatives = Cooperative.objects.order_by("pk")
    if only_stale:
        fresh = CooperativeRollup.objects.filter(stale=False).values("cooperative_id")
        cooperatives = cooperatives.exclude(pk__in=fresh)
    done = rollups_refresh_batches(list(cooperatives.values_list("pk", flat=True)), now=now)
    with transaction.atomic():
        regions_rebuild()
    return done


def rollups_refresh_batches(ids: list[int], *, now: dt.datetime | None = None) -> int:
    """These cooperatives' rows, a batch per transaction, leaving the region rows to the caller (a rebuild does them
    all once at its end); returns how many cooperatives."""
    done = 0
    for start in range(0, len(ids), BATCH):
        done += rollups_refresh(cooperative_ids=ids[start : start + BATCH], now=now, regions=False)
    return done


# --- the listener -------------------------------------------------------------------------------------------------


_thread = threading.local()
_REMEMBERED = 10_000


def _refreshed() -> dict[int, dt.datetime]:
    """When this thread last began refreshing each cooperative. A thread is inside a writer's transaction until it
    commits and runs its callbacks, so a refresh it began after a write was registered saw that write."""
    found: dict[int, dt.datetime] | None = getattr(_thread, "refreshed", None)
    if found is None or len(found) > _REMEMBERED:
        found = _thread.refreshed = {}
    return found


def refreshes_forget() -> None:
    """This thread forgets its refreshes. For tests: a rolled-back test gives its cooperatives' ids to the next one,
    and a test that travelled in time left refreshes dated after the next test's writes."""
    _thread.refreshed = {}


def refresh_stale(cooperative_ids: list[int], written_at: dt.datetime) -> None:
    """After the writer's commit: mark the cooperatives' rows stale, then refresh them. A cooperative this thread
    refreshed since the write (another write of the same transaction left its callback first) is skipped. If the
    refresh fails, the rows stay stale, for the dashboard to say and `rebuild_rollups --stale` to catch up."""
    refreshed = _refreshed()
    ids = [i for i in cooperative_ids if refreshed.get(i, written_at) <= written_at]
    if not ids:
        return
    started = timezone.now()
    try:
        CooperativeRollup.objects.filter(cooperative_id__in=ids, stale=False).update(stale=True)
        rollups_refresh(cooperative_ids=ids)
    except Exception:
        # The writer committed already: log, never raise into its request.
        logger.exception("monitoring: refreshing the roll-ups of cooperatives %s failed", ids)
        _count_stale(ids)
        return
    for i in ids:
        refreshed[i] = started


def _count_stale(cooperative_ids: list[int]) -> None:
    """After a failed refresh: the regions count the cooperatives' rows as stale (the dashboard says so)."""
    _regions_recount(
        CooperativeRollup.objects.filter(cooperative_id__in=cooperative_ids).values_list("village_code", flat=True)
    )


def _regions_recount(village_codes: Iterable[str]) -> None:
    """After a commit: these villages' rows and those above summed again (a query of codes is read in here); a
    failure is logged, never raised into the writer's request (`rebuild_rollups` catches up)."""
    try:
        with transaction.atomic():
            regions_refresh(village_codes)
    except Exception:
        logger.exception("monitoring: summing the region roll-ups of villages %s failed", village_codes)


def cooperative_deleted(*, instance: Cooperative, **_: Any) -> None:
    """post_delete of a cooperative (by the platform's admin; the app dissolves a cooperative, it never deletes one):
    its roll-up rows went with it, so its village's rows and those above are summed again once the deletion commits."""
    transaction.on_commit(partial(_regions_recount, [str(instance.village_id)]), robust=True)


def figures_changed(*, cooperative_ids: list[int], kinds: set[str]) -> None:
    """coops.hooks listener, called inside the writer's transaction: it writes nothing there (the posting path stays
    as lean as ADR 0005 keeps it) and leaves a callback that marks and refreshes the rows once the transaction
    commits; a rollback drops the callback, so a rolled-back write leaves nothing."""
    transaction.on_commit(partial(refresh_stale, list(cooperative_ids), timezone.now()), robust=True)


def demo_rollups_seed(*, cooperatives: Any, plan: Any, today: Any, created: Any) -> None:
    """seed_demo's last step: every cooperative's roll-ups, once all the demo data is in. Counts only the rows it
    adds, so a second run (which refreshes them) reports nothing new."""
    missing = Cooperative.objects.exclude(pk__in=CooperativeRollup.objects.values("cooperative_id")).count()
    rollups_rebuild()
    if missing:
        created["rollups"] += missing
