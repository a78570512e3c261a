from django.apps import AppConfig


class JointbuyConfig(AppConfig):
    name = "simpul.jointbuy"
    label = "jointbuy"
    verbose_name = "Belanja Bareng"

    def ready(self) -> None:
        from simpul.jointbuy import audit_sentences

        audit_sentences.register()
