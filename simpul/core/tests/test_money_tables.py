"""The money-table component (core/templatetags/money.py, templates/components/money_table.html, money.css): what
its tags draw, and a scan of every template so that no screen draws an amount cell by hand (issue 11 §1): the
next app (the minimart, …) reuses the one pattern that keeps amounts on a 360 px screen."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

SIMPUL = Path(settings.BASE_DIR) / "simpul"

# Templates that are not screens: PDFs (WeasyPrint, core/print/base.html) and print pages lay out their own tables.
NOT_SCREENS = ("/print/", "_print.html")
# Screens drawn before the component that other work is changing now; each moves to the component next.
NOT_YET: dict[str, str] = {}

AMOUNT_CLASS = re.compile(r"<t[dh]\b[^>]*\bclass=\"(?P<classes>[^\"]*)\"", re.S)
CELL = re.compile(r"<t[dh]\b[^>]*>(?P<body>.*?)</t[dh]>", re.S)
SMALL = re.compile(r"<small\b.*?</small>", re.S)  # a note beside a name ("Simpanan wajib (Rp25.000)") is no amount cell


def render(source: str, **context: object) -> str:
    with translation.override("id"):
        return Template("{% load money %}" + source).render(Context(context))


def table(rows: str, *args: str) -> str:
    return '{% moneytable "t" ' + " ".join(args) + " %}<tbody><tr>" + rows + "</tr></tbody>{% endmoneytable %}"


# --- the tags


def test_an_amount_cell_is_labelled_right_aligned_and_in_rupiah():
    html = render(table('<td>Kas</td>{% amount value "Debit" %}'), value=Decimal("1234567.00"))
    assert '<td class="amount" data-label="Debit">Rp1.234.567</td>' in html
    assert 'class="money-table" data-layout="grid" data-testid="t-shell"' in html
    assert '<table class="money" data-testid="t">' in html
    assert "money-compare-toggle" not in html  # no previous period: nothing to tap


def test_the_previous_period_is_one_tap_away():
    html = render(
        table('{% amount 5 "Now" %}{% amount 3 "Then" previous=True %}', "compare=True", 'compare_text="2025"')
    )
    assert '<td class="amount amount-previous" data-label="Then">Rp3</td>' in html
    toggle = re.search(r'<input type="checkbox" class="money-compare-toggle" id="compare-t"[^>]*>', html)
    assert toggle, html
    label = re.search(r'<label for="compare-t" class="money-compare-label">([^<]+) <small>\(2025\)</small>', html)
    assert label and label.group(1).strip(), html  # "Tampilkan periode sebelumnya" (2025)
    assert html.index("money-compare-toggle") < html.index("<table")  # a sibling before the table: CSS `~` reaches it


def test_links_signs_blank_zero_counts_and_header_cells():
    html = render(
        table(
            '{% amount a "A" href=url %}{% amount b "B" sign="paren" %}{% amount c "C" sign="minus" %}'
            '{% amount zero "D" blank_zero=True href=url %}{% amount n "E" kind="count" testid="n" %}'
            '{% amount a "F" cell="th" css="num" %}{% amounthead "G" previous=True %}'
        ),
        a=Decimal("1500.50"),
        b=Decimal(2000),
        c=Decimal(300),
        zero=Decimal(0),
        n=12345,
        url="/k/x/buku/?a=1&b=2",
    )
    assert '<td class="amount" data-label="A"><a href="/k/x/buku/?a=1&amp;b=2">Rp1.500,50</a></td>' in html
    assert '<td class="amount" data-label="B">(Rp2.000)</td>' in html
    assert '<td class="amount" data-label="C">−Rp300</td>' in html
    assert '<td class="amount" data-label="D"></td>' in html  # empty: no link to nothing
    assert '<td class="amount" data-label="E" data-testid="n">12.345</td>' in html
    assert '<th class="amount num" data-label="F">Rp1.500,50</th>' in html
    assert '<th scope="col" class="amount amount-previous">G</th>' in html


def test_a_zero_opens_nothing_and_reads_quieter():
    html = render(table('{% amount 0 "A" href="/x/" %}{% amount "0.00" "B" %}'))
    assert '<td class="amount amount-zero" data-label="A">Rp0</td>' in html
    assert '<td class="amount amount-zero" data-label="B">Rp0</td>' in html


def test_an_amount_cell_with_content_of_its_own():
    html = render(table('{% amountcell label="Saldo" testid="x" %}<input name="a">{% endamountcell %}'))
    assert '<td class="amount" data-label="Saldo" data-testid="x"><input name="a"></td>' in html


def test_labels_and_values_are_escaped():
    html = render(table("{% amount 1 label %}"), label='<b>"x"</b>')
    assert 'data-label="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in html


def test_the_single_layout_and_the_wide_table_are_marked_for_the_css():
    html = render(table('{% amount 1 "A" %}', 'layout="single"', "wide=True"))
    assert 'class="money-table money-wide" data-layout="single"' in html
    with pytest.raises(TemplateSyntaxError):
        render(table('{% amount 1 "A" %}', 'layout="cards"'))


@pytest.mark.parametrize(
    "source",
    [
        '<table><tr>{% amount 1 "A" %}</tr></table>',
        '<table><tr>{% amountcell label="A" %}x{% endamountcell %}</tr></table>',
        '<table><tr>{% amounthead "A" %}</tr></table>',
    ],
)
def test_an_amount_cell_outside_a_money_table_is_an_error(source):
    with pytest.raises(TemplateSyntaxError, match="moneytable"):
        render(source)


def test_bad_options_are_errors():
    for cell in ('{% amount 1 "A" sign="plus" %}', '{% amount 1 "A" kind="dollar" %}', '{% amount 1 "A" cell="div" %}'):
        with pytest.raises(TemplateSyntaxError):
            render(table(cell))


def test_the_stylesheet_is_loaded_by_every_page_and_stacks_only_on_screens():
    base = (SIMPUL / "templates" / "base.html").read_text()
    assert "simpul/money.css" in base
    css = (SIMPUL / "static" / "simpul" / "money.css").read_text()
    stacked = re.findall(r"@media ([^{]+)\{", css)
    assert "screen and (max-width: 767.98px) " in stacked  # print never stacks: A4 shows every column
    assert "print " in stacked
    assert ".money-compare-toggle:checked ~ table .amount-previous" in css


# --- every screen's amount cells come from the component


def _screens() -> list[Path]:
    found = []
    for path in sorted(SIMPUL.rglob("templates/**/*.html")):
        relative = path.relative_to(SIMPUL).as_posix()
        if "templates/components/" in relative or any(part in relative for part in NOT_SCREENS):
            continue
        found.append(path)
    return found


def _hand_drawn_amount_cells(source: str) -> list[str]:
    """Cells a template draws itself with an amount's class (amount, num) or a Rupiah figure inside."""
    found = []
    for match in AMOUNT_CLASS.finditer(source):
        if {"amount", "num"} & set(match.group("classes").split()):
            found.append(match.group(0))
    for match in CELL.finditer(source):
        body = SMALL.sub("", match.group("body"))
        if "|rupiah" in body and "<t" not in body:
            found.append(match.group(0)[:120])
    return found


def test_the_scan_finds_a_hand_drawn_amount_cell():
    assert _hand_drawn_amount_cells('<td class="num">{{ x }}</td>')
    assert _hand_drawn_amount_cells('<th class="amount muted">x</th>')
    assert _hand_drawn_amount_cells("<td>{{ row.amount|rupiah }}</td>")
    assert not _hand_drawn_amount_cells('<td class="number">{{ count }}</td>')  # counts, not money
    assert not _hand_drawn_amount_cells("<td>{{ name }}</td>{% amount x 'A' %}")
    assert not _hand_drawn_amount_cells("<td>{{ name }} <small>({{ rate|rupiah }})</small></td>")


def test_no_screen_draws_an_amount_cell_by_hand():
    offenders = []
    for path in _screens():
        relative = path.relative_to(SIMPUL).as_posix()
        if relative in NOT_YET:
            continue
        for cell in _hand_drawn_amount_cells(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}: {cell}")
    assert not offenders, (
        "Money tables are drawn with the component: {% load money %}, {% moneytable %} … {% amount value label %} "
        "(simpul/core/templatetags/money.py), so amounts stay on a 360 px screen. Hand-drawn amount cells:\n"
        + "\n".join(offenders)
    )


def test_the_list_of_screens_not_yet_moved_is_current():
    """A screen moved to the component leaves NOT_YET, so the scan watches it again."""
    stale = [name for name in NOT_YET if not _hand_drawn_amount_cells((SIMPUL / name).read_text(encoding="utf-8"))]
    assert not stale, f"these screens use the component now: remove them from NOT_YET: {stale}"
