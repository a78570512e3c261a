"""What the demo holds: the Bandung network, KUDs, Merah Putih, offices, suppliers, one login per role.

The demo is seeded once for this module (inside a transaction rolled back at the end); each test runs in
its own savepoint on top of it."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from simpul.coops import hooks
from simpul.coops.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from simpul.coops.demo.plan import NETWORK_SLUG
from simpul.coops.models import (
    Cooperative,
    CooperativeType,
    GovernmentOffice,
    MembershipStatus,
    Network,
    NetworkMembership,
    OfficeKind,
    Outlet,
    Partnership,
    Role,
    RoleKind,
    Supplier,
)
from simpul.core.identifiers import phone_to_e164
from simpul.core.models import AuditLog, User


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        # The coops part only: members, savings and books come from the apps' demo hooks, checked (and timed) in
        # simpul/members/tests/test_demo.py.
        extensions = list(hooks.on_demo_seeded)
        hooks.on_demo_seeded.clear()
        try:
            # The same fast hasher the tests check passwords with (the root conftest's, per test).
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("seed_demo", stdout=StringIO())
            yield
        finally:
            hooks.on_demo_seeded[:] = extensions
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# calendar: the demo is planned back from the day it is seeded.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo"), pytest.mark.calendar]


def test_bandung_network_has_100_active_members_with_partnerships_and_a_few_invited():
    network = Network.objects.get(slug=NETWORK_SLUG)
    assert network.name == "Jaringan Usaha Koperasi Kota Bandung"
    assert network.region_id == "32.73"
    assert network.coordinator_cooperative is not None
    assert network.coordinator_cooperative.type == CooperativeType.SEKUNDER

    active = NetworkMembership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
    assert active.count() == 100
    assert 1 <= NetworkMembership.objects.filter(network=network, status=MembershipStatus.INVITED).count() <= 5
    assert set(active.values_list("cooperative__regency_code", flat=True)) == {"32.73"}
    assert len(set(active.values_list("cooperative__type", flat=True))) >= 5

    partnerships = Partnership.objects.filter(membership__in=active)
    assert partnerships.count() == 100
    assert partnerships.filter(cooperative_id=F("membership__cooperative_id")).count() == 100
    today = timezone.localdate()
    for record in partnerships.select_related("membership"):
        assert record.signed_on < today
        assert record.number and record.parties and record.scope
        assert record.membership.invited_at.date() < record.signed_on
    # The open invitations went out a few weeks before the demo was seeded, whenever that was.
    for invited in NetworkMembership.objects.filter(network=network, status=MembershipStatus.INVITED):
        assert today - datetime.timedelta(days=60) <= invited.invited_at.date() < today


def test_kuds_merah_putih_offices_and_suppliers():
    kuds = Cooperative.objects.filter(type=CooperativeType.KUD)
    assert kuds.count() == 10
    assert set(kuds.values_list("province_code", flat=True)) == {"33"}
    assert kuds.values("regency_code").distinct().count() == 10
    assert set(kuds.values_list("village__kind", flat=True)) == {"desa"}
    assert Cooperative.objects.filter(type=CooperativeType.MERAH_PUTIH, regency_code="32.73").count() == 5

    assert GovernmentOffice.objects.get(name="Dinas Koperasi dan UMKM Kota Bandung").region_id == "32.73"
    jateng = GovernmentOffice.objects.get(name="Dinas Koperasi dan UKM Provinsi Jawa Tengah")
    assert (jateng.region_id, jateng.kind) == ("33", OfficeKind.PROVINCE)
    assert GovernmentOffice.objects.get(kind=OfficeKind.MINISTRY).region_id is None

    suppliers = Supplier.objects.all()
    assert 3 <= suppliers.count() <= 4
    for supplier in suppliers:
        assert re.fullmatch(r"[0-9]{13}", supplier.nib)
        assert supplier.regions_served.exists()
    assert Outlet.objects.count() >= 60


def test_identifiers_are_valid():
    for cooperative in Cooperative.objects.select_related("village"):
        assert cooperative.nik_koperasi is not None
        assert re.fullmatch(r"[0-9]{16}", cooperative.nik_koperasi)
        assert cooperative.nik_koperasi[:4] == cooperative.regency_code.replace(".", "")
        assert cooperative.village.level == 4
        assert cooperative.search_name == cooperative.name.lower()
        assert cooperative.founded_on is not None and cooperative.founded_on < datetime.date(2026, 1, 1)
        assert cooperative.whatsapp.startswith("+62812")


def test_every_change_left_an_audit_row():
    assert AuditLog.objects.filter(event="cooperative.registered").count() == Cooperative.objects.count()
    assert AuditLog.objects.filter(event="outlet.created").count() == Outlet.objects.count()
    assert AuditLog.objects.filter(event="partnership.recorded").count() == Partnership.objects.count()
    assert AuditLog.objects.filter(event="membership.invited").count() == NetworkMembership.objects.count()
    assert AuditLog.objects.filter(event="membership.accepted").count() == 100


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.key)
def test_each_demo_login_exists_with_its_role(login):
    user = User.objects.get(email=login.email)
    assert User.objects.get(phone=phone_to_e164(login.phone_local)) == user
    assert user.check_password(DEMO_PASSWORD)
    role = Role.objects.get(user=user, kind=login.kind, is_active=True)
    if login.organisation == "cooperative":
        assert role.cooperative is not None and role.cooperative.slug == login.organisation_slug
    elif login.organisation == "network":
        assert role.network is not None and role.network.slug == NETWORK_SLUG
    elif login.organisation == "office":
        assert role.office is not None and role.office.slug == login.organisation_slug
    elif login.organisation == "supplier":
        assert role.supplier is not None and role.supplier.slug == login.organisation_slug
    else:
        assert login.kind == RoleKind.PLATFORM_ADMIN
        assert user.is_superuser and user.is_staff


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.key)
def test_each_demo_login_reaches_its_home(login, client):
    client.force_login(User.objects.get(email=login.email))
    response = client.get(login.path)
    assert response.status_code == 200, login.path


def test_demo_logins_prints_every_login():
    out = StringIO()
    call_command("demo_logins", "--base-url", "http://127.0.0.1:8105", stdout=out)
    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.email in text
        assert login.phone_local in text
    assert DEMO_PASSWORD in text
    assert "http://127.0.0.1:8105/k/ksu-mitra-sauyunan/" in text
    assert "not seeded" not in text
