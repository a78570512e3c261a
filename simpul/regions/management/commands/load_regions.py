import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from simpul.regions.models import Region
from simpul.regions.services import regions_load


class Command(BaseCommand):
    help = "Load Indonesia's administrative regions (idempotent: a second run changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when regions are already loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Region.objects.exists():
            return
        started = time.perf_counter()
        counts = regions_load()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            "Regions: {provinces} provinces, {regencies} regencies/cities, {districts} districts, "
            "{villages} villages ({elapsed:.1f} s)".format(elapsed=elapsed, **counts)
        )
