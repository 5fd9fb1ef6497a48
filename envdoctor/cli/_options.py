"""The one set of command-line options shared by every command, and their parsers.

Each option has one declaration (one help wording) and one parser built on the value
types of `envdoctor.compat.versions`, so the same text is accepted or refused the same
way by `check`, `install`, `matrix` and `wheel`. The parsers raise `UsageError` (exit 2,
one line that says what to write instead); the commands call them first thing, so
the error handling every registered command gets (`cli._common.add_command`) turns a
refusal into the same answer (and JSON error document) everywhere.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from envdoctor.errors import UsageError
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.compat.versions import (
        ComputeCapability,
        DriverVersion,
        PythonVersion,
        TorchVersion,
    )
    from envdoctor.matrix.model import GpuEntry, Matrix

# ---------------------------------------------------------------- declarations

JsonOpt = Annotated[
    bool, typer.Option("--json", help=_("Print one versioned JSON document on stdout."))
]
PythonOpt = Annotated[
    str | None,
    typer.Option(
        "--python",
        metavar="PATH",
        help=_(
            "Interpreter to inspect or install into (default: `python` on PATH; with "
            "`python -m envdoctor`, that one)."
        ),
    ),
]
DriverOpt = Annotated[
    str | None,
    typer.Option(
        "--driver",
        help=_("NVIDIA driver version as nvidia-smi prints it (535.104.05), or a branch (535)."),
    ),
]
GpuOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--gpu",
        help=_(
            'GPU name as nvidia-smi prints it ("RTX 3060") or a compute capability (8.6); '
            "repeatable."
        ),
    ),
]
PythonVersionOpt = Annotated[
    str | None,
    typer.Option(
        "--python-version",
        help=_("Python version of the target machine: 3.11, 3.11.7 or 3.13t (free-threaded)."),
    ),
]
TorchOpt = Annotated[
    str | None,
    typer.Option(
        "--torch",
        help=_("A PyTorch version to evaluate, e.g. 2.13.0 or 2.13.0+cu126."),
    ),
]
TimeoutOpt = Annotated[
    float,
    typer.Option("--timeout", help=_("Seconds the target interpreter's probe may take.")),
]
# Every `--from` reads the same inputs through the one loader
# (`collect.from_file.load_evidence`), so it is declared once with one wording.
FromOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--from",
        metavar="FILE",
        help=_(
            "Judge another machine from what was pasted instead of this machine: a `check "
            "--save` snapshot, a collect_env report, nvidia-smi output, a package list or an "
            "error log ('-' = stdin). Repeat to fuse several inputs."
        ),
    ),
]
OsOpt = Annotated[
    str | None,
    typer.Option(
        "--os",
        help=_(
            "Advise for a machine running this OS: linux, windows, macos or wsl "
            "(WSL: the Windows driver with Linux wheels)."
        ),
    ),
]

# ---------------------------------------------------------------- parsers

# A probe or request that needs more than an hour is not a timeout anyone means.
MAX_TIMEOUT = 3600.0
OS_CHOICES = ("linux", "windows", "macos", "wsl")


def parse_driver_option(text: str) -> DriverVersion:
    from envdoctor.compat.versions import DriverVersion

    value = DriverVersion.parse(text)
    if value is None:
        raise UsageError(
            _(
                "--driver {value!r} is not an NVIDIA driver version; write it as nvidia-smi "
                "shows it, like 535.104.05, or a branch like 535"
            ).format(value=text)
        )
    return value


def parse_python_version_option(text: str) -> PythonVersion:
    from envdoctor.compat.versions import PythonVersion

    value = PythonVersion.parse(text)
    if value is None or value.major != 3:
        raise UsageError(
            _(
                "--python-version {value!r} is not a Python version; write a Python 3 version "
                "like 3.11, 3.11.7 or 3.13t"
            ).format(value=text)
        )
    return value


def parse_torch_option(text: str) -> TorchVersion:
    from envdoctor.compat.versions import TorchVersion

    value = TorchVersion.parse(text)
    if value is None:
        raise UsageError(
            _(
                "--torch {value!r} is not a PyTorch version; write it like 2.13.0 or 2.13.0+cu126"
            ).format(value=text)
        )
    return value


def parse_timeout_option(value: float) -> float:
    if not math.isfinite(value) or value <= 0 or value > MAX_TIMEOUT:
        raise UsageError(
            _(
                "--timeout {value} is not a usable number of seconds; give one from 1 to {max}"
            ).format(value=value, max=int(MAX_TIMEOUT))
        )
    return value


def parse_os_option(text: str) -> str:
    value = text.strip().lower()
    if value not in OS_CHOICES:
        raise UsageError(
            _("--os must be linux or windows, macos or wsl; not {value!r}").format(value=text)
        )
    return value


@dataclass(frozen=True)
class GpuOption:
    """A --gpu value resolved against the matrix's GPU table."""

    text: str
    capability: ComputeCapability
    entry: GpuEntry | None  # None when a capability was given directly


def parse_gpu_option(matrix: Matrix, text: str) -> GpuOption:
    from envdoctor.compat.gpus import resolve_gpu
    from envdoctor.compat.versions import ComputeCapability

    query = resolve_gpu(matrix, text.strip())
    if query.ambiguous is not None:
        raise UsageError(
            _(
                "GPU name {value!r} is ambiguous: compute capability {ccs}; give the "
                "capability instead, e.g. --gpu {first} "
                "(nvidia-smi --query-gpu=compute_cap --format=csv)"
            ).format(
                value=text,
                ccs=" / ".join(query.ambiguous.candidates),
                first=query.ambiguous.candidates[-1],
            )
        )
    capability = ComputeCapability.parse(query.capability)
    if capability is None:
        raise UsageError(
            _(
                "unknown GPU name {value!r}; give the name nvidia-smi prints "
                '(e.g. "NVIDIA GeForce RTX 3060") or the compute capability (e.g. --gpu 8.6)'
            ).format(value=text)
        )
    return GpuOption(text.strip(), capability, query.entry)


def mirror_index(name: str) -> MirrorIndex:
    """--mirror NAME|URL -> the mirror, resolved from the catalog now (unknown or dead: exit 2)."""
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.mirrors.torch_source import torch_source

    torch_source(name, None)  # raises UsageError for an unknown or dead mirror
    return MirrorIndex(name, functools.partial(torch_source, name))


__all__ = [
    "MAX_TIMEOUT",
    "OS_CHOICES",
    "DriverOpt",
    "FromOpt",
    "GpuOpt",
    "GpuOption",
    "JsonOpt",
    "OsOpt",
    "PythonOpt",
    "PythonVersionOpt",
    "TimeoutOpt",
    "TorchOpt",
    "mirror_index",
    "parse_driver_option",
    "parse_gpu_option",
    "parse_os_option",
    "parse_python_version_option",
    "parse_timeout_option",
    "parse_torch_option",
]
