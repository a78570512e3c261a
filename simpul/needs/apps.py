from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "simpul.needs"
    label = "needs"
    verbose_name = "Kebutuhan"

    def ready(self) -> None:
        from simpul.needs import audit_sentences

        audit_sentences.register()

        # seed_demo: the needs of the demo cooperatives, after Belanja Bareng.
        from simpul.needs.demo import register_demo

        register_demo()
