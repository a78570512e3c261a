"""`seed_demo` once for a module of tests: the demo tests of each app read the same seeded database."""

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@contextmanager
def demo_seeded(django_db_blocker: Any) -> Iterator[None]:
    """Seed the demo in a transaction rolled back when the block ends (a module-scoped fixture yields inside it),
    with the fast password hasher the tests check passwords with."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("seed_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
