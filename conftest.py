"""Test setup shared by every app: the whole region table is loaded once per test database."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# --clock=ISO-DATETIME: the whole session at that moment (see tests/clock.py).
pytest_plugins = ["tests.clock"]

# No per-example deadline: on the shared CI machine a property test that walks a few thousand days (month_totals'
# split) ran past hypothesis' default 200 ms under load and failed as "flaky"; the tests assert results, not speed.
hypothesis_settings.register_profile("simpul", deadline=None)
hypothesis_settings.load_profile("simpul")


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


@pytest.fixture(autouse=True)
def _content_types_as_stored():  # type: ignore[no-untyped-def]
    """Each test reads the content types its database holds: a transactional test's flush recreates them under new
    ids, and a later test in the same process (the calendar runs' workers) would otherwise write the cached old id."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _no_refreshes_remembered():  # type: ignore[no-untyped-def]
    """Each test starts with no roll-up refresh remembered (simpul/monitoring/rollups.py skips a cooperative it
    refreshed after a write): ids come back after a rollback, and an earlier test may have travelled in time."""
    from simpul.monitoring.rollups import refreshes_forget

    refreshes_forget()


@pytest.fixture(autouse=True)
def _indonesian_to_start():  # type: ignore[no-untyped-def]
    """Each test starts in Bahasa Indonesia: a page requested in English earlier (the language cookie) leaves English
    active in the thread, and a later test calling a service directly would read English messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
