"""The SAK EP chart on existing cooperatives: every account of the chart gets its cash-flow class and subledger by
code, a manager's sub-account those of the chart account it hangs under, and the accounts the chart gained (and a
sharia cooperative's sharia accounts) are added. Idempotent: a second run changes nothing.

It runs before 0008, which starts each cooperative's books event chain from the chart as it then stands, so it
records no events itself. It reads the chart from simpul.ledger.chart: codes there never change meaning, and an
account added to the chart later comes with its own migration.

A code a manager already used for a sub-account of their own is left to them (it keeps its name, kind and classes)."""

from django.db import migrations
from django.utils import timezone

from simpul.ledger.chart import chart_for


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


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_books_evidence"), ("coops", "0009_legal_identity_change_request")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
