"""Starting the torch probe: which interpreter, with what environment, and as early as possible.

The probe's `import torch` is the slowest part of `envdoctor check` (seconds), so the
console entry point starts it before envdoctor imports its own CLI libraries, and the
collection later picks the running process up (`take`). Standard library only: this
module is imported before anything else.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

# The probe script ships next to the collect modules; located by path so that this module
# never imports the envdoctor.collect package (whose import is what we are racing).
_SCRIPT = Path(__file__).resolve().parent / "collect" / "torch_probe_script.py"
PARENT_PID_VAR = "ENVDOCTOR_PARENT_PID"


@dataclass(frozen=True)
class Finished:
    """How a prestarted probe ended (torch_probe turns it into a CommandResult)."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float


def choose_python(
    explicit: str | None,
    *,
    invoked_as_module: bool,
    which: Callable[[str], str | None] = shutil.which,
) -> tuple[str, str]:
    """Which interpreter to inspect, and why (documented in the README):

    1. `--python PATH` when given;
    2. when envdoctor runs as `python -m envdoctor`, that same interpreter;
    3. otherwise the `python` the user's shell would run (first on PATH), then `python3`;
    4. as a last resort, the interpreter envdoctor itself runs in.
    """
    if explicit:
        found = which(explicit) if os.sep not in explicit and "/" not in explicit else None
        return (found or explicit), "--python"
    if invoked_as_module:
        return sys.executable, "python -m envdoctor"
    for name in ("python", "python3"):
        found = which(name)
        if found:
            return found, f"first {name!r} on PATH"
    return sys.executable, "envdoctor's own interpreter"


def probe_script() -> str:
    return _SCRIPT.read_text(encoding="utf-8")


def probe_env(env: Mapping[str, str] | None) -> dict[str, str]:
    environ = dict(os.environ if env is None else env)
    # Our own interpreter settings must not leak into the user's interpreter.
    for var in ("PYTHONHOME", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__"):
        environ.pop(var, None)
    environ.setdefault("PYTHONIOENCODING", "utf-8")
    # The probe watches this pid and ends itself when we are gone, even after a `kill -9`
    # that leaves us no chance to clean up (torch_probe_script.py).
    environ[PARENT_PID_VAR] = str(os.getpid())
    return environ


# Every child envdoctor starts is registered here until it has ended, so that it dies with
# envdoctor on every exit path: a normal exit or an error (atexit), Ctrl-C (KeyboardInterrupt
# unwinds to atexit), SIGTERM / SIGHUP (install_exit_guards). The children run in sessions of
# their own (so a timeout can kill a whole tree), which is also why a Ctrl-C on the terminal
# never reaches them by itself.
_children: dict[int, subprocess.Popen[bytes]] = {}


def register_child(proc: subprocess.Popen[bytes]) -> None:
    _children[proc.pid] = proc


def forget_child(proc: subprocess.Popen[bytes]) -> None:
    _children.pop(proc.pid, None)


def kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child and everything it started (its own session), ignoring the already-dead."""
    with contextlib.suppress(OSError):
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    with contextlib.suppress(OSError):
        proc.kill()


def kill_children() -> None:
    for proc in list(_children.values()):
        if proc.poll() is None:
            kill_tree(proc)
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            proc.wait(timeout=2)
    _children.clear()


def _on_termination(signum: int, _frame: object) -> None:
    kill_children()
    # Then die of the same signal, as the caller expects (exit status 128 + signum).
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def install_exit_guards() -> None:
    """Make SIGTERM and SIGHUP kill our children before envdoctor ends (POSIX only)."""
    if sys.platform == "win32":
        return
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                signal.signal(signum, _on_termination)


class Prestarted:
    """A probe process started early; `wait` collects how it ended."""

    def __init__(self, python: str, proc: subprocess.Popen[bytes]) -> None:
        self.python = python
        self.proc = proc
        self.started = time.perf_counter()
        register_child(proc)

    def wait(self, timeout: float) -> Finished:
        args = tuple(str(a) for a in self.proc.args)  # type: ignore[union-attr]
        remaining = max(0.1, timeout - (time.perf_counter() - self.started))
        try:
            out, err = self.proc.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            self.kill()
            try:
                out, err = self.proc.communicate(timeout=2)
            except subprocess.TimeoutExpired:
                out, err = b"", b""
            forget_child(self.proc)
            return Finished(
                args,
                None,
                out.decode("utf-8", "replace"),
                err.decode("utf-8", "replace"),
                timed_out=True,
                seconds=time.perf_counter() - self.started,
            )
        except BaseException:
            # Ctrl-C while waiting: the probe must not outlive us (it may hold the GPU).
            self.kill()
            raise
        forget_child(self.proc)
        return Finished(
            args,
            self.proc.returncode,
            out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"),
            timed_out=False,
            seconds=time.perf_counter() - self.started,
        )

    def close(self) -> None:
        """Stop the process if it still runs and release its pipes."""
        if self.proc.poll() is None:
            self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
            self.proc.communicate(timeout=2)
        forget_child(self.proc)

    def kill(self) -> None:
        kill_tree(self.proc)


_started: dict[str, Prestarted] = {}


def prestart(python: str) -> None:
    """Start the probe in `python` now (live environment, current directory)."""
    if python in _started:
        return
    kwargs: dict[str, object] = {}
    if sys.platform != "win32":
        kwargs["start_new_session"] = True
    try:
        proc = subprocess.Popen(
            [python, "-c", probe_script()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=probe_env(None),
            **kwargs,  # type: ignore[call-overload]
        )
    except OSError:
        return  # the normal path reports a missing or broken interpreter
    _started[python] = Prestarted(python, proc)


def take(python: str) -> Prestarted | None:
    """The process prestarted for `python`, if any (each can be taken once)."""
    return _started.pop(python, None)


@atexit.register
def _cleanup() -> None:
    # A prestarted probe nobody took (bad arguments, --help, an error) must not outlive us,
    # nor any other child still running (an exception or Ctrl-C unwound past its wait).
    for pre in _started.values():
        pre.close()
    _started.clear()
    kill_children()


def prestart_from_argv(argv: list[str], *, invoked_as_module: bool) -> None:
    """Start the probe early when the command line asks for a live check or install advice.

    A cheap look at argv, not a parser: when it guesses wrong nothing breaks, the probe
    is simply started again (or killed at exit).
    """
    i = 0
    command = None
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        command = arg
        break
    if command not in {"check", "install"}:
        return
    rest = argv[i + 1 :]
    if any(a in {"--help", "-h", "--from"} or a.startswith("--from=") for a in rest):
        return
    explicit = None
    for j, arg in enumerate(rest):
        if arg == "--python" and j + 1 < len(rest):
            explicit = rest[j + 1]
        elif arg.startswith("--python="):
            explicit = arg.split("=", 1)[1]
    python, _ = choose_python(explicit, invoked_as_module=invoked_as_module)
    prestart(python)


__all__ = [
    "PARENT_PID_VAR",
    "Finished",
    "Prestarted",
    "choose_python",
    "forget_child",
    "install_exit_guards",
    "kill_children",
    "kill_tree",
    "prestart",
    "prestart_from_argv",
    "probe_env",
    "probe_script",
    "register_child",
    "take",
]
