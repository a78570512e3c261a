"""API tokens: revoked when the password changes or is reset, optional expiry, read-only scope, and only a
full-scope token revokes its siblings (issue 9 §5)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import ApiToken, AuditLog
from simpul.core.tokens import api_token_create
from simpul.members.models import SavingsProduct

pytestmark = pytest.mark.django_db

JSON = "application/json"
PASSWORD = "rahasia-123"
NEW_PASSWORD = "kopi-tubruk-2026"


@pytest.fixture
def coop():
    return CooperativeFactory(slug="ksu-sukamaju")


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop, phone="+6281234567890", email="siti@contoh.id", api_access=True)


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def error(response, status):
    assert response.status_code == status, response.content
    return response.json()


# --- revoked with the password


def test_changing_the_password_revokes_every_token(client, manager):
    tokens = [api_token_create(user=manager, name=name) for name in ("Kasir", "Akuntansi")]
    _other, other_key = api_token_create(user=person_with_role(RoleKind.MANAGER, CooperativeFactory()), name="Lain")
    client.force_login(manager)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Token API Anda ikut dicabut bersama kata sandi lama" in response.content.decode()
    for token, key in tokens:
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert error(Client().get("/api/v1/me", **bearer(key)), 401)["code"] == "unauthenticated"
    rows = AuditLog.objects.filter(event="api_token.revoked", actor=manager)
    assert sorted(r.changes["name"] for r in rows) == ["Akuntansi", "Kasir"]
    assert {r.changes["reason"] for r in rows} == {"password_changed"}
    # Someone else's tokens are untouched.
    assert Client().get("/api/v1/me", **bearer(other_key)).status_code == 200


def test_a_refused_password_change_revokes_nothing(client, manager):
    _token, key = api_token_create(user=manager, name="Kasir")
    client.force_login(manager)
    client.post(
        reverse("core:password_change"),
        {"old_password": "bukan-ini", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert Client().get("/api/v1/me", **bearer(key)).status_code == 200


def test_resetting_the_password_revokes_every_token(client, manager, mailoutbox):
    _token, key = api_token_create(user=manager, name="Kasir")
    client.post(reverse("core:password_reset"), {"email": "siti@contoh.id"})
    link = re.search(r"https?://[^/\s]+(/sandi/atur/\S+/)", mailoutbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert error(Client().get("/api/v1/me", **bearer(key)), 401)["code"] == "unauthenticated"
    row = AuditLog.objects.get(event="api_token.revoked")
    assert row.changes == {"name": "Kasir", "reason": "password_reset"}


# --- expiry


def test_a_token_works_through_its_last_day_and_then_gets_a_401_in_indonesian(manager):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        _token, key = api_token_create(user=manager, name="Sementara", expires_on=datetime.date(2026, 3, 31))
    # 31 March, 23:30 WIB: still the last day.
    with time_machine.travel(datetime.datetime(2026, 3, 31, 16, 30, tzinfo=datetime.UTC), tick=False):
        assert Client().get("/api/v1/me", **bearer(key)).status_code == 200
    # 1 April, 00:00 WIB: expired.
    with time_machine.travel(datetime.datetime(2026, 3, 31, 17, 0, tzinfo=datetime.UTC), tick=False):
        body = error(Client().get("/api/v1/me", **bearer(key)), 401)
    assert body["code"] == "token_expired"
    assert body["message"] == (
        "Token API ini sudah kedaluwarsa (berlaku sampai 31 Maret 2026). Buat token baru di halaman Token API."
    )


@pytest.mark.calendar  # the expiry is judged against the local today
def test_an_expiry_in_the_past_is_refused(manager):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        api_token_create(user=manager, name="Kemarin", expires_on=yesterday)
    assert refused.value.code == "invalid_date"
    assert refused.value.message == "Tanggal berakhir tidak boleh di masa lalu."
    assert not ApiToken.objects.exists()
    # Today is fine: the token works until the end of the day.
    token, _key = api_token_create(user=manager, name="Hari ini", expires_on=timezone.localdate())
    assert not token.is_expired


@pytest.mark.calendar  # the expiry is judged against the local today
def test_the_api_creates_a_read_only_token_with_an_expiry(client, manager):
    client.force_login(manager)
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        "/api/v1/auth/tokens",
        {"name": "Laporan", "scope": "read", "expires_on": last_day.isoformat()},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["scope"] == "read"
    assert created["expires_at"] is not None
    listed = client.get("/api/v1/auth/tokens").json()
    assert listed[0]["scope"] == "read" and listed[0]["expires_at"] == created["expires_at"]
    past = client.post("/api/v1/auth/tokens", {"name": "Lama", "expires_on": "2020-01-01"}, content_type=JSON)
    assert error(past, 400)["code"] == "invalid_date"
    assert error(client.post("/api/v1/auth/tokens", {"name": "X", "scope": "admin"}, content_type=JSON), 422)


# --- read-only scope


def test_a_read_only_token_reads_but_never_writes(coop, manager):
    _token, key = api_token_create(user=manager, name="Dasbor", scope="read")
    assert Client().get("/api/v1/me", **bearer(key)).status_code == 200
    assert Client().get(f"/api/v1/cooperatives/{coop.slug}/savings/products", **bearer(key)).status_code == 200
    write = Client().put(
        f"/api/v1/cooperatives/{coop.slug}/savings/products",
        {"pokok_amount": "100000", "wajib_amount": "25000"},
        content_type=JSON,
        **bearer(key),
    )
    body = error(write, 403)
    assert body["code"] == "token_read_only"
    assert body["message"] == "Token API ini hanya baca: boleh membaca (GET), tetapi tidak boleh mengubah apa pun."
    assert not SavingsProduct.objects.filter(cooperative=coop).exists()


def test_a_read_only_token_cannot_revoke_its_siblings_or_itself(manager):
    reader, reader_key = api_token_create(user=manager, name="Dasbor", scope="read")
    sibling, _sibling_key = api_token_create(user=manager, name="Kasir")
    for target in (sibling, reader):
        assert error(Client().delete(f"/api/v1/auth/tokens/{target.pk}", **bearer(reader_key)), 403)["code"] == (
            "token_read_only"
        )
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 2


def test_a_full_token_revokes_a_sibling(manager):
    _full, full_key = api_token_create(user=manager, name="Admin skrip")
    sibling, sibling_key = api_token_create(user=manager, name="Kasir", scope="read")
    assert Client().delete(f"/api/v1/auth/tokens/{sibling.pk}", **bearer(full_key)).status_code == 204
    assert error(Client().get("/api/v1/me", **bearer(sibling_key)), 401)["code"] == "unauthenticated"


# --- the tokens page


@pytest.mark.calendar  # the expiry is judged against the local today
def test_the_tokens_page_creates_and_shows_scope_and_expiry(client, manager):
    client.force_login(manager)
    last_day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("core:api_tokens"), {"name": "Laporan", "scope": "read", "expires_on": last_day.isoformat()}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert token.valid_until == last_day
    page = client.get(reverse("core:api_tokens")).content.decode()
    assert "hanya baca" in page
    assert 'data-testid="token-expiry"' in page and "berlaku sampai" in page


def test_the_tokens_page_refuses_an_expiry_in_the_past(client, manager):
    client.force_login(manager)
    response = client.post(reverse("core:api_tokens"), {"name": "Lama", "scope": "full", "expires_on": "2020-01-01"})
    assert response.status_code == 400
    assert "Tanggal berakhir tidak boleh di masa lalu." in response.content.decode()
    assert not ApiToken.objects.exists()
