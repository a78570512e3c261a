from django.apps import AppConfig


class JointbuyConfig(AppConfig):
    name = "simpul.jointbuy"
    label = "jointbuy"
    verbose_name = "Belanja Bareng"

    def ready(self) -> None:
        from simpul.jointbuy import audit_sentences

        audit_sentences.register()

        # seed_demo: the Bandung network's rounds, after the marts whose stock and books they fill.
        from simpul.jointbuy.demo import register_demo

        register_demo()
