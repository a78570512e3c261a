"""Commodity surveys: one by the service, many from a workbook (all rows or none), and the commodity table."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CILACAP_VILLAGE
from simpul.core.exceptions import ApplicationError
from simpul.mart.models import Product
from simpul.potential import selectors
from simpul.potential.layers import LayerScope
from simpul.potential.models import Commodity, CommoditySurvey
from simpul.potential.services.surveys import SurveyInput, parse_months, survey_record, surveys_import
from simpul.potential.tests.factories import OTHER_BANDUNG_VILLAGE, MapWorld, map_world
from simpul.potential.workbook import COLUMNS, read_rows, template_bytes
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MapWorld:
    return map_world()


def _input(**changes: Any) -> SurveyInput:
    values: dict[str, Any] = {
        "village_code": BANDUNG_VILLAGE,
        "commodity": "padi",
        "volume": "120",
        "unit": "ton",
        "months": [3, 4],
        "surveyed_on": dt.date(2026, 6, 1),
        "source": "Penyuluh",
    }
    return SurveyInput(**(values | changes))


def test_a_survey_is_recorded_with_the_village_ancestors(world: MapWorld) -> None:
    survey = survey_record(office=world.office, data=_input(village_code="3273011002"), actor=world.officer)
    assert survey.village_id == BANDUNG_VILLAGE
    assert (survey.regency_code, survey.district_code) == ("32.73", "32.73.01")
    assert survey.volume == Decimal("120.00") and survey.months == [3, 4]


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"village_code": CILACAP_VILLAGE}, "outside_region", "di luar"),
        ({"village_code": "32.73.01.9999"}, "invalid_survey", "tidak dikenal"),
        ({"village_code": "32.73.01"}, "invalid_survey", "tidak dikenal"),
        ({"volume": "-1"}, "invalid_survey", "negatif"),
        ({"volume": "banyak"}, "invalid_survey", "Volume"),
        ({"months": [13]}, "invalid_survey", "bulan"),
        ({"commodity": "emas"}, "invalid_survey", "komoditas"),
        ({"commodity": "lainnya"}, "invalid_survey", "Lainnya"),
        ({"unit": ""}, "invalid_survey", "Satuan"),
        ({"surveyed_on": "kemarin"}, "invalid_survey", "tanggal"),
    ],
)
def test_a_bad_survey_is_refused_and_nothing_written(
    world: MapWorld, changes: dict[str, Any], code: str, words: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        survey_record(office=world.office, data=_input(**changes), actor=world.officer)
    assert refused.value.code == code
    assert words.lower() in refused.value.message.lower()
    assert not CommoditySurvey.objects.exists()


@pytest.mark.parametrize(
    ("raw", "months"), [("3,4,5", [3, 4, 5]), ("11-2", [1, 2, 11, 12]), (7, [7]), (7.0, [7]), ("", []), ([1, 1], [1])]
)
def test_months_are_read_from_lists_ranges_and_cells(raw: Any, months: list[int]) -> None:
    assert parse_months(raw) == months


@pytest.mark.parametrize("raw", ["0", "13", "x", "3-14", 2.5, True])
def test_bad_months_are_refused(raw: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        parse_months(raw)


def _workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_reads_back_as_one_row() -> None:
    rows = read_rows(template_bytes())
    assert len(rows) == 1 and rows[0][0] == 2
    names = load_workbook(io.BytesIO(template_bytes())).sheetnames
    assert names == ["survei", "komoditas"]


def test_a_workbook_is_imported_whole(world: MapWorld) -> None:
    content = _workbook(
        [
            ["3273011002", "padi", "", 100, "ton", "3,4", dt.datetime(2026, 6, 1), "Penyuluh"],
            [OTHER_BANDUNG_VILLAGE, "Jagung", "", 40.5, "ton", 8, "2026-06-02", ""],
            [None, None, None, None, None, None, None, None],
            [OTHER_BANDUNG_VILLAGE, "lainnya", "Kopi luwak", 2, "kg", "", "2026-06-02", ""],
        ]
    )
    assert surveys_import(office=world.office, rows=read_rows(content), actor=world.officer) == 3
    assert CommoditySurvey.objects.get(commodity=Commodity.CORN).volume == Decimal("40.50")
    assert CommoditySurvey.objects.get(commodity=Commodity.OTHER).commodity_label == "Kopi luwak"


def test_bad_rows_refuse_the_workbook_naming_the_rows(world: MapWorld) -> None:
    content = _workbook(
        [
            [BANDUNG_VILLAGE, "padi", "", 100, "ton", "3", "2026-06-01", ""],
            [CILACAP_VILLAGE, "padi", "", 100, "ton", "3", "2026-06-01", ""],
            ["99.99.99.9999", "padi", "", 100, "ton", "3", "2026-06-01", ""],
            [BANDUNG_VILLAGE, "padi", "", -5, "ton", "3", "2026-06-01", ""],
            [BANDUNG_VILLAGE, "padi", "", 5, "ton", "13", "2026-06-01", ""],
        ]
    )
    with pytest.raises(ApplicationError) as refused:
        surveys_import(office=world.office, rows=read_rows(content), actor=world.officer)
    message = refused.value.message
    assert refused.value.code == "invalid_rows"
    for row in ("baris 3", "baris 4", "baris 5", "baris 6"):
        assert row in message
    assert "baris 2" not in message
    assert not CommoditySurvey.objects.exists()


@pytest.mark.parametrize("content", [b"kode_desa,komoditas\n", b"PK\x03\x04broken", _workbook([])])
def test_what_is_no_survey_workbook_is_refused(world: MapWorld, content: bytes) -> None:
    with pytest.raises(ApplicationError):
        surveys_import(office=world.office, rows=read_rows(content), actor=world.officer)


def test_the_commodity_table_ranks_places_and_names_serving_cooperatives(world: MapWorld) -> None:
    survey_record(office=world.office, data=_input(volume="50"), actor=world.officer)
    survey_record(
        office=world.office, data=_input(village_code=OTHER_BANDUNG_VILLAGE, volume="80"), actor=world.officer
    )
    scope = LayerScope(region=Region.objects.get(code="32.73"), public=True)
    table = selectors.commodity_table(scope, "padi")
    assert [row.code for row in table.villages] == [OTHER_BANDUNG_VILLAGE, BANDUNG_VILLAGE]
    assert [(row.code, row.volume) for row in table.districts] == [("32.73.01", Decimal("130.00"))]
    # The KUD serves rice by its type; the KSU does not until its mart sells beras.
    assert [(r.cooperative.pk, r.reason) for r in table.serving] == [(world.kud.pk, "type")]
    Product.objects.create(cooperative=world.shop, sku="B1", name="Beras Medium 5 kg")
    table = selectors.commodity_table(scope, "padi")
    assert {(r.cooperative.pk, r.reason) for r in table.serving} == {
        (world.kud.pk, "type"),
        (world.shop.pk, "products"),
    }
    assert selectors.commodity_table(LayerScope(Region.objects.get(code="33.01"), True), "padi").villages == []
