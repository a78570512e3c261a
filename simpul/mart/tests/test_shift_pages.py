"""The shift, Z report, settings, kasbon, void and return pages and their API, as the cashier and the manager use
them (the access matrix is tests/test_routes.py's)."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import MembershipFactory, NetworkFactory, person_with_role
from simpul.core.models import AuditLog
from simpul.mart.models import ChecklistPhase, MartSettings, Sale, SaleStatus, Shift, StandardChecklistItem
from simpul.mart.sales.kasbon import kasbon_limit_set
from simpul.mart.tests.shifts_support import PIN, sell, shop
from simpul.mart.tests.test_qris import static_payload
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def s():
    s = shop()
    network = NetworkFactory.create()
    MembershipFactory.create(cooperative=s.cooperative, network=network, status="active")
    opening = StandardChecklistItem.objects.create(network=network, phase=ChecklistPhase.OPENING, text="Lampu menyala")
    closing = StandardChecklistItem.objects.create(network=network, phase=ChecklistPhase.CLOSING, text="Pintu dikunci")
    s.opening_item = opening  # type: ignore[attr-defined]
    s.closing_item = closing  # type: ignore[attr-defined]
    return s


def test_open_and_close_a_shift_in_the_browser(s):
    client = _client(s.cashier)
    slug = s.cooperative.slug
    page = client.get(reverse("mart:shift", args=[slug]))
    assert page.status_code == 200
    assert "Lampu menyala" in page.content.decode()
    opened = client.post(
        reverse("mart:shift", args=[slug]),
        {"outlet": s.outlet.pk, "opening_cash": "150.000", "checklist": [str(s.opening_item.pk)]},
    )
    assert opened.status_code == 302
    shift = Shift.objects.get(cooperative=s.cooperative, cashier=s.cashier)
    assert shift.opening_cash == Decimal(150000)
    assert shift.opening_checklist[0]["done"] is True
    sell(s, [(s.soap, Decimal(2), Decimal(5000))], shift=shift)
    page = client.get(reverse("mart:shift", args=[slug])).content.decode()  # type: ignore[assignment]
    assert "Rp160.000" in page and "Pintu dikunci" in page
    refused = client.post(reverse("mart:shift_close", args=[slug]), {"counted_cash": "lima"})
    assert refused.status_code == 400
    closed = client.post(reverse("mart:shift_close", args=[slug]), {"counted_cash": "159.000", "note": "kurang seribu"})
    assert closed.status_code == 302
    assert closed["Location"] == reverse("mart:shift_z", args=[slug, shift.pk])
    report = client.get(closed["Location"])
    assert report.status_code == 200
    text = report.content.decode()
    assert "Laporan Z" in text and "Rp1.000" in text and "Rp159.000" in text
    # Another cashier does not see this cashier's Z report; a supervisor does.
    other = person_with_role("cashier", s.cooperative)
    assert _client(other).get(closed["Location"]).status_code == 404
    supervisor = person_with_role("supervisor", s.cooperative)
    assert _client(supervisor).get(closed["Location"]).status_code == 200
    day = _client(supervisor).get(reverse("mart:outlet_z", args=[slug, s.outlet.pk]))
    assert day.status_code == 200
    assert _client(supervisor).get(reverse("mart:shifts", args=[slug])).status_code == 200


def test_second_shift_page_refusal(s):
    client = _client(s.cashier)
    url = reverse("mart:shift", args=[s.cooperative.slug])
    client.post(url, {"outlet": s.outlet.pk, "opening_cash": "0"})
    again = client.post(url, {"outlet": s.outlet.pk, "opening_cash": "0"})
    assert again.status_code == 400


def test_settings_page_saves_and_never_shows_the_pin(s):
    client = _client(s.manager)
    url = reverse("mart:settings", args=[s.cooperative.slug])
    saved = client.post(
        url,
        {
            "max_line_discount_percent": "12.5",
            "max_sale_discount_percent": "5",
            "kasbon_default_limit": "250.000",
            "qris_payload": static_payload(),
            "receipt_footer": "Terima kasih",
            "manager_pin": "97531",
        },
    )
    assert saved.status_code == 302
    settings = MartSettings.objects.get(cooperative=s.cooperative)
    assert settings.max_line_discount_percent == Decimal("12.5")
    assert settings.kasbon_default_limit == Decimal(250000)
    assert check_password("97531", settings.manager_pin_hash)
    page = client.get(url).content.decode()
    assert "97531" not in page and settings.manager_pin_hash not in page
    bad = client.post(
        url,
        {
            "max_line_discount_percent": "10",
            "max_sale_discount_percent": "5",
            "kasbon_default_limit": "0",
            "qris_payload": static_payload()[:-1] + "0",
            "manager_pin": "12",
        },
    )
    assert bad.status_code == 400
    assert MartSettings.objects.get(cooperative=s.cooperative).max_line_discount_percent == Decimal("12.5")
    log = AuditLog.objects.filter(event="mart.settings_updated").latest("id")
    assert "97531" not in json.dumps(log.changes)
    # The PIN now approves with the manager who set it.
    sale = sell(
        s,
        [(s.soap, Decimal(1), Decimal(5000))],
        shift=Shift.objects.create(cooperative=s.cooperative, outlet=s.outlet, cashier=s.cashier),
    )
    void = _client(s.cashier).post(
        reverse("mart:sale_void", args=[s.cooperative.slug, sale.pk]), {"reason": "salah", "pin": "97531"}
    )
    assert void.status_code == 302
    assert Sale.objects.get(pk=sale.pk).status == SaleStatus.VOIDED
    assert sale.returns.get().approved_by == s.manager
    supervisor = person_with_role("supervisor", s.cooperative)
    assert _client(supervisor).get(url).status_code == 200
    assert _client(supervisor).post(url, {}).status_code == 403


def test_void_page_wrong_pin_is_refused_in_indonesian(s):
    shift = Shift.objects.create(cooperative=s.cooperative, outlet=s.outlet, cashier=s.cashier)
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=shift)
    client = _client(s.cashier)
    url = reverse("mart:sale_void", args=[s.cooperative.slug, sale.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"reason": "salah", "pin": "0000"})
    assert wrong.status_code == 400
    assert "PIN pengurus salah." in wrong.content.decode()
    page = client.get(reverse("mart:sale_return", args=[s.cooperative.slug, sale.pk]))
    assert page.status_code == 200


def test_kasbon_pages(s):
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(100000))
    sell(s, [(s.soap, Decimal(2), Decimal(5000))], member=member, method="kasbon")
    cashier = _client(s.cashier)
    listing = cashier.get(reverse("mart:kasbon", args=[s.cooperative.slug]))
    assert listing.status_code == 200 and member.name in listing.content.decode()
    url = reverse("mart:kasbon_member", args=[s.cooperative.slug, member.pk])
    assert cashier.post(url, {"action": "repay", "amount": "4.000"}).status_code == 302
    assert cashier.post(url, {"action": "repay", "amount": "9.000"}).status_code == 400
    assert cashier.post(url, {"action": "limit", "limit": "1"}).status_code == 403
    assert _client(s.manager).post(url, {"action": "limit", "limit": "50.000"}).status_code == 302


def test_api_shift_void_kasbon_qris(s):
    client = _client(s.cashier)
    base = f"/api/v1/cooperatives/{s.cooperative.slug}/mart"
    body = {"outlet_id": s.outlet.pk, "opening_cash": "100000", "checklist": [s.opening_item.pk]}
    opened = client.post(f"{base}/shifts", body, content_type=JSON)
    assert opened.status_code == 201, opened.content
    shift_id = opened.json()["id"]
    again = client.post(f"{base}/shifts", body, content_type=JSON)
    assert again.status_code == 409 and again.json()["code"] == "shift_already_open"
    current = client.get(f"{base}/shifts/current").json()
    assert current["shift"]["id"] == shift_id and current["expected_cash"] == "100000.00"
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=Shift.objects.get(pk=shift_id))
    wrong = client.post(f"{base}/sales/{sale.pk}/void", {"pin": "1111", "reason": "salah"}, content_type=JSON)
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_pin"
    voided = client.post(f"{base}/sales/{sale.pk}/void", {"pin": PIN, "reason": "salah"}, content_type=JSON)
    assert voided.status_code == 201 and voided.json()["refund"] == "5000.00"
    twice = client.post(f"{base}/sales/{sale.pk}/void", {"pin": PIN, "reason": "salah"}, content_type=JSON)
    assert twice.status_code == 409
    closed = client.post(f"{base}/shifts/{shift_id}/close", {"counted_cash": "100000"}, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["cash_variance"] == "0.00"
    again = client.post(f"{base}/shifts/{shift_id}/close", {"counted_cash": "1"}, content_type=JSON)
    assert again.status_code == 409
    z = client.get(f"{base}/shifts/{shift_id}/z-report").json()
    assert z["voided_count"] == 1 and z["cash_refunds"] == "5000.00"
    no_qris = client.get(f"{base}/qris", {"amount": "15000"})
    assert no_qris.status_code == 400 and no_qris.json()["code"] == "invalid_qris"
    MartSettings.objects.filter(cooperative=s.cooperative).update(qris_payload=static_payload())
    qris = client.get(f"{base}/qris", {"amount": "15000"}).json()
    assert "540515000" in qris["payload"]
    manager = _client(s.manager)
    put = manager.put(
        f"{base}/settings",
        {
            "max_line_discount_percent": "101",
            "max_sale_discount_percent": "5",
            "kasbon_default_limit": "0",
        },
        content_type=JSON,
    )
    assert put.status_code == 422
    member = MemberFactory.create(cooperative=s.cooperative)
    limit = manager.put(f"{base}/kasbon/{member.pk}/limit", {"limit": "75000"}, content_type=JSON)
    assert limit.status_code == 200 and limit.json()["limit"] == "75000.00"
    assert client.put(f"{base}/kasbon/{member.pk}/limit", {"limit": "1"}, content_type=JSON).status_code == 403
    listing = client.get(f"{base}/kasbon").json()
    assert listing["items"][0]["member_id"] == member.pk
