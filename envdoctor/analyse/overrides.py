"""Command-line overrides of single facts (--driver, --gpu, --python-version), validated."""

from __future__ import annotations

import re
from dataclasses import replace

from packaging.version import InvalidVersion, Version

from envdoctor.compat.advice import Target
from envdoctor.compat.gpus import ambiguous_gpu, gpu_capability
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix

_DRIVER = re.compile(r"^\d{3}(\.\d{1,3}){1,2}$")
_PY = re.compile(r"^3\.\d{1,2}(\.\d{1,3})?$")
_CC = re.compile(r"^\d{1,2}\.\d$")


def parse_driver(text: str) -> str:
    value = text.strip()
    if not _DRIVER.match(value):
        raise UsageError(
            _(
                "--driver {value!r} is not an NVIDIA driver version (like 535.104.05 or 528.33)"
            ).format(value=text)
        )
    return value


def parse_python_version(text: str) -> str:
    value = text.strip()
    if not _PY.match(value):
        raise UsageError(
            _("--python-version {value!r} is not a Python 3 version (like 3.11 or 3.11.7)").format(
                value=text
            )
        )
    try:
        Version(value)
    except InvalidVersion:
        raise UsageError(
            _("--python-version {value!r} is not a version").format(value=text)
        ) from None
    return value


def parse_gpu(matrix: Matrix, text: str) -> str:
    """A GPU name from the table, or a compute capability like 8.6, as a capability."""
    value = text.strip()
    if _CC.match(value):
        return value
    match = gpu_capability(matrix, value) or gpu_capability(matrix, "NVIDIA GeForce " + value)
    amb = ambiguous_gpu(matrix, value) or ambiguous_gpu(matrix, "NVIDIA GeForce " + value)
    if match is None and amb is not None:
        raise UsageError(
            _(
                "--gpu {value!r} names more than one chip (compute capability {ccs}); "
                "give the capability instead, e.g. --gpu {first}"
            ).format(value=text, ccs=" / ".join(amb.candidates), first=amb.candidates[-1])
        )
    if match is None:
        raise UsageError(
            _(
                "--gpu {value!r}: unknown GPU name; give the name nvidia-smi prints "
                '(e.g. "NVIDIA GeForce RTX 3060") or the compute capability (e.g. 8.6)'
            ).format(value=text)
        )
    return match.capability


def apply_overrides(
    target: Target,
    matrix: Matrix,
    *,
    driver: str | None = None,
    gpus: list[str] | None = None,
    python_version: str | None = None,
) -> Target:
    if driver is not None:
        target = replace(target, driver=parse_driver(driver), driver_cuda=None, nvidia_gpu=True)
    if gpus:
        target = replace(
            target, capabilities=tuple(parse_gpu(matrix, g) for g in gpus), nvidia_gpu=True
        )
    if python_version is not None:
        target = replace(
            target, python=parse_python_version(python_version), python_bits=64, free_threaded=False
        )
    return target


__all__ = ["apply_overrides", "parse_driver", "parse_gpu", "parse_python_version"]
