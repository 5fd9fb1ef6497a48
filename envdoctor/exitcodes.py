"""The exit-code contract, in one place. Only the CLI layer turns a result into one."""

from __future__ import annotations

import enum


@enum.unique
class ExitCode(enum.IntEnum):
    OK = 0  # nothing failed (warnings alone do not fail, unless --strict)
    PROBLEMS = 1  # a check failed: the environment has a problem envdoctor found
    USAGE = 2  # bad command line or bad input file (Click uses 2 for usage errors too)
    CANNOT_RUN = (
        3  # envdoctor itself could not run: corrupt matrix, unreadable state, internal error
    )
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


__all__ = ["ExitCode"]
