"""The result vocabulary of `check`: findings with stable codes, and the overall status."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Status(str, enum.Enum):
    OK = "ok"
    INFO = "info"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return {"ok": 0, "info": 0, "warn": 1, "fail": 2}[self.value]


class Area(str, enum.Enum):
    """Sections of the report, in display order."""

    DRIVER = "driver"
    GPU = "gpu"
    TORCH = "torch"
    PYTHON = "python"
    SYSTEM = "system"


# Stable codes scripts can rely on (used verbatim in JSON). Adding is fine; renaming is not.
PROBLEM_CODES = (
    "no-driver",
    "driver-not-loaded",
    "driver-library-mismatch",
    "driver-no-permission",
    "driver-error",
    "driver-unknown",
    "driver-too-old",
    "driver-minor-compat",
    "no-gpu",
    "gpu-unknown",
    "gpu-arch-unsupported",
    "gpu-arch-ptx-jit",
    "gpu-arch-unknown",
    "gpus-hidden",
    "gpus-order",
    "torch-missing",
    "torch-broken",
    "torch-cpu-only",
    "torch-rocm-build",
    "torch-unknown-release",
    "torch-unknown",
    "cuda-unavailable",
    "python-unsupported",
    "python-unknown",
    "interpreter-not-found",
    "cuda-library-shadowed",
    "cuda-forward-compat-unsupported",
)
OK_CODES = (
    "driver-ok",
    "gpu-ok",
    "torch-ok",
    "python-ok",
    "system-info",
    "toolkit-info",
    "cuda-libraries-info",
)


@dataclass(frozen=True)
class Finding:
    code: str
    status: Status
    area: Area
    title: str  # one line, translated: what
    detail: str = ""  # translated: why
    fix: str | None = None  # the exact command or action
    sources: tuple[str, ...] = ()  # matrix source keys behind the rule
    facts: dict[str, str] = field(default_factory=dict)  # the values the rule looked at


def overall_status(findings: Iterable[Finding]) -> Status:
    worst = Status.OK
    for f in findings:
        if f.status.rank > worst.rank:
            worst = f.status
    return Status.OK if worst is Status.INFO else worst


__all__ = ["OK_CODES", "PROBLEM_CODES", "Area", "Finding", "Status", "overall_status"]
