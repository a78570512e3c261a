"""Every audit event any service writes reads as a sentence: each has a describer registered by its app.

The events are found in the source: every call of audit_record, audit_record_many and audit_write names its
event. A plain string is taken as it is; an event built at run time (an f-string, a table lookup) must be listed
in DYNAMIC with every value it can take, so a new one cannot slip in without a sentence."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.models import IdentityRequestStatus, OfficeKind, RoleKind
from simpul.coops.services.identity import identity_change_request
from simpul.coops.services.networks import TRANSITION_EVENTS
from simpul.coops.tests.factories import CooperativeFactory, OfficeFactory, person_with_role
from simpul.core.audit import audit_described_events, audit_record, audit_sentences
from simpul.core.masking import HIDDEN
from simpul.core.models import AuditLog
from simpul.ledger.services import journal_post, period_close
from simpul.members.models import SavingsKind, SavingsTransactionKind
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

DAY = datetime.date(2025, 6, 2)

ROOT = Path(__file__).resolve().parent.parent / "simpul"
WRITERS = {"audit_record", "audit_record_many", "audit_write"}

# The source text of each computed event → every event it can be.
DYNAMIC = {
    "TRANSITION_EVENTS[MembershipStatus.INVITED]": set(TRANSITION_EVENTS.values()),
    "TRANSITION_EVENTS[MembershipStatus(to_status)]": set(TRANSITION_EVENTS.values()),
    "f'cooperative.identity_{to_status}'": {
        f"cooperative.identity_{status}" for status in IdentityRequestStatus.values if status != "pending"
    },
    "f'savings.{kind}'": {f"savings.{kind}" for kind in SavingsTransactionKind.values},
}


def _constants(node: ast.expr) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        if body is not None and orelse is not None:
            return body | orelse
    return None


def _events(node: ast.expr) -> set[str]:
    if isinstance(node, ast.IfExp):
        return _events(node.body) | _events(node.orelse)
    found = _constants(node)
    if found is not None:
        return found
    text = ast.unparse(node)
    assert text in DYNAMIC, f"an audit event computed as {text!r}: list its values in DYNAMIC"
    return DYNAMIC[text]


def written_events() -> set[str]:
    events: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in WRITERS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "event":
                    events |= _events(keyword.value)
    return events


def test_the_scan_finds_the_events_of_every_app():
    events = written_events()
    for expected in ("savings.deposit", "member.registered", "ledger.entry_posted", "outlet.created"):
        assert expected in events
    assert {"api_token.created", "membership.left", "cooperative.identity_rejected"} <= events


def test_every_event_written_anywhere_has_a_sentence():
    assert sorted(written_events() - audit_described_events()) == []


# --- the sentences on the pages --------------------------------------------------------------------------------


@pytest.fixture
def deposits():
    """A cooperative where Siti Nurhasanah (member 00306) paid Rp25.000 of simpanan wajib."""
    cooperative = CooperativeFactory.create(name="Koperasi Sumber Rejeki")
    manager = person_with_role(RoleKind.MANAGER, cooperative, full_name="Pak Manajer")
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000)
    siti = MemberFactory.create(cooperative=cooperative, number=306, name="Siti Nurhasanah")
    savings_deposit(
        cooperative=cooperative,
        actor=manager,
        member_id=siti.pk,
        kind=SavingsKind.WAJIB,
        amount=Decimal("25000"),
        date=DAY,
    )
    return cooperative, manager


def _trail(client: Client, user: object, url: str, language: str = "id") -> str:
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_deposit_reads_as_a_sentence_with_rupiah_and_the_members_name(client, deposits):
    cooperative, manager = deposits
    html = _trail(client, manager, reverse("coops:audit_trail", args=[cooperative.slug]))
    assert "Setoran Rp25.000 ke Simpanan Wajib Siti Nurhasanah (00306)" in html
    assert "Produk simpanan diatur: Simpanan Pokok Rp100.000" in html
    assert "25000.00" not in html and "Member:" not in html and "Anggota:" not in html


@pytest.mark.django_db
def test_the_sentence_is_english_under_the_english_locale(client, deposits):
    cooperative, manager = deposits
    html = _trail(client, manager, reverse("coops:audit_trail", args=[cooperative.slug]), language="en")
    assert "Deposit of Rp25.000 to Simpanan Wajib of Siti Nurhasanah (00306)" in html


@pytest.mark.django_db
def test_the_dinas_reads_the_sentence_with_the_name_and_amount_masked(client, deposits):
    office = OfficeFactory.create(kind=OfficeKind.REGENCY, region_id="32.73")
    officer = person_with_role(RoleKind.DINAS, office)
    html = _trail(client, officer, reverse("coops:dinas_audit", args=["32.73"]))
    assert f"Setoran {HIDDEN} ke Simpanan Wajib S. N. (00306)" in html
    assert "Siti" not in html and "25.000" not in html


@pytest.mark.django_db
def test_the_trail_names_members_in_one_query_per_page(client, deposits):
    """The members' names of a page come in one query: 2 deposits and 20 deposits cost the same."""
    cooperative, manager = deposits
    url = reverse("coops:audit_trail", args=[cooperative.slug])

    def deposit_for(count: int) -> None:
        for _number in range(count):
            member = MemberFactory.create(cooperative=cooperative)
            savings_deposit(
                cooperative=cooperative,
                actor=manager,
                member_id=member.pk,
                kind=SavingsKind.SUKARELA,
                amount=Decimal("1000"),
                date=DAY,
            )

    deposit_for(2)
    _trail(client, manager, url)
    with CaptureQueriesContext(connection) as few:
        _trail(client, manager, url)
    deposit_for(20)
    with CaptureQueriesContext(connection) as many:
        html = _trail(client, manager, url)
    assert html.count("Setoran Rp1.000 ke Simpanan Sukarela") == 22
    assert len(many) == len(few)


@pytest.mark.django_db
def test_books_rows_read_as_sentences(client, deposits):
    cooperative, manager = deposits
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=DAY,
        description="Bayar listrik",
        lines=[("5201", Decimal("150000"), Decimal(0)), ("1101", Decimal(0), Decimal("150000"))],
    )
    period_close(
        cooperative=cooperative, actor=manager, start=DAY.replace(day=1), end=DAY.replace(day=30), kind="month"
    )
    html = _trail(client, manager, reverse("coops:audit_trail", args=[cooperative.slug]))
    assert "dibukukan: Bayar listrik, Rp150.000" in html
    assert "Periode Juni 2025 ditutup" in html


@pytest.mark.django_db
def test_a_staff_login_named_by_a_role_row_is_masked_for_the_dinas():
    cooperative = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    role = manager.roles.get()
    log = audit_record(
        actor=None,
        event="role.granted",
        target=role,
        cooperative=cooperative,
        changes={"user": "siti.rahma@contoh.id", "kind": "manager"},
    )
    [full] = audit_sentences([log], personal_data=True)
    [masked] = audit_sentences([log], personal_data=False)
    assert full.startswith("Peran ") and full.endswith(" diberikan kepada siti.rahma@contoh.id")
    assert masked.endswith(" diberikan kepada s***@contoh.id")


@pytest.mark.django_db
def test_an_identity_request_names_the_cooperatives_fields():
    cooperative = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    identity_change_request(
        cooperative=cooperative, actor=manager, data={"deed_number": "AHU-0001234.AH.01.26"}, reason="Akta baru"
    )
    log = AuditLog.objects.get(event="cooperative.identity_requested")
    assert audit_sentences([log], personal_data=True) == [
        "Perubahan identitas hukum diajukan ke Dinas: nomor akta badan hukum"
    ]
