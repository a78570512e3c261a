"""Registering a cooperative gives it the standard chart of accounts, in the same transaction."""

import pytest
from django.urls import reverse

from simpul.coops import hooks
from simpul.coops.models import Cooperative, CooperativeType, RoleKind
from simpul.coops.services.cooperatives import cooperative_register
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    OfficeFactory,
    UserFactory,
    person_with_role,
)
from simpul.core.models import AuditLog
from simpul.ledger.chart import STANDARD_CHART
from simpul.ledger.models import Account
from simpul.ledger.services import chart_of_accounts_create

pytestmark = pytest.mark.django_db


def _register(name: str = "KUD Tani Makmur") -> Cooperative:
    return cooperative_register(
        actor=UserFactory.create(), office=None, name=name, type=CooperativeType.KUD, village=CILACAP_VILLAGE
    )


def test_the_ledger_registers_its_hook_once():
    assert hooks.on_cooperative_registered.count(chart_of_accounts_create) == 1
    hooks.cooperative_registered_hook_add(chart_of_accounts_create)
    assert hooks.on_cooperative_registered.count(chart_of_accounts_create) == 1


def test_registering_a_cooperative_creates_its_chart():
    coop = _register()
    codes = set(Account.objects.filter(cooperative=coop).values_list("code", flat=True))
    assert codes == {item.code for item in STANDARD_CHART}
    assert not Account.objects.filter(cooperative=coop, is_system=False).exists()
    log = AuditLog.objects.get(event="ledger.chart_created", cooperative=coop)
    assert log.changes["accounts"].startswith("1101, 1102, ")


def test_the_dinas_audit_trail_shows_the_chart_creation(client):
    office = OfficeFactory.create()  # Kota Bandung
    officer = person_with_role(RoleKind.DINAS, office)
    cooperative_register(actor=officer, office=office, name="KUD Gegerkalong", type="kud", village=BANDUNG_VILLAGE)
    client.force_login(officer)
    response = client.get(reverse("coops:dinas_audit", args=["32.73"]))
    assert response.status_code == 200
    count = len(AuditLog.objects.get(event="ledger.chart_created").changes["accounts"].split(", "))
    assert f"Bagan akun dibuat dengan {count} akun" in response.content.decode()


def test_a_failing_hook_rolls_the_registration_back(monkeypatch):
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("hook failed")

    monkeypatch.setattr(hooks, "on_cooperative_registered", [chart_of_accounts_create, broken])
    with pytest.raises(RuntimeError):
        _register("KUD Gagal")
    assert not Cooperative.objects.filter(name="KUD Gagal").exists()
    assert not Account.objects.exists()
