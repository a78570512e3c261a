"""`manage.py import_boundaries <file.geojson>`: the operator's boundary import from the command line, through the same
service as the page (the whole file or nothing)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.core.exceptions import ApplicationError
from simpul.potential.services.boundaries import boundaries_import


class Command(BaseCommand):
    help = "Import region boundaries from a GeoJSON FeatureCollection keyed by Kemendagri codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = boundaries_import(raw=raw, actor=None)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{result.created} new, {result.replaced} replaced")
