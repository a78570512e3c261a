import datetime as dt
from decimal import Decimal

import pytest

from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.models import User
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import chart_of_accounts_create, journal_post

D = Decimal


@pytest.fixture
def cooperative(db) -> Cooperative:  # type: ignore[no-untyped-def]
    coop = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=coop)
    return coop


@pytest.fixture
def manager(cooperative) -> User:  # type: ignore[no-untyped-def]
    return person_with_role(RoleKind.MANAGER, cooperative)


def post(
    cooperative: Cooperative,
    actor: User | None,
    amount: str = "100000",
    *,
    on: dt.date | None = None,
    debit: str = "1101",
    credit: str = "3301",  # not a control account: savings accounts take postings only from the savings module
    description: str = "Penerimaan hibah",
) -> JournalEntry:
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=on or dt.date(2026, 3, 10),
        description=description,
        lines=[(debit, D(amount), D(0)), (credit, D(0), D(amount))],
    )
