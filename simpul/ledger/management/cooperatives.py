"""The cooperatives a books command works on: all of them, or the one `--cooperative SLUG` names."""

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet

from simpul.coops.models import Cooperative


def add_cooperative_option(parser: CommandParser) -> None:
    parser.add_argument("--cooperative", metavar="SLUG", help="Only this cooperative (its web address).")


def chosen_cooperatives(options: dict[str, Any]) -> QuerySet[Cooperative]:
    cooperatives = Cooperative.objects.order_by("pk")
    if options["cooperative"]:
        cooperatives = cooperatives.filter(slug=options["cooperative"])
        if not cooperatives.exists():
            raise CommandError(f"no cooperative with slug {options['cooperative']!r}")
    return cooperatives
