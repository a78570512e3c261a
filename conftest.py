"""Test setup shared by every app: the whole region table is loaded once per test database."""

import pytest
from django.core.management import call_command

# --clock=ISO-DATETIME: the whole session at that moment (see tests/clock.py).
pytest_plugins = ["tests.clock"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("load_regions", "--if-empty", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):  # type: ignore[no-untyped-def]
    """Pages render without `collectstatic`: the manifest storage is for the served app (and the e2e tests)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
