from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoopsConfig(AppConfig):
    name = "simpul.coops"
    label = "coops"
    verbose_name = gettext_lazy("Cooperatives and organisations")

    def ready(self) -> None:
        # The audit trail's sentences for coops' rows (each app registers its own: simpul/core/audit.py).
        from simpul.coops import audit_sentences

        audit_sentences.register()
