from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "simpul.ledger"
    label = "ledger"
