"""The one pattern for every table of money (issue 11 §1): `{% moneytable %}` draws the table's shell, `{% amount %}`
and `{% amountcell %}` its amount cells, `{% amounthead %}` the heading of an amount column.

    {% load money %}
    {% moneytable "trial-balance-table" compare=True %}
      <thead><tr><th>…</th>{% amounthead _("Debit") %}{% amounthead _("Debit") previous=True %}</tr></thead>
      <tbody><tr><td class="money-title">1101 Kas</td>
        {% amount row.debit _("Debit") href=link %}{% amount before.debit _("Debit, previous period") previous=True %}
      </tr></tbody>
    {% endmoneytable %}

On a phone (simpul/static/simpul/money.css) each row becomes a block: the account on its own line and each amount
under its label (data-label), so no amount leaves the screen and nothing scrolls sideways; `layout="single"` keeps
one amount a row on the account's line. The previous period's cells (`previous=True`) are one tap away: a
checkbox before the table shows them (CSS only: no script, so nothing for the CSP to allow). On a desktop the table
keeps its columns; printed, every column shows.

An amount cell rendered outside a `{% moneytable %}` is a template error, and a test (core/tests/
test_money_tables.py) refuses templates that draw amount cells by hand, so every money table follows this one.
"""

from decimal import Decimal
from typing import Any

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from simpul.core.money import format_rupiah

register = template.Library()

LAYOUTS = ("grid", "single")
SIGNS = ("", "minus", "paren")
KINDS = ("rupiah", "count")
CONTEXT_KEY = "money_table"


def _kwargs(parser: Parser, bits: list[str], tag: str) -> tuple[list[FilterExpression], dict[str, FilterExpression]]:
    args: list[FilterExpression] = []
    kwargs: dict[str, FilterExpression] = {}
    for bit in bits:
        name, sep, value = bit.partition("=")
        if sep and name.isidentifier():
            kwargs[name] = parser.compile_filter(value)
        elif kwargs:
            raise template.TemplateSyntaxError(f"{tag}: positional argument {bit!r} after a keyword argument")
        else:
            args.append(parser.compile_filter(bit))
    return args, kwargs


def _resolve(kwargs: dict[str, FilterExpression], context: Context) -> dict[str, Any]:
    return {name: value.resolve(context) for name, value in kwargs.items()}


def _table(context: Context, tag: str) -> dict[str, Any]:
    table = context.get(CONTEXT_KEY)
    if table is None:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} stands inside {{% moneytable %}} … {{% endmoneytable %}}")
    return table


def _classes(*, previous: bool, extra: str) -> str:
    names = ["amount"]
    if previous:
        names.append("amount-previous")
    if extra:
        names.append(str(extra))
    return " ".join(names)


# --- the table's shell


class MoneyTableNode(Node):
    def __init__(self, testid: FilterExpression, kwargs: dict[str, FilterExpression], nodelist: NodeList) -> None:
        self.testid = testid
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        testid = str(self.testid.resolve(context))
        options = _resolve(self.kwargs, context)
        layout = options.get("layout") or "grid"
        if layout not in LAYOUTS:
            raise template.TemplateSyntaxError(f"moneytable: layout must be one of {LAYOUTS}, not {layout!r}")
        with context.push({CONTEXT_KEY: {"testid": testid, "layout": layout}}):
            body = self.nodelist.render(context)
        return render_to_string(
            "components/money_table.html",
            {
                "testid": testid,
                "layout": layout,
                "wide": bool(options.get("wide")),
                "compare": bool(options.get("compare")),
                "compare_text": options.get("compare_text") or "",
                "extra_class": options.get("css") or "",
                "body": mark_safe(body),  # noqa: S308 - the nodelist's own rendering, escaped as it rendered
            },
        )


@register.tag("moneytable")
def moneytable(parser: Parser, token: Token) -> MoneyTableNode:
    """{% moneytable "<data-testid>" [layout="grid"|"single"] [wide=True] [compare=True] [compare_text=…] [css=…] %}
    … rows … {% endmoneytable %}. `wide`: many amount columns (stacked below 1024 px instead of 768 px);
    `compare`: the table has previous-period cells, shown on a phone by a tap on "compare"."""
    bits = token.split_contents()[1:]
    args, kwargs = _kwargs(parser, bits, "moneytable")
    if len(args) != 1:
        raise template.TemplateSyntaxError('moneytable takes its data-testid: {% moneytable "…-table" %}')
    nodelist = parser.parse(("endmoneytable",))
    parser.delete_first_token()
    return MoneyTableNode(args[0], kwargs, nodelist)


# --- the cells


def _is_zero(value: Any) -> bool:
    try:
        return value is not None and value != "" and Decimal(value) == 0
    except (ArithmeticError, TypeError, ValueError):
        return False


def _value_text(value: Any, *, kind: str, sign: str, blank_zero: bool, suffix: str) -> str:
    if value is None or value == "":
        return ""
    if blank_zero and Decimal(value) == 0:
        return ""
    text = f"{int(value):,}".replace(",", ".") if kind == "count" else format_rupiah(value)
    if sign == "minus":
        text = f"−{text}"
    elif sign == "paren":
        text = f"({text})"
    return f"{text}{suffix}"


@register.simple_tag(takes_context=True)
def amount(
    context: Context,
    value: Any,
    label: str = "",
    *,
    previous: bool = False,
    blank_zero: bool = False,
    sign: str = "",
    kind: str = "rupiah",
    suffix: str = "",
    href: str = "",
    testid: str = "",
    cell: str = "td",
    css: str = "",
) -> SafeString:
    """One amount cell: Rp1.234.567 right-aligned, labelled for the phone (data-label), optionally a link to the
    lines behind it (`href`). `sign`: "minus" (−Rp…) or "paren" ((Rp…)); `blank_zero`: an empty cell for 0
    (the debit or credit side a line does not use); `kind="count"`: a whole number instead of Rupiah."""
    _table(context, "amount")
    if sign not in SIGNS:
        raise template.TemplateSyntaxError(f"amount: sign must be one of {SIGNS}, not {sign!r}")
    if kind not in KINDS:
        raise template.TemplateSyntaxError(f"amount: kind must be one of {KINDS}, not {kind!r}")
    if cell not in ("td", "th"):
        raise template.TemplateSyntaxError("amount: cell is td or th")
    text = _value_text(value, kind=kind, sign=sign, blank_zero=blank_zero, suffix=str(suffix))
    zero = _is_zero(value)
    # A zero opens nothing and reads quieter: the figures that count stand out.
    inner = format_html('<a href="{}">{}</a>', href, text) if href and text and not zero else text
    if zero and text:
        css = f"{css} amount-zero".strip()
    attributes = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html(
        '<{cell} class="{classes}" data-label="{label}"{attributes}>{inner}</{cell}>',
        cell=mark_safe(cell),  # noqa: S308 - one of two literal names, checked above
        classes=_classes(previous=bool(previous), extra=css),
        label=label,
        attributes=attributes,
        inner=inner,
    )


class AmountCellNode(Node):
    def __init__(self, kwargs: dict[str, FilterExpression], nodelist: NodeList) -> None:
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        _table(context, "amountcell")
        options = _resolve(self.kwargs, context)
        testid = options.get("testid") or ""
        return format_html(
            '<td class="{classes}" data-label="{label}"{attributes}>{inner}</td>',
            classes=_classes(previous=bool(options.get("previous")), extra=options.get("css") or ""),
            label=options.get("label") or "",
            attributes=format_html(' data-testid="{}"', testid) if testid else "",
            inner=mark_safe(self.nodelist.render(context).strip()),  # noqa: S308 - rendered (and escaped) above
        )


@register.tag("amountcell")
def amountcell(parser: Parser, token: Token) -> AmountCellNode:
    """{% amountcell label=… [previous=True] [testid=…] [css=…] %} … {% endamountcell %}: an amount cell with
    content of its own (an input, a link, a dash), laid out like every amount cell."""
    bits = token.split_contents()[1:]
    args, kwargs = _kwargs(parser, bits, "amountcell")
    if args:
        raise template.TemplateSyntaxError("amountcell takes keyword arguments only")
    nodelist = parser.parse(("endamountcell",))
    parser.delete_first_token()
    return AmountCellNode(kwargs, nodelist)


@register.simple_tag(takes_context=True)
def amounthead(context: Context, label: str, *, previous: bool = False, css: str = "") -> SafeString:
    """The heading of an amount column, right-aligned over its amounts."""
    _table(context, "amounthead")
    return format_html(
        '<th scope="col" class="{classes}">{label}</th>',
        classes=_classes(previous=bool(previous), extra=css),
        label=label,
    )
