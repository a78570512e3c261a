"""manage.py publish_chain_heads [--cooperative slug]: publish today's chain heads of each cooperative to its
networks and Dinas offices (simpul/ledger/services/heads.py). Run it daily; a second run the same day adds only
the copies still missing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.models import Cooperative
from simpul.ledger.services.heads import chain_heads_publish


class Command(BaseCommand):
    help = "Publish today's books chain heads of each cooperative to its networks and Dinas offices."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cooperative", metavar="SLUG", help="Only this cooperative (its web address).")

    def handle(self, *args: Any, **options: Any) -> None:
        cooperatives = Cooperative.objects.order_by("pk")
        if options["cooperative"]:
            cooperatives = cooperatives.filter(slug=options["cooperative"])
            if not cooperatives.exists():
                raise CommandError(f"no cooperative with slug {options['cooperative']!r}")
        copies = 0
        for cooperative in cooperatives.iterator():
            copies += len(chain_heads_publish(cooperative=cooperative))
        self.stdout.write(f"{copies} head copies published")
