"""Early warnings fire at their thresholds and not before: no activity for 60 days, simpanan wajib arrears, staples
below their minimum or above the HET, the annual report (RAT) overdue once a source says so."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from simpul.coops.tests.factories import CooperativeFactory
from simpul.mart.models import PriceCeiling, Product, Staple
from simpul.monitoring import warnings
from simpul.monitoring.indicators import MODULES, sources
from simpul.monitoring.models import RollupWarning
from simpul.monitoring.rollups import rollups_refresh
from simpul.monitoring.tests.world import world
from simpul.regions.models import Region

D = Decimal
DAY = dt.date(2027, 3, 15)
pytestmark = pytest.mark.django_db


def kinds_of(cooperative):
    return set(RollupWarning.objects.filter(cooperative=cooperative).values_list("kind", flat=True))


def test_no_activity_fires_on_the_sixtieth_day_and_not_before():
    last = DAY - dt.timedelta(days=60)
    assert "inactive" in warnings.firing({"last_activity_on": last}, DAY)
    assert "inactive" not in warnings.firing({"last_activity_on": last + dt.timedelta(days=1)}, DAY)
    # Never any activity: counted from the day the cooperative was registered.
    assert "inactive" in warnings.firing({"last_activity_on": None, "registered_on": last}, DAY)
    assert "inactive" not in warnings.firing({"last_activity_on": None, "registered_on": DAY}, DAY)


def test_wajib_arrears_fire_at_the_share_and_not_below(settings):
    settings.SIMPUL_MONITORING_WAJIB_ARREARS_PERCENT = 25
    assert "wajib_arrears" in warnings.firing({"members": 100, "wajib_arrears_members": 25}, DAY)
    assert "wajib_arrears" not in warnings.firing({"members": 100, "wajib_arrears_members": 24}, DAY)
    assert "wajib_arrears" not in warnings.firing({"members": 0, "wajib_arrears_members": 0}, DAY)


def test_staples_and_the_annual_report():
    assert warnings.firing({"staples_short": 0, "staples_above_het": 0}, DAY) == []
    assert set(warnings.firing({"staples_short": 1, "staples_above_het": 1}, DAY)) == {"staples_short", "above_het"}
    assert warnings.firing({"rat_overdue": False}, DAY) == []
    assert warnings.firing({"rat_overdue": True}, DAY) == ["annual_report_overdue"]


def test_every_kind_has_a_label_and_the_sources_are_the_modules():
    assert set(warnings.kinds()) >= {"inactive", "wajib_arrears", "staples_short", "above_het", "annual_report_overdue"}
    assert [s.key for s in sources()] == MODULES
    for source in sources():
        assert source.indicators and source.kinds


@pytest.mark.calendar
def test_a_quiet_cooperative_gets_the_warning_on_day_sixty():
    registered = timezone.now()
    cooperative = CooperativeFactory.create()
    cooperative.created_at = registered
    cooperative.save(update_fields=["created_at"])
    with time_machine.travel(registered + dt.timedelta(days=59), tick=False):
        rollups_refresh(cooperative_ids=[cooperative.pk])
    assert "inactive" not in kinds_of(cooperative)
    with time_machine.travel(registered + dt.timedelta(days=60, hours=1), tick=False):
        rollups_refresh(cooperative_ids=[cooperative.pk])
    assert "inactive" in kinds_of(cooperative)
    first = RollupWarning.objects.get(cooperative=cooperative, kind="inactive").since
    with time_machine.travel(registered + dt.timedelta(days=70), tick=False):
        rollups_refresh(cooperative_ids=[cooperative.pk])
    assert RollupWarning.objects.get(cooperative=cooperative, kind="inactive").since == first  # kept while it holds


@pytest.mark.calendar
def test_the_marts_staples_short_and_above_the_het():
    w = world()
    mart = w.mart
    cooperative = mart.cooperative
    rollups_refresh(cooperative_ids=[cooperative.pk])
    assert not kinds_of(cooperative) & {"staples_short", "above_het"}
    Product.objects.filter(pk=mart.rice.pk).update(staple=Staple.RICE, min_stock=D(10), base_unit="kg")
    rollups_refresh(cooperative_ids=[cooperative.pk])  # 50 kg on hand, 10 the minimum, no HET yet
    assert not kinds_of(cooperative) & {"staples_short", "above_het"}
    Product.objects.filter(pk=mart.rice.pk).update(min_stock=D(51))
    PriceCeiling.objects.create(
        region=Region.objects.get(code=cooperative.province_code),
        staple=Staple.RICE,
        unit="kg",
        price=D(13500),
        valid_from=cooperative.today() - dt.timedelta(days=1),
    )
    rollups_refresh(cooperative_ids=[cooperative.pk])
    assert kinds_of(cooperative) >= {"staples_short", "above_het"}
