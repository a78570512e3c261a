import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.demo.seed import demo_seed
from simpul.coops.models import Cooperative


class Command(BaseCommand):
    help = "Create the demo data (deterministic and idempotent: a second run creates nothing new)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any cooperative exists.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Cooperative.objects.exists():
            return
        started = time.perf_counter()
        try:
            created = demo_seed()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(created.items())) or "nothing new"
        self.stdout.write(f"Demo data: created {summary} ({elapsed:.1f} s)")
