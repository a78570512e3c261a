"""`pytest --clock=2028-02-29T12:00+07:00`: the whole session runs at that moment (time-machine, ticking on).

The travel starts in `pytest_configure`, before pytest-django creates the test database and before any fixture seeds
the demo, so `timezone.now()`, `date.today()`, `datetime.now()` and `time.time()` all agree on the pinned moment.
`make test` runs the tests marked `calendar` (data or assertions that follow the date) again once per clock in the
Makefile's CLOCKS, after the whole suite. Loaded from the root conftest.
"""

import datetime as dt

import pytest
import time_machine

_TRAVEL = pytest.StashKey[time_machine.travel]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        metavar="ISO-DATETIME",
        default=None,
        help="run the whole session at this moment, with its UTC offset (2027-06-30T23:30+07:00); time keeps ticking",
    )


def parse_clock(value: str) -> dt.datetime:
    """The moment `--clock` names; an offset is required, so the moment is the same whatever TZ the machine has."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--clock: not an ISO date-time: {value!r}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--clock needs a UTC offset, e.g. {value}+07:00 for WIB")
    return moment


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--clock")
    if value:
        travel = time_machine.travel(parse_clock(value), tick=True)
        travel.start()
        config.stash[_TRAVEL] = travel


def pytest_unconfigure(config: pytest.Config) -> None:
    travel = config.stash.get(_TRAVEL, None)
    if travel is not None:
        travel.stop()
        del config.stash[_TRAVEL]


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--clock")
    return f"clock: {parse_clock(value).isoformat()} (time-machine, ticking)" if value else None
