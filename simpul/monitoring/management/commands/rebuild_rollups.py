"""manage.py rebuild_rollups [--stale]: fill (or catch up) every cooperative's monitoring roll-ups."""

from typing import Any

from django.core.management.base import BaseCommand

from simpul.monitoring.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the monitoring roll-ups of every cooperative (--stale: only the stale and missing ones)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale", action="store_true", help="only the stale and missing roll-ups")

    def handle(self, *args: Any, **options: Any) -> None:
        done = rollups_rebuild(only_stale=options["stale"])
        self.stdout.write(f"{done} cooperatives' roll-ups rebuilt")
