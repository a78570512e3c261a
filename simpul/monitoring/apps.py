from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "simpul.monitoring"
    label = "monitoring"
    verbose_name = "Pantauan"

    def ready(self) -> None:
        # Every write that changes a cooperative's figures calls coops.hooks.cooperative_figures_changed inside its
        # transaction: mark the roll-ups stale there, refresh them once it commits.
        from django.db.models.signals import post_delete

        from simpul.coops.hooks import demo_seeded_hook_add, figures_changed_listener_add
        from simpul.coops.models import Cooperative
        from simpul.monitoring import rollups

        figures_changed_listener_add(rollups.figures_changed)
        # A cooperative deleted (the platform's admin) leaves its regions' rows once the deletion commits.
        post_delete.connect(rollups.cooperative_deleted, sender=Cooperative, dispatch_uid="monitoring_coop_deleted")
        # seed_demo: fill the roll-ups once every other app has seeded (the highest order runs last).
        demo_seeded_hook_add(rollups.demo_rollups_seed, order=1000)
