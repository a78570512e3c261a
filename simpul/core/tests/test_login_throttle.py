"""Login throttling per account and per client address, the client address behind trusted proxies, and the reset
link: it lets the owner of a locked account in, it is rate-limited, and it is built from SITE_URL (issue 9 §5)."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from simpul.coops.tests.factories import UserFactory
from simpul.core.models import PasswordResetRequest, User
from simpul.core.network import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-123"
SPRAYED = "Rahasia2026!"
PROXY = "10.0.0.2"


def _login(client, username, password=PASSWORD, ip="10.1.1.1", **headers):
    return client.post(reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def _via_proxy(client, username, client_ip, password=PASSWORD, claimed=""):
    """A login through one TLS proxy: it appends the address it saw to whatever the client sent."""
    forwarded = f"{claimed}, {client_ip}" if claimed else client_ip
    return _login(client, username, password, ip=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _logged_in(client):
    return client.session.get("_auth_user_id")


def new_user(**fields) -> User:
    user = UserFactory(**fields)
    assert isinstance(user, User)
    return user


@pytest.fixture
def siti():
    return new_user(phone="+6281234567890", email="siti@contoh.id", full_name="Siti")


@pytest.fixture
def one_proxy(settings):
    settings.SIMPUL_TRUSTED_PROXIES = 1


# --- per account, whatever the spelling


def test_five_wrong_passwords_on_the_email_lock_the_phone_number_too(client, siti):
    spellings = ["siti@contoh.id", "SITI@contoh.id", "siti@contoh.id", " Siti@Contoh.ID", "siti@contoh.id"]
    answers = [_login(client, login, password="salah").status_code for login in spellings]
    assert answers == [400, 400, 400, 400, 429]
    locked = _login(client, "0812 3456 7890")
    assert locked.status_code == 429
    assert _logged_in(client) is None
    assert _login(client, "+62 812-3456-7890", ip="10.7.7.7").status_code == 429


def test_the_lockout_page_tells_the_owner_how_to_get_in(client, siti):
    for _attempt in range(5):
        _login(client, "siti@contoh.id", password="salah", ip="10.6.6.6")
    page = _login(client, "081234567890", ip="10.1.1.1")
    assert page.status_code == 429
    html = page.content.decode()
    assert 'data-testid="lockout-account"' in html
    assert "Akun ini dikunci sementara setelah 5 kali salah memasukkan kata sandi. Coba lagi dalam 15 menit." in html
    assert "Tautannya tetap berlaku selama akun terkunci" in html
    assert reverse("core:password_reset") in html


def test_the_owner_of_a_locked_account_gets_in_by_a_reset_link(client, siti, mailoutbox, settings):
    settings.SITE_URL = "https://simpul.contoh.id"
    # Someone else locks Siti's account from their own address.
    for _attempt in range(6):
        _login(client, "siti@contoh.id", password="tebakan", ip="10.6.6.6")
    assert _login(client, "081234567890", ip="10.1.1.1").status_code == 429

    # Siti asks for a link and follows it while the lock holds.
    assert (
        client.post(reverse("core:password_reset"), {"email": "siti@contoh.id"}, REMOTE_ADDR="10.1.1.1").status_code
        == 302
    )
    link = re.search(r"https://simpul\.contoh\.id(/sandi/atur/\S+/)", mailoutbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "kopi-tubruk-2026", "new_password2": "kopi-tubruk-2026"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert done.status_code == 302
    # The new password unlocks the account at once.
    assert not AccessAttempt.objects.filter(username=f"user:{siti.pk}").exists()
    assert _login(client, "081234567890", password="kopi-tubruk-2026", ip="10.1.1.1").status_code == 302
    assert _logged_in(client) == str(siti.pk)


def test_a_successful_login_clears_the_account_count_but_not_the_address_count(client, siti, settings):
    settings.SIMPUL_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    sprayer = new_user(email="penyemprot@contoh.id")
    for number in range(5):
        _login(client, f"orang{number}@contoh.id", password=SPRAYED, ip="10.6.6.6")
    # The sprayer logs into their own account from the same address: the address's count stays.
    assert _login(client, sprayer.email, ip="10.6.6.6").status_code == 302
    client.logout()
    _login(client, "orang9@contoh.id", password=SPRAYED, ip="10.6.6.6")
    assert _login(client, "siti@contoh.id", ip="10.6.6.6").status_code == 429


# --- per client address: password spraying


def test_one_password_sprayed_over_thirty_accounts_from_one_address_is_stopped(client, siti):
    accounts = [new_user(email=f"anggota{number}@contoh.id") for number in range(30)]
    answers = [_login(client, user.email, password=SPRAYED, ip="10.6.6.6").status_code for user in accounts]
    assert answers[:19] == [400] * 19
    assert set(answers[20:]) == {429}, answers
    # Each of those accounts failed once only: none of them is locked.
    assert all(
        AccessAttempt.objects.filter(username=f"user:{user.pk}").get().failures_since_start == 1
        for user in accounts[:20]
    )
    page = _login(client, "siti@contoh.id", ip="10.6.6.6")
    assert page.status_code == 429  # the address is paused, even with a right password
    assert 'data-testid="lockout-address"' in page.content.decode()
    assert "dari jaringan Anda" in page.content.decode()
    # Siti, from her own address, is not affected.
    assert _login(client, "siti@contoh.id", ip="10.1.1.1").status_code == 302


def test_the_address_lock_lifts_after_fifteen_minutes(client, siti):
    for number in range(20):
        _login(client, f"orang{number}@contoh.id", password=SPRAYED, ip="10.6.6.6")
    assert _login(client, "siti@contoh.id", ip="10.6.6.6").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "siti@contoh.id", ip="10.6.6.6").status_code == 302


# --- the client address behind trusted proxies


def test_behind_the_proxy_a_sprayer_does_not_lock_everyone_else(client, siti, one_proxy):
    for number in range(25):
        _via_proxy(client, f"orang{number}@contoh.id", "203.0.113.9", password=SPRAYED)
    assert _via_proxy(client, "siti@contoh.id", "203.0.113.9").status_code == 429
    # Everyone comes from the proxy's address, but each client is counted by its own.
    assert _via_proxy(client, "siti@contoh.id", "198.51.100.7").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_a_spoofed_forwarded_for_does_not_change_the_counted_address(client, siti, one_proxy):
    for number in range(20):
        claimed = f"192.0.2.{number + 1}"  # the client writes a new address each time
        _via_proxy(client, f"orang{number}@contoh.id", "203.0.113.9", password=SPRAYED, claimed=claimed)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    answer = _via_proxy(client, "siti@contoh.id", "203.0.113.9", claimed="192.0.2.200")
    assert answer.status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, siti, settings):
    settings.SIMPUL_TRUSTED_PROXIES = 0
    for number in range(20):
        _login(client, f"orang{number}@contoh.id", SPRAYED, ip="10.6.6.6", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.6.6.6"}
    assert _login(client, "siti@contoh.id", ip="10.6.6.6", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.2"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.1", "1.2.3.4"),
        # Fewer entries than proxies: the request skipped a proxy, so its header is the client's own words.
        (2, "6.6.6.6", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "not an address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.SIMPUL_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


# --- the reset link: rate-limited, built from SITE_URL


def _ask_reset(client, email, ip="10.1.1.1", **headers):
    response = client.post(reverse("core:password_reset"), {"email": email}, REMOTE_ADDR=ip, **headers)
    assert response.status_code == 302
    assert response.url == reverse("core:password_reset_done")
    return response


def test_reset_links_are_limited_to_three_an_hour_per_account(client, siti, mailoutbox):
    for ip in ["10.1.1.1", "10.2.2.2", "10.3.3.3", "10.4.4.4", "10.5.5.5"]:
        _ask_reset(client, "SITI@contoh.id", ip=ip)  # the same answer every time
    assert len(mailoutbox) == 3
    PasswordResetRequest.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    _ask_reset(client, "siti@contoh.id")
    assert len(mailoutbox) == 4


def test_reset_links_are_limited_to_ten_an_hour_per_address(client, mailoutbox):
    for number in range(12):
        new_user(email=f"anggota{number}@contoh.id")
    for number in range(12):
        _ask_reset(client, f"anggota{number}@contoh.id", ip="10.6.6.6")
    assert len(mailoutbox) == 10
    _ask_reset(client, "anggota11@contoh.id", ip="10.7.7.7")
    assert len(mailoutbox) == 11


def test_an_unknown_address_is_limited_and_answered_the_same(client, mailoutbox):
    for _attempt in range(4):
        _ask_reset(client, "siapa@contoh.id")
    assert mailoutbox == []
    assert PasswordResetRequest.objects.filter(account="login:siapa@contoh.id").count() == 3


def test_the_reset_link_is_built_from_site_url_never_from_the_host_header(client, siti, mailoutbox, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://simpul.contoh.id"
    _ask_reset(client, "siti@contoh.id", HTTP_HOST="evil.example")
    body = mailoutbox[0].body
    assert "evil.example" not in body
    link = re.search(r"\S+/sandi/atur/\S+/", body)
    assert link is not None
    assert link.group(0).startswith("https://simpul.contoh.id/sandi/atur/")
