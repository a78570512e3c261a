"""Data for the subledger browser tests, written into the database the e2e server serves.

The browser tests run in their own process; the server's database lives in its temporary folder (SQLite) or in
`<name>_e2e<worker>` (PostgreSQL). `served(tmp_path_factory, action, **args)` runs `manage.py shell` against it and
calls one of the actions below (in the server's settings, through the services, or with raw SQL where a test changes
a row behind the services' back), returning what the action printed as JSON.

Each test gets a cooperative of its own (fresh slug, its own manager and supervisor), so it never depends on what the
demo data or another browser test did to the demo cooperatives.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import BASE_DIR, DEMO_PASSWORD
from tests.e2e.served import served_env

ARGS = "SIMPUL_E2E_SUBLEDGER_ARGS"


# --- the test's side --------------------------------------------------------------------------------------------


def served(tmp_path_factory: pytest.TempPathFactory, action: str, **args: Any) -> Any:
    """Run `action(**args)` of this module in the served database; what it returns, through JSON."""
    env = served_env(tmp_path_factory)
    env[ARGS] = json.dumps({"action": action, "args": args})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from tests.e2e.subledger_data import main; main()"],
        cwd=Path(BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the server's side (inside manage.py shell) -----------------------------------------------------------------


def main() -> None:
    request = json.loads(os.environ[ARGS])
    print(json.dumps(globals()[request["action"]](**request["args"]), default=str))


def _phone() -> str:
    """A fresh +62 mobile number (the demo uses +628120000000x); the test logs in with its 08… form."""
    return f"+62857{secrets.randbelow(10**8):08d}"


def _person(kind: str, cooperative: Any, name: str) -> str:
    from simpul.coops.tests.factories import UserFactory, grant

    phone = _phone()
    user = UserFactory.create(full_name=name, phone=phone, email=None)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    grant(user, kind, cooperative)
    return "0" + phone.removeprefix("+62")


def cooperative_with_members(members: list[str]) -> dict[str, Any]:
    """A cooperative with its chart, its savings products (pokok Rp100.000, wajib Rp25.000), a manager, a supervisor
    and active members numbered 1, 2… with the given names; no entries yet."""
    import datetime

    from simpul.coops.models import RoleKind
    from simpul.coops.tests.factories import CooperativeFactory
    from simpul.ledger.services import chart_of_accounts_create
    from simpul.members.savings.services import savings_products_setup
    from simpul.members.tests.factories import MemberFactory

    tag = secrets.token_hex(3)
    cooperative = CooperativeFactory.create(name=f"Koperasi Uji Simpanan {tag}", slug=f"koperasi-uji-simpanan-{tag}")
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100_000,
        wajib_amount=25_000,
        effective_from=datetime.date(2024, 1, 1),
    )
    people = [
        MemberFactory.create(cooperative=cooperative, number=number, name=name)
        for number, name in enumerate(members, start=1)
    ]
    return {
        "slug": cooperative.slug,
        "manager": _person(RoleKind.MANAGER, cooperative, f"Pengurus {tag}"),
        "supervisor": _person(RoleKind.SUPERVISOR, cooperative, f"Pengawas {tag}"),
        "members": [{"id": m.pk, "number": m.number, "name": m.name} for m in people],
    }


def savings_moves(slug: str, moves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deposits and withdrawals through the savings services, today: [{"member": id, "kind": "sukarela",
    "amount": 500000, "direction": "deposit"}]; each move's transaction and journal entry."""
    from decimal import Decimal

    from simpul.coops.models import Cooperative
    from simpul.members.savings.services import savings_deposit, savings_withdraw

    cooperative = Cooperative.objects.get(slug=slug)
    done = []
    for move in moves:
        record = savings_deposit if move["direction"] == "deposit" else savings_withdraw
        row = record(
            cooperative=cooperative,
            actor=None,
            member_id=move["member"],
            kind=move["kind"],
            amount=Decimal(move["amount"]),
            date=cooperative.today(),
        )
        done.append({"transaction": row.pk, "entry": row.journal_entry_id})
    return done


def savings_correction(slug: str, transaction: int, reason: str) -> dict[str, Any]:
    from simpul.coops.models import Cooperative
    from simpul.members.corrections.services import savings_correct

    cooperative = Cooperative.objects.get(slug=slug)
    row = savings_correct(cooperative=cooperative, actor=None, transaction_id=transaction, reason=reason)
    return {"transaction": row.pk, "entry": row.journal_entry_id}


def entry_amount_changed(entry: int, amount: str) -> int:
    """Both sides of a two-line entry set to `amount` with plain SQL (balanced, so PostgreSQL's check lets it
    through): what someone with database access would do. Returns the number of lines changed."""
    from django.db import connection, transaction

    from simpul.ledger.models import JournalLine

    table = connection.ops.quote_name(JournalLine._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET credit = %s WHERE entry_id = %s AND credit > 0", [amount, entry])
        changed = cursor.rowcount
        cursor.execute(f"UPDATE {table} SET debit = %s WHERE entry_id = %s AND debit > 0", [amount, entry])
        return changed + cursor.rowcount


def books_written(slug: str) -> dict[str, int]:
    """How many journal entries and savings transactions the cooperative has."""
    from simpul.coops.models import Cooperative
    from simpul.ledger.models import JournalEntry
    from simpul.members.models import SavingsTransaction

    cooperative = Cooperative.objects.get(slug=slug)
    return {
        "entries": JournalEntry.objects.filter(cooperative=cooperative).count(),
        "savings": SavingsTransaction.objects.filter(cooperative=cooperative).count(),
    }
