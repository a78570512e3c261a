"""`manage.py serve_demo`: gunicorn and the task worker side by side, as `make run` serves the demo.

A task worker that dies (a crash, the database locked at a bad moment) is started again after a short back-off,
with a line in the log: one second, doubling up to thirty while it keeps dying, one second again once it has run
a minute. gunicorn is the server itself: if it stops, the worker is stopped too and the log says why. Ctrl-C or
TERM stops both. The children run in their own process groups, so a Ctrl-C reaches this supervisor alone and
it stops them in order.
"""

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_SECONDS = 15  # gunicorn's --graceful-timeout is 10


def next_delay(delay: float, ran_for: float, *, first: float, longest: float, healthy_after: float) -> float:
    """The back-off before the following restart: back to `first` after a healthy run, else doubled."""
    return first if ran_for >= healthy_after else min(delay * 2, longest)


def _stop(process: subprocess.Popen[Any] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Supervisor:
    web: list[str]
    worker: list[str]
    log: TextIO
    first_delay: float = 1.0
    longest_delay: float = 30.0
    healthy_after: float = 60.0
    poll_every: float = 0.2
    # Daily jobs in production (cron): here each runs at start and every hour; a run finding nothing to do is cheap.
    periodic: list[list[str]] = field(default_factory=list)
    periodic_every: float = 3600.0
    stopping: str = field(default="", init=False)

    def stop(self, reason: str) -> None:
        self.stopping = reason

    def _say(self, line: str) -> None:
        print(f"[serve_demo] {line}", file=self.log, flush=True)

    def _start(self, command: list[str]) -> subprocess.Popen[Any]:
        return subprocess.Popen(command, start_new_session=True)  # noqa: S603 (our own commands, no shell)

    def run(self) -> int:
        """Serves until gunicorn stops (its exit status, or 1 if it stopped "successfully" on its own) or stop()
        is called (0)."""
        web = self._start(self.web)
        worker: subprocess.Popen[Any] | None = self._start(self.worker)
        worker_started = time.monotonic()
        restart_at = 0.0
        delay = self.first_delay / 2  # doubled before the first restart: that one waits first_delay
        periodic: list[subprocess.Popen[Any] | None] = [None] * len(self.periodic)
        periodic_at = [time.monotonic()] * len(self.periodic)
        try:
            while not self.stopping:
                for index, job in enumerate(self.periodic):
                    running = periodic[index]
                    if time.monotonic() >= periodic_at[index] and (running is None or running.poll() is not None):
                        periodic[index] = self._start(job)
                        periodic_at[index] = time.monotonic() + self.periodic_every
                status = web.poll()
                if status is not None:
                    self._say(f"gunicorn stopped (exit status {status}); stopping the task worker. Simpul stopped.")
                    return status or 1
                if worker is None and time.monotonic() >= restart_at:
                    worker, worker_started = self._start(self.worker), time.monotonic()
                    self._say(f"task worker started again (pid {worker.pid})")
                elif worker is not None and (status := worker.poll()) is not None:
                    ran_for = time.monotonic() - worker_started
                    delay = next_delay(
                        delay,
                        ran_for,
                        first=self.first_delay,
                        longest=self.longest_delay,
                        healthy_after=self.healthy_after,
                    )
                    self._say(f"task worker stopped (exit status {status}) after {ran_for:.0f} s; "
                              f"restarting it in {delay:g} s")  # fmt: skip
                    worker, restart_at = None, time.monotonic() + delay
                time.sleep(self.poll_every)
            self._say(f"{self.stopping}: stopping gunicorn and the task worker. Simpul stopped.")
            return 0
        finally:
            _stop(web)
            _stop(worker)
            for running in periodic:
                _stop(running)


class Command(BaseCommand):
    help = "Serve the demo: gunicorn and the task worker, restarting the worker when it dies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (4 threads each)")

    def handle(self, *args: Any, port: int, workers: int, **options: Any) -> None:
        bin_dir = Path(sys.executable).parent
        web = [
            str(bin_dir / "gunicorn"), "simpul.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--threads", "4", "--access-logfile", "-", "--graceful-timeout", "10", "--no-control-socket",
        ]  # fmt: skip
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        worker = [sys.executable, manage, "db_worker", "--queue-name", "*", "--no-reload"]
        daily = [
            # The books' chain heads go to each cooperative's network and Dinas (simpul/ledger/services/heads.py).
            [sys.executable, manage, "publish_chain_heads"],
            # The warnings that come with time alone (no activity for 60 days, a need or a RAT report overdue, a
            # mentoring recommendation past its deadline): writes refresh the roll-ups, the passing days do not.
            [sys.executable, manage, "rebuild_rollups"],
        ]
        supervisor = Supervisor(web=web, worker=worker, log=sys.stdout, periodic=daily)

        def on_signal(number: int, _frame: FrameType | None) -> None:
            supervisor.stop(signal.Signals(number).name)

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        status = supervisor.run()
        if status:
            sys.exit(status)
