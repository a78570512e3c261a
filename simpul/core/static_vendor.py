"""The front-end packages' files that pages load, served from node_modules under /static/vendor/.

Listing whole `dist` folders (STATICFILES_DIRS) copied about 30 MB of builds nobody loads — Pico's 120 colour
themes, Chart.js's ES modules — and whitenoise compressed each twice (gzip and brotli) on every collectstatic, which
made the demo's start and each browser-test server slow. This finder serves only the files named in
settings.VENDOR_FILES: (URL prefix, package folder, glob patterns relative to it).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class VendorFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (prefix, folder, relative file path) for every file the patterns match, found once.
        self.entries: list[tuple[str, Path, list[str]]] = []
        for prefix, folder, patterns in settings.VENDOR_FILES:
            base = Path(folder)
            names = sorted(
                {str(p.relative_to(base)) for pattern in patterns for p in base.glob(pattern) if p.is_file()}
            )
            self.entries.append((prefix, base, names))

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        errors: list[CheckMessage] = []
        for prefix, folder, patterns in settings.VENDOR_FILES:
            for pattern in patterns:
                if not any(Path(folder).glob(pattern)):
                    errors.append(
                        Error(f"{prefix}: no file matches {pattern} in {folder} (run `npm ci`)", id="simpul.E001")
                    )
        return errors

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found = []
        for prefix, folder, names in self.entries:
            relative = path.removeprefix(prefix + "/")
            if relative != path and relative in names:
                absolute = str(folder / relative)
                if not find_all:
                    return absolute
                found.append(absolute)
        return found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for prefix, folder, names in self.entries:
            storage = FileSystemStorage(location=folder)
            storage.prefix = prefix  # type: ignore[attr-defined]  # collectstatic copies to <prefix>/<name>
            for name in names:
                yield name, storage
