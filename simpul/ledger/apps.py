from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "simpul.ledger"
    label = "ledger"

    def ready(self) -> None:
        # Every new cooperative gets its chart of accounts in the same transaction (coops may not import ledger).
        from simpul.coops.hooks import cooperative_registered_hook_add
        from simpul.ledger.services import chart_of_accounts_create

        cooperative_registered_hook_add(chart_of_accounts_create)
