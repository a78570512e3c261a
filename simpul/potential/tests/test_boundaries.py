"""Boundary import: codes in any of the accepted keys and forms, the whole file or nothing, re-import replaces."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.core.exceptions import ApplicationError
from simpul.potential.geometry import normalise_code
from simpul.potential.models import Boundary
from simpul.potential.services.boundaries import LISTED_PROBLEMS, boundaries_import
from simpul.potential.tests.factories import collection, district_squares, feature, square
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3273011001", "32.73.01.1001"),
        ("32.73.01.1001", "32.73.01.1001"),
        (" 32.73 ", "32.73"),
        (3273, "32.73"),
        ("32", "32"),
        ("327", ""),
        ("32.73.x", ""),
        (None, ""),
    ],
)
def test_codes_are_normalised_to_the_regions_format(raw: object, code: str) -> None:
    assert normalise_code(raw) == code


def test_a_collection_is_imported_with_each_key_and_code_form() -> None:
    raw = collection(
        feature("3273", square(107.5, -6.9, 0.2), key="code"),
        feature("32.73.01", square(107.55, -6.88), key="kode"),
        feature("3273011001", square(107.56, -6.87, 0.005), key="kode_wilayah"),
    )
    result = boundaries_import(raw=raw, actor=None)
    assert (result.created, result.replaced) == (3, 0)
    stored = Boundary.objects.get(pk="32.73.01")
    assert stored.level == Region.objects.get(code="32.73.01").level
    assert stored.geometry["type"] == "Polygon"
    assert stored.display["coordinates"][0][0] == stored.display["coordinates"][0][-1]


def test_reimport_replaces_the_region() -> None:
    boundaries_import(raw=collection(feature("32.73.01", square(107.5, -6.9))), actor=None)
    result = boundaries_import(raw=collection(feature("32.73.01", square(110.0, -7.0))), actor=None)
    assert (result.created, result.replaced) == (0, 1)
    assert Boundary.objects.get(pk="32.73.01").geometry["coordinates"][0][0] == [110.0, -7.0]


def test_multipolygons_are_accepted() -> None:
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(107.5, -6.9)["coordinates"], square(107.6, -6.9)["coordinates"]],
    }
    boundaries_import(raw=collection(feature("32.73.02", multi)), actor=None)
    assert Boundary.objects.get(pk="32.73.02").geometry["type"] == "MultiPolygon"


def _bowtie() -> dict[str, object]:
    return {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (feature("99.99", square(107.5, -6.9)), "tidak ada"),
        (feature("32.73.01", _bowtie()), "tidak sah"),
        (feature("32.73.01", {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}), "tertutup"),
        (feature("32.73.01", square(200.0, -6.9)), "rentang"),
        (feature("32.73.01", {"type": "Point", "coordinates": [107.5, -6.9]}), "Polygon"),
        ({"type": "Feature", "properties": {"nama": "x"}, "geometry": square(1, 1)}, "kode"),
    ],
)
def test_one_bad_feature_refuses_the_whole_file(bad: dict[str, object], words: str) -> None:
    good = feature("32.73.02", square(107.5, -6.9))
    with pytest.raises(ApplicationError) as refused:
        boundaries_import(raw=collection(good, bad), actor=None)
    assert refused.value.code == "invalid_features"
    assert "fitur 2" in refused.value.message
    assert words in refused.value.message
    assert not Boundary.objects.exists()


def test_the_refusal_lists_the_first_bad_features_only() -> None:
    bad = [feature(f"99.{n:02d}", square(1, 1)) for n in range(LISTED_PROBLEMS + 5)]
    with pytest.raises(ApplicationError) as refused:
        boundaries_import(raw=collection(*bad), actor=None)
    assert len(refused.value.extra["problems"]) == LISTED_PROBLEMS
    assert refused.value.extra["count"] == LISTED_PROBLEMS + 5
    assert "5" in refused.value.message


@pytest.mark.parametrize(
    "raw", [b"not json", b"[]", json.dumps({"type": "FeatureCollection", "features": []}).encode()]
)
def test_what_is_no_feature_collection_is_refused(raw: bytes) -> None:
    with pytest.raises(ApplicationError) as refused:
        boundaries_import(raw=raw, actor=None)
    assert refused.value.code == "invalid_file"


def test_the_management_command_imports_and_refuses(tmp_path: Path) -> None:
    good = tmp_path / "batas.geojson"
    good.write_bytes(district_squares())
    call_command("import_boundaries", str(good), verbosity=0)
    assert (
        Boundary.objects.filter(region__parent_id="32.73").count() == Region.objects.filter(parent_id="32.73").count()
    )
    bad = tmp_path / "salah.geojson"
    bad.write_bytes(collection(feature("99.99", square(1, 1))))
    with pytest.raises(CommandError):
        call_command("import_boundaries", str(bad), verbosity=0)
