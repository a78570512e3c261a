from django.apps import AppConfig


class JointbuyConfig(AppConfig):
    name = "simpul.jointbuy"
    label = "jointbuy"
    verbose_name = "Belanja Bareng"

    def ready(self) -> None:
        from simpul.jointbuy import audit_sentences

        audit_sentences.register()

        # The needs a supplier sees include those of the networks it has an agreement with.
        from simpul.coops.hooks import supplier_network_provider_add
        from simpul.jointbuy.selectors import supplier_agreement_networks

        supplier_network_provider_add(supplier_agreement_networks)

        # seed_demo: the Bandung network's rounds, after the marts whose stock and books they fill.
        from simpul.jointbuy.demo import register_demo

        register_demo()
