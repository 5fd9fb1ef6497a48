"""Errors that end a command with a one-line message instead of a traceback."""

from __future__ import annotations

from envdoctor.exitcodes import ExitCode


class EnvdoctorError(Exception):
    """An error the user can act on; the CLI prints `message` and exits with `exit_code`."""

    exit_code: ExitCode = ExitCode.CANNOT_RUN

    def __init__(self, message: str, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(EnvdoctorError):
    """Bad input from the user: a missing file, a malformed version, an unknown name."""

    exit_code = ExitCode.USAGE


class DataError(EnvdoctorError):
    """A bundled or user-supplied data file is corrupt (matrix, mirror list, snapshot)."""

    exit_code = ExitCode.CANNOT_RUN


__all__ = ["DataError", "EnvdoctorError", "UsageError"]
