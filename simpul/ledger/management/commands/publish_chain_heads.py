"""manage.py publish_chain_heads [--cooperative slug]: publish today's chain heads of each cooperative to its
networks and Dinas offices (simpul/ledger/services/heads.py). Run it daily; a second run the same day adds only
the copies still missing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from simpul.ledger.management.cooperatives import add_cooperative_option, chosen_cooperatives
from simpul.ledger.services.heads import chain_heads_publish


class Command(BaseCommand):
    help = "Publish today's books chain heads of each cooperative to its networks and Dinas offices."

    def add_arguments(self, parser: CommandParser) -> None:
        add_cooperative_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cooperatives = chosen_cooperatives(options)
        copies = 0
        for cooperative in cooperatives.iterator():
            copies += len(chain_heads_publish(cooperative=cooperative))
        self.stdout.write(f"{copies} head copies published")
