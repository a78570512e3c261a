"""manage.py verify_books [--cooperative slug]: recompute the hash chain of each cooperative's journal."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.models import Cooperative
from simpul.ledger.integrity import verify_chain


class Command(BaseCommand):
    help = "Recompute each cooperative's journal hash chain and name the first entry changed or removed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cooperative", metavar="SLUG", help="Only this cooperative (its web address).")

    def handle(self, *args: Any, **options: Any) -> None:
        cooperatives = Cooperative.objects.order_by("pk")
        if options["cooperative"]:
            cooperatives = cooperatives.filter(slug=options["cooperative"])
            if not cooperatives.exists():
                raise CommandError(f"no cooperative with slug {options['cooperative']!r}")
        broken = 0
        for cooperative in cooperatives.iterator():
            report = verify_chain(cooperative)
            if report.intact:
                self.stdout.write(f"{cooperative.slug}: OK, {report.entries} entries")
            else:
                broken += 1
                self.stderr.write(f"{cooperative.slug}: BROKEN at entry #{report.number}: {report.problem}")
        if broken:
            raise CommandError(f"{broken} cooperative(s) have books that were changed outside Simpul")
