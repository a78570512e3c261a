"""Login by phone or e-mail, throttling, logout, password change and reset, API tokens."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from simpul.api import TokenAuth
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, UserFactory, person_with_role
from simpul.core.auth import axes_username, normalize_login
from simpul.core.models import ApiToken, AuditLog, User
from simpul.core.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-123"
WRONG_LOGIN = "Nomor HP/e-mail atau kata sandi salah. Periksa keduanya, lalu coba lagi."


def _login(client, username, password=PASSWORD, ip="10.1.1.1"):
    return client.post(reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def new_user(**fields) -> User:
    user = UserFactory(**fields)
    assert isinstance(user, User)
    return user


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def manager():
    cooperative = CooperativeFactory(slug="ksu-sukamaju")
    return person_with_role(
        RoleKind.MANAGER, cooperative, phone="+6281234567890", email="siti@contoh.id", api_access=True
    )


# --- logging in


@pytest.mark.parametrize(
    "login", ["081234567890", "6281234567890", "+6281234567890", "0812-3456-7890", " 0812 3456 7890 "]
)
def test_login_with_the_phone_number_in_any_usual_form(client, manager, login):
    response = _login(client, login)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert _logged_in_user_id(client) == str(manager.pk)


@pytest.mark.parametrize("login", ["siti@contoh.id", "SITI@Contoh.ID", " siti@contoh.id"])
def test_login_with_the_email_address_in_any_case(client, manager, login):
    response = _login(client, login)
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(manager.pk)


def test_a_person_with_only_a_phone_number_logs_in(client):
    user = new_user(email=None, phone="+6285712345678")
    response = _login(client, "085712345678")
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(user.pk)


def test_after_login_home_leads_to_the_active_roles_home(client, manager):
    response = _login(client, "0812 3456 7890")
    home = client.get(response.url)
    assert home.status_code == 302
    assert home.url == reverse("coops:dashboard", args=["ksu-sukamaju"])


def test_login_keeps_a_safe_next_page(client, manager):
    response = client.post(
        reverse("core:login") + "?next=/akun/token/",
        {"username": "081234567890", "password": PASSWORD, "next": "/akun/token/"},
    )
    assert response.url == "/akun/token/"


@pytest.mark.parametrize("login", ["081234567890", "siti@contoh.id"])
def test_a_wrong_password_is_refused_with_an_indonesian_message(client, manager, login):
    response = _login(client, login, password="bukan-ini")
    assert response.status_code == 400
    assert WRONG_LOGIN in response.content.decode()
    assert _logged_in_user_id(client) is None


@pytest.mark.parametrize("login", ["089999999999", "siapa@contoh.id", "bukan nomor", ""])
def test_an_unknown_login_gets_the_same_message(client, manager, login):
    response = _login(client, login)
    assert response.status_code == 400
    assert _logged_in_user_id(client) is None
    if login:
        assert WRONG_LOGIN in response.content.decode()


def test_a_deactivated_account_cannot_log_in(client, manager):
    manager.is_active = False
    manager.save()
    response = _login(client, "081234567890")
    assert response.status_code == 400
    assert _logged_in_user_id(client) is None


def test_login_page_is_in_indonesian(client):
    page = client.get(reverse("core:login")).content.decode()
    assert "Masuk ke Simpul" in page
    assert "Nomor HP atau e-mail" in page
    assert "Lupa kata sandi?" in page


def test_a_logged_in_person_opening_the_login_page_goes_home(client, manager):
    client.force_login(manager)
    response = client.get(reverse("core:login"))
    assert response.status_code == 302


# --- throttling


def test_five_failures_lock_the_login_for_fifteen_minutes(client, manager):
    for _attempt in range(4):
        assert _login(client, "081234567890", password="salah").status_code == 400
    locked = _login(client, "081234567890", password="salah")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in page
    assert "Coba lagi dalam 15 menit" in page
    # Even the right password is refused while the lock holds.
    assert _login(client, "081234567890").status_code == 429
    assert _logged_in_user_id(client) is None


def test_the_lock_is_per_account_whatever_the_address(client, manager):
    for _attempt in range(5):
        _login(client, "081234567890", password="salah", ip="10.1.1.1")
    # Spreading the guesses over addresses does not help: the account counts them all.
    assert _login(client, "081234567890", ip="10.9.9.9").status_code == 429


def test_the_lock_lifts_after_fifteen_minutes(client, manager):
    for _attempt in range(5):
        _login(client, "081234567890", password="salah")
    assert _login(client, "081234567890").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "081234567890").status_code == 302


def test_a_successful_login_resets_the_count(client, manager):
    for _attempt in range(4):
        _login(client, "081234567890", password="salah")
    assert _login(client, "081234567890").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert _login(client, "081234567890", password="salah").status_code == 400


def test_writing_the_number_differently_does_not_dodge_the_lock(client, manager, settings):
    settings.AXES_USERNAME_CALLABLE = "simpul.core.auth.axes_username"
    for login in ["081234567890", "6281234567890", "+6281234567890", "0812-3456-7890", "0812 3456 7890"]:
        _login(client, login, password="salah")
    assert _login(client, "+62 812 3456 7890").status_code == 429


def test_logins_are_normalised_for_throttling(manager):
    assert normalize_login(" 0812-3456-7890 ") == "+6281234567890"
    assert normalize_login("Siti@Contoh.ID") == "siti@contoh.id"
    assert normalize_login("bukan nomor") == "bukan nomor"
    # A login that belongs to someone counts against the person, whatever the spelling.
    assert axes_username(None, {"username": "62812 3456 7890"}) == f"user:{manager.pk}"
    assert axes_username(None, {"username": "SITI@contoh.id"}) == f"user:{manager.pk}"
    request = RequestFactory().post("/masuk/", {"username": "0812 3456 7890"})
    assert axes_username(request) == f"user:{manager.pk}"
    # Anything else counts as typed (normalised), never mixed with an account's key.
    assert axes_username(None, {"username": "0899 1111 2222"}) == "login:+6289911112222"
    assert axes_username(None, {"username": "user:1"}) == "login:user:1"


# --- logging out, home, no role


def test_logout(client, manager):
    client.force_login(manager)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert response.url == reverse("core:landing")
    assert _logged_in_user_id(client) is None


def test_home_needs_a_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_a_person_without_a_role_sees_the_no_role_page(client):
    client.force_login(new_user(full_name="Agus Salim"))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anda belum punya peran" in page
    assert "Selamat datang, Agus Salim." in page
    assert "Minta pengurus koperasi Anda mengirim undangan." in page


# --- password change


def test_password_change(client, manager):
    client.force_login(manager)
    assert client.get(reverse("core:password_change")).status_code == 200
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "kopi-tubruk-2026", "new_password2": "kopi-tubruk-2026"},
        follow=True,
    )
    assert response.redirect_chain[0] == (reverse("core:home"), 302)
    assert "Kata sandi baru Anda sudah disimpan." in response.content.decode()
    manager.refresh_from_db()
    assert manager.check_password("kopi-tubruk-2026")
    assert _logged_in_user_id(client) == str(manager.pk)  # the session survives the change


def test_password_change_with_a_wrong_old_password_is_refused(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": "bukan-ini", "new_password1": "kopi-tubruk-2026", "new_password2": "kopi-tubruk-2026"},
    )
    assert response.status_code == 400
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_password_change_needs_a_login(client):
    response = client.get(reverse("core:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


# --- password reset by e-mail


def test_password_reset_by_email(client, manager, mailoutbox, settings):
    settings.SITE_URL = "https://simpul.contoh.id"
    response = client.post(reverse("core:password_reset"), {"email": "SITI@contoh.id"})
    assert response.status_code == 302
    assert response.url == reverse("core:password_reset_done")
    assert "Periksa e-mail Anda" in client.get(response.url).content.decode()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["siti@contoh.id"]
    assert mail.subject == "Buat kata sandi Simpul yang baru"
    assert "Halo " in mail.body
    assert "Buka tautan ini untuk membuatnya" in mail.body
    link = re.search(r"https://simpul\.contoh\.id(/sandi/atur/\S+/)", mail.body)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert "Buat kata sandi baru" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "kopi-tubruk-2026", "new_password2": "kopi-tubruk-2026"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("core:login")
    assert "Kata sandi baru Anda sudah disimpan. Silakan masuk dengan kata sandi itu." in done.content.decode()
    assert _login(client, "081234567890", password="kopi-tubruk-2026").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, manager, mailoutbox):
    response = client.post(reverse("core:password_reset"), {"email": "siapa@contoh.id"})
    assert response.status_code == 302
    assert response.url == reverse("core:password_reset_done")
    assert mailoutbox == []


def test_a_broken_reset_link_says_so_in_indonesian(client):
    response = client.get(reverse("core:password_reset_confirm", args=["MQ", "bukan-token"]))
    assert response.status_code == 200
    assert "Tautan ini sudah tidak berlaku" in response.content.decode()


# --- API tokens


def test_tokens_page_needs_a_login(client):
    response = client.get(reverse("core:api_tokens"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_create_a_token_shown_once(client, manager):
    client.force_login(manager)
    response = client.post(reverse("core:api_tokens"), {"name": "Laptop kasir"})
    assert response.status_code == 200
    found = re.search(r'value="(smp_[^"]+)"', response.content.decode())
    assert found is not None
    key = found.group(1)
    token = ApiToken.objects.get(user=manager)
    assert token.name == "Laptop kasir"
    assert token.key_hash != key  # only the hash is stored
    assert AuditLog.objects.filter(event="api_token.created", target_id=str(token.pk), actor=manager).exists()
    again = client.get(reverse("core:api_tokens")).content.decode()
    assert key not in again
    assert "Laptop kasir" in again


def test_a_token_without_a_name_is_refused(client, manager):
    client.force_login(manager)
    response = client.post(reverse("core:api_tokens"), {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_service_refuses_a_blank_name_in_indonesian(manager):
    from simpul.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        api_token_create(user=manager, name="  ")
    assert refused.value.message == "Beri nama token, misalnya aplikasi atau komputer yang akan memakainya."
    assert not ApiToken.objects.exists()


def test_bearer_token_authenticates_until_revoked(client, manager):
    token, key = api_token_create(user=manager, name="Aplikasi akuntansi")
    request = RequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert TokenAuth()(request) == manager
    token.refresh_from_db()
    assert token.last_used_at is not None

    client.force_login(manager)
    response = client.post(reverse("core:api_token_revoke", args=[token.pk]), follow=True)
    assert "Token “Aplikasi akuntansi” sudah dicabut dan tidak bisa dipakai lagi." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(event="api_token.revoked", target_id=str(token.pk)).exists()
    request = RequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert not TokenAuth()(request)


def test_someone_elses_token_cannot_be_revoked(client, manager):
    other_token, _key = api_token_create(user=new_user(), name="Punya orang lain")
    client.force_login(manager)
    response = client.post(reverse("core:api_token_revoke", args=[other_token.pk]))
    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_revoking_twice_is_harmless(manager):
    token, _key = api_token_create(user=manager, name="Skrip")
    api_token_revoke(user=manager, token_id=token.pk)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    api_token_revoke(user=manager, token_id=token.pk)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditLog.objects.filter(event="api_token.revoked").count() == 1


def test_the_token_list_does_not_grow_queries_with_tokens(client, manager, django_assert_max_num_queries):
    for number in range(10):
        token, _key = api_token_create(user=manager, name=f"Token {number}")
        if number % 3 == 0:
            api_token_revoke(user=manager, token_id=token.pk)
    api_token_create(user=new_user(), name="Punya orang lain")
    client.force_login(manager)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:api_tokens"))
    page = response.content.decode()
    assert page.count('data-testid="token-row"') == 10
    assert "Punya orang lain" not in page
