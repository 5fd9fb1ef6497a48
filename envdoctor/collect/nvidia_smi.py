"""Fallback when NVML cannot be used from Python: `nvidia-smi --query-gpu ... --format=csv`."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from envdoctor.collect.driver_files import plausible_driver_version
from envdoctor.collect.runner import CommandResult, run
from envdoctor.messages import SMI_NO_DRIVER_ANCHOR
from envdoctor.snapshot import DriverFacts, DriverState, GpuFacts

FIELDS = (
    "index",
    "name",
    "uuid",
    "memory.total",
    "driver_version",
    "persistence_mode",
    "pci.bus_id",
)
# compute_cap exists only in newer nvidia-smi (R510+); asked for first, dropped on "not a valid field".
FIELDS_WITH_CC = (*FIELDS, "compute_cap")

Runner = Callable[..., CommandResult]
# How much of an unreadable answer the error repeats.
_SHOWN_CHARS = 120


@dataclass(frozen=True)
class SmiResult:
    driver: DriverFacts
    gpus: tuple[GpuFacts, ...]


def _none(value: str) -> str | None:
    v = value.strip()
    if (
        not v
        or v.startswith("[")
        or v.lower() in {"n/a", "[n/a]", "not supported", "[not supported]"}
    ):
        return None
    return v


def parse_query_csv(text: str, fields: tuple[str, ...]) -> tuple[str | None, tuple[GpuFacts, ...]]:
    """Parse `--format=csv,noheader,nounits` output; returns (driver version, GPUs)."""
    gpus = []
    driver = None
    for row in csv.reader(io.StringIO(text), skipinitialspace=True):
        if not row or len(row) < len(fields):
            continue
        rec = dict(zip(fields, (c.strip() for c in row), strict=False))
        try:
            index = int(rec["index"])
        except ValueError:
            continue
        driver = driver or _none(rec.get("driver_version", ""))
        mem = _none(rec.get("memory.total", ""))
        cc = _none(rec.get("compute_cap", "")) if "compute_cap" in rec else None
        pm = _none(rec.get("persistence_mode", ""))
        gpus.append(
            GpuFacts(
                index=index,
                name=rec["name"],
                uuid=_none(rec.get("uuid", "")),
                memory_total_mib=int(float(mem))
                if mem and mem.replace(".", "", 1).isdigit()
                else None,
                compute_capability=cc,
                compute_capability_source="nvidia-smi" if cc else None,
                persistence_mode={"enabled": True, "disabled": False}.get((pm or "").lower()),
                pci_bus_id=_none(rec.get("pci.bus_id", "")),
            )
        )
    return driver, tuple(gpus)


def read_nvidia_smi(
    *, timeout: float = 10.0, runner: Runner = run, exe: str | None = None
) -> SmiResult:
    program = exe or shutil.which("nvidia-smi") or "nvidia-smi"
    fields: tuple[str, ...] = FIELDS_WITH_CC
    result = runner(
        [program, f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"],
        timeout=timeout,
    )
    if result.returncode not in (0, None) and "compute_cap" in (result.stdout + result.stderr):
        fields = FIELDS
        result = runner(
            [program, f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"],
            timeout=timeout,
        )
    if result.not_found:
        return SmiResult(
            DriverFacts(
                state=DriverState.NO_DRIVER, source="nvidia-smi", error="nvidia-smi not found"
            ),
            (),
        )
    if result.timed_out:
        return SmiResult(
            DriverFacts(
                state=DriverState.ERROR,
                source="nvidia-smi",
                error=f"nvidia-smi did not answer within {timeout:g} s",
            ),
            (),
        )
    text = (result.stdout + "\n" + result.stderr).strip()
    if result.returncode != 0:
        state = DriverState.ERROR
        low = text.lower()
        if "version mismatch" in low:
            state = DriverState.LIBRARY_MISMATCH
        elif SMI_NO_DRIVER_ANCHOR in low or "driver not loaded" in low:
            state = DriverState.NOT_LOADED
        elif "insufficient permissions" in low or "permission" in low:
            state = DriverState.NO_PERMISSION
        return SmiResult(
            DriverFacts(
                state=state, source="nvidia-smi", error=text.splitlines()[0] if text else None
            ),
            (),
        )
    driver, gpus = parse_query_csv(result.stdout, fields)
    version = plausible_driver_version(driver)
    if version is None:
        # Exit code 0 but no row envdoctor can read (a wrapper script, a banner, a changed
        # format): the driver is unknown, never "ok, version unknown".
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        shown = first[:_SHOWN_CHARS] + ("..." if len(first) > _SHOWN_CHARS else "")
        error = (
            f"nvidia-smi answered without a driver version envdoctor can read: {shown!r}"
            if shown
            else "nvidia-smi answered with no output"
        )
        return SmiResult(
            DriverFacts(state=DriverState.ERROR, source="nvidia-smi", error=error), gpus
        )
    return SmiResult(DriverFacts(state=DriverState.OK, version=version, source="nvidia-smi"), gpus)


__all__ = ["FIELDS", "FIELDS_WITH_CC", "SmiResult", "parse_query_csv", "read_nvidia_smi"]
