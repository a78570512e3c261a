"""The region table: the whole Kemendagri hierarchy, loaded idempotently, with each province's time zone."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from simpul.regions.models import Region, RegionLevel

pytestmark = pytest.mark.django_db


def test_the_four_counts():
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by("level"))
    assert counts == {
        RegionLevel.PROVINCE: 38,
        RegionLevel.REGENCY: 514,
        RegionLevel.DISTRICT: 7_285,
        RegionLevel.VILLAGE: 83_762,
    }


def test_every_region_below_a_province_hangs_under_its_parent():
    assert not Region.objects.filter(level=RegionLevel.PROVINCE, parent__isnull=False).exists()
    assert not Region.objects.filter(level__gt=RegionLevel.PROVINCE, parent__isnull=True).exists()
    village = Region.objects.get(code="32.73.01.1002")
    chain = [village.name]
    parent = village.parent
    while parent is not None:
        chain.append(parent.name)
        parent = parent.parent
    assert chain == ["Gegerkalong", "Sukasari", "Kota Bandung", "Jawa Barat"]
    assert (village.province_code, village.regency_code, village.district_code) == ("32", "32.73", "32.73.01")
    assert village.path == "Gegerkalong, Sukasari, Kota Bandung, Jawa Barat"


def _snapshot():
    fields = [f.attname for f in Region._meta.concrete_fields]
    return list(Region.objects.order_by("code").values_list(*fields))


def test_load_regions_twice_changes_nothing(capsys):
    before = _snapshot()
    call_command("load_regions")
    assert "38 provinces, 514 regencies/cities, 7285 districts, 83762 villages" in capsys.readouterr().out
    assert _snapshot() == before


def test_load_regions_if_empty_does_nothing_when_loaded(capsys):
    call_command("load_regions", "--if-empty")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("code", "name", "zone", "label"),
    [
        ("32.73", "Kota Bandung", "Asia/Jakarta", "WIB"),
        ("73.71", "Kota Makassar", "Asia/Makassar", "WITA"),
        ("91.71", "Kota Jayapura", "Asia/Jayapura", "WIT"),
        ("51.71", "Kota Denpasar", "Asia/Makassar", "WITA"),
        ("81.71", "Kota Ambon", "Asia/Jayapura", "WIT"),
    ],
)
def test_time_zone_follows_the_province(code, name, zone, label):
    region = Region.objects.get(code=code)
    assert (region.name, region.timezone, region.timezone_label) == (name, zone, label)
    # Every village of the regency/city shares it.
    assert set(Region.objects.filter(regency_code=code).values_list("timezone", flat=True)) == {zone}
