"""Result records of the wheel check: plain data, rendered by envdoctor.render.wheel."""

from __future__ import annotations

import enum
from dataclasses import dataclass


# A wheel's own verdict, kept apart from the result contract: the command folds it into
# an envdoctor.result.Outcome once (cli/wheel.py outcome_for). Its first four words are
# analyse.compat.Verdict's scale; INVALID (not a wheel name) has no place there.
class Status(str, enum.Enum):
    """Ordered from best to worst; a wheel's status is the worst of its parts."""

    OK = "ok"
    CAVEAT = "caveat"  # fits, under a documented condition (minor-version compat, PTX JIT)
    UNKNOWN = "unknown"  # a fact was missing: never reported as OK
    NO = "no"  # does not install / does not fit
    INVALID = "invalid"  # not a wheel name at all

    @property
    def rank(self) -> int:
        return list(Status).index(self)


def worst(*statuses: Status) -> Status:
    return max(statuses, key=lambda s: s.rank, default=Status.OK)


class Severity(str, enum.Enum):
    ERROR = "error"  # the wheel will not install or will not use the GPU
    WARNING = "warning"  # works with a condition, or the user should know
    UNKNOWN = "unknown"  # could not be checked
    INFO = "info"

    @property
    def status(self) -> Status:
        return {
            Severity.ERROR: Status.NO,
            Severity.WARNING: Status.CAVEAT,
            Severity.UNKNOWN: Status.UNKNOWN,
            Severity.INFO: Status.OK,
        }[self]


@dataclass(frozen=True)
class Problem:
    code: str  # stable, machine-readable: "python-version", "glibc-too-old", ...
    severity: Severity
    message: str  # translated, one line


@dataclass(frozen=True)
class Fix:
    message: str  # what to do, translated
    file: str | None = None  # the wheel to download instead (may hold '*' where unknowable)
    file_is_pattern: bool = False
    index_url: str | None = None  # where that file is listed


@dataclass(frozen=True)
class WheelResult:
    file: str  # as given on the command line
    status: Status
    installs: bool | None  # None: could not be decided
    gpu_fit: Status | None  # None: not a CUDA/ROCm/CPU build of the torch family
    problems: tuple[Problem, ...] = ()
    fix: Fix | None = None
    project: str | None = None
    version: str | None = None
    tags: tuple[str, ...] = ()
    variant: str | None = None  # "cu128", "cpu", ... for torch-family wheels
    exists: bool | None = None  # None: a bare name, not checked on disk


def status_of(problems: tuple[Problem, ...] | list[Problem]) -> Status:
    return worst(*(p.severity.status for p in problems))


__all__ = ["Fix", "Problem", "Severity", "Status", "WheelResult", "status_of", "worst"]
