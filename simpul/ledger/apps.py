from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "simpul.ledger"
    label = "ledger"

    def ready(self) -> None:
        # Every new cooperative gets its chart of accounts in the same transaction (coops may not import ledger).
        from simpul.coops.hooks import cooperative_registered_hook_add
        from simpul.ledger.services import chart_of_accounts_create

        cooperative_registered_hook_add(chart_of_accounts_create)

        # seed_demo: a year of books, after the members' demo (whose savings it banks around).
        from simpul.coops.hooks import demo_seeded_hook_add
        from simpul.ledger.demo import demo_books_seed

        demo_seeded_hook_add(demo_books_seed, order=20)

        # The network and Dinas homes (coops) show each cooperative's assets and when it last posted.
        from simpul.coops.hooks import cooperative_figure_provider_add
        from simpul.ledger.figures import books_figures

        cooperative_figure_provider_add(books_figures)

        # The audit trail's sentences for the ledger's rows (coops shows them without importing the ledger).
        from simpul.ledger import audit_sentences

        audit_sentences.register()
