"""Registrations at the same moment, on PostgreSQL: consecutive numbers, and one NIK registered once."""

import datetime
import functools
import threading
from collections.abc import Callable, Sequence

import pytest
from django.db import connection

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory
from simpul.core.exceptions import ApplicationError
from simpul.members.models import Gender, Member
from simpul.members.services import MemberData, member_register
from simpul.members.tests.factories import make_nik

# The region table is loaded once per session; a transactional test flushes only these apps afterwards.
KEEP_REGIONS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    "django_tasks_db",
    "simpul.core",
    "simpul.coops",
    "simpul.ledger",
    "simpul.members",
]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]

BORN = datetime.date(1979, 11, 2)


def _data(nik: str) -> MemberData:
    return MemberData(
        nik=nik,
        name="Anggota Serentak",
        gender=Gender.MALE,
        birth_date=BORN,
        village=BANDUNG_VILLAGE,
        join_date=datetime.date(2024, 1, 2),
    )


def _run_at_once(works: Sequence[Callable[[], object]]) -> list[object]:
    """Run each work in its own thread (its own connection), all released together; errors are returned."""
    start = threading.Barrier(len(works))
    results: list[object] = []

    def run(work: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as error:  # collected and checked by the test
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == len(works)
    return results


def test_simultaneous_registrations_get_distinct_consecutive_numbers():
    cooperative = CooperativeFactory.create()
    niks = [make_nik(BORN, serial=100 + i) for i in range(6)]
    register = functools.partial(member_register, cooperative=cooperative, actor=None)
    results = _run_at_once([functools.partial(register, data=_data(nik)) for nik in niks])
    assert all(isinstance(r, Member) for r in results), results
    assert sorted(Member.objects.filter(cooperative=cooperative).values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_one_nik_registered_twice_at_once_is_refused_once():
    cooperative = CooperativeFactory.create()
    nik = make_nik(BORN, serial=200)
    results = _run_at_once([lambda: member_register(cooperative=cooperative, actor=None, data=_data(nik))] * 2)
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(refusals) == 1 and isinstance(refusals[0], ApplicationError), results
    assert refusals[0].code == "duplicate_nik"
    assert Member.objects.filter(cooperative=cooperative).count() == 1
