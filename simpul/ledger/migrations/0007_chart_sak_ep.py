"""The SAK EP chart on existing cooperatives: every account of the chart gets its cash-flow class and subledger by
code, a manager's sub-account those of the chart account it hangs under, and the accounts the chart gained (and a
sharia cooperative's sharia accounts) are added. Idempotent: a second run changes nothing.

It runs before 0008, which starts each cooperative's books event chain from the chart as it then stands, so it
records no events itself. It reads the chart from simpul.ledger.chart: codes there never change meaning, and an
account added to the chart later comes with its own migration.

A code a manager already used for a sub-account of their own is left to them (it keeps its name, kind and classes).

A sharia cooperative's voluntary savings were posted to Simpanan Sukarela whatever their contract; they now sit where
the contract puts them (members.savings.ledger_account_code): the lines of those deposits and withdrawals (and of
any reversal of them) move to Simpanan Wadiah or Simpanan Mudharabah, and the three accounts' month totals are
counted again. 0008 then hashes the entries as they stand, so the chain holds them as corrected."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

from simpul.ledger import chart as standard
from simpul.ledger.chart import chart_for

# The contract's account of a sukarela product, as members.savings.ledger_account_code has it (frozen here).
CONTRACT_ACCOUNT = {"wadiah": standard.WADIAH_SAVINGS, "mudharabah": standard.MUDHARABAH_SAVINGS}


def forwards(apps, schema_editor) -> None:
    Account = apps.get_model("ledger", "Account")
    Cooperative = apps.get_model("coops", "Cooperative")
    cooperative_ids = set(Account.objects.values_list("cooperative_id", flat=True).distinct())
    for cooperative in Cooperative.objects.filter(pk__in=cooperative_ids).order_by("pk"):
        chart = {
            item.code: item for item in chart_for(cooperative_type=cooperative.type, is_sharia=cooperative.is_sharia)
        }
        accounts = {account.code: account for account in Account.objects.filter(cooperative_id=cooperative.pk)}
        changed = []
        for code, account in accounts.items():
            item = chart.get(code)
            if item is None or not account.is_system:
                continue
            if (account.cash_flow_class, account.subledger) != (item.cash_flow_class, item.subledger):
                account.cash_flow_class, account.subledger = item.cash_flow_class, item.subledger
                changed.append(account)
        Account.objects.bulk_update(changed, ["cash_flow_class", "subledger"])
        now = timezone.now()
        for code, item in chart.items():  # code order: a parent comes before its sub-accounts
            if code in accounts:
                continue
            accounts[code] = Account.objects.create(
                cooperative_id=cooperative.pk,
                code=item.code,
                name=item.name,
                kind=item.kind,
                normal_balance=item.normal_balance,
                revenue_source=item.revenue_source,
                cash_flow_class=item.cash_flow_class,
                subledger=item.subledger,
                parent=accounts[item.parent] if item.parent else None,
                is_system=True,
                created_at=now,
            )
        # A manager's sub-account moves cash the way the chart account it hangs under does.
        by_id = {account.pk: account for account in accounts.values()}
        changed = []
        for account in accounts.values():
            if account.is_system or account.parent_id is None:
                continue
            root = account
            while root.parent_id is not None and root.parent_id in by_id:
                root = by_id[root.parent_id]
            if root is not account and (account.cash_flow_class, account.subledger) != (
                root.cash_flow_class,
                root.subledger,
            ):
                account.cash_flow_class, account.subledger = root.cash_flow_class, root.subledger
                changed.append(account)
        Account.objects.bulk_update(changed, ["cash_flow_class", "subledger"])
        if cooperative.is_sharia:
            _sharia_savings_to_their_contract(apps, cooperative.pk, accounts)


def _sharia_savings_to_their_contract(apps, cooperative_id: int, accounts: dict) -> None:
    JournalEntry = apps.get_model("ledger", "JournalEntry")
    JournalLine = apps.get_model("ledger", "JournalLine")
    AccountMonth = apps.get_model("ledger", "AccountMonth")
    SavingsTransaction = apps.get_model("members", "SavingsTransaction")
    sukarela = accounts.get(standard.SIMPANAN_SUKARELA)
    if sukarela is None or not sukarela.is_system:
        return
    moved: set[int] = {sukarela.pk}
    for contract, code in CONTRACT_ACCOUNT.items():
        target = accounts.get(code)
        if target is None or not target.is_system:
            continue
        entries = set(
            SavingsTransaction.objects.filter(
                cooperative_id=cooperative_id,
                account__product__kind="sukarela",
                account__product__sharia_contract=contract,
            ).values_list("journal_entry_id", flat=True)
        )
        entries |= set(
            JournalEntry.objects.filter(cooperative_id=cooperative_id, reverses_id__in=entries).values_list(
                "id", flat=True
            )
        )
        if JournalLine.objects.filter(entry_id__in=entries, account_id=sukarela.pk).update(account_id=target.pk):
            moved.add(target.pk)
    if len(moved) == 1:
        return
    # The month totals of the accounts whose lines moved, counted again from their lines.
    AccountMonth.objects.filter(cooperative_id=cooperative_id, account_id__in=moved).delete()
    totals: dict[tuple[int, datetime.date], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for account_id, day, debit, credit in JournalLine.objects.filter(
        cooperative_id=cooperative_id, account_id__in=moved
    ).values_list("account_id", "date", "debit", "credit"):
        total = totals[(account_id, day.replace(day=1))]
        total[0] += debit
        total[1] += credit
    AccountMonth.objects.bulk_create(
        AccountMonth(cooperative_id=cooperative_id, account_id=account_id, month=month, debit=debit, credit=credit)
        for (account_id, month), (debit, credit) in sorted(totals.items())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_books_evidence"),
        ("coops", "0009_legal_identity_change_request"),
        ("members", "0007_member_import_jobs"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
