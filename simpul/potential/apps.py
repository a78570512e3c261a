from django.apps import AppConfig


class PotentialConfig(AppConfig):
    name = "simpul.potential"
    label = "potential"
    verbose_name = "Peta Potensi"

    def ready(self) -> None:
        from simpul.potential import audit_sentences

        audit_sentences.register()

        # seed_demo: the Bandung Dinas's commodity surveys, after the needs.
        from simpul.potential.demo import register_demo

        register_demo()
