"""A control character (C0 but tab and line breaks, DEL, C1) is refused wherever text comes in: form fields, query
strings and JSON bodies of the API, with a 400 in Bahasa Indonesia and nothing saved.

Before RefuseControlCharactersMiddleware one in a memo or an exit reason was stored, and every Excel export of
the journal or the member list was a 500 from then on (openpyxl IllegalCharacterError; the journal is immutable)."""

import datetime
import json

import pytest
from django.test import Client

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import AuditLog
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import chart_of_accounts_create
from simpul.members.models import Gender, Member, MemberStatus
from simpul.members.tests.factories import MemberFactory, make_nik

pytestmark = pytest.mark.django_db

MESSAGE = "Permintaan berisi karakter kendali (karakter tak terlihat seperti NUL), yang tidak diperbolehkan."
CONTROLS = ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f"]
JSON = "application/json"


@pytest.fixture
def cooperative():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    return cooperative


@pytest.fixture
def manager(cooperative) -> Client:
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    return client


def member_form(**overrides: str) -> dict[str, str]:
    return {
        "nik": make_nik(datetime.date(1990, 8, 17), Gender.MALE),
        "name": "Budi Santoso",
        "gender": "male",
        "birth_date": "1990-08-17",
        "address": "Jl. Sukasari 3",
        "village": BANDUNG_VILLAGE,
        "phone": "081298765432",
        "join_date": "2024-01-15",
        "business_name": "",
    } | overrides


def assert_page_400(response) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-400"' in page and MESSAGE in page


def assert_json_400(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json() == {"code": "invalid_characters", "message": MESSAGE, "detail": {"field": field}}


@pytest.mark.parametrize("control", CONTROLS)
def test_a_form_field_with_a_control_character_is_refused_and_nothing_saved(cooperative, manager, control):
    url = f"/k/{cooperative.slug}/anggota/baru/"
    assert_page_400(manager.post(url, member_form(name=f"Budi{control} Santoso")))
    assert not Member.objects.exists() and not AuditLog.objects.filter(event="member.registered").exists()


def test_an_exit_reason_with_a_control_character_is_refused(cooperative, manager):
    member = MemberFactory.create(cooperative=cooperative)
    url = f"/k/{cooperative.slug}/anggota/{member.pk}/keluar/"
    assert_page_400(manager.post(url, {"status": "resigned", "exit_date": "2025-01-10", "reason": "Pindah\x07"}))
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.exit_reason == ""


def test_a_query_string_with_a_control_character_is_refused(cooperative, manager):
    assert_page_400(manager.get(f"/k/{cooperative.slug}/anggota/", {"q": "bu\x1bdi"}))
    assert_json_400(manager.get("/api/v1/cooperatives", {"q": "tani\x7f"}), "q")


def test_tabs_and_line_breaks_are_text_and_accepted(cooperative, manager):
    response = manager.post(f"/k/{cooperative.slug}/anggota/baru/", member_form(address="Jl. Sukasari 3\r\nRT 01"))
    assert response.status_code == 302
    assert Member.objects.get().address == "Jl. Sukasari 3\r\nRT 01"


@pytest.mark.parametrize("control", ["\\u0001", "\\u007f", "\\u0085", "\x7f", "\x85"])
def test_a_json_memo_with_a_control_character_is_refused_and_nothing_posted(cooperative, manager, control):
    body = (
        '{"date": "2026-03-10", "description": "Pembelian ATK' + control + '", "lines": '
        '[{"account": "5201", "debit": "1000"}, {"account": "1101", "credit": "1000"}]}'
    )
    response = manager.post(f"/api/v1/cooperatives/{cooperative.slug}/ledger/entries", body, content_type=JSON)
    assert_json_400(response, "description")
    assert not JournalEntry.objects.exists()


def test_a_control_character_deep_in_a_json_body_or_in_a_key_is_named(cooperative, manager):
    url = f"/api/v1/cooperatives/{cooperative.slug}/ledger/entries"
    nested = {"date": "2026-03-10", "description": "ATK", "lines": [{"account": "5201"}, {"account": "1101\x02"}]}
    assert_json_400(manager.post(url, json.dumps(nested), content_type=JSON), "lines.1.account")
    assert_json_400(manager.post(url, json.dumps({"memo\x03": "x"}), content_type=JSON), "memo\x03")
    assert not JournalEntry.objects.exists()
