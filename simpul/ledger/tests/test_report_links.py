"""Reports link to each other for the same period (issue 11 §1): trial balance ↔ neraca ↔ PHU ↔ equity changes ↔
cash flow ↔ general ledger of an account ↔ the entry. An amount opens the lines behind it: an account's line its
general ledger for the period, a total line the trial balance of its kind of account (?jenis=)."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.models import CooperativeType, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger.models import JournalEntry
from simpul.ledger.reports.dates import make_period
from simpul.ledger.reports.views import LINKED_REPORTS, report_links
from simpul.ledger.services import chart_of_accounts_create

from .test_report_selectors import build_books

pytestmark = pytest.mark.calendar

D = Decimal
YEAR = "dari=2026-01-01&sampai=2026-12-31"
SLUGS = {
    "trial_balance": "neraca-saldo",
    "balance_sheet": "neraca",
    "business_results": "hasil-usaha",
    "equity_changes": "perubahan-ekuitas",
    "cash_flow": "arus-kas",
    "general_ledger": "buku-besar",
    "general_journal": "jurnal-umum",
}


@pytest.fixture
def books(cooperative, manager):  # type: ignore[no-untyped-def]
    return build_books(cooperative, manager)


@pytest.fixture
def reader(client, books):  # type: ignore[no-untyped-def]
    client.force_login(person_with_role(RoleKind.SUPERVISOR, books))
    return client


def page(client, name: str, coop, query: str = YEAR) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse(f"ledger:{name}", args=[coop.slug]) + "?" + query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def hrefs(body: str, pattern: str) -> list[str]:
    """Every href in the page that matches `pattern`, unescaped (&amp; → &)."""
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', body) if re.search(pattern, html.unescape(h))]


def row(body: str, testid: str, code: str) -> str:
    found = re.search(rf'<tr data-testid="{testid}" data-code="{re.escape(code)}">(.*?)</tr>', body, re.S)
    assert found, f"no {testid} row for {code}"
    return found.group(1)


def test_report_links_keep_the_period_and_name_every_report(books):
    period = make_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    links = report_links(books, period, "neraca")
    by_slug = {link["slug"]: link for link in links["report_links"]}
    assert [slug for _name, slug in LINKED_REPORTS if slug in by_slug] == list(by_slug)
    assert "laporan-zis" not in by_slug  # not a sharia cooperative
    assert by_slug["neraca"]["current"] and not by_slug["neraca-saldo"]["current"]
    for name, slug in LINKED_REPORTS:
        if slug in by_slug:
            assert by_slug[slug]["url"] == reverse(f"ledger:{name}", args=[books.slug]) + "?" + YEAR
    assert links["ledger_url"] == reverse("ledger:general_ledger", args=[books.slug]) + "?" + YEAR + "&akun="
    assert links["kind_url"] == reverse("ledger:trial_balance", args=[books.slug]) + "?" + YEAR + "&jenis="
    assert links["entry_query"] == "?" + YEAR


@pytest.mark.parametrize("name", list(SLUGS))
def test_every_report_page_links_to_the_others_for_the_same_period(reader, books, name):
    query = YEAR + ("&akun=1101" if name == "general_ledger" else "")
    body = page(reader, name, books, query)
    nav = re.search(r'<nav aria-label="[^"]+" class="report-links" data-testid="report-links">(.*?)</nav>', body, re.S)
    assert nav, "no links to the other reports"
    for other in SLUGS:
        url = reverse(f"ledger:{other}", args=[books.slug]) + "?" + YEAR
        if other == name:
            assert html.escape(url) not in nav.group(1)  # the page itself is named, not linked
            assert 'aria-current="page"' in nav.group(1)
        else:
            assert f'href="{html.escape(url)}"' in nav.group(1), (name, other)


def test_a_sharia_cooperatives_reports_link_to_its_zis_report(client, db):
    coop = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    chart_of_accounts_create(cooperative=coop)
    client.force_login(person_with_role(RoleKind.MANAGER, coop))
    body = page(client, "trial_balance", coop)
    assert hrefs(body, r"/buku/laporan/zis/\?" + re.escape(YEAR) + "$")


def test_a_trial_balance_amount_opens_the_accounts_general_ledger_for_the_period(reader, books):
    body = page(reader, "trial_balance", books)
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    line = row(body, "trial-balance-row", "4101")
    assert f'<a href="{html.escape(ledger + "?" + YEAR + "&akun=4101")}">Rp' in line  # the amounts of this period
    assert "amount-previous" in line and line.count("<a href") == 3  # the name, credit and closing credit
    target = hrefs(line, r"akun=4101")[0]
    ledger_page = reader.get(target)
    assert ledger_page.status_code == 200
    text = ledger_page.content.decode()
    assert 'data-testid="ledger-account">4101 ' in text
    assert text.count('data-testid="ledger-line"') == 2  # February and June; nothing from 2025 or 2027


def test_a_general_ledger_line_opens_its_entry_and_the_entry_its_accounts_ledgers(reader, books):
    body = page(reader, "general_ledger", books, YEAR + "&akun=5201")
    entry = JournalEntry.objects.get(cooperative=books, description="Listrik")
    entry_url = reverse("ledger:entry_detail", args=[books.slug, entry.pk]) + "?" + YEAR
    assert hrefs(body, re.escape(entry_url) + "$")  # the number and the amount both open it
    entry_page = reader.get(entry_url).content.decode()
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    for code in ("5201", "1101"):
        assert hrefs(entry_page, "^" + re.escape(f"{ledger}?{YEAR}&akun={code}") + "$"), code


def test_an_entry_opened_without_a_period_links_to_the_ledgers_up_to_its_date(reader, books):
    entry = JournalEntry.objects.get(cooperative=books, description="Listrik")  # 1 April 2026
    body = reader.get(reverse("ledger:entry_detail", args=[books.slug, entry.pk])).content.decode()
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    target = hrefs(body, re.escape(f"{ledger}?sampai=2026-04-01&akun=5201") + "$")
    assert target
    text = reader.get(target[0]).content.decode()
    assert 'data-testid="ledger-line"' in text and "Listrik" in text


def test_neraca_lines_open_their_ledgers_and_totals_the_trial_balance_of_their_kind(reader, books):
    body = page(reader, "balance_sheet", books, "per=2026-12-31")
    as_of = "dari=2026-01-01&sampai=2026-12-31"
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    assert hrefs(row(body, "balance-sheet-row", "1501"), re.escape(f"{ledger}?{as_of}&akun=1501") + "$")
    trial = reverse("ledger:trial_balance", args=[books.slug])
    total = re.search(r'<tr class="total" data-testid="total-assets">(.*?)</tr>', body, re.S)
    assert total
    kind_url = hrefs(total.group(1), re.escape(f"{trial}?{as_of}&jenis=asset") + "$")
    assert kind_url
    assets = reader.get(kind_url[0]).content.decode()
    codes = re.findall(r'data-testid="trial-balance-row" data-code="([^"]+)"', assets)
    assert codes and all(code.startswith("1") for code in codes)
    assert 'data-testid="trial-balance-kind"' in assets
    # The kind's total is the neraca's total assets: closing debit less closing credit of the asset accounts.
    foot = re.search(r'data-testid="trial-balance-total">(.*?)</tr>', assets, re.S)
    assert foot
    figures = re.findall(r'class="amount(?: amount-zero)?"[^>]*>(?:<a[^>]*>)?([^<]+)', foot.group(1))
    closing_debit, closing_credit = (D(f.replace("Rp", "").replace(".", "").replace(",", ".")) for f in figures[2:4])
    neraca_total = re.search(r'data-testid="total-assets">.*?class="amount"[^>]*><a[^>]*>([^<]+)', body, re.S)
    assert neraca_total
    assert closing_debit - closing_credit == D(neraca_total.group(1).replace("Rp", "").replace(".", ""))


def test_an_unknown_kind_shows_every_account(reader, books):
    every = page(reader, "trial_balance", books)
    unknown = page(reader, "trial_balance", books, YEAR + "&jenis=semua")
    count = every.count('data-testid="trial-balance-row"')
    assert count > 10 and unknown.count('data-testid="trial-balance-row"') == count
    assert 'data-testid="trial-balance-kind"' not in unknown


def test_phu_lines_open_their_ledgers_and_the_shu_the_equity_changes(reader, books):
    body = page(reader, "business_results", books)
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    assert hrefs(row(body, "result-row", "5201"), re.escape(f"{ledger}?{YEAR}&akun=5201") + "$")
    shu = re.search(r'<tr data-testid="shu">(.*?)</tr>', body, re.S)
    assert shu
    assert hrefs(shu.group(1), re.escape(reverse("ledger:equity_changes", args=[books.slug]) + "?" + YEAR) + "$")
    revenue = re.search(r'data-testid="total-member_revenue">(.*?)</tr>', body, re.S)
    assert revenue
    assert hrefs(revenue.group(1), r"jenis=revenue$")


def test_cash_flow_and_equity_lines_open_their_ledgers(reader, books):
    ledger = reverse("ledger:general_ledger", args=[books.slug])
    cash = page(reader, "cash_flow", books)
    assert hrefs(row(cash, "cash-receipt", "3301"), re.escape(f"{ledger}?{YEAR}&akun=3301") + "$")
    equity = page(reader, "equity_changes", books)
    assert hrefs(row(equity, "equity-row", "3301"), re.escape(f"{ledger}?{YEAR}&akun=3301") + "$")
