"""`pytest --clock` (tests/clock.py): a session under it sees one moved, ticking clock everywhere; a moment without
its UTC offset is refused. Each case runs pytest in a child process, as `make test` does."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Django's clock without the project: the session only has to see one moved clock (and starts in a second).
PROBE = """
import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

settings.configure(USE_TZ=True, TIME_ZONE="Asia/Jakarta")


def test_every_clock_agrees():
    pinned = dt.datetime(2028, 2, 29, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB
    for now in (timezone.now(), dt.datetime.now(dt.UTC), dt.datetime.fromtimestamp(time.time(), dt.UTC)):
        assert pinned <= now < pinned + dt.timedelta(minutes=5), now
    assert dt.date.today() == timezone.localdate() == dt.date(2028, 2, 29)  # TZ is WIB, as Django sets it
    before = time.time()
    time.sleep(0.01)
    assert time.time() > before  # it ticks
"""


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Asia/Jakarta", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "pytest", "-p", "tests.clock", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_clock_option_moves_every_clock_of_the_session(tmp_path):
    result = _pytest(tmp_path, "--clock=2028-02-29T23:30+07:00")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_without_the_option_the_probe_sees_the_real_day(tmp_path):
    result = _pytest(tmp_path)
    assert result.returncode == 1 and "1 failed" in result.stdout


def test_a_moment_without_its_offset_is_refused(tmp_path):
    result = _pytest(tmp_path, "--clock=2028-02-29T23:30")
    assert result.returncode == 4  # pytest's usage error
    assert "--clock needs a UTC offset" in result.stderr
    result = _pytest(tmp_path, "--clock=29/02/2028")
    assert result.returncode == 4 and "not an ISO date-time" in result.stderr
