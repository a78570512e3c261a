"""The demo data: deterministic, idempotent, one working login per role."""

import datetime
import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from simpul.coops.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, NETWORK_SLUG, demo_plan
from simpul.coops.models import (
    Cooperative,
    CooperativeType,
    GovernmentOffice,
    MembershipStatus,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    OfficeKind,
    Outlet,
    Partnership,
    Role,
    RoleKind,
    Supplier,
)
from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.identifiers import phone_to_e164
from simpul.core.models import AuditLog, User

pytestmark = pytest.mark.django_db

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


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
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
    assert elapsed < 120  # loose: the timing itself is measured in benchmarks, not here


def test_plan_is_deterministic():
    first, second = demo_plan(), demo_plan()
    assert [(p.slug, p.village.code, p.nik_koperasi) for p in first.cooperatives] == [
        (p.slug, p.village.code, p.nik_koperasi) for p in second.cooperatives
    ]


def test_bandung_network_has_100_active_members_with_partnerships_and_a_few_invited():
    _seed()
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

    today = timezone.localdate()
    partnerships = Partnership.objects.filter(membership__in=active)
    assert partnerships.count() == 100
    assert partnerships.filter(cooperative_id=F("membership__cooperative_id")).count() == 100
    for record in partnerships:
        assert record.signed_on < today
        assert record.number and record.parties and record.scope


def test_kuds_merah_putih_offices_and_suppliers():
    _seed()
    kuds = Cooperative.objects.filter(type=CooperativeType.KUD)
    assert kuds.count() == 10
    assert set(kuds.values_list("province_code", flat=True)) == {"33"}
    assert kuds.values("regency_code").distinct().count() == 10
    assert Cooperative.objects.filter(type=CooperativeType.MERAH_PUTIH).count() == 5

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
    _seed()
    for cooperative in Cooperative.objects.all():
        assert cooperative.nik_koperasi is not None
        assert re.fullmatch(r"[0-9]{16}", cooperative.nik_koperasi)
        assert cooperative.nik_koperasi[:4] == cooperative.regency_code.replace(".", "")
        assert cooperative.village.level == 4
        assert cooperative.search_name == cooperative.name.lower()
        assert cooperative.founded_on is not None and cooperative.founded_on < datetime.date(2026, 1, 1)
        assert cooperative.whatsapp.startswith("+62812")


def test_every_change_left_an_audit_row():
    _seed()
    assert AuditLog.objects.filter(event="cooperative.registered").count() == Cooperative.objects.count()
    assert AuditLog.objects.filter(event="outlet.created").count() == Outlet.objects.count()
    assert AuditLog.objects.filter(event="partnership.recorded").count() == Partnership.objects.count()
    assert AuditLog.objects.filter(event="membership.invited").count() == NetworkMembership.objects.count()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.key)
def test_each_demo_login_exists_with_its_role(login):
    _seed()
    user = User.objects.get(email=login.email)
    assert User.objects.get(phone=phone_to_e164(login.phone_local)) == user
    assert user.check_password(DEMO_PASSWORD)
    role = Role.objects.get(user=user, kind=login.kind, is_active=True)
    if login.organisation == "cooperative":
        assert role.cooperative is not None and role.cooperative.slug == DEMO_COOPERATIVE_SLUG
    elif login.organisation == "network":
        assert role.network is not None and role.network.slug == NETWORK_SLUG
    elif login.organisation == "office":
        assert role.office is not None and role.office.slug == login.organisation_slug
    elif login.organisation == "supplier":
        assert role.supplier is not None and role.supplier.slug == login.organisation_slug
    else:
        assert login.kind == RoleKind.PLATFORM_ADMIN
        assert user.is_superuser and user.is_staff


def test_demo_login_reaches_its_home(client, settings):
    # Pages render static URLs; the manifest storage needs collectstatic, which tests don't run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _seed()
    user = User.objects.get(email="pengurus@demo.simpul.id")
    client.force_login(user)
    response = client.get(next(d for d in DEMO_LOGINS if d.key == "manager").path)
    assert response.status_code == 200


def test_if_empty_leaves_an_existing_database_alone():
    CooperativeFactory()
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert Cooperative.objects.count() == 1
    assert not Network.objects.exists()


def test_demo_logins_prints_every_login():
    _seed()
    out = StringIO()
    call_command("demo_logins", "--base-url", "http://127.0.0.1:8105", stdout=out)
    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.email in text
        assert login.phone_local in text
    assert DEMO_PASSWORD in text
    assert "http://127.0.0.1:8105/k/ksu-mitra-sauyunan/" in text
    assert "not seeded" not in text
