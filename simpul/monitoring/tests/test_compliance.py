"""The annual members' meeting (RAT) and the mentoring recommendations on the dashboards: an active cooperative is
expected to report its last ended fiscal year, overdue once a deadline has passed (the warning fires), received once
it submits; a recommendation past its deadline counts until it is done; both reach the region's figures, the page,
the Excel download and the API within the write's own commit."""

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from simpul.coops.models import CooperativeStatus
from simpul.coops.tests.factories import CooperativeFactory
from simpul.monitoring import selectors
from simpul.monitoring.models import CooperativeRollup, RollupWarning
from simpul.monitoring.rollups import rollups_refresh
from simpul.rat.services import rat_record, rat_submit
from simpul.rat.tests.factories import YEAR, meeting_data, minutes, rat_world
from simpul.regions.models import Region
from simpul.training import services as training

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# The fiscal year 2025 ended; its meeting was due by 30 June 2026, so on 1 September 2026 it is overdue.
MOMENT = dt.datetime(2026, 9, 1, 10, 0, tzinfo=WIB)
pytestmark = pytest.mark.django_db


def figures(cooperative) -> tuple[int, int, int, int, int]:
    row = CooperativeRollup.objects.get(cooperative=cooperative)
    return row.rat_expected, row.rat_received, row.rat_on_time, row.rat_overdue, row.recommendations_overdue


def warned(cooperative) -> bool:
    return RollupWarning.objects.filter(cooperative=cooperative, kind="annual_report_overdue").exists()


def officer_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(MOMENT, tick=False)
def test_the_annual_report_from_overdue_to_received_on_the_dashboard(django_capture_on_commit_callbacks):
    world = rat_world()
    dormant = CooperativeFactory.create(name="Koperasi Tidur", status=CooperativeStatus.DORMANT)
    rollups_refresh(cooperative_ids=[world.cooperative.pk, dormant.pk])
    assert figures(world.cooperative) == (1, 0, 0, 1, 0)
    assert warned(world.cooperative)
    # A dormant cooperative is not expected to report, so it is never overdue.
    assert figures(dormant) == (0, 0, 0, 0, 0) and not warned(dormant)

    with django_capture_on_commit_callbacks(execute=True):
        report = rat_record(
            cooperative=world.cooperative, actor=world.manager, fiscal_year=YEAR, data=meeting_data(), minutes=minutes()
        )
        rat_submit(cooperative=world.cooperative, actor=world.manager, report=report)
    # Held in March, reported in September: received, but late (a month after the meeting was the deadline).
    assert figures(world.cooperative) == (1, 1, 0, 0, 0)
    assert not warned(world.cooperative)

    bandung = Region.objects.get(code="32.73")
    total = selectors.summary(bandung).figures
    assert (total["rat_expected"], total["rat_received"], total["rat_overdue"]) == (1, 1, 0)
    assert total["rat_received_percent"] == 100
    page = officer_client(world.officer).get(reverse("monitoring:dashboard", args=["32.73"]))
    assert page.status_code == 200
    assert 'data-testid="mon-rat-received">1/1<' in page.text


@time_machine.travel(MOMENT, tick=False)
def test_overdue_mentoring_recommendations_count_until_done(django_capture_on_commit_callbacks):
    world = rat_world()
    today = MOMENT.date()
    with django_capture_on_commit_callbacks(execute=True):
        visit = training.visit_create(
            office=world.office,
            actor=world.officer,
            cooperative=world.cooperative,
            data={"date": today - dt.timedelta(days=30), "findings": "Kas tidak dihitung harian"},
        )
        late = training.recommendation_add(
            visit=visit,
            actor=world.officer,
            data={"text": "Hitung kas tiap sore", "owner": "Bendahara", "deadline": today - dt.timedelta(days=1)},
        )
        training.recommendation_add(
            visit=visit,
            actor=world.officer,
            data={"text": "Pasang papan harga", "owner": "Manajer", "deadline": today + dt.timedelta(days=7)},
        )
    assert figures(world.cooperative)[4] == 1

    client = officer_client(world.officer)
    api = client.get("/api/v1/dinas/32.73/monitoring")
    assert api.status_code == 200 and api.json()["figures"]["recommendations_overdue"] == 1
    sheet = client.get(reverse("monitoring:dashboard_xlsx", args=["32.73"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).worksheets[0].values)
    header = next(row for row in rows if row and "Rekomendasi pendampingan terlambat" in row)
    column = header.index("Rekomendasi pendampingan terlambat")
    assert [row[column] for row in rows[rows.index(header) + 1 :] if row and row[column] is not None] == [1]

    with django_capture_on_commit_callbacks(execute=True):
        training.recommendation_follow_up(recommendation=late, actor=world.manager, data={"status": "done"})
    assert figures(world.cooperative)[4] == 0
