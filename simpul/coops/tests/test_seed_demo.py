"""seed_demo: deterministic, idempotent, and polite to a database that already holds cooperatives.
What the demo holds is checked in test_demo_data.py."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from simpul.coops import hooks
from simpul.coops.demo.plan import demo_plan
from simpul.coops.models import (
    Cooperative,
    GovernmentOffice,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    Outlet,
    Partnership,
    Role,
    Supplier,
)
from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.models import AuditLog, User

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]  # the demo is planned back from the day it is seeded


@pytest.fixture(autouse=True)
def _without_demo_extensions(monkeypatch):
    """The coops part only: members, savings and books (the apps' demo hooks) are checked in
    simpul/members/tests/test_demo.py, and would make each of these seeds take half a minute."""
    monkeypatch.setattr(hooks, "on_demo_seeded", [])


COUNTED = [
    Cooperative,
    Outlet,
    Network,
    NetworkMembership,
    MembershipStatusChange,
    Partnership,
    GovernmentOffice,
    Supplier,
    User,
    Role,
    AuditLog,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_second_run_creates_nothing_new():
    started = time.perf_counter()
    first = _seed()
    elapsed = time.perf_counter() - started
    after_first = _counts()
    second = _seed()

    assert _counts() == after_first
    assert "created nothing new" in second
    assert "116 cooperatives" in first
    assert after_first["Cooperative"] == 116
    assert elapsed < 120  # loose on purpose: the timing itself is reported, not tested


def test_a_partly_seeded_database_is_completed_not_duplicated():
    _seed()
    complete = _counts()
    # Lose one cooperative's outlets (and their audit rows): the next run puts back exactly those.
    cooperative = Cooperative.objects.get(slug="ksu-mitra-sauyunan")
    outlets = Outlet.objects.filter(cooperative=cooperative)
    lost = outlets.count()
    AuditLog.objects.filter(
        event="outlet.created", target_id__in=[str(pk) for pk in outlets.values_list("pk", flat=True)]
    ).delete()
    outlets.delete()

    assert f"created {lost} outlets" in _seed()
    assert _counts() == complete


def test_plan_is_deterministic():
    first, second = demo_plan(), demo_plan()
    assert [(p.slug, p.village.code, p.nik_koperasi, p.outlets) for p in first.cooperatives] == [
        (p.slug, p.village.code, p.nik_koperasi, p.outlets) for p in second.cooperatives
    ]


def test_if_empty_leaves_a_database_with_cooperatives_alone():
    CooperativeFactory()
    assert _seed("--if-empty") == ""
    assert Cooperative.objects.count() == 1
    assert not Network.objects.exists()
    assert not User.objects.filter(email__endswith="@demo.simpul.id").exists()


def test_if_empty_seeds_an_empty_database():
    assert "116 cooperatives" in _seed("--if-empty")


def test_demo_logins_says_when_the_demo_is_missing():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "not seeded yet" in out.getvalue()
