"""manage.py verify_books [--cooperative slug]: check each cooperative's books against their hash chains, the
heads published to its network and Dinas, its month totals and its subledgers; name the first thing changed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.models import Cooperative
from simpul.ledger import month_totals, subledgers
from simpul.ledger.integrity import verify_chain
from simpul.ledger.management.cooperatives import add_cooperative_option, chosen_cooperatives
from simpul.ledger.models import Account


class Command(BaseCommand):
    help = "Check each cooperative's books and name the first entry, period, account or attachment changed."

    def add_arguments(self, parser: CommandParser) -> None:
        add_cooperative_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cooperatives = chosen_cooperatives(options)
        broken = 0
        for cooperative in cooperatives.iterator():
            report = verify_chain(cooperative)
            problem = report.problem or self._other_problem(cooperative)
            if problem:
                broken += 1
                where = f" at entry #{report.number}" if report.number else ""
                self.stderr.write(f"{cooperative.slug}: BROKEN{where}: {problem}")
                continue
            self.stdout.write(f"{cooperative.slug}: OK, {report.entries} entries, {report.events} books events")
        if broken:
            raise CommandError(f"{broken} cooperative(s) have books that were changed outside Simpul")

    def _other_problem(self, cooperative: Cooperative) -> str:
        """Month totals against their lines, then each subledger against its control accounts."""
        wrong_months = month_totals.mismatches(cooperative.pk)
        if wrong_months:
            account_id, month = wrong_months[0]
            code = Account.objects.get(pk=account_id).code
            return (
                f"month totals of account {code} for {month:%Y-%m} differ from its journal lines "
                f"({len(wrong_months)} month(s) in all)"
            )
        problems = subledgers.problems(cooperative)
        if len(problems) > 1:
            return f"{problems[0]} (and {len(problems) - 1} more difference(s): see the reconciliation page)"
        return problems[0] if problems else ""
