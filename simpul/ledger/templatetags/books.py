"""Template tags of the books.

`{% books_heads cooperative %}` prints the "Bukti keutuhan buku" block at the end of every report PDF
(ledger/reports/print/base.html): the head of the books at printing and the latest copy published to the
cooperative's network and Dinas, so a reader can check the printed figures against what those holders keep.
The RAT pack (a later issue) is to carry the same block: include this tag in its print template too."""

from typing import Any

from django import template

from simpul.coops.models import Cooperative
from simpul.ledger.heads.selectors import books_heads as read_books_heads

register = template.Library()


@register.inclusion_tag("ledger/reports/print/_heads.html")
def books_heads(cooperative: Cooperative) -> dict[str, Any]:
    return {"cooperative": cooperative, "heads": read_books_heads(cooperative)}
