"""Which devices to benchmark: parse `--device` (pure) and resolve it against torch.

`auto` (the default) means: every usable GPU's first one, or the CPU when no GPU is
usable, with a note saying why. An explicit `cuda...` request that cannot be met is
an error, never a silent CPU run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from envdoctor.errors import UsageError
from envdoctor.i18n import _

_CUDA_RE = re.compile(r"^cuda(?::(\d+))?$")


@dataclass(frozen=True)
class DeviceRequest:
    kind: str  # auto, cpu, cuda, all
    index: int | None = None


@dataclass(frozen=True)
class Resolved:
    devices: tuple[str, ...]
    note: str = ""  # why the CPU was chosen when the request was auto


def parse_device(text: str | None) -> DeviceRequest:
    """Parse a `--device` value; raises UsageError with one line on anything else."""
    if text is None:
        return DeviceRequest("auto")
    value = text.strip().lower()
    if value in {"auto", "cpu", "all"}:
        return DeviceRequest(value)
    if value in {"gpu", "cuda"}:
        return DeviceRequest("cuda")
    match = _CUDA_RE.match(value)
    if match:
        return DeviceRequest("cuda", int(match.group(1)))
    raise UsageError(
        _("invalid device {value!r}: use cpu, cuda, cuda:N (N = 0, 1, ...), all or auto").format(
            value=text
        )
    )


def cuda_state(torch: Any) -> tuple[int, str]:
    """How many CUDA devices torch can use, and why none when none (never raises)."""
    if not getattr(torch.version, "cuda", None):
        return 0, _("this PyTorch build has no CUDA support (a CPU-only wheel)")
    try:
        if not torch.cuda.is_available():
            return 0, _("PyTorch sees no usable NVIDIA GPU (driver missing or too old?)")
        return int(torch.cuda.device_count()), ""
    except Exception as exc:  # noqa: BLE001 - a broken driver must not crash the bench
        return 0, _("CUDA initialisation failed: {error}").format(error=_first_line(exc))


def resolve(request: DeviceRequest, count: int, why_none: str) -> Resolved:
    """Turn a request into device strings, given the CUDA device count (pure)."""
    if request.kind == "cpu":
        return Resolved(("cpu",))
    if request.kind == "auto":
        if count > 0:
            return Resolved(("cuda:0",))
        return Resolved(
            ("cpu",), note=_("no GPU is usable, running on the CPU: {why}").format(why=why_none)
        )
    if count == 0:
        raise UsageError(_("no CUDA device to run on: {why}").format(why=why_none))
    if request.kind == "all":
        return Resolved(tuple(f"cuda:{i}" for i in range(count)))
    index = 0 if request.index is None else request.index
    if index >= count:
        raise UsageError(
            _(
                "device cuda:{index} does not exist: "
                "PyTorch sees {count} GPU(s), cuda:0 to cuda:{last}"
            ).format(index=index, count=count, last=count - 1)
        )
    return Resolved((f"cuda:{index}",))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["DeviceRequest", "Resolved", "cuda_state", "parse_device", "resolve"]
