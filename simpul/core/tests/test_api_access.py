"""'API tokens' appears only for people who use the API: staff who turned the setting on (User.api_access, off by
default); never members. The tokens page refuses anyone else with a 403 that says how to turn it on, and the
tokens that already exist keep working."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import ApiToken, User
from simpul.core.tokens import api_token_create

pytestmark = pytest.mark.django_db

MENU_LINK = 'data-testid="menu-api-tokens"'


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


def test_staff_see_no_api_tokens_until_they_turn_api_use_on(client, cooperative):
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    assert manager.api_access is False
    client.force_login(manager)
    home = client.get(reverse("members:list", args=[cooperative.slug])).content.decode()
    assert MENU_LINK not in home and "Token API" not in home

    refused = client.get(reverse("core:api_tokens"))
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "Token API hanya untuk orang yang memakai API Simpul." in html
    assert 'data-testid="api-access-turn-on"' in html
    assert client.post(reverse("core:api_tokens"), {"name": "Laptop"}).status_code == 403
    assert not ApiToken.objects.exists()

    response = client.post(reverse("core:api_access"), {"api_access": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:api_tokens")
    manager.refresh_from_db()
    assert manager.api_access is True
    assert client.get(reverse("core:api_tokens")).status_code == 200
    assert MENU_LINK in client.get(reverse("members:list", args=[cooperative.slug])).content.decode()

    client.post(reverse("core:api_access"), {"api_access": "0"})
    manager.refresh_from_db()
    assert manager.api_access is False
    assert MENU_LINK not in client.get(reverse("members:list", args=[cooperative.slug])).content.decode()


@pytest.mark.parametrize("kind", [RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.COORDINATOR, RoleKind.DINAS])
def test_any_staff_role_may_turn_it_on(client, kind):
    organisation = CooperativeFactory.create() if kind in (RoleKind.SUPERVISOR, RoleKind.CASHIER) else None
    user = person_with_role(kind, organisation) if organisation else _staff_of_kind(kind)
    client.force_login(user)
    assert client.get(reverse("core:api_access")).status_code == 200
    client.post(reverse("core:api_access"), {"api_access": "1"})
    user.refresh_from_db()
    assert user.api_access is True


def _staff_of_kind(kind: str) -> User:
    from simpul.coops.tests.factories import NetworkFactory, OfficeFactory

    organisation = NetworkFactory.create() if kind == RoleKind.COORDINATOR else OfficeFactory.create()
    return person_with_role(kind, organisation)


def test_a_member_never_gets_the_api_by_default(client, cooperative):
    member = person_with_role(RoleKind.MEMBER, cooperative)
    client.force_login(member)
    page = client.get(reverse("core:api_access"))
    assert page.status_code == 403
    assert 'data-testid="api-access-members"' in page.content.decode()
    assert client.post(reverse("core:api_access"), {"api_access": "1"}).status_code == 403
    member.refresh_from_db()
    assert member.api_access is False
    assert client.get(reverse("core:api_tokens")).status_code == 403
    assert MENU_LINK not in client.get(reverse("core:api_access")).content.decode()


def test_tokens_made_before_keep_working_and_can_be_revoked_with_api_use_off(client, cooperative):
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    token, key = api_token_create(user=manager, name="Kasir lama")
    assert manager.api_access is False
    response = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200

    client.force_login(manager)
    revoked = client.post(reverse("core:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302 and revoked["Location"] == reverse("core:api_access")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_migration_turns_it_on_for_people_who_already_made_a_token(cooperative):
    holder = person_with_role(RoleKind.MANAGER, cooperative)
    other = person_with_role(RoleKind.SUPERVISOR, cooperative)
    api_token_create(user=holder, name="Integrasi")
    migration = importlib.import_module("simpul.core.migrations.0005_user_api_access")
    migration.on_for_token_holders(apps, None)
    holder.refresh_from_db()
    other.refresh_from_db()
    assert (holder.api_access, other.api_access) == (True, False)
