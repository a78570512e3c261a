"""Switching between one's own roles; the navigation follows the active role."""

import re

import pytest
from django.urls import reverse

from simpul.coops.middleware import ACTIVE_ROLE_SESSION_KEY
from simpul.coops.models import Role
from simpul.coops.tests.factories import CILACAP_VILLAGE, CooperativeFactory, RoleKind, UserFactory, grant
from simpul.core.models import User

pytestmark = pytest.mark.django_db


def new_user(**fields) -> User:
    user = UserFactory(**fields)
    assert isinstance(user, User)
    return user


@pytest.fixture
def two_cooperatives():
    sukamaju = CooperativeFactory(name="KSU Sukamaju", slug="ksu-sukamaju")
    tani = CooperativeFactory(name="KUD Tani Makmur", slug="kud-tani-makmur", village_code=CILACAP_VILLAGE)
    return sukamaju, tani


@pytest.fixture
def person(two_cooperatives):
    sukamaju, tani = two_cooperatives
    user = new_user(full_name="Siti Rahmawati")
    manager = grant(user, RoleKind.MANAGER, sukamaju)
    cashier = grant(user, RoleKind.CASHIER, tani)
    return user, manager, cashier


def _nav_home(client):
    """Where "My work" in the navigation points, and the organisation the role bar names."""
    page = client.get(reverse("core:api_tokens")).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="nav-home"', page)
    return (link.group(1) if link else None), page


def _switch(client, role_pk):
    return client.post(reverse("coops:switch_role"), {"role": str(role_pk)})


def test_switching_between_roles_in_two_cooperatives(client, person):
    user, manager, cashier = person
    client.force_login(user)

    response = _switch(client, cashier.pk)
    assert response.status_code == 302
    # A cashier's work is the Koperasi Mart's till.
    assert response.url == reverse("mart:pos", args=["kud-tani-makmur"])
    assert client.session[ACTIVE_ROLE_SESSION_KEY] == cashier.pk
    assert client.get(reverse("core:home")).url == reverse("mart:pos", args=["kud-tani-makmur"])
    home, page = _nav_home(client)
    assert home == reverse("mart:pos", args=["kud-tani-makmur"])
    assert "KUD Tani Makmur" in page.split('class="container role-bar"')[1].split("</div>")[0]

    response = _switch(client, manager.pk)
    assert response.url == reverse("coops:dashboard", args=["ksu-sukamaju"])
    assert client.get(reverse("core:home")).url == reverse("coops:dashboard", args=["ksu-sukamaju"])
    home, page = _nav_home(client)
    assert home == reverse("coops:dashboard", args=["ksu-sukamaju"])
    assert "KSU Sukamaju" in page.split('class="container role-bar"')[1].split("</div>")[0]


def test_the_account_menu_lists_only_ones_own_roles(client, person, two_cooperatives):
    user, manager, cashier = person
    stranger_role = grant(new_user(), RoleKind.MANAGER, two_cooperatives[1])
    client.force_login(user)
    page = client.get(reverse("core:api_tokens")).content.decode()
    offered = set(re.findall(r'name="role" value="(\d+)"', page))
    assert offered == {str(manager.pk), str(cashier.pk)}
    assert str(stranger_role.pk) not in offered


def test_someone_elses_role_cannot_be_switched_to(client, person, two_cooperatives):
    user, manager, _cashier = person
    stranger_role = grant(new_user(), RoleKind.MANAGER, two_cooperatives[1])
    client.force_login(user)
    _switch(client, manager.pk)

    response = _switch(client, stranger_role.pk)
    assert response.status_code == 404
    assert client.session[ACTIVE_ROLE_SESSION_KEY] == manager.pk
    assert client.get(reverse("core:home")).url == reverse("coops:dashboard", args=["ksu-sukamaju"])


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_nonsense_role_values_are_not_found(client, person, value):
    user, _manager, _cashier = person
    client.force_login(user)
    assert client.post(reverse("coops:switch_role"), {"role": value}).status_code == 404
    assert ACTIVE_ROLE_SESSION_KEY not in client.session


def test_an_inactive_role_cannot_be_switched_to(client, person):
    user, _manager, cashier = person
    Role.objects.filter(pk=cashier.pk).update(is_active=False)
    client.force_login(user)
    assert _switch(client, cashier.pk).status_code == 404


def test_a_stale_active_role_falls_back_to_another_own_role(client, person):
    user, _manager, cashier = person
    client.force_login(user)
    _switch(client, cashier.pk)
    Role.objects.filter(pk=cashier.pk).update(is_active=False)
    assert client.get(reverse("core:home")).url == reverse("coops:dashboard", args=["ksu-sukamaju"])


def test_switching_needs_post_and_a_login(client, person):
    user, manager, _cashier = person
    response = _switch(client, manager.pk)
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))
    client.force_login(user)
    assert client.get(reverse("coops:switch_role")).status_code == 405
