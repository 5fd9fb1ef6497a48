"""The one place that starts subprocesses: argv lists, never a shell, always a timeout."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from envdoctor.probe_launch import forget_child, kill_tree, register_child


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    returncode: int | None  # None when it did not run or was killed on timeout
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    not_found: bool = False  # the program does not exist / is not executable
    error: str | None = None  # OSError text when it could not be started
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdin_text: str | None = None,
) -> CommandResult:
    """Run `argv` and capture its output; a missing program, a crash or a hang is a result."""
    start = time.perf_counter()
    args = tuple(argv)
    try:
        # A new session lets us kill the whole process tree on timeout (a hung CUDA init
        # can leave helper processes behind).
        kwargs: dict[str, object] = {}
        if sys.platform != "win32":
            kwargs["start_new_session"] = True
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            **kwargs,  # type: ignore[call-overload]
        )
    except FileNotFoundError as exc:
        return CommandResult(
            args, None, not_found=True, error=str(exc), seconds=time.perf_counter() - start
        )
    except PermissionError as exc:
        return CommandResult(
            args, None, not_found=True, error=str(exc), seconds=time.perf_counter() - start
        )
    except OSError as exc:
        return CommandResult(args, None, error=str(exc), seconds=time.perf_counter() - start)
    register_child(proc)
    try:
        out, err = proc.communicate(
            stdin_text.encode() if stdin_text is not None else None, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        try:
            out, err = proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:
            out, err = b"", b""
        return CommandResult(
            args,
            None,
            _decode(out),
            _decode(err),
            timed_out=True,
            seconds=time.perf_counter() - start,
        )
    except BaseException:
        # Ctrl-C (or any error) while waiting: the child must not outlive us.
        kill_tree(proc)
        with contextlib.suppress(Exception):
            proc.communicate(timeout=2)  # reap it and close the pipes
        raise
    finally:
        forget_child(proc)
    return CommandResult(
        args, proc.returncode, _decode(out), _decode(err), seconds=time.perf_counter() - start
    )


def run_attached(argv: Sequence[str], *, timeout: float | None) -> CommandResult:
    """Run `argv` in the user's terminal (its output shown as it comes) until it ends.

    For a command the user asked envdoctor to run for them (`install --run`): stdin,
    stdout and stderr stay the terminal's, so pip's progress shows and pip can ask for a
    password. Unlike `run`, the child stays in envdoctor's process group, so a Ctrl-C at
    the terminal reaches it directly as it would without envdoctor (a new session would
    also stop it the moment it reads the terminal). It is still registered, so SIGTERM,
    SIGHUP and any error take it down with envdoctor. `timeout` None is for a command the
    user watches and can interrupt: a large download has no honest upper bound.
    """
    start = time.perf_counter()
    args = tuple(argv)
    try:
        proc = subprocess.Popen(args)
    except OSError as exc:
        # The OS's reason alone ("No such file or directory"): the caller names the program.
        return CommandResult(
            args,
            None,
            not_found=isinstance(exc, (FileNotFoundError, PermissionError)),
            error=exc.strerror or str(exc),
            seconds=time.perf_counter() - start,
        )
    register_child(proc)
    try:
        returncode = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)
        return CommandResult(args, None, timed_out=True, seconds=time.perf_counter() - start)
    except BaseException:
        # Ctrl-C (or any error) while waiting: the child must not outlive us.
        kill_tree(proc)
        with contextlib.suppress(Exception):
            proc.wait(timeout=2)
        raise
    finally:
        forget_child(proc)
    return CommandResult(args, returncode, seconds=time.perf_counter() - start)


def _decode(data: bytes | str | None) -> str:
    if not data:
        return ""
    if isinstance(data, str):
        return data
    # Tools print in the locale's encoding; UTF-8 with replacement never raises.
    return data.decode("utf-8", errors="replace")


__all__ = ["CommandResult", "run", "run_attached"]
