from importlib import import_module

from django.apps import AppConfig

# Each sub-domain that writes audit rows keeps their sentences in its own audit_sentences.py.
AUDITED_PACKAGES = ("catalog", "network", "stock", "purchasing", "sales", "shifts", "reports")


class MartConfig(AppConfig):
    name = "simpul.mart"
    label = "mart"
    verbose_name = "Koperasi Mart"

    def ready(self) -> None:
        # verify_books: stock against its moves and the inventory account (1302), suppliers' balances against the
        # payables account (2104), members' kasbon against the receivables account (1205).
        from simpul.ledger import subledgers
        from simpul.mart.purchasing.checks import payables_problems
        from simpul.mart.sales.kasbon import kasbon_problems
        from simpul.mart.stock.checks import stock_problems

        subledgers.register(stock_problems)
        subledgers.register(payables_problems)
        subledgers.register(kasbon_problems)

        # seed_demo: the demo marts (products, stock, a month of sales, the kasir's open shift), after the members'
        # and the books' demo data they sell to and post into.
        from simpul.mart.demo import register_demo

        register_demo()

        # The audit trail's sentences for the mart's rows (coops shows them without importing the mart).
        for package in AUDITED_PACKAGES:
            try:
                module = import_module(f"simpul.mart.{package}.audit_sentences")
            except ModuleNotFoundError as missing:
                if missing.name != f"simpul.mart.{package}.audit_sentences":
                    raise
                continue
            module.register()
