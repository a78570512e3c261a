"""The member portal: a manager invites a member, accepting links the login to exactly that member record, and the
member sees their own data and savings at /anggota/k/<slug>/ — never anyone else's."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.models import Invitation, Role, RoleKind
from simpul.coops.services.invitations import InvitationClosedError, invitation_accept
from simpul.coops.tests.factories import CooperativeFactory, UserFactory, grant, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog, User
from simpul.members.models import Member, MemberStatus
from simpul.members.portal import services as portal
from simpul.members.portal.services import member_portal_invite, member_portal_revoke, member_portal_unlink
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.services import member_exit
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

STRONG = "kopi-tubruk-2026"
MEMBER_PHONE = "0813-5555-0101"
MEMBER_E164 = "+6281355550101"


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="KSU Sukamaju", slug="ksu-sukamaju")


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative, full_name="Siti Rahmawati")


@pytest.fixture
def member(cooperative):
    return MemberFactory.create(cooperative=cooperative, name="Budi Santoso", phone=MEMBER_E164)


def _invite(cooperative, manager, member, **contact):
    values = {"phone": MEMBER_PHONE, **contact}
    return member_portal_invite(cooperative=cooperative, actor=manager, member_id=member.pk, **values)


def _linked(cooperative, user, *, name="Anggota Tertaut", **fields):
    """A member record already linked to `user`, with the member role, as an accepted invitation leaves it."""
    grant(user, RoleKind.MEMBER, cooperative)
    return MemberFactory.create(cooperative=cooperative, user=user, name=name, **fields)


def _refused(code, call, *args, **kwargs):
    """The service refuses with `code`; no invitation, no audit row, no link is written."""
    counts = (Invitation.objects.count(), AuditLog.objects.count(), Member.objects.filter(user__isnull=False).count())
    with pytest.raises(ApplicationError) as refused:
        call(*args, **kwargs)
    assert refused.value.code == code, refused.value.message
    assert counts == (
        Invitation.objects.count(),
        AuditLog.objects.count(),
        Member.objects.filter(user__isnull=False).count(),
    )
    return refused.value


# --- inviting (service) ------------------------------------------------------------------------------------------


def test_a_manager_invites_a_member_by_phone(cooperative, manager, member):
    invitation = _invite(cooperative, manager, member)

    assert invitation.kind == RoleKind.MEMBER
    assert invitation.subject_id == member.pk
    assert invitation.phone == MEMBER_E164 and invitation.full_name == "Budi Santoso"
    log = AuditLog.objects.get(event="member.portal_invited")
    assert log.target_id == str(member.pk) and log.cooperative_id == cooperative.pk
    url = portal.member_invitation_whatsapp_url(invitation, "https://simpul.id/undangan/x/")
    assert url.startswith("https://wa.me/6281355550101?text=")


def test_an_invitation_by_e_mail_sends_the_link(
    cooperative, manager, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cooperative, manager, member, phone="", email="Budi@Contoh.ID")
    assert invitation.email == "budi@contoh.id"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["budi@contoh.id"]
    assert f"/undangan/{invitation.token}/" in mailoutbox[0].body


def test_an_invitation_for_a_member_already_linked_is_refused(cooperative, manager):
    linked = _linked(cooperative, UserFactory.create())
    _refused(portal.ALREADY_LINKED, _invite, cooperative, manager, linked)


def test_a_second_open_invitation_for_one_member_is_refused(cooperative, manager, member):
    _invite(cooperative, manager, member)
    _refused(portal.ALREADY_INVITED, _invite, cooperative, manager, member, phone="0813-5555-0199")


def test_an_invitation_without_contact_or_with_a_bad_one_is_refused(cooperative, manager, member):
    _refused(portal.CONTACT_REQUIRED, _invite, cooperative, manager, member, phone="  ")
    _refused("invalid_phone", _invite, cooperative, manager, member, phone="12345")
    _refused(portal.INVALID_EMAIL, _invite, cooperative, manager, member, phone="", email="bukan-email")


def test_a_member_who_left_is_not_invited(cooperative, manager, member):
    member_exit(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2024, 5, 1),
    )
    _refused(portal.MEMBER_NOT_ACTIVE, _invite, cooperative, manager, member)


def test_a_login_linked_to_another_member_of_the_cooperative_is_not_invited_again(cooperative, manager, member):
    person = UserFactory.create(phone=MEMBER_E164)
    _linked(cooperative, person, name="Budi Lama")
    _refused(portal.LOGIN_LINKED_ELSEWHERE, _invite, cooperative, manager, member)


def test_another_cooperatives_member_is_not_found(cooperative, manager):
    stranger = MemberFactory.create(cooperative=CooperativeFactory())
    with pytest.raises(ApplicationError) as refused:
        _invite(cooperative, manager, stranger)
    assert refused.value.status == 404
    assert not Invitation.objects.exists()


# --- accepting links the login to exactly that member -----------------------------------------------------------


def test_accepting_as_a_new_account_links_the_login_to_the_member(cooperative, manager, member):
    other = MemberFactory.create(cooperative=cooperative, name="Bukan Budi")
    invitation = _invite(cooperative, manager, member)

    accepted = invitation_accept(token=invitation.token, actor=None, password=STRONG)

    member.refresh_from_db()
    other.refresh_from_db()
    assert accepted.new_account and accepted.role.kind == RoleKind.MEMBER
    assert member.user == accepted.user and accepted.user.phone == MEMBER_E164
    assert other.user is None
    assert AuditLog.objects.filter(event="member.portal_linked", target_id=str(member.pk)).exists()


def test_accepting_with_an_existing_account_links_it(cooperative, manager, member):
    person = UserFactory.create(phone=MEMBER_E164)
    grant(person, RoleKind.MEMBER, CooperativeFactory())  # a member elsewhere already
    invitation = _invite(cooperative, manager, member)

    invitation_accept(token=invitation.token, actor=person)

    member.refresh_from_db()
    assert member.user == person
    assert Role.objects.filter(user=person, kind=RoleKind.MEMBER, cooperative=cooperative, is_active=True).exists()


def test_acceptance_is_refused_and_nothing_kept_when_the_member_got_another_login(cooperative, manager, member):
    invitation = _invite(cooperative, manager, member)
    someone = UserFactory.create()
    Member.objects.filter(pk=member.pk).update(user=someone)  # linked meanwhile by another way

    with pytest.raises(ApplicationError) as refused:
        invitation_accept(token=invitation.token, actor=None, password=STRONG)

    assert refused.value.code == portal.ALREADY_LINKED
    assert not User.objects.filter(phone=MEMBER_E164).exists()  # the new account was rolled back
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Role.objects.filter(kind=RoleKind.MEMBER, cooperative=cooperative).exists()


def test_a_login_is_never_linked_to_two_members_of_one_cooperative(cooperative, manager, member):
    invitation = _invite(cooperative, manager, member)
    person = UserFactory.create(phone=MEMBER_E164)
    # Between the invitation and its acceptance, the same login got linked to another member record.
    _linked(cooperative, person, name="Budi Lain")

    with pytest.raises(ApplicationError) as refused:
        invitation_accept(token=invitation.token, actor=person)

    assert refused.value.code == portal.LOGIN_LINKED_ELSEWHERE
    member.refresh_from_db()
    assert member.user is None


def test_a_staff_invitation_links_no_member(cooperative, manager, member):
    from simpul.coops.services.invitations import invitation_create

    invitation = invitation_create(
        cooperative=cooperative, actor=manager, kind=RoleKind.CASHIER, full_name="Dewi", phone=MEMBER_PHONE
    )
    invitation_accept(token=invitation.token, actor=None, password=STRONG)
    member.refresh_from_db()
    assert member.user is None


# --- revoking and unlinking ---------------------------------------------------------------------------------------


def test_revoking_the_invitation_kills_its_link(cooperative, manager, member):
    invitation = _invite(cooperative, manager, member)
    member_portal_revoke(cooperative=cooperative, actor=manager, member_id=member.pk)

    with pytest.raises(InvitationClosedError):
        invitation_accept(token=invitation.token, actor=None, password=STRONG)
    _refused(portal.NO_INVITATION, member_portal_revoke, cooperative=cooperative, actor=manager, member_id=member.pk)
    # A new invitation can be made now.
    assert _invite(cooperative, manager, member).pk != invitation.pk


def test_unlinking_takes_the_portal_away_but_keeps_the_member(cooperative, manager, client):
    person = UserFactory.create()
    linked = _linked(cooperative, person)
    member_portal_unlink(cooperative=cooperative, actor=manager, member_id=linked.pk)

    linked.refresh_from_db()
    assert linked.user is None
    assert not Role.objects.get(user=person, kind=RoleKind.MEMBER).is_active
    client.force_login(person)
    assert client.get(reverse("members:portal_home", args=[cooperative.slug])).status_code == 404
    _refused(portal.NOT_LINKED, member_portal_unlink, cooperative=cooperative, actor=manager, member_id=linked.pk)


# --- the manager's panel on the member page ---------------------------------------------------------------------


def test_the_panel_invites_and_shows_the_whatsapp_link(client, cooperative, manager, member):
    client.force_login(manager)
    detail = client.get(reverse("members:detail", args=[cooperative.slug, member.pk])).content.decode()
    panel_url = reverse("members:portal_access", args=[cooperative.slug, member.pk])
    assert f'hx-get="{panel_url}"' in detail

    panel = client.get(panel_url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="none"' in panel and 'data-testid="portal-invite-form"' in panel
    assert MEMBER_E164 in panel  # the form starts with the member's phone

    response = client.post(
        reverse("members:portal_invite", args=[cooperative.slug, member.pk]),
        {"phone": MEMBER_PHONE, "email": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    invitation = Invitation.objects.get(subject_id=member.pk)
    assert 'data-state="invited"' in html
    assert "https://wa.me/6281355550101?text=" in html
    assert f"/undangan/{invitation.token}/" in html
    assert 'data-testid="portal-revoke"' in html


def test_a_refused_invitation_answers_400_in_the_panel(client, cooperative, manager, member):
    client.force_login(manager)
    response = client.post(
        reverse("members:portal_invite", args=[cooperative.slug, member.pk]),
        {"phone": "12345"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "bukan nomor telepon Indonesia yang valid" in response.content.decode()
    assert not Invitation.objects.exists()


def test_without_htmx_the_actions_return_to_the_member_page(client, cooperative, manager, member):
    client.force_login(manager)
    detail = reverse("members:detail", args=[cooperative.slug, member.pk])
    response = client.post(
        reverse("members:portal_invite", args=[cooperative.slug, member.pk]), {"phone": MEMBER_PHONE}
    )
    assert response.status_code == 302 and response["Location"] == detail
    response = client.post(reverse("members:portal_revoke", args=[cooperative.slug, member.pk]))
    assert response.status_code == 302 and response["Location"] == detail
    assert Invitation.objects.get(subject_id=member.pk).revoked_at is not None
    # Nothing left to revoke: the refusal is a message on the member page, not an error page.
    response = client.post(reverse("members:portal_revoke", args=[cooperative.slug, member.pk]))
    assert response.status_code == 302 and response["Location"] == detail


def test_the_panel_shows_a_linked_login_and_a_member_who_left(client, cooperative, manager):
    person = UserFactory.create(full_name="Rina Wati", phone="+6281355550177")
    linked = _linked(cooperative, person)
    member_exit(
        cooperative=cooperative,
        actor=manager,
        member_id=linked.pk,
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2024, 5, 1),
    )
    client.force_login(manager)
    html = client.get(reverse("members:portal_access", args=[cooperative.slug, linked.pk])).content.decode()
    assert 'data-state="linked"' in html and "Rina Wati" in html and "+6281355550177" in html
    assert 'data-testid="portal-left"' in html
    linked.refresh_from_db()
    assert linked.user == person  # leaving keeps the link


def test_a_supervisor_reads_the_panel_without_link_or_forms(client, cooperative, manager, member):
    _invite(cooperative, manager, member)
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    html = client.get(reverse("members:portal_access", args=[cooperative.slug, member.pk])).content.decode()
    assert 'data-state="invited"' in html
    assert "/undangan/" not in html and "wa.me" not in html and "<form" not in html.split('id="portal-panel"')[1]
    response = client.post(reverse("members:portal_revoke", args=[cooperative.slug, member.pk]))
    assert response.status_code == 403
    assert Invitation.objects.get().revoked_at is None


# --- the member's own pages ---------------------------------------------------------------------------------------


def _deposit(cooperative, manager, member, amount, day=datetime.date(2025, 3, 10)):
    return savings_deposit(
        cooperative=cooperative, actor=manager, member_id=member.pk, kind="sukarela", amount=amount, date=day
    )


def test_the_member_sees_their_own_data_balances_and_history(client, cooperative, manager):
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100_000, wajib_amount=25_000)
    person = UserFactory.create()
    me = _linked(cooperative, person, name="Budi Santoso", address="Jl. Melati 3")
    neighbour = MemberFactory.create(cooperative=cooperative, name="Tetangga Rahasia", address="Jl. Rahasia 9")
    _deposit(cooperative, manager, me, 150_000)
    _deposit(cooperative, manager, neighbour, 999_000)

    client.force_login(person)
    response = client.get(reverse("members:portal_home", args=[cooperative.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Santoso" in html and me.nik in html and "Jl. Melati 3" in html
    assert "Rp150.000" in html
    assert response.context["savings_total"] == Decimal("150000")
    assert [row.amount for row in response.context["savings_history"]] == [Decimal("150000")]
    # Nothing of the neighbour, ever.
    assert "Tetangga Rahasia" not in html and neighbour.nik not in html and "999.000" not in html
    assert 'data-testid="portal-left"' not in html


@pytest.mark.calendar
def test_the_member_sees_how_far_behind_their_wajib_is(client, cooperative, manager):
    today = cooperative.today()  # the cooperative's month, not the machine's: they part at midnight in another zone
    three_months_ago = datetime.date(today.year - (today.month <= 3), (today.month - 4) % 12 + 1, 1)
    savings_products_setup(
        cooperative=cooperative,
        actor=manager,
        pokok_amount=100_000,
        wajib_amount=25_000,
        effective_from=three_months_ago,
    )
    person = UserFactory.create()
    me = _linked(cooperative, person)
    client.force_login(person)
    response = client.get(reverse("members:portal_home", args=[cooperative.slug]))
    arrear = response.context["wajib_arrear"]
    assert arrear is not None and arrear.months == 4 and arrear.arrears == Decimal("100000")
    assert 'data-testid="portal-wajib-arrears"' in response.content.decode()

    savings_deposit(cooperative=cooperative, actor=manager, member_id=me.pk, kind="wajib", amount=100_000, date=today)
    response = client.get(reverse("members:portal_home", args=[cooperative.slug]))
    assert response.context["wajib_arrear"] is None
    assert 'data-testid="portal-wajib-arrears"' not in response.content.decode()


def test_the_portal_page_query_count_is_bounded(client, cooperative, manager, django_assert_max_num_queries):
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100_000, wajib_amount=25_000)
    person = UserFactory.create()
    me = _linked(cooperative, person)
    for day in range(1, 11):
        _deposit(cooperative, manager, me, 10_000, datetime.date(2025, 3, day))
    client.force_login(person)
    # session, user, roles (middleware); the member; balances (accounts, products); history; wajib arrears
    # (product, rates, the one-query arrears)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("members:portal_home", args=[cooperative.slug])).status_code == 200


def test_a_member_never_reaches_another_cooperatives_page(client, cooperative):
    person = UserFactory.create()
    _linked(cooperative, person)
    elsewhere = CooperativeFactory()
    MemberFactory.create(cooperative=elsewhere)  # a member there, not linked to this person
    client.force_login(person)
    assert client.get(reverse("members:portal_home", args=[elsewhere.slug])).status_code == 404
    assert client.get(reverse("members:portal_home", args=["tidak-ada"])).status_code == 404


def test_a_member_role_without_a_linked_record_gets_404_and_a_clear_message_at_home(client, cooperative):
    person = person_with_role(RoleKind.MEMBER, cooperative)
    MemberFactory.create(cooperative=cooperative)  # someone else's record
    client.force_login(person)
    assert client.get(reverse("members:portal_home", args=[cooperative.slug])).status_code == 404
    home = client.get(reverse("coops:member_home")).content.decode()
    assert 'data-testid="member-not-linked"' in home
    assert reverse("members:portal_home", args=[cooperative.slug]) not in home


def test_a_linked_record_without_the_member_role_is_not_shown(client, cooperative, manager):
    person = UserFactory.create()
    me = _linked(cooperative, person)
    Role.objects.filter(user=person, kind=RoleKind.MEMBER).update(is_active=False)
    grant(person, RoleKind.CASHIER, cooperative)
    client.force_login(person)
    assert client.get(reverse("members:portal_home", args=[cooperative.slug])).status_code == 404
    assert me.user == person


def test_staff_of_the_cooperative_do_not_see_a_member_portal_page(client, cooperative, manager, member):
    client.force_login(manager)
    assert client.get(reverse("members:portal_home", args=[cooperative.slug])).status_code == 404


def test_a_member_of_two_cooperatives_sees_both(client, cooperative):
    person = UserFactory.create()
    first = _linked(cooperative, person, name="Budi di Sukamaju")
    other = CooperativeFactory(name="KUD Sumber Rejeki")
    second = _linked(other, person, name="Budi di Sumber Rejeki")

    client.force_login(person)
    home = client.get(reverse("coops:member_home")).content.decode()
    assert home.count('data-testid="member-portal-link"') == 2
    assert reverse("members:portal_home", args=[cooperative.slug]) in home
    assert reverse("members:portal_home", args=[other.slug]) in home
    assert first.number_display in home and second.number_display in home

    page = client.get(reverse("members:portal_home", args=[other.slug])).content.decode()
    assert "Budi di Sumber Rejeki" in page and "Budi di Sukamaju" not in page


def test_a_member_who_left_keeps_a_read_only_history(client, cooperative, manager):
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100_000, wajib_amount=25_000)
    person = UserFactory.create()
    me = _linked(cooperative, person)
    _deposit(cooperative, manager, me, 50_000)
    member_exit(
        cooperative=cooperative,
        actor=manager,
        member_id=me.pk,
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2025, 6, 30),
        reason="Pindah kota",
    )
    client.force_login(person)
    response = client.get(reverse("members:portal_home", args=[cooperative.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="portal-left"' in html and "30 Juni 2025" in html and "Pindah kota" in html
    assert "Rp50.000" in html
    main = html.split('id="main"')[1].split("</main>")[0]
    assert "<form" not in main  # read-only: nothing to submit (the header's and footer's forms aside)
    assert 'data-testid="member-record"' in client.get(reverse("coops:member_home")).content.decode()


def test_the_whole_flow_through_the_pages(client, cooperative, manager, member):
    """Invite on the member page, open the link as nobody, choose a password, land on the member home."""
    client.force_login(manager)
    client.post(reverse("members:portal_invite", args=[cooperative.slug, member.pk]), {"phone": MEMBER_PHONE})
    invitation = Invitation.objects.get(subject_id=member.pk)
    client.logout()

    accept = reverse("coops:invitation_accept", args=[invitation.token])
    assert client.get(accept).status_code == 200
    response = client.post(accept, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302 and response["Location"] == reverse("coops:member_home")

    home = client.get(reverse("coops:member_home")).content.decode()
    assert reverse("members:portal_home", args=[cooperative.slug]) in home
    page = client.get(reverse("members:portal_home", args=[cooperative.slug]))
    assert page.status_code == 200 and page.context["member"] == member


# --- the API ------------------------------------------------------------------------------------------------------


def test_the_api_lists_only_the_callers_own_records(client, cooperative, manager):
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100_000, wajib_amount=25_000)
    person = UserFactory.create()
    me = _linked(cooperative, person, name="Budi Santoso")
    neighbour = _linked(cooperative, UserFactory.create(), name="Tetangga")
    _deposit(cooperative, manager, me, 150_000)
    _deposit(cooperative, manager, neighbour, 70_000)

    client.force_login(person)
    response = client.get("/api/v1/me/memberships")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 1
    entry = body[0]
    assert entry["cooperative"] == {"slug": cooperative.slug, "name": "KSU Sukamaju"}
    assert entry["member"]["id"] == me.pk and entry["member"]["name"] == "Budi Santoso"
    assert entry["member"]["status"] == "active" and entry["member"]["exit_date"] is None
    balances = {line["kind"]: Decimal(line["balance"]) for line in entry["savings"]}
    assert balances == {"pokok": 0, "wajib": 0, "sukarela": Decimal("150000")}
    assert Decimal(entry["total_savings"]) == Decimal("150000")
    assert "Tetangga" not in response.content.decode()


def test_the_api_is_empty_for_a_login_without_member_records_and_401_for_nobody(client, cooperative, manager):
    client.force_login(manager)
    assert client.get("/api/v1/me/memberships").json() == []
    client.logout()
    assert client.get("/api/v1/me/memberships").status_code == 401


def test_portal_invitations_stay_off_the_staff_invitations_page(client, cooperative, manager, member):
    accepted_member = MemberFactory.create(cooperative=cooperative, name="Rina Anggota", phone="")
    accepted = _invite(cooperative, manager, accepted_member, phone="081377776666")
    invitation_accept(token=accepted.token, actor=None, password="kata-sandi-kuat-2026")
    _invite(cooperative, manager, member)
    client.force_login(manager)
    page = client.get(reverse("coops:invitations", args=[cooperative.slug])).content.decode()
    assert "Siti Rahmawati" in page  # the staff
    assert "Budi Santoso" not in page and "Rina Anggota" not in page
