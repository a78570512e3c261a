from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "simpul.training"
    label = "training"
    verbose_name = "Pelatihan"

    def ready(self) -> None:
        from simpul.training import audit_sentences

        audit_sentences.register()

        # seed_demo: the courses and the mentoring visits, after the needs.
        from simpul.training.demo import register_demo

        register_demo()
