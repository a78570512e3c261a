"""A manager invites staff by phone or e-mail; the invitee accepts through the link."""

import datetime
import re
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import Cooperative, Invitation, Role
from simpul.coops.services.invitations import (
    InvitationClosedError,
    InvitationState,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_state,
)
from simpul.coops.tests.factories import CILACAP_VILLAGE, CooperativeFactory, RoleKind, UserFactory, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.models import AuditLog, User

pytestmark = pytest.mark.django_db

STRONG = "kopi-tubruk-2026"


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="KSU Sukamaju", slug="ksu-sukamaju")


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative, full_name="Siti Rahmawati")


def _invite(cooperative, manager, **fields):
    values = {"kind": RoleKind.CASHIER, "full_name": "Dewi Lestari", **fields}
    return invitation_create(cooperative=cooperative, actor=manager, **values)


def _refused(code, message, **call):
    """Assert the service refuses with `code` and the Indonesian `message`, and nothing is saved."""
    invitations, audits = Invitation.objects.count(), AuditLog.objects.count()
    with pytest.raises(ApplicationError) as refused:
        _invite(**call)
    assert refused.value.code == code
    assert refused.value.message == message
    assert Invitation.objects.count() == invitations
    assert AuditLog.objects.count() == audits
    return refused.value


# --- creating an invitation (service)


@pytest.mark.parametrize("phone", ["081311112222", "6281311112222", "+6281311112222", "0813-1111-2222"])
def test_invite_by_phone_normalises_the_number_and_audits(cooperative, manager, phone, mailoutbox):
    invitation = _invite(cooperative, manager, phone=phone, ip_address="10.0.0.7")
    assert invitation.phone == "+6281311112222"
    assert invitation.email == ""
    assert invitation.invited_by == manager
    assert invitation_state(invitation) == InvitationState.OPEN
    audit = AuditLog.objects.get(event="invitation.created")
    assert audit.cooperative_id == cooperative.pk
    assert audit.actor == manager
    assert audit.target_id == str(invitation.pk)
    assert audit.ip_address == "10.0.0.7"
    assert audit.changes["phone"] == "+6281311112222"
    assert mailoutbox == []


def test_invite_by_email_sends_the_link_after_commit(
    cooperative, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = _invite(cooperative, manager, email=" Dewi@Contoh.ID ", site_url="https://simpul.example/")
    assert invitation.email == "dewi@contoh.id"
    assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dewi@contoh.id"]
    assert mail.subject == "Undangan ke KSU Sukamaju di Simpul"
    assert mail.body.startswith("Halo Dewi Lestari,\n\nAnda diundang bergabung dengan KSU Sukamaju di Simpul sebagai")
    assert f"\n\nhttps://simpul.example/undangan/{invitation.token}/\n\n" in mail.body
    assert "Sudah punya akun? Masuk dengan akun itu, lalu terima undangannya." in mail.body


def test_neither_contact_is_refused(cooperative, manager):
    error = _refused(
        "required",
        "Isi nomor HP atau alamat e-mail orang yang Anda undang.",
        cooperative=cooperative,
        manager=manager,
        phone="  ",
        email="",
    )
    assert error.extra["field"] == "phone"


@pytest.mark.parametrize("kind", [RoleKind.MEMBER, RoleKind.DINAS, RoleKind.PLATFORM_ADMIN, "boss"])
def test_a_role_that_cannot_be_invited_is_refused(cooperative, manager, kind):
    _refused(
        "invalid_role",
        "Orang hanya dapat diundang sebagai pengurus, pengawas, atau kasir.",
        cooperative=cooperative,
        manager=manager,
        kind=kind,
        phone="081311112222",
    )


def test_a_bad_phone_number_is_refused(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        _invite(cooperative, manager, phone="12345")
    assert refused.value.code == "invalid_phone"
    assert refused.value.message.startswith("“12345” bukan nomor")
    assert not Invitation.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_bad_email_is_refused(cooperative, manager):
    _refused(
        "invalid_email",
        "“dewi@” bukan alamat e-mail yang sah.",
        cooperative=cooperative,
        manager=manager,
        email="dewi@",
    )


def test_a_name_is_required(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        _invite(cooperative, manager, full_name=" ", phone="081311112222")
    assert refused.value.extra["field"] == "full_name"
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("held", [RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.MEMBER])
def test_an_invitation_to_an_existing_member_is_refused(cooperative, manager, held):
    person_with_role(held, cooperative, full_name="Budi Santoso", phone="+6281311112222", email="budi@contoh.id")
    for contact in ({"phone": "0813-1111-2222"}, {"email": "BUDI@contoh.id"}):
        error = _refused(
            "already_member",
            "Budi Santoso sudah punya akun dengan peran "
            + str(Role(kind=held).get_kind_display())
            + " di koperasi ini; tidak perlu diundang lagi.",
            cooperative=cooperative,
            manager=manager,
            **contact,
        )
        assert error.extra["field"] in ("phone", "email")


def test_a_person_with_a_role_elsewhere_can_be_invited(cooperative, manager):
    other = CooperativeFactory(village_code=CILACAP_VILLAGE)
    person_with_role(RoleKind.MANAGER, other, phone="+6281311112222")
    assert _invite(cooperative, manager, phone="081311112222").pk


def test_an_inactive_role_does_not_count_as_member(cooperative, manager):
    budi = person_with_role(RoleKind.CASHIER, cooperative, phone="+6281311112222")
    Role.objects.filter(user=budi).update(is_active=False)
    assert _invite(cooperative, manager, phone="081311112222").pk


def test_a_second_open_invitation_for_the_same_contact_is_refused(cooperative, manager):
    _invite(cooperative, manager, phone="081311112222", email="dewi@contoh.id")
    message = (
        "Orang ini sudah punya undangan yang masih berlaku ke koperasi ini. Bagikan undangan itu, atau batalkan dulu."
    )
    for contact in ({"phone": "+62 813 1111 2222"}, {"email": "DEWI@contoh.id"}):
        _refused("already_invited", message, cooperative=cooperative, manager=manager, kind=RoleKind.MANAGER, **contact)


def test_the_same_contact_may_be_invited_by_another_cooperative(cooperative, manager):
    _invite(cooperative, manager, phone="081311112222")
    other = CooperativeFactory(village_code=CILACAP_VILLAGE)
    other_manager = person_with_role(RoleKind.MANAGER, other)
    assert _invite(other, other_manager, phone="081311112222").pk


def test_a_revoked_or_expired_invitation_does_not_block_a_new_one(cooperative, manager):
    first = _invite(cooperative, manager, phone="081311112222")
    invitation_revoke(cooperative=cooperative, actor=manager, invitation_id=first.pk)
    second = _invite(cooperative, manager, phone="081311112222")
    _expire(second)
    assert _invite(cooperative, manager, phone="081311112222").pk


def test_email_and_phone_of_two_different_people_are_refused(cooperative, manager):
    UserFactory(phone="+6281311112222", email="satu@contoh.id")
    UserFactory(phone="+6281399998888", email="dua@contoh.id")
    _refused(
        "contact_conflict",
        "Alamat e-mail dan nomor HP itu milik dua akun yang berbeda. Undang dengan salah satunya saja.",
        cooperative=cooperative,
        manager=manager,
        phone="081311112222",
        email="dua@contoh.id",
    )


# --- the manager's page


def test_the_page_lists_open_and_accepted_invitations_and_the_staff(client, cooperative, manager):
    person_with_role(RoleKind.SUPERVISOR, cooperative, full_name="Budi Santoso")
    open_one = _invite(cooperative, manager, full_name="Dewi Lestari", phone="081311112222")
    taken = _invite(cooperative, manager, full_name="Agus Salim", email="agus@contoh.id")
    invitation_accept(token=taken.token, actor=None, password=STRONG)
    revoked = _invite(cooperative, manager, full_name="Rina Wati", phone="081377776666")
    invitation_revoke(cooperative=cooperative, actor=manager, invitation_id=revoked.pk)

    client.force_login(manager)
    response = client.get(reverse("coops:invitations", args=[cooperative.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Petugas dan undangan" in page
    open_section = page.split('data-testid="open-invitations"')[1].split("</section>")[0]
    assert "Dewi Lestari" in open_section
    assert "Rina Wati" not in page
    assert "https://wa.me/6281311112222?text=" in open_section
    staff = page.split('data-testid="staff"')[1].split("</table>")[0]
    for name in ("Siti Rahmawati", "Budi Santoso", "Agus Salim"):
        assert name in staff
    accepted = page.split('data-testid="accepted-invitations"')[1].split("</table>")[0]
    assert "Agus Salim" in accepted
    assert open_one.token in page


def test_the_page_queries_do_not_grow_with_rows(client, cooperative, manager, django_assert_max_num_queries):
    for number in range(8):
        person_with_role(RoleKind.CASHIER, cooperative)
        _invite(cooperative, manager, full_name=f"Calon {number}", phone=f"08131111{number:04d}")
        accepted = _invite(cooperative, manager, full_name=f"Sudah {number}", email=f"sudah{number}@contoh.id")
        invitation_accept(token=accepted.token, actor=None, password=STRONG)
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("coops:invitations", args=[cooperative.slug]))
    page = response.content.decode()
    assert page.count('data-testid="open-invitation"') == 8
    assert page.count('data-testid="accepted-invitation"') == 8
    assert page.count('data-testid="staff-member"') == 1 + 8 + 8


def test_inviting_by_phone_through_the_page_shows_a_whatsapp_link(client, cooperative, manager, settings):
    """The link comes from SITE_URL, never from the request's Host (which a proxy or an attacker may set)."""
    settings.SITE_URL = "https://simpul.example.id"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    client.force_login(manager)
    response = client.post(
        reverse("coops:invitations", args=[cooperative.slug]),
        {"full_name": "Dewi Lestari", "kind": "cashier", "phone": "0813 1111 2222", "email": ""},
        follow=True,
        HTTP_HOST="evil.example",
    )
    invitation = Invitation.objects.get()
    assert response.redirect_chain[-1][0] == (
        reverse("coops:invitations", args=[cooperative.slug]) + f"?baru={invitation.pk}"
    )
    page = response.content.decode()
    assert "Undangan untuk Dewi Lestari sudah siap. Kirimkan lewat WhatsApp." in page
    found = re.search(r'href="([^"]+)"[^>]*data-testid="whatsapp-share"', page)
    assert found is not None
    share = found.group(1).replace("&amp;", "&")
    url = urlparse(share)
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/6281311112222")
    text = parse_qs(url.query)["text"][0]
    assert text.startswith("Halo Dewi Lestari, Anda diundang bergabung dengan KSU Sukamaju di Simpul sebagai")
    assert "Buka tautan ini untuk menerima undangan: https://simpul.example.id/undangan/" in text
    assert f"https://simpul.example.id/undangan/{invitation.token}/" in text
    assert "evil.example" not in page
    assert " " not in url.query and "/" not in url.query  # the message is fully URL-encoded


def test_inviting_by_email_through_the_page_sends_mail(
    client, cooperative, manager, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://simpul.example.id"
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coops:invitations", args=[cooperative.slug]),
            {"full_name": "Dewi Lestari", "kind": "supervisor", "phone": "", "email": "dewi@contoh.id"},
            follow=True,
        )
    assert "Undangan untuk Dewi Lestari sudah dikirim ke dewi@contoh.id." in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.kind == RoleKind.SUPERVISOR
    assert len(mailoutbox) == 1
    assert f"https://simpul.example.id/undangan/{invitation.token}/" in mailoutbox[0].body


def test_a_refused_invitation_rerenders_the_form_with_400(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(
        reverse("coops:invitations", args=[cooperative.slug]),
        {"full_name": "Dewi Lestari", "kind": "cashier", "phone": "", "email": ""},
    )
    assert response.status_code == 400
    assert "Isi nomor HP atau alamat e-mail orang yang Anda undang." in response.content.decode()
    assert not Invitation.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_forged_role_in_the_form_is_refused(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(
        reverse("coops:invitations", args=[cooperative.slug]),
        {"full_name": "Dewi Lestari", "kind": "platform_admin", "phone": "081311112222"},
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("kind", [RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.MEMBER])
def test_only_managers_may_invite(client, cooperative, kind):
    client.force_login(person_with_role(kind, cooperative))
    url = reverse("coops:invitations", args=[cooperative.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"full_name": "Dewi Lestari", "kind": "cashier", "phone": "081311112222"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_another_cooperatives_manager_gets_404(client, cooperative):
    other = CooperativeFactory(village_code=CILACAP_VILLAGE)
    client.force_login(person_with_role(RoleKind.MANAGER, other))
    url = reverse("coops:invitations", args=[cooperative.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "X", "kind": "cashier", "phone": "081311112222"}).status_code == 404
    assert client.get(reverse("coops:invitations", args=["tidak-ada"])).status_code == 404
    assert not Invitation.objects.exists()


def test_the_page_needs_a_login(client, cooperative):
    response = client.get(reverse("coops:invitations", args=[cooperative.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


# --- revoking


def test_revoke_an_open_invitation(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    client.force_login(manager)
    response = client.post(
        reverse("coops:invitation_revoke", args=[cooperative.slug, invitation.pk]), REMOTE_ADDR="10.0.0.9", follow=True
    )
    assert (
        "Undangan untuk Dewi Lestari sudah dibatalkan; tautannya tidak bisa dipakai lagi." in response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.REVOKED
    audit = AuditLog.objects.get(event="invitation.revoked")
    assert (audit.actor, audit.cooperative_id, audit.ip_address) == (manager, cooperative.pk, "10.0.0.9")


def test_revoking_a_used_invitation_is_refused(cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    invitation_accept(token=invitation.token, actor=None, password=STRONG)
    with pytest.raises(InvitationClosedError) as refused:
        invitation_revoke(cooperative=cooperative, actor=manager, invitation_id=invitation.pk)
    assert refused.value.message == "Undangan ini sudah dipakai."
    assert not AuditLog.objects.filter(event="invitation.revoked").exists()


def test_another_cooperatives_invitation_cannot_be_revoked(client, cooperative, manager):
    other = CooperativeFactory(village_code=CILACAP_VILLAGE)
    other_manager = person_with_role(RoleKind.MANAGER, other)
    foreign = _invite(other, other_manager, phone="081311112222")
    client.force_login(manager)
    # Through one's own cooperative's URL: the invitation is not there.
    assert client.post(reverse("coops:invitation_revoke", args=[cooperative.slug, foreign.pk])).status_code == 404
    # Through the other cooperative's URL: no role there.
    assert client.post(reverse("coops:invitation_revoke", args=[other.slug, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert invitation_state(foreign) == InvitationState.OPEN
    with pytest.raises(NotFoundError):
        invitation_revoke(cooperative=cooperative, actor=manager, invitation_id=foreign.pk)


def test_a_supervisor_cannot_revoke(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert client.post(reverse("coops:invitation_revoke", args=[cooperative.slug, invitation.pk])).status_code == 403
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.OPEN


# --- accepting: a newcomer


def _expire(invitation):
    """Make the invitation as if it was made eight days ago (it lasts seven)."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=now - datetime.timedelta(days=8), expires_at=now - datetime.timedelta(days=1)
    )


def _accept_url(invitation):
    return reverse("coops:invitation_accept", args=[invitation.token])


def test_a_newcomer_sets_a_password_and_lands_on_the_roles_home(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    page = client.get(_accept_url(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anda diundang" in text
    assert "+6281311112222" in text
    assert 'name="password1"' in text

    response = client.post(_accept_url(invitation), {"password1": STRONG, "password2": STRONG}, REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 302
    # A kasir starts at the Koperasi Mart's till.
    assert response.url == reverse("mart:pos", args=[cooperative.slug])
    user = User.objects.get(phone="+6281311112222")
    assert user.full_name == "Dewi Lestari"
    assert user.email is None
    assert user.check_password(STRONG)
    assert client.session["_auth_user_id"] == str(user.pk)
    role = Role.objects.get(user=user)
    assert (role.kind, role.cooperative, role.is_active) == (RoleKind.CASHIER, cooperative, True)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation_state(invitation) == InvitationState.ACCEPTED
    audit = AuditLog.objects.get(event="invitation.accepted")
    assert (audit.actor, audit.cooperative_id, audit.ip_address) == (user, cooperative.pk, "10.0.0.5")
    assert audit.changes["new_account"] is True
    # The new person can log in again with the phone number.
    client.logout()
    assert client.post(reverse("core:login"), {"username": "0813 1111 2222", "password": STRONG}).status_code == 302


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("12345678", "12345678", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("kopi", "kopi", "Kata sandi terlalu pendek."),
        (STRONG, "lain-sekali-2026", "Kedua kata sandi tidak sama."),
        ("", "", "Bidang ini tidak boleh kosong."),
    ],
)
def test_a_weak_or_mismatched_password_creates_nothing(client, cooperative, manager, password1, password2, message):
    invitation = _invite(cooperative, manager, email="dewi@contoh.id")
    users = User.objects.count()
    response = client.post(_accept_url(invitation), {"password1": password1, "password2": password2})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.OPEN
    assert not AuditLog.objects.filter(event="invitation.accepted").exists()


def test_a_password_like_the_name_is_refused(cooperative, manager):
    invitation = _invite(cooperative, manager, full_name="Dewi Lestari", email="dewilestari@contoh.id")
    with pytest.raises(ApplicationError) as refused:
        invitation_accept(token=invitation.token, actor=None, password="dewilestari")
    assert refused.value.code == "weak_password"
    assert not User.objects.filter(email="dewilestari@contoh.id").exists()


def test_a_newcomers_invitation_opened_while_logged_in_as_someone_else(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    client.force_login(manager)
    page = client.get(_accept_url(invitation))
    assert page.status_code == 403
    assert "tetapi Anda sedang masuk sebagai Siti Rahmawati" in page.content.decode()
    response = client.post(_accept_url(invitation), {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 403
    assert not User.objects.filter(phone="+6281311112222").exists()
    assert Role.objects.filter(cooperative=cooperative).count() == 1


# --- accepting: a person who already has an account


@pytest.fixture
def budi():
    """A manager of another cooperative, invited here as supervisor."""
    other = CooperativeFactory(name="KUD Tani Makmur", slug="kud-tani-makmur", village_code=CILACAP_VILLAGE)
    return person_with_role(RoleKind.MANAGER, other, full_name="Budi Santoso", phone="+6281311112222", email=None)


def test_an_existing_user_must_log_in_first(client, cooperative, manager, budi):
    invitation = _invite(cooperative, manager, kind=RoleKind.SUPERVISOR, phone="081311112222")
    page = client.get(_accept_url(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sudah ada akun Simpul untuk" in text
    assert f"{reverse('core:login')}?next={_accept_url(invitation)}" in text
    response = client.post(_accept_url(invitation), {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 400
    assert (
        "Akun dengan +6281311112222 sudah ada. Masuk ke akun itu, lalu terima undangannya." in response.content.decode()
    )
    assert not budi.roles.filter(cooperative=cooperative).exists()
    budi.refresh_from_db()
    assert not budi.check_password(STRONG)  # nobody can take over the account through the link


def test_an_existing_user_logs_in_and_accepts(client, cooperative, manager, budi):
    invitation = _invite(cooperative, manager, kind=RoleKind.SUPERVISOR, phone="081311112222")
    login = client.post(
        reverse("core:login") + f"?next={_accept_url(invitation)}",
        {"username": "081311112222", "password": "rahasia-123", "next": _accept_url(invitation)},
    )
    assert login.url == _accept_url(invitation)
    page = client.get(_accept_url(invitation))
    assert "Anda masuk sebagai Budi Santoso." in page.content.decode()

    response = client.post(_accept_url(invitation), follow=True)
    assert response.redirect_chain[0] == (reverse("coops:dashboard", args=[cooperative.slug]), 302)
    role = budi.roles.get(cooperative=cooperative)
    assert role.kind == RoleKind.SUPERVISOR
    assert budi.roles.count() == 2  # the role elsewhere stays
    assert User.objects.filter(phone="+6281311112222").count() == 1
    audit = AuditLog.objects.get(event="invitation.accepted")
    assert audit.changes["new_account"] is False
    # The role just taken is the active one.
    assert client.get(reverse("core:home")).url == reverse("coops:dashboard", args=[cooperative.slug])


def test_an_existing_users_invitation_refuses_another_logged_in_person(client, cooperative, manager, budi):
    invitation = _invite(cooperative, manager, kind=RoleKind.SUPERVISOR, phone="081311112222")
    client.force_login(manager)
    assert client.get(_accept_url(invitation)).status_code == 403
    response = client.post(_accept_url(invitation))
    assert response.status_code == 403
    assert (
        "Undangan ini untuk akun +6281311112222. Keluar dulu, lalu masuk dengan akun itu." in response.content.decode()
    )
    with pytest.raises(PermissionDeniedError):
        invitation_accept(token=invitation.token, actor=manager)
    assert not budi.roles.filter(cooperative=cooperative).exists()
    invitation.refresh_from_db()
    assert invitation_state(invitation) == InvitationState.OPEN


# --- closed links


def test_a_used_link_gives_410(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    invitation_accept(token=invitation.token, actor=None, password=STRONG)
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert "Undangan ini sudah dipakai" in response.content.decode()
    again = client.post(_accept_url(invitation), {"password1": STRONG, "password2": STRONG})
    assert again.status_code == 410
    assert Role.objects.filter(cooperative=cooperative, kind=RoleKind.CASHIER).count() == 1


def test_a_revoked_link_gives_410(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    invitation_revoke(cooperative=cooperative, actor=manager, invitation_id=invitation.pk)
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert "Undangan ini sudah dibatalkan" in response.content.decode()
    response = client.post(_accept_url(invitation), {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 410
    assert not User.objects.filter(phone="+6281311112222").exists()


def test_an_expired_link_gives_410(client, cooperative, manager):
    invitation = _invite(cooperative, manager, phone="081311112222")
    _expire(invitation)
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert "Undangan ini sudah kedaluwarsa" in response.content.decode()
    with pytest.raises(InvitationClosedError) as refused:
        invitation_accept(token=invitation.token, actor=None, password=STRONG)
    assert refused.value.message == "Undangan ini sudah kedaluwarsa."
    assert not User.objects.filter(phone="+6281311112222").exists()


def test_an_unknown_link_gives_404(client):
    assert client.get(reverse("coops:invitation_accept", args=["tidak-ada-undangan-seperti-ini"])).status_code == 404
    with pytest.raises(NotFoundError):
        invitation_accept(token="tidak-ada", actor=None, password=STRONG)


# --- two people accepting one link at the same moment


# The region table is loaded once per session; a transactional test flushes only these apps afterwards, keeping it.
KEEP_REGIONS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    "simpul.core",
    "simpul.coops",
]


@pytest.fixture
def slow_contact_lookup(monkeypatch):
    """Widen the race: the contact lookup (after the lock) takes a while, so unlocked threads would overlap."""
    from simpul.coops.services import invitations as service

    lookup = service._invitee_account

    def slow(**contact):
        time.sleep(0.3)
        return lookup(**contact)

    monkeypatch.setattr(service, "_invitee_account", slow)


def _run_twice_at_once(work) -> tuple[list[object], list[Exception]]:
    """Run `work` in two threads released together; return what succeeded and what was raised."""
    start = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as error:  # collected and checked by the caller
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2
    return [r for r in results if not isinstance(r, Exception)], [r for r in results if isinstance(r, Exception)]


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_concurrent_acceptance_grants_exactly_one_role(slow_contact_lookup):
    cooperative = CooperativeFactory()
    assert isinstance(cooperative, Cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    invitation = _invite(cooperative, manager, phone="081311112222")

    successes, failures = _run_twice_at_once(
        lambda: invitation_accept(token=invitation.token, actor=None, password=STRONG)
    )

    assert len(successes) == 1, failures
    assert len(failures) == 1 and isinstance(failures[0], InvitationClosedError), failures
    assert Role.objects.filter(cooperative=cooperative, kind=RoleKind.CASHIER).count() == 1
    assert User.objects.filter(phone="+6281311112222").count() == 1
    assert AuditLog.objects.filter(event="invitation.accepted").count() == 1


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_concurrent_invitations_of_one_person_make_exactly_one(slow_contact_lookup):
    cooperative = CooperativeFactory()
    assert isinstance(cooperative, Cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)

    successes, failures = _run_twice_at_once(lambda: _invite(cooperative, manager, phone="081311112222"))

    assert len(successes) == 1, failures
    assert len(failures) == 1 and isinstance(failures[0], ApplicationError), failures
    assert failures[0].code == "already_invited"
    assert Invitation.objects.filter(cooperative=cooperative).count() == 1
