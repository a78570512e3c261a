"""Sub-accounts: added by managers, renamed, and deleted only while unused; the standard chart stays as it is."""

import pytest
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger.models import Account
from simpul.ledger.services import account_create, account_delete, account_rename, chart_of_accounts_create

from .conftest import post


@pytest.fixture
def bri(cooperative, manager):
    return account_create(cooperative=cooperative, actor=manager, parent_code="1102", code="1102.01", name="Bank BRI")


def _account(cooperative, code):
    return Account.objects.get(cooperative=cooperative, code=code)


def test_a_sub_account_is_renamed_and_audited(cooperative, manager, bri):
    account_rename(cooperative=cooperative, actor=manager, account_id=bri.pk, name="Bank BRI Unit Desa")
    bri.refresh_from_db()
    assert bri.name == "Bank BRI Unit Desa"
    log = AuditLog.objects.get(event="ledger.account_renamed")
    assert log.changes == {"name": ["Bank BRI", "Bank BRI Unit Desa"]}


def test_an_unused_sub_account_is_deleted_and_audited(cooperative, manager, bri):
    account_delete(cooperative=cooperative, actor=manager, account_id=bri.pk)
    assert not Account.objects.filter(pk=bri.pk).exists()
    assert AuditLog.objects.filter(event="ledger.account_deleted", target_id=str(bri.pk)).exists()


@pytest.mark.parametrize("action", ["rename", "delete"])
def test_system_accounts_are_neither_renamed_nor_deleted(cooperative, manager, action):
    cash = _account(cooperative, "1101")
    with pytest.raises(ApplicationError) as refused:
        if action == "rename":
            account_rename(cooperative=cooperative, actor=manager, account_id=cash.pk, name="Kas Besar")
        else:
            account_delete(cooperative=cooperative, actor=manager, account_id=cash.pk)
    assert refused.value.code == "system_account" and "1101" in refused.value.message
    cash.refresh_from_db()
    assert cash.name == "Kas"
    assert not AuditLog.objects.filter(event__in=["ledger.account_renamed", "ledger.account_deleted"]).exists()


def test_an_account_with_postings_is_not_deleted(cooperative, manager, bri):
    post(cooperative, manager, debit="1102.01")
    with pytest.raises(ApplicationError) as refused:
        account_delete(cooperative=cooperative, actor=manager, account_id=bri.pk)
    assert refused.value.code == "account_in_use"
    assert Account.objects.filter(pk=bri.pk).exists()


def test_an_account_with_sub_accounts_is_not_deleted(cooperative, manager, bri):
    account_create(cooperative=cooperative, actor=manager, parent_code="1102.01", code="1102.01.1", name="Giro")
    with pytest.raises(ApplicationError) as refused:
        account_delete(cooperative=cooperative, actor=manager, account_id=bri.pk)
    assert refused.value.code == "account_in_use"
    assert Account.objects.filter(pk=bri.pk).exists()


def test_another_cooperatives_account_is_not_found(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    theirs = account_create(cooperative=other, actor=manager, parent_code="1102", code="1102.01", name="Bank")
    with pytest.raises(NotFoundError):
        account_rename(cooperative=cooperative, actor=manager, account_id=theirs.pk, name="Punya kami")
    with pytest.raises(NotFoundError):
        account_delete(cooperative=cooperative, actor=manager, account_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.name == "Bank"


def test_a_blank_name_is_refused(cooperative, manager, bri):
    with pytest.raises(ApplicationError) as refused:
        account_rename(cooperative=cooperative, actor=manager, account_id=bri.pk, name="  ")
    assert refused.value.extra["field"] == "name"
    bri.refresh_from_db()
    assert bri.name == "Bank BRI"


# --- the pages


def test_manager_adds_a_sub_account_on_the_page(client, cooperative, manager):
    client.force_login(manager)
    url = reverse("ledger:account_new", args=[cooperative.slug])
    assert 'value="1102" selected' in client.get(url + "?induk=1102").content.decode()
    response = client.post(url, {"parent": "1102", "code": "1102.02", "name": "Bank Jateng"})
    assert response.status_code == 302 and response["Location"] == reverse("ledger:chart", args=[cooperative.slug])
    account = _account(cooperative, "1102.02")
    assert account.parent == _account(cooperative, "1102") and not account.is_system
    chart = client.get(reverse("ledger:chart", args=[cooperative.slug])).content.decode()
    assert "Bank Jateng" in chart and reverse("ledger:account_edit", args=[cooperative.slug, account.pk]) in chart


def test_a_duplicate_code_is_refused_on_the_page(client, cooperative, manager, bri):
    client.force_login(manager)
    response = client.post(
        reverse("ledger:account_new", args=[cooperative.slug]), {"parent": "1102", "code": "1102.01", "name": "Lagi"}
    )
    assert response.status_code == 400 and "1102.01" in response.content.decode()
    assert Account.objects.filter(cooperative=cooperative, code="1102.01").count() == 1


def test_manager_renames_and_deletes_on_the_page(client, cooperative, manager, bri):
    client.force_login(manager)
    edit = reverse("ledger:account_edit", args=[cooperative.slug, bri.pk])
    assert 'data-testid="delete-form"' in client.get(edit).content.decode()
    assert client.post(edit, {"name": "Bank BRI Desa"}).status_code == 302
    bri.refresh_from_db()
    assert bri.name == "Bank BRI Desa"
    assert client.post(reverse("ledger:account_delete", args=[cooperative.slug, bri.pk])).status_code == 302
    assert not Account.objects.filter(pk=bri.pk).exists()


def test_the_page_refuses_to_delete_a_used_account(client, cooperative, manager, bri):
    post(cooperative, manager, debit="1102.01")
    client.force_login(manager)
    assert (
        'data-testid="cannot-delete"'
        in client.get(reverse("ledger:account_edit", args=[cooperative.slug, bri.pk])).content.decode()
    )
    response = client.post(reverse("ledger:account_delete", args=[cooperative.slug, bri.pk]))
    assert response.status_code == 400 and 'data-testid="delete-error"' in response.content.decode()
    assert Account.objects.filter(pk=bri.pk).exists()


def test_the_page_refuses_to_delete_or_rename_a_system_account(client, cooperative, manager):
    cash = _account(cooperative, "1101")
    client.force_login(manager)
    assert (
        'data-testid="system-account"'
        in client.get(reverse("ledger:account_edit", args=[cooperative.slug, cash.pk])).content.decode()
    )
    assert client.post(reverse("ledger:account_delete", args=[cooperative.slug, cash.pk])).status_code == 400
    assert (
        client.post(reverse("ledger:account_edit", args=[cooperative.slug, cash.pk]), {"name": "X"}).status_code == 400
    )
    cash.refresh_from_db()
    assert cash.name == "Kas"


def test_supervisors_and_strangers_may_not_change_accounts(client, cooperative, bri):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert client.get(reverse("ledger:account_new", args=[cooperative.slug])).status_code == 403
    assert client.post(reverse("ledger:account_delete", args=[cooperative.slug, bri.pk])).status_code == 403
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    client.force_login(person_with_role(RoleKind.MANAGER, other))
    assert client.post(reverse("ledger:account_delete", args=[cooperative.slug, bri.pk])).status_code == 404
    # Their own URL with our account's id: still 404.
    assert client.post(reverse("ledger:account_delete", args=[other.slug, bri.pk])).status_code == 404
    assert Account.objects.filter(pk=bri.pk).exists()
