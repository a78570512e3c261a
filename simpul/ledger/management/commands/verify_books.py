"""manage.py verify_books [--cooperative slug]: recompute the hash chain of each cooperative's journal and check its
month totals against the lines."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.models import Cooperative
from simpul.ledger import month_totals
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import Account


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
            if not report.intact:
                broken += 1
                self.stderr.write(f"{cooperative.slug}: BROKEN at entry #{report.number}: {report.problem}")
                continue
            wrong_months = month_totals.mismatches(cooperative.pk)
            if wrong_months:
                broken += 1
                account_id, month = wrong_months[0]
                code = Account.objects.get(pk=account_id).code
                self.stderr.write(
                    f"{cooperative.slug}: month totals of account {code} for {month:%Y-%m} differ from its journal "
                    f"lines ({len(wrong_months)} month(s) in all)"
                )
                continue
            self.stdout.write(f"{cooperative.slug}: OK, {report.entries} entries")
        if broken:
            raise CommandError(f"{broken} cooperative(s) have books that were changed outside Simpul")
