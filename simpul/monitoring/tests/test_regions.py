"""Region roll-ups: at every level (village, district, regency, province, the country) a region's row and month rows
equal the sums of its cooperatives' rows, after a rebuild, after a write's refresh and after a cooperative moves to
another village; the dashboard reads them, not the cooperatives' rows."""

from collections import Counter

import pytest
from django.db.models import Count, Q, Sum

from simpul.coops.models import Cooperative, CooperativeType
from simpul.coops.tests.factories import BANDUNG_VILLAGE, CILACAP_VILLAGE, CooperativeFactory
from simpul.monitoring import selectors
from simpul.monitoring.models import (
    CooperativeMonthRollup,
    CooperativeRollup,
    RegionMonthRollup,
    RegionRollup,
    RollupWarning,
)
from simpul.monitoring.regions import COUNTRY, FIGURES, MONTH_FIGURES
from simpul.monitoring.rollups import rollups_rebuild, rollups_refresh
from simpul.monitoring.tests.world import post_need, sell, world
from simpul.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

LEVELS = ((4, "village_code"), (3, "district_code"), (2, "regency_code"), (1, "province_code"), (0, None))
OTHER_BANDUNG_VILLAGE = "32.73.01.1001"


def assert_regions_equal_their_cooperatives() -> None:
    """Every region row against the cooperatives' rows summed by the copied region column (what the dashboard
    summed before region rows existed)."""
    for level, column in LEVELS:
        sums = {"n": Count("pk"), "stale_n": Count("pk", filter=Q(stale=True)), **{f: Sum(f) for f in FIGURES}}
        if column:
            grouped = CooperativeRollup.objects.values(column).annotate(**sums).order_by()
            expected = {g[column]: g for g in grouped}
        else:
            expected = {COUNTRY: CooperativeRollup.objects.aggregate(**sums)}
        got = {r.code: r for r in RegionRollup.objects.filter(level=level, cooperatives__gt=0)}
        assert set(got) == set(expected), level
        for code, row in got.items():
            want = expected[code]
            assert (row.cooperatives, row.stale) == (want["n"], want["stale_n"]), code
            assert {f: getattr(row, f) for f in FIGURES} == {f: want[f] for f in FIGURES}, code
            in_region = CooperativeRollup.objects.filter(**({column: code} if column else {}))
            counts: Counter[str] = Counter()
            counts.update(f"type:{t}" for t in in_region.values_list("type", flat=True))
            counts.update(f"status:{s}" for s in in_region.values_list("status", flat=True))
            warned = RollupWarning.objects.filter(**({column: code} if column else {}))
            counts.update(f"warning:{k}" for k in warned.values_list("kind", flat=True))
            assert row.counts == dict(counts), code
        month_rows = CooperativeMonthRollup.objects.values(*([column] if column else []), "month")
        months = {
            ((g[column] if column else COUNTRY), g["month"]): g
            for g in month_rows.annotate(**{f: Sum(f) for f in MONTH_FIGURES}).order_by()
        }
        got_months = {(r.code, r.month): r for r in RegionMonthRollup.objects.filter(level=level)}
        assert set(got_months) == set(months), level
        for key, month_row in got_months.items():
            assert {f: getattr(month_row, f) for f in MONTH_FIGURES} == {f: months[key][f] for f in MONTH_FIGURES}, key


def test_every_region_level_equals_the_sums_of_its_cooperatives(settings):
    settings.SIMPUL_MONITORING_INACTIVE_DAYS = 0  # every cooperative without activity today warns
    w = world()
    sell(w.mart, 3)
    sell(w.mart, 2, member=True)
    post_need(w.mart.cooperative, w.mart.manager)
    CooperativeFactory.create(village_code=BANDUNG_VILLAGE, type=CooperativeType.KSP)
    CooperativeFactory.create(village_code=OTHER_BANDUNG_VILLAGE, type=CooperativeType.MERAH_PUTIH)
    rollups_rebuild()

    assert_regions_equal_their_cooperatives()
    country = RegionRollup.objects.get(code=COUNTRY)
    assert country.cooperatives == Cooperative.objects.count() == 4
    assert country.counts["type:ksp"] == 1 and country.counts["warning:inactive"] >= 1
    # The dashboard's figures are the region rows'.
    bandung = Region.objects.get(code="32.73")
    assert selectors.summary(bandung).figures["needs_open"] == 1
    assert [c.code for c in selectors.child_rows(None)] == ["32", "33"]  # Jawa Barat, Jawa Tengah


def test_a_write_moves_its_village_and_every_region_above_in_its_refresh(django_capture_on_commit_callbacks):
    w = world()
    CooperativeFactory.create(village_code=BANDUNG_VILLAGE)
    rollups_rebuild()
    before = {r.code: r.needs_open for r in RegionRollup.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        post_need(w.mart.cooperative, w.mart.manager)

    village = w.mart.cooperative.village_id
    above = {village, "32.73.01", "32.73", "32", COUNTRY}
    after = {r.code: r.needs_open for r in RegionRollup.objects.all()}
    assert {code for code in after if after[code] != before.get(code)} == above
    assert all(after[code] == before[code] + 1 for code in above)
    assert_regions_equal_their_cooperatives()


def test_a_cooperative_that_moves_leaves_its_old_village_and_regions():
    world()
    mover = CooperativeFactory.create(village_code=BANDUNG_VILLAGE, type=CooperativeType.KSP)
    rollups_rebuild()
    assert RegionRollup.objects.get(code="33").cooperatives == 1

    tambakreja = Region.objects.get(code=CILACAP_VILLAGE)
    Cooperative.objects.filter(pk=mover.pk).update(
        village_id=tambakreja.code,
        province_code=tambakreja.province_code,
        regency_code=tambakreja.regency_code,
        district_code=tambakreja.district_code,
    )
    rollups_refresh(cooperative_ids=[mover.pk])

    assert_regions_equal_their_cooperatives()
    assert RegionRollup.objects.get(code="33").cooperatives == 2
    assert RegionRollup.objects.get(code="33").counts["type:ksp"] == 1
    assert "type:ksp" not in RegionRollup.objects.get(code=BANDUNG_VILLAGE).counts
    assert RegionRollup.objects.get(code=COUNTRY).cooperatives == 3


def test_a_deleted_cooperative_leaves_its_regions_once_the_deletion_commits(django_capture_on_commit_callbacks):
    world()
    gone = CooperativeFactory.create(village_code=CILACAP_VILLAGE, type=CooperativeType.KSP)
    rollups_rebuild()
    assert RegionRollup.objects.get(code="33").cooperatives == 2
    country = RegionRollup.objects.get(code=COUNTRY).cooperatives

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        gone.delete()
    assert len(callbacks) == 1
    assert_regions_equal_their_cooperatives()
    assert RegionRollup.objects.get(code="33").cooperatives == 1
    assert "type:ksp" not in RegionRollup.objects.get(code=CILACAP_VILLAGE).counts
    assert RegionRollup.objects.get(code=COUNTRY).cooperatives == country - 1


def test_a_region_whose_last_cooperative_left_is_not_listed():
    world()
    mover = CooperativeFactory.create(village_code=OTHER_BANDUNG_VILLAGE)
    rollups_rebuild()
    district = Region.objects.get(code="32.73.01")
    assert OTHER_BANDUNG_VILLAGE in [c.code for c in selectors.child_rows(district)]

    village = Region.objects.get(code=BANDUNG_VILLAGE)
    Cooperative.objects.filter(pk=mover.pk).update(village_id=village.code)
    rollups_refresh(cooperative_ids=[mover.pk])

    assert RegionRollup.objects.get(code=OTHER_BANDUNG_VILLAGE).cooperatives == 0
    assert [c.code for c in selectors.child_rows(district)] == [BANDUNG_VILLAGE]
    assert_regions_equal_their_cooperatives()


def test_a_region_without_cooperatives_reads_zero():
    world()
    rollups_rebuild()
    empty = selectors.summary(Region.objects.get(code="32.73.01.1001"))
    assert (empty.cooperatives, empty.figures["needs_open"], empty.by_type) == (0, 0, [])
    assert all(row.figures["members"] == 0 for row in selectors.trend(Region.objects.get(code="32.73.01.1001")))
