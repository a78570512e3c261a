from django.apps import AppConfig


class RatConfig(AppConfig):
    name = "simpul.rat"
    label = "rat"
    verbose_name = "RAT"

    def ready(self) -> None:
        from simpul.rat import audit_sentences
        from simpul.rat.demo import register_demo
        from simpul.rat.layers import register_choropleth

        audit_sentences.register()
        register_demo()
        register_choropleth()
