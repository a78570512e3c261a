"""Schemas of the potential map's API. Volumes go in as text ("120", "2.5") and come out as decimal strings."""

import datetime
from typing import Any

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema


class SurveyIn(InputSchema):
    village_code: str = Field(..., min_length=1, max_length=13, description="Kemendagri village code, dots optional")
    commodity: str = Field(..., min_length=1, max_length=16, description="A code of the controlled list (padi, …)")
    commodity_other: str = Field("", max_length=80, description="The commodity's name when `commodity` is lainnya")
    volume: str = Field(..., max_length=20, description='Zero or more, as text ("120", "2.5")')
    unit: str = Field(..., min_length=1, max_length=20)
    months: list[int] = Field(default_factory=list, max_length=12, description="Season months, 1–12")
    surveyed_on: datetime.date
    source: str = Field("", max_length=150)


class SurveyOut(Schema):
    id: int
    village_code: str
    village_name: str
    commodity: str
    commodity_label: str
    volume: str
    unit: str
    months: list[int]
    surveyed_on: datetime.date
    source: str


class FeatureCollectionOut(Schema):
    type: str = "FeatureCollection"
    features: list[dict[str, Any]]
    truncated: int = 0
    choropleth: dict[str, Any] | None = None
