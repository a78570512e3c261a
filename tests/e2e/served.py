"""The environment of the e2e server's manage.py: the same database, settings and folders, so a test can run a
command (publish the chain heads, build its data) against the database the browser sees."""

import os

import dj_database_url
import pytest

from tests.e2e.conftest import BASE_DIR


def served_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment the server fixture gave manage.py (the same database, settings and folders)."""
    var_dirs = [
        path
        for path in tmp_path_factory.getbasetemp().glob("e2e-var*")
        if not path.is_symlink() and (path / "gunicorn.log").exists()
    ]
    assert len(var_dirs) == 1, var_dirs
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SIMPUL_PRODUCTION"}}
    env.update(
        SIMPUL_VAR_DIR=str(var_dirs[0]),
        SIMPUL_E2E_STATIC_ROOT=str(var_dirs[0] / "static"),
        DJANGO_SETTINGS_MODULE="tests.e2e.settings",
        PYTHONPATH=str(BASE_DIR),
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = f"{dj_database_url.parse(url)['NAME']}_e2e{os.environ.get('PYTEST_XDIST_WORKER', '')}"
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    return env
