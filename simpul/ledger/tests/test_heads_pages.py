"""The published chain heads where they must be seen (issue 10 §1): the Dinas officer's and the network
coordinator's lists, the cooperative's own page, and the "Bukti keutuhan buku" block on every report PDF."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.core import exports
from simpul.ledger.heads.selectors import books_heads
from simpul.ledger.models import JournalSequence, PublishedHead
from simpul.ledger.services import chart_of_accounts_create
from simpul.ledger.services.heads import chain_heads_publish
from simpul.regions.models import Region

from .conftest import post

DAY = dt.date(2026, 3, 21)
DAY_TEXT = "21 Maret 2026"


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    return OfficeFactory.create()  # Kota Bandung, where the factories' cooperatives are


@pytest.fixture
def officer(office):  # type: ignore[no-untyped-def]
    return person_with_role(RoleKind.DINAS, office)


@pytest.fixture
def network(db):  # type: ignore[no-untyped-def]
    return NetworkFactory.create(name="Jaringan Usaha Bandung Raya")


@pytest.fixture
def coordinator(network):  # type: ignore[no-untyped-def]
    return person_with_role(RoleKind.COORDINATOR, network)


@pytest.fixture
def published(cooperative, manager, office, network):  # type: ignore[no-untyped-def]
    """Two entries in the books, the heads of DAY held by the Kota Bandung office and the network."""
    MembershipFactory.create(cooperative=cooperative, network=network, status="active")
    post(cooperative, manager, "100000", on=dt.date(2026, 3, 2))
    post(cooperative, manager, "25000", on=dt.date(2026, 3, 9))
    assert len(chain_heads_publish(cooperative=cooperative, day=DAY)) == 2
    return cooperative


def _hash(cooperative) -> str:  # type: ignore[no-untyped-def]
    return JournalSequence.objects.get(cooperative=cooperative).last_hash


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().replace("\xa0", " ")


def _dinas_url(code: str = "32.73") -> str:
    return reverse("ledger:heads_dinas", args=[code])


def _row(html: str, slug: str) -> str:
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</tr>", start)]


# --- the Dinas officer


def test_the_dinas_page_shows_the_head_the_office_holds_and_belum_for_none(client, published, officer):
    unpublished = CooperativeFactory.create(name="Koperasi Belum Terbit")
    client.force_login(officer)
    response = client.get(_dinas_url())
    assert response.status_code == 200
    html = _text(response)
    full = _hash(published)
    row = _row(html, published.slug)
    assert f">{full[:16]}</code>" in row and f'data-testid="hash-full">{full}<' in row  # 16 shown, all 64 copyable
    assert DAY_TEXT in row and 'data-testid="head-entries">2<' in row
    assert "belum ada" in _row(html, unpublished.slug)
    assert full not in _row(html, unpublished.slug)


def test_a_dinas_officer_sees_the_offices_own_copy_only(client, cooperative, manager, network):
    """Heads published only to the network before the office existed: the office holds none of them."""
    MembershipFactory.create(cooperative=cooperative, network=network, status="active")
    post(cooperative, manager)
    chain_heads_publish(cooperative=cooperative, day=DAY)
    officer = person_with_role(RoleKind.DINAS, OfficeFactory.create())
    client.force_login(officer)
    row = _row(_text(client.get(_dinas_url())), cooperative.slug)
    assert "belum ada" in row and _hash(cooperative)[:16] not in row


def test_the_dinas_page_lists_only_the_region_in_the_url(client, published, officer):
    cilacap = CooperativeFactory.create(village_code=CILACAP_VILLAGE)
    client.force_login(officer)
    html = _text(client.get(_dinas_url()))
    assert published.slug in html and cilacap.slug not in html
    district = Region.objects.get(code=published.village_id).district_code
    assert published.slug in _text(client.get(_dinas_url(district)))  # a district inside the office's city


def test_the_dinas_page_is_404_outside_the_offices_scope_and_for_others(client, published, officer):
    cilacap_officer = person_with_role(RoleKind.DINAS, OfficeFactory.create(region=Region.objects.get(code="33.01")))
    client.force_login(cilacap_officer)
    assert client.get(_dinas_url()).status_code == 404
    assert client.get(_dinas_url("33.01")).status_code == 200
    client.force_login(officer)
    assert client.get(_dinas_url("33.01")).status_code == 404
    assert client.get(_dinas_url("32.73.99")).status_code == 404  # no such district
    for kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.MEMBER):
        client.force_login(person_with_role(kind, published))
        assert client.get(_dinas_url()).status_code == 404
    client.logout()
    assert client.get(_dinas_url()).status_code == 302  # to the login page


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _publish_more(count: int, manager, network=None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        cooperative = CooperativeFactory.create()
        chart_of_accounts_create(cooperative=cooperative)
        if network is not None:
            MembershipFactory.create(cooperative=cooperative, network=network, status="active")
        post(cooperative, None)
        chain_heads_publish(cooperative=cooperative, day=DAY)


def test_the_dinas_page_costs_the_same_queries_for_two_or_eight_cooperatives(client, published, officer, manager):
    client.force_login(officer)
    few = _queries(client, _dinas_url())
    _publish_more(6, manager)
    many = _queries(client, _dinas_url())
    assert many == few
    assert PublishedHead.objects.filter(office__isnull=False).count() == 7


def test_the_dinas_list_is_paged_by_fifty(client, published, officer):
    CooperativeFactory.create_batch(50, name="Koperasi Zzz")  # after the published one by name
    client.force_login(officer)
    first = _text(client.get(_dinas_url()))
    assert first.count('data-testid="heads-row"') == 50 and 'data-testid="page-next"' in first
    second = _text(client.get(_dinas_url() + "?halaman=2"))
    # 50 + the published one + the network's coordinating cooperative: 52 in all.
    assert second.count('data-testid="heads-row"') == 2 and 'data-testid="page-previous"' in second


# --- the network coordinator


def _network_url(network) -> str:  # type: ignore[no-untyped-def]
    return reverse("ledger:heads_network", args=[network.slug])


def test_the_network_page_lists_its_active_members_with_the_networks_copy(client, published, network, coordinator):
    invited = CooperativeFactory.create(name="Koperasi Diundang")
    MembershipFactory.create(cooperative=invited, network=network, status="invited")
    joined = CooperativeFactory.create(name="Koperasi Baru Bergabung")
    MembershipFactory.create(cooperative=joined, network=network, status="active")
    client.force_login(coordinator)
    html = _text(client.get(_network_url(network)))
    full = _hash(published)
    row = _row(html, published.slug)
    assert f">{full[:16]}</code>" in row and f'data-testid="hash-full">{full}<' in row and DAY_TEXT in row
    assert "belum ada" in _row(html, joined.slug)
    assert invited.slug not in html and network.coordinator_cooperative.slug not in html


def test_the_network_page_is_404_for_another_network_and_for_the_cooperatives_people(client, published, network):
    other = person_with_role(RoleKind.COORDINATOR, NetworkFactory.create())
    client.force_login(other)
    assert client.get(_network_url(network)).status_code == 404
    for kind in (RoleKind.MANAGER, RoleKind.CASHIER, RoleKind.MEMBER, RoleKind.DINAS):
        organisation = published if kind != RoleKind.DINAS else OfficeFactory.create()
        client.force_login(person_with_role(kind, organisation))
        assert client.get(_network_url(network)).status_code == 404


def test_the_network_page_costs_the_same_queries_for_one_or_seven_members(client, published, network, coordinator):
    client.force_login(coordinator)
    few = _queries(client, _network_url(network))
    _publish_more(6, None, network)
    many = _queries(client, _network_url(network))
    assert many == few
    assert _text(client.get(_network_url(network))).count('data-testid="head-hash"') == 7


# --- the cooperative


def _own_url(cooperative) -> str:  # type: ignore[no-untyped-def]
    return reverse("ledger:heads", args=[cooperative.slug])


def test_the_cooperative_sees_its_current_head_and_every_copy_with_its_holder(client, published, manager, network):
    post(published, manager, "5000", on=dt.date(2026, 3, 22))  # after the copies: the books moved on
    client.force_login(manager)
    html = _text(client.get(_own_url(published)))
    current = _hash(published)
    first = PublishedHead.objects.filter(cooperative=published).first()
    assert first is not None
    held = first.entries_hash
    assert held != current
    assert f'data-testid="hash-full">{current}<' in html.split('data-testid="latest-head"')[0]  # the books now
    assert "Jurnal dicatat sesudahnya: 1;" in html
    copies = html[html.index('data-testid="copies-table"') :]
    assert copies.count('data-testid="copy-row"') == 2
    assert network.name in copies and "Dinas Koperasi dan UMKM Kota Bandung" in copies
    assert copies.count(f">{held[:16]}</code>") == 2 and DAY_TEXT in copies


def test_the_cooperative_page_says_belum_before_any_copy(client, cooperative, manager):
    client.force_login(manager)
    html = _text(client.get(_own_url(cooperative)))
    assert 'data-testid="latest-head-none"' in html and 'data-testid="copies-none"' in html
    assert "belum ada" in html


def test_the_cooperative_page_is_for_managers_and_supervisors(client, published):
    for kind, status in (
        (RoleKind.MANAGER, 200),
        (RoleKind.SUPERVISOR, 200),
        (RoleKind.CASHIER, 403),
        (RoleKind.MEMBER, 403),
    ):
        client.force_login(person_with_role(kind, published))
        assert client.get(_own_url(published)).status_code == status
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(_own_url(published)).status_code == 404


def test_the_cooperative_page_costs_the_same_queries_for_two_or_many_copies(client, published, manager):
    client.force_login(manager)
    few = _queries(client, _own_url(published))
    for day in range(22, 28):
        chain_heads_publish(cooperative=published, day=dt.date(2026, 3, day))
    many = _queries(client, _own_url(published))
    assert many == few


def test_the_three_homes_link_to_the_heads(client, published, manager, officer, coordinator, network):
    client.force_login(manager)
    assert _own_url(published) in _text(client.get(reverse("ledger:home", args=[published.slug])))
    client.force_login(officer)
    assert _dinas_url() in _text(client.get(reverse("coops:dinas_home", args=["32.73"])))
    client.force_login(coordinator)
    assert _network_url(network) in _text(client.get(reverse("coops:network_home", args=[network.slug])))


# --- every report PDF


REPORTS = [
    "ledger:general_journal",
    "ledger:general_ledger",
    "ledger:trial_balance",
    "ledger:balance_sheet",
    "ledger:business_results",
    "ledger:equity_changes",
    "ledger:cash_flow",
]


@pytest.fixture
def printed(monkeypatch):  # type: ignore[no-untyped-def]
    """The HTML each PDF is laid out from (WeasyPrint still makes the PDF)."""
    pages: list[str] = []
    render = exports.render_to_string

    def capture(*args, **kwargs):  # type: ignore[no-untyped-def]
        html = render(*args, **kwargs)
        pages.append(html.replace("\xa0", " "))
        return html

    monkeypatch.setattr(exports, "render_to_string", capture)
    return pages


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_pdf_carries_the_books_integrity_evidence(client, published, manager, printed, name):
    post(published, manager, "5000", on=dt.date(2026, 3, 22))  # the head at printing is past the copies
    client.force_login(manager)
    query = "?format=pdf&dari=2026-01-01&sampai=2026-12-31" + ("&akun=1101" if name == "ledger:general_ledger" else "")
    response = client.get(reverse(name, args=[published.slug]) + query)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    (html,) = printed
    evidence = html[html.index("Bukti keutuhan buku") :]
    heads = books_heads(published)
    assert heads.current.entries == 3 and heads.latest is not None and heads.latest.entries == 2
    assert heads.current.entries_hash in evidence and "3 jurnal" in evidence
    assert heads.latest.entries_hash in evidence and DAY_TEXT in evidence
    assert "Jaringan Usaha Bandung Raya" in evidence and "Dinas Koperasi dan UMKM Kota Bandung" in evidence


def test_a_report_pdf_before_any_copy_says_none_yet(client, cooperative, manager, printed):
    post(cooperative, manager)
    client.force_login(manager)
    response = client.get(reverse("ledger:trial_balance", args=[cooperative.slug]) + "?format=pdf&dari=2026-01-01")
    assert response.status_code == 200
    evidence = printed[0][printed[0].index("Bukti keutuhan buku") :]
    assert _hash(cooperative) in evidence and "belum ada" in evidence
