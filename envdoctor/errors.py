"""Errors that end a command with a one-line message instead of a traceback.

Which class says who is at fault, and so the exit code (docs/architecture.md, "Results
and exit codes"):

- `EnvdoctorError`: the user's environment stops the command (an index that cannot be
  reached, a file that cannot be written, a PyTorch that cannot be imported): a problem
  found, `fail`, exit 1;
- `UsageError`: bad input (a command line, a file given, a name): exit 2;
- `DataError`: envdoctor's own bundled data is corrupt: envdoctor cannot run, exit 3.

Exit 3 is never a reaction to the user's input or environment: besides `DataError`, only
a bug (an exception nothing expected, caught in `cli._common.handles_errors`) ends there.
"""

from __future__ import annotations

from envdoctor.exitcodes import ExitCode


class EnvdoctorError(Exception):
    """An error the user can act on; the CLI prints `message` and exits with `exit_code`
    (by default PROBLEMS: something in the user's environment stops the command)."""

    exit_code: ExitCode = ExitCode.PROBLEMS

    def __init__(self, message: str, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(EnvdoctorError):
    """Bad input from the user: a missing file, a malformed version, an unknown name."""

    exit_code = ExitCode.USAGE


class DataError(EnvdoctorError):
    """envdoctor's own data is corrupt (the bundled matrix, mirror list, GPU peak table).

    A file the user gave that is not what it claims is a `UsageError` instead.
    """

    exit_code = ExitCode.CANNOT_RUN


__all__ = ["DataError", "EnvdoctorError", "UsageError"]
