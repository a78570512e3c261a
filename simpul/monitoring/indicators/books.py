"""The books: total assets and the day of the last posting (simpul/ledger/figures.books_figures)."""

from typing import Any

from simpul.ledger.figures import books_figures
from simpul.monitoring.indicators import Source, Values, Window


def compute(cooperatives: list[Any], window: Window) -> Values:
    found = books_figures(cooperative_ids=[c.pk for c in cooperatives])
    return {
        cooperative_id: {"assets": figures["assets"], "last_posted_on": figures["last_posted_on"]}
        for cooperative_id, figures in found.items()
    }


SOURCE = Source(key="books", kinds=frozenset({"books"}), indicators=("assets", "last_posted_on"), compute=compute)
