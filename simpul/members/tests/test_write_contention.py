"""Writes at the same moment, as `make run` serves them (several gunicorn threads and processes, the task worker),
on the file database the tests run on: SQLite (WAL, IMMEDIATE transactions, a busy timeout) or PostgreSQL.

Every request writes or waits its turn; one that waited longer than the database allows gets a 503 with a
message in Bahasa Indonesia and saves nothing, never a 500.
"""

import datetime
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.savings.services import savings_products_setup
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)

JSON = "application/json"
DAY = "2025-03-03"
BUSY = "Simpul sedang sibuk menyimpan pekerjaan lain. Belum ada yang tersimpan: tunggu beberapa detik, lalu coba lagi."


@pytest.fixture
def deposits_url():
    cooperative = CooperativeFactory.create()
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=datetime.date(2025, 1, 1),
    )
    member = MemberFactory.create(cooperative=cooperative, join_date=datetime.date(2024, 5, 1))
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    return f"/api/v1/cooperatives/{cooperative.slug}/members/{member.pk}/savings/deposits", manager


@contextmanager
def write_lock_held() -> Iterator[Callable[[], None]]:
    """Another connection holds the write lock on what a deposit writes; yields the function that releases it."""
    settings = connection.settings_dict
    other: sqlite3.Connection | psycopg.Connection
    if connection.vendor == "sqlite":
        other = sqlite3.connect(settings["NAME"], isolation_level=None, timeout=30)
        other.execute("BEGIN IMMEDIATE")
        release = other.rollback
    else:
        other = psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
        )
        other.execute("LOCK TABLE members_savingsaccount IN ACCESS EXCLUSIVE MODE")
        release = other.rollback
    try:
        yield release
    finally:
        release()
        other.close()


def test_deposits_sent_at_once_all_succeed(deposits_url):
    """Ten requests arrive while another transaction writes; they wait their turn (the busy timeout, row locks),
    then each writes: ten 201s, the exact balance."""
    url, manager = deposits_url
    clients = []
    for _ in range(10):
        client = Client()
        client.force_login(manager)
        clients.append(client)

    def deposit(client: Client) -> Callable[[], object]:
        return lambda: client.post(url, {"kind": "sukarela", "amount": "1000", "date": DAY}, content_type=JSON)

    results: list[object] = []
    with write_lock_held() as release:
        worker = threading.Thread(target=lambda: results.extend(_run_at_once([deposit(c) for c in clients])))
        worker.start()
        threading.Event().wait(0.5)  # they are all waiting on the lock now
        release()
        worker.join(timeout=60)
    statuses = sorted(response.status_code for response in results)  # type: ignore[attr-defined]
    assert statuses == [201] * 10, [r.content[:300] for r in results]  # type: ignore[attr-defined]
    assert SavingsAccount.objects.get().balance == Decimal("10000")
    assert SavingsTransaction.objects.count() == 10


@contextmanager
def short_wait() -> Iterator[None]:
    """This connection (the test client's requests run on it) waits 0.3 s for a lock instead of the 10 s set."""
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 300" if sqlite else "SET lock_timeout = '300ms'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 10000" if sqlite else "SET lock_timeout = 0")


def test_a_write_that_waits_too_long_is_a_503_in_bahasa_indonesia(deposits_url):
    url, manager = deposits_url
    client = Client()
    client.force_login(manager)
    with short_wait(), write_lock_held():
        response = client.post(url, {"kind": "sukarela", "amount": "1000", "date": DAY}, content_type=JSON)
    assert response.status_code == 503, response.content[:500]
    assert response.json() == {"code": "busy", "message": BUSY, "detail": None}
    assert response["Retry-After"] == "5"
    assert not SavingsTransaction.objects.exists()


def test_a_page_that_waits_too_long_is_a_503_page(deposits_url):
    url, manager = deposits_url
    member_id = url.split("/members/")[1].split("/")[0]
    slug = url.split("/cooperatives/")[1].split("/")[0]
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    page = reverse("members:savings", args=[slug, member_id])
    with short_wait(), write_lock_held():
        response = client.post(page, {"direction": "deposit", "kind": "sukarela", "amount": "1000", "date": DAY})
    assert response.status_code == 503
    assert BUSY in response.content.decode() and response["Retry-After"] == "5"
    assert not SavingsTransaction.objects.exists()
