"""A help page per role: what the role does, its first steps (linked to the person's own pages when they hold the
role), and the glossary; linked from the header of every page, in Indonesian and English."""

import pytest
from django.conf import settings
from django.urls import reverse

from simpul.coops.help.content import GLOSSARY, ROLES
from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OfficeFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_every_role_has_a_public_help_page_with_steps_and_the_glossary(client):
    assert {page.kind for page in ROLES} == set(RoleKind) - {RoleKind.PLATFORM_ADMIN}
    for page in ROLES:
        response = client.get(reverse("coops:help_role", args=[page.slug]))
        assert response.status_code == 200, page.slug
        html = response.content.decode()
        assert 'data-testid="help-does"' in html and 'data-testid="help-steps"' in html
        assert "Daftar istilah" in html and "Simpanan wajib" in html and "Tunggakan" in html
    assert "Pengurus menjalankan koperasi sehari-hari" in client.get("/bantuan/pengurus/").content.decode()
    assert client.get("/bantuan/direktur/").status_code == 404
    assert sum(len(terms) for _title, terms in GLOSSARY) >= 25


def test_the_first_steps_link_to_the_persons_own_pages(client):
    cooperative = CooperativeFactory.create(slug="ksu-sukamaju")
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    html = client.get(reverse("coops:help_role", args=["pengurus"])).content.decode()
    assert 'href="/k/ksu-sukamaju/anggota/" data-testid="help-step-link"' in html
    assert 'href="/k/ksu-sukamaju/jejak-audit/"' in html
    assert 'data-testid="help-api"' in html
    # Another role's page names the steps without links into places the person has no role in.
    dinas = client.get(reverse("coops:help_role", args=["dinas"])).content.decode()
    assert 'data-testid="help-step-link"' not in dinas


def test_a_dinas_officer_gets_the_region_link_and_the_index_puts_their_role_first(client):
    office = OfficeFactory.create(region_id="32.73")
    client.force_login(person_with_role(RoleKind.DINAS, office))
    html = client.get(reverse("coops:help_role", args=["dinas"])).content.decode()
    assert 'href="/dinas/32.73/" data-testid="help-step-link"' in html
    index = client.get(reverse("coops:help")).content.decode()
    assert 'data-testid="help-own-role"' in index
    assert index.index('data-testid="help-role-dinas"') < index.index('data-testid="help-role-pengurus"')


def test_a_visitor_is_asked_to_log_in_and_members_get_no_api_link(client):
    html = client.get(reverse("coops:help_role", args=["anggota"])).content.decode()
    assert reverse("core:login") in html and 'data-testid="help-api"' not in html
    member = person_with_role(RoleKind.MEMBER, CooperativeFactory.create())
    client.force_login(member)
    assert 'data-testid="help-api"' not in client.get("/bantuan/anggota/").content.decode()


def test_every_page_links_to_help_in_its_header(client):
    for url in (reverse("core:landing"), reverse("coops:directory"), reverse("core:login")):
        html = client.get(url).content.decode()
        assert f'href="{reverse("coops:help")}" class="help-link" data-testid="nav-help"' in html, url


def test_the_help_reads_in_english_under_the_english_locale(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("coops:help_role", args=["kasir"])).content.decode()
    assert "First steps" in html and "Glossary" in html and "Mandatory savings" in html
