"""Smoke tests of the benchmarks' own machinery, at a tiny size inside the test database: the bulk-loaded books are
what `journal_post` would have written (balanced, hash-chained), the SQL baselines agree with the selectors, and a
deposit goes through the service as the workers make it."""

import datetime as dt
import random

import pytest
from django.db import connection

from bench import ledger_reports, savings_post
from bench._common import make_cooperatives
from simpul.ledger import month_totals
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.members.models import SavingsTransaction

pytestmark = pytest.mark.django_db


def test_ledger_bench_loads_balanced_chained_books_that_the_baselines_read_like_the_selectors():
    cooperative, neighbour = make_cooperatives(2, prefix="ledger")
    for each in (cooperative, neighbour):
        ledger_reports.add_sub_accounts(each)

    entries = ledger_reports.load([(cooperative, 3_000), (neighbour, 500)], random.Random(1))

    assert JournalLine.objects.filter(cooperative=cooperative).count() == 3_000
    assert JournalLine.objects.filter(cooperative=neighbour).count() == 500
    assert JournalEntry.objects.filter(cooperative=cooperative).count() == entries[cooperative.pk]
    dates = JournalLine.objects.filter(cooperative=cooperative).values_list("date", flat=True)
    assert min(dates) == ledger_reports.FIRST_DAY and max(dates) == ledger_reports.LAST_DAY
    ledger_reports.check_books()
    assert verify_chain(cooperative).intact and verify_chain(neighbour).intact
    assert month_totals.mismatches(cooperative.pk) == [] and month_totals.mismatches(neighbour.pk) == []
    ledger_reports.check_agreement(cooperative, connection.vendor)  # raises SystemExit on any difference


def test_savings_bench_deposits_through_the_service():
    (prepared,) = savings_post.prepare(1)
    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    cooperative = Cooperative.objects.get(pk=prepared["cooperative"])
    manager = User.objects.get(pk=prepared["manager"])
    books = {cooperative.pk: (cooperative, manager, prepared["members"], cooperative.today() - dt.timedelta(days=1))}
    rng = random.Random(2)

    for _ in range(5):
        savings_post._deposit(rng, books)

    deposits = SavingsTransaction.objects.filter(cooperative=cooperative)
    assert deposits.count() == 5
    assert all(t.journal_entry.source == "savings" for t in deposits)
    assert savings_post.queries_per_deposit([prepared]) > 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the national bench generates its data in PostgreSQL's SQL"
)
def test_national_bench_generates_what_its_size_says_and_the_roll_ups_count_it():
    from bench import national_dashboard
    from simpul.coops.models import Cooperative
    from simpul.mart.models import Sale
    from simpul.members.models import Member
    from simpul.monitoring.models import RegionRollup
    from simpul.monitoring.rollups import rollups_rebuild
    from simpul.needs.models import OPEN_STATUSES, Need

    before = Cooperative.objects.count()
    size = {"cooperatives": 7, "members": 52, "marts": 3, "days": 4, "needs": 40}
    written = national_dashboard.generate(size, ("33",))

    assert written == {"cooperatives": 7, "members": 52, "outlets": 3, "sales": 12, "needs": 40}
    cooperatives = Cooperative.objects.filter(slug__startswith="bench-")
    assert cooperatives.count() == 7 == Cooperative.objects.count() - before
    assert all(c.province_code == "33" and c.village.parent_id == c.district_code for c in cooperatives)
    per = sorted(Member.objects.filter(cooperative__in=cooperatives).values_list("cooperative_id", flat=True))
    assert sorted({per.count(i) for i in set(per)}) == [7, 8]  # 52 over 7: three get 8, four get 7
    assert Sale.objects.filter(cooperative__in=cooperatives).values("cooperative_id").distinct().count() == 3
    assert Sale.objects.filter(member__isnull=False).count() == 6  # days 0 and 3 of each mart
    numbers = list(Need.objects.values_list("cooperative_id", "number"))
    assert len(set(numbers)) == 40
    assert {s for s in Need.objects.values_list("status", flat=True)} >= {*OPEN_STATUSES, "fulfilled", "cancelled"}

    rollups_rebuild()
    country = RegionRollup.objects.get(code="")
    assert country.cooperatives == Cooperative.objects.count()
    assert country.members == Member.objects.filter(status="active").count()
    assert country.needs_open == Need.objects.filter(status__in=OPEN_STATUSES).count() > 0
