"""`collect.runner`: the one place that starts subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from envdoctor import probe_launch
from envdoctor.collect.runner import run_attached


def test_run_attached_passes_the_exit_status_through() -> None:
    assert run_attached([sys.executable, "-c", "raise SystemExit(3)"], timeout=60).returncode == 3
    assert run_attached([sys.executable, "-c", "pass"], timeout=60).ok


def test_run_attached_reports_a_missing_program() -> None:
    done = run_attached(["envdoctor-no-such-program-xyz"], timeout=60)
    assert done.returncode is None and done.not_found
    assert done.error == "No such file or directory" or sys.platform == "win32"


def test_run_attached_kills_the_child_on_timeout() -> None:
    done = run_attached([sys.executable, "-c", "import time; time.sleep(600)"], timeout=0.5)
    assert done.timed_out and done.returncode is None
    assert not probe_launch._children


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX kill(pid, 0)")
def test_run_attached_registers_the_child_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Registered = killed by the SIGTERM/SIGHUP guards and atexit; Ctrl-C kills it too.
    seen: list[int] = []
    real_wait = subprocess.Popen.wait

    def interrupted_wait(self: subprocess.Popen[bytes], timeout: float | None = None) -> int:
        if not seen:
            seen.append(self.pid)
            assert self.pid in probe_launch._children
            raise KeyboardInterrupt
        return real_wait(self, timeout)

    monkeypatch.setattr(subprocess.Popen, "wait", interrupted_wait)
    with pytest.raises(KeyboardInterrupt):
        run_attached([sys.executable, "-c", "import time; time.sleep(600)"], timeout=None)
    assert seen and seen[0] not in probe_launch._children
    # Killed and reaped by the runner before the interrupt went on.
    with pytest.raises(ProcessLookupError):
        os.kill(seen[0], 0)
