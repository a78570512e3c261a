"""`manage.py serve_demo` (what `make run` serves with): a dying task worker is restarted, a stopped gunicorn
stops everything and says why. Real child processes stand in for gunicorn and the worker."""

import io
import os
import sys
import threading
from pathlib import Path

from simpul.core.management.commands.serve_demo import Supervisor, next_delay


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def supervisor(web: list[str], worker: list[str], log: io.StringIO) -> Supervisor:
    return Supervisor(web=web, worker=worker, log=log, first_delay=0.05, longest_delay=0.2, poll_every=0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_a_worker_that_dies_is_restarted_with_a_line_in_the_log(tmp_path):
    starts = tmp_path / "starts"
    worker = python(f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)")
    log = io.StringIO()
    status = supervisor(python("import time; time.sleep(1.5); raise SystemExit(4)"), worker, log).run()
    assert len(starts.read_text()) >= 3  # started, died, started again … while gunicorn served
    lines = log.getvalue().splitlines()
    restarts = [line for line in lines if "task worker stopped (exit status 3)" in line]
    assert len(restarts) >= 2 and "restarting it in" in restarts[0]
    assert "task worker started again" in log.getvalue()
    # gunicorn stopping ends it all, with its exit status and the reason in the log.
    assert status == 4
    assert lines[-1] == "[serve_demo] gunicorn stopped (exit status 4); stopping the task worker. Simpul stopped."


def test_when_gunicorn_stops_the_worker_is_stopped_too(tmp_path):
    pid_file = tmp_path / "worker.pid"
    worker = python(f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)")
    web = python(f"import os, time\nwhile not os.path.exists({str(pid_file)!r}): time.sleep(0.02)\nraise SystemExit(2)")
    log = io.StringIO()
    assert supervisor(web, worker, log).run() == 2
    assert not alive(int(pid_file.read_text()))
    assert "gunicorn stopped (exit status 2)" in log.getvalue()


def test_ctrl_c_stops_both_and_says_so(tmp_path):
    pid_file = tmp_path / "web.pid"
    web = python(f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)")
    log = io.StringIO()
    serving = supervisor(web, python("import time; time.sleep(60)"), log)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(serving.run()))
    thread.start()
    for _ in range(250):
        if pid_file.exists() and pid_file.read_text():
            break
        threading.Event().wait(0.02)
    serving.stop("SIGINT")
    thread.join(timeout=20)
    assert result == [0]
    assert not alive(int(pid_file.read_text()))
    assert "SIGINT: stopping gunicorn and the task worker. Simpul stopped." in log.getvalue()


def test_the_back_off_doubles_up_to_its_longest_and_resets_after_a_healthy_run():
    steps = {"first": 1.0, "longest": 30.0, "healthy_after": 60.0}
    assert next_delay(1.0, 0.5, **steps) == 2.0
    assert next_delay(16.0, 3.0, **steps) == 30.0
    assert next_delay(30.0, 3.0, **steps) == 30.0
    assert next_delay(30.0, 61.0, **steps) == 1.0


def test_the_periodic_jobs_run_at_start_and_again_after_their_interval(tmp_path):
    """The daily jobs (the books' chain heads, the roll-ups' time-driven warnings): each runs at start, then once per
    interval, never two of one job at once."""
    runs = tmp_path / "runs"
    other = tmp_path / "other"
    serving = Supervisor(
        web=python("import time; time.sleep(1.2); raise SystemExit(4)"),
        worker=python("import time; time.sleep(60)"),
        log=io.StringIO(),
        poll_every=0.02,
        periodic=[python(f"open({str(runs)!r}, 'a').write('x')"), python(f"open({str(other)!r}, 'a').write('y')")],
        periodic_every=0.4,
    )
    assert serving.run() == 4
    assert 2 <= len(runs.read_text()) <= 4  # at 0, 0.4, 0.8 (and perhaps 1.2) seconds
    assert 2 <= len(other.read_text()) <= 4
