"""Schemas of the training API. Texts are capped at their columns' lengths; dates are ISO dates."""

import datetime
from typing import Literal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema


class CourseSessionOut(Schema):
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    place: str
    link: str


class CourseOut(Schema):
    id: int
    title: str
    description: str
    audience: str
    organiser: str
    capacity: int
    taken: int
    sessions: list[CourseSessionOut]


class EnrolmentIn(InputSchema):
    full_name: str = Field(..., min_length=1, max_length=150)
    phone: str = Field(..., min_length=1, max_length=20, description="08… or +62…")
    position: Literal["managers", "supervisors", "cashiers", "producers"]


class EnrolmentOut(Schema):
    id: int
    course_id: int
    full_name: str
    phone: str
    position: str
    certified: bool
    certified_on: datetime.date | None


class RecommendationOut(Schema):
    id: int
    visit_date: datetime.date
    cooperative: str
    officer: str
    text: str
    owner: str
    deadline: datetime.date
    status: str
    note: str
    overdue: bool


class FollowUpIn(InputSchema):
    status: Literal["open", "in_progress", "done", "dropped"]
    note: str = Field("", max_length=4000)
