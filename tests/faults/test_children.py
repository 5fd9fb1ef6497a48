"""Issue 11.2: every child envdoctor starts dies with it, on every exit path.

A real `envdoctor check` whose probe hangs in `import torch` (the hung-CUDA-init case
where users press Ctrl-C) is interrupted, terminated or killed; the probe's pid must be
gone afterwards, not left running in its own session holding the GPU.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from envdoctor import probe_launch
from envdoctor.collect.runner import run
from tests.faults.fakes import fake_torch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")

HANGING_TORCH = """
import os, time
with open(os.environ["FAKE_TORCH_PIDFILE"], "w") as fh:
    fh.write(str(os.getpid()))
time.sleep(600)
"""


def _envdoctor() -> str:
    exe = Path(sys.executable).with_name("envdoctor")
    return str(exe) if exe.exists() else shutil.which("envdoctor") or "envdoctor"


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent (a container's pid 1 may never reap)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _start_hanging_check(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    env = fake_torch(tmp_path, HANGING_TORCH)
    pidfile = tmp_path / "probe.pid"
    env["FAKE_TORCH_PIDFILE"] = str(pidfile)
    proc = subprocess.Popen(
        [_envdoctor(), "check", "--python", sys.executable, "--timeout", "300"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C must be deliverable: a background job may have inherited SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if pidfile.exists() and pidfile.read_text().strip():
            return proc, int(pidfile.read_text())
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    out, err = proc.communicate()
    pytest.fail(f"the probe never started: {out!r} {err!r}")


@pytest.mark.parametrize(
    ("sig", "codes"),
    [
        (signal.SIGINT, {130}),
        (signal.SIGTERM, {-signal.SIGTERM, 128 + signal.SIGTERM}),
        (signal.SIGHUP, {-signal.SIGHUP, 128 + signal.SIGHUP}),
        (signal.SIGKILL, {-signal.SIGKILL}),
    ],
)
def test_signal_takes_the_hanging_probe_down(
    tmp_path: Path, sig: signal.Signals, codes: set[int]
) -> None:
    proc, probe_pid = _start_hanging_check(tmp_path)
    assert _alive(probe_pid)
    time.sleep(0.5)  # let the CLI reach its wait on the probe
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode in codes, err
    assert b"Traceback" not in err
    assert _wait_gone(probe_pid), f"probe {probe_pid} outlived envdoctor after {sig.name}"


def test_keyboard_interrupt_while_waiting_kills_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    # The in-process path: Ctrl-C unwinds through runner.run's wait.
    started: list[int] = []
    real_popen = subprocess.Popen

    class Interrupting(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self.pid)

        interrupted = False

        def communicate(self, *args: object, **kwargs: object) -> tuple[bytes, bytes]:
            if not self.interrupted:
                self.interrupted = True
                raise KeyboardInterrupt
            return super().communicate(*args, **kwargs)  # type: ignore[arg-type, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", Interrupting)
    with pytest.raises(KeyboardInterrupt):
        run([sys.executable, "-c", "import time; time.sleep(600)"], timeout=300)
    assert started
    assert _wait_gone(started[0])
    assert started[0] not in probe_launch._children


def test_exit_kills_children_still_registered() -> None:
    # What atexit runs: any child still registered (an exception unwound past its wait).
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True
    )
    probe_launch.register_child(proc)
    probe_launch.kill_children()
    assert _wait_gone(proc.pid)
    assert proc.pid not in probe_launch._children
