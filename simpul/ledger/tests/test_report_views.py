"""The report pages, their PDFs and workbooks: who may read them, what they show, and bad dates."""

import datetime as dt
import io
import re
import zipfile
import zlib
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exports import XLSX_CONTENT_TYPE
from simpul.ledger.models import JournalEntry

from .test_report_selectors import _post, build_books

pytestmark = pytest.mark.calendar  # reports default to the fiscal year of the cooperative's today

D = Decimal


@pytest.fixture
def books(cooperative, manager):  # type: ignore[no-untyped-def]
    """The hand-built books of test_report_selectors: 2025 and 2026."""
    return build_books(cooperative, manager)


REPORTS = [
    "ledger:general_journal",
    "ledger:general_ledger",
    "ledger:trial_balance",
    "ledger:balance_sheet",
    "ledger:business_results",
    "ledger:equity_changes",
    "ledger:cash_flow",
]
YEAR_2026 = {"dari": "2026-01-01", "sampai": "2026-12-31"}


def url(name: str, coop, **query: str) -> str:  # type: ignore[no-untyped-def]
    base = reverse(name, args=[coop.slug])
    if name == "ledger:general_ledger" and "akun" not in query:
        query = {"akun": "1101", **query}
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().replace("\xa0", "")


@pytest.fixture
def supervisor(cooperative):  # type: ignore[no-untyped-def]
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


@pytest.mark.parametrize("name", REPORTS)
def test_managers_and_supervisors_read_every_report(client, cooperative, manager, supervisor, name):
    for person in (manager, supervisor):
        client.force_login(person)
        response = client.get(url(name, cooperative))
        assert response.status_code == 200
        assert 'data-testid="report-period"' in text(response)


@pytest.mark.parametrize("name", REPORTS)
def test_cashiers_and_members_get_403_strangers_404(client, cooperative, name):
    for kind in (RoleKind.CASHIER, RoleKind.MEMBER):
        client.force_login(person_with_role(kind, cooperative))
        assert client.get(url(name, cooperative)).status_code == 403
        assert client.get(url(name, cooperative, format="pdf")).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url(name, cooperative)).status_code == 404
    assert client.get(url(name, cooperative, format="xlsx")).status_code == 404


def test_books_home_links_every_report_with_a_date_form(client, cooperative, supervisor):
    client.force_login(supervisor)
    body = text(client.get(reverse("ledger:home", args=[cooperative.slug])))
    assert 'data-testid="reports-form"' in body
    for name in REPORTS:
        assert f'formaction="{reverse(name, args=[cooperative.slug])}"' in body


@pytest.mark.parametrize("name", REPORTS)
def test_a_reversed_range_is_refused_in_indonesian(client, cooperative, manager, name):
    client.force_login(manager)
    response = client.get(url(name, cooperative, dari="2026-03-31", sampai="2026-03-01"))
    assert response.status_code == 400
    assert "Tanggal akhir lebih awal dari tanggal mulai." in text(response)
    assert response.context.get("ready") is None


@pytest.mark.parametrize("bad", ["2026-13-01", "bukan-tanggal", "2026-2-1", "26-02-01"])
def test_malformed_dates_are_refused_in_indonesian(client, cooperative, manager, bad):
    client.force_login(manager)
    response = client.get(url("ledger:business_results", cooperative, dari=bad, sampai="2026-12-31"))
    assert response.status_code == 400
    assert "Harus berupa tanggal dengan format TTTT-BB-HH" in text(response)
    response = client.get(url("ledger:balance_sheet", cooperative, per=bad))
    assert response.status_code == 400
    assert client.get(url("ledger:trial_balance", cooperative, dari=bad, format="pdf")).status_code == 400


def test_far_away_dates_and_unknown_formats_are_refused(client, cooperative, manager):
    client.force_login(manager)
    assert client.get(url("ledger:cash_flow", cooperative, dari="0001-01-01")).status_code == 400
    assert client.get(url("ledger:cash_flow", cooperative, sampai="9999-12-31")).status_code == 400
    assert client.get(url("ledger:cash_flow", cooperative, format="docx")).status_code == 400
    assert client.get(url("ledger:general_ledger", cooperative, akun="9999")).status_code == 400


def test_default_range_is_the_fiscal_year_with_the_previous_one_beside(client, cooperative, manager):
    from simpul.ledger.forms import fiscal_year

    client.force_login(manager)
    period = client.get(url("ledger:business_results", cooperative)).context["period"]
    start, end = fiscal_year(cooperative.today(), cooperative.fiscal_year_start_month)
    assert (period.start, period.end) == (start, end)
    assert period.previous_end == start - dt.timedelta(days=1)
    assert period.previous_start == start.replace(year=start.year - 1)


def test_business_results_page_shows_both_periods(client, books, manager):
    client.force_login(manager)
    response = client.get(url("ledger:business_results", books, **YEAR_2026))
    body = text(response)
    assert "Pendapatan dari anggota" in body or "Revenue from members" in body
    report = response.context["report"]
    assert report.member_revenue.total.current == D(570000)
    assert report.non_member_revenue.total.current == D(250000)
    for figure in ("Rp570.000", "Rp500.000", "Rp250.000", "Rp545.000", "Rp200.000"):
        assert figure in body


def test_trial_balance_and_neraca_pages_show_the_previous_period(client, books, manager):
    client.force_login(manager)
    response = client.get(url("ledger:trial_balance", books, **YEAR_2026))
    assert response.context["previous"].start == dt.date(2025, 1, 1)
    assert response.context["previous"].total_debit == D(2100000)
    assert "Rp1.795.000" in text(response) and "Rp1.200.000" in text(response)
    response = client.get(url("ledger:balance_sheet", books, per="2026-12-31"))
    assert response.context["report"].total_assets == D(4145000)
    assert response.context["previous"].as_of == dt.date(2025, 12, 31)
    assert response.context["previous"].total_assets == D(1200000)
    # the same position from a range: at its end, beside the same day a year before
    response = client.get(url("ledger:balance_sheet", books, dari="2026-03-01", sampai="2026-03-31"))
    assert response.context["previous"].as_of == dt.date(2025, 3, 31)
    response = client.get(url("ledger:balance_sheet", books, per="2026-11-30"))
    assert response.context["previous"].as_of == dt.date(2025, 11, 30)


def test_general_journal_links_entries_and_pages(client, books, manager):
    client.force_login(manager)
    response = client.get(url("ledger:general_journal", books, **YEAR_2026))
    body = text(response)
    assert body.count('data-testid="journal-entry"') == 13
    first = JournalEntry.objects.filter(cooperative=books, date__year=2026).order_by("number").first()
    assert first is not None
    assert reverse("ledger:entry_detail", args=[books.slug, first.pk]) in body
    assert 'data-testid="entries-current">13<' in body


def test_general_ledger_page_shows_running_balances(client, books, manager):
    client.force_login(manager)
    response = client.get(url("ledger:general_ledger", books, akun="2201", **YEAR_2026))
    ledger = response.context["ledger"]
    assert [line.balance for line in ledger.lines] == [D(300000), D(200000)]
    assert 'data-testid="ledger-closing"' in text(response)
    picker = client.get(reverse("ledger:general_ledger", args=[books.slug]))
    assert picker.status_code == 200 and 'data-testid="choose-account"' in text(picker)


def test_cash_flow_page_reconciles(client, books, manager):
    client.force_login(manager)
    response = client.get(url("ledger:cash_flow", books, **YEAR_2026))
    report = response.context["report"]
    assert report.opening.current + report.net_change.current == report.closing.current == D(2895000)
    assert 'data-testid="not-reconciled"' not in text(response)


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_prints_as_pdf(client, books, manager, name):
    client.force_login(manager)
    response = client.get(url(name, books, format="pdf", **YEAR_2026))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    assert books.slug in response["Content-Disposition"]
    assert _pdf_names(response.content, books.name)


def test_the_pdf_template_names_the_cooperative_and_has_signature_lines(books, manager, rf):
    from django.template.loader import render_to_string

    from simpul.ledger.reports import views as report_views
    from simpul.ledger.reports.balance_sheet import comparative_balance_sheet
    from simpul.ledger.reports.dates import make_period

    period = make_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    report = comparative_balance_sheet(cooperative=books, period=period)
    html = render_to_string(
        report_views.BALANCE_SHEET.print_template,
        {
            "cooperative": books,
            "report_info": report_views.BALANCE_SHEET,
            "report": report.current,
            "previous": report.previous,
            "comparison": report,
            "period": period,
            "period_text": "x",
            "printed_at": "25 November 2026 10:00 WIB",
            "signatures": True,
        },
    )
    assert books.name in html and "pengurus" in html.lower() and "pengawas" in html.lower()
    assert "Rp4.145.000" in html.replace("\xa0", "")


def _pdf_names(content: bytes, name: str) -> bool:
    """The cooperative's name in the PDF's title (its metadata, possibly in a compressed object stream)."""
    chunks = [content]
    # decompressobj stops at the end of the zlib data: a regex up to "endstream" can swallow a
    # last data byte that happens to be "\r" and lose the stream (about one name in a hundred).
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            chunks.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    forms = [name.encode(), name.encode("utf-16-be"), name.encode("utf-16-be").hex().encode()]
    return any(form.lower() in chunk.lower() for chunk in chunks for form in forms)


def _workbook(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content))


def _numbers(sheet) -> list[Decimal]:  # type: ignore[no-untyped-def]
    return [Decimal(str(c.value)) for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_downloads_as_excel(client, books, manager, name):
    client.force_login(manager)
    workbook = _workbook(client.get(url(name, books, format="xlsx", **YEAR_2026)))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == books.name
    assert sheet.max_row > 5


def test_excel_figures_are_exact(client, books, manager):
    _post(books, manager, dt.date(2026, 8, 1), "1101", "4102", "1234567.89", "Penjualan besar")
    client.force_login(manager)
    response = client.get(url("ledger:business_results", books, format="xlsx", **YEAR_2026))
    numbers = _numbers(_workbook(response).worksheets[0])
    assert D("1484567.89") in numbers  # 4102 for the period and the non-member subtotal
    assert D("1779567.89") in numbers  # SHU: 545,000 + 1,234,567.89
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert ">1484567.89<" in xml and ">1779567.89<" in xml  # written as the Decimal itself
    journal = _workbook(client.get(url("ledger:general_journal", books, format="xlsx", **YEAR_2026)))
    lines = list(journal.worksheets[0].iter_rows(values_only=True))
    assert sum(1 for row in lines if row[4] == "1101") == 9  # every 2026 line of the cash account, not a page
    ledger = _workbook(client.get(url("ledger:general_ledger", books, akun="1101", format="xlsx", **YEAR_2026)))
    assert D("1795000") in _numbers(ledger.worksheets[0])


def test_report_pages_keep_few_queries(client, books, manager, django_assert_max_num_queries):
    client.force_login(manager)
    for name in REPORTS:
        client.get(url(name, books, **YEAR_2026))  # warm the session
        with django_assert_max_num_queries(12):
            assert client.get(url(name, books, **YEAR_2026)).status_code == 200


@pytest.mark.parametrize(("name", "account"), [("ledger:general_journal", None), ("ledger:general_ledger", "1101")])
def test_a_pdf_longer_than_a_request_can_print_is_refused_with_the_way_out(
    client, books, manager, monkeypatch, name, account
):
    """A PDF past PDF_MAX_LINES would outlast the request timeout: a 400 saying so, and Excel still works."""
    from simpul.ledger.models import JournalLine
    from simpul.ledger.reports import views as report_views

    lines = JournalLine.objects.filter(cooperative=books, date__year=2026)
    count = (lines if account is None else lines.filter(account__code=account)).count()
    assert count > 2
    client.force_login(manager)

    monkeypatch.setattr(report_views, "PDF_MAX_LINES", count - 1)
    refused = client.get(url(name, books, format="pdf", **YEAR_2026))
    assert refused.status_code == 400
    assert f"Periode ini berisi {count} baris jurnal, lebih dari yang muat dalam satu PDF ({count - 1})" in text(
        refused
    )
    assert "unduh Excel" in text(refused)
    workbook = client.get(url(name, books, format="xlsx", **YEAR_2026))
    assert workbook.status_code == 200 and workbook["Content-Type"] == XLSX_CONTENT_TYPE

    monkeypatch.setattr(report_views, "PDF_MAX_LINES", count)
    assert client.get(url(name, books, format="pdf", **YEAR_2026)).status_code == 200
