"""`check`'s judgement: Snapshot + matrix -> findings. Pure: no I/O, no printing.

Facts from the machine beat the table: the arch list torch reports, NVML's CUDA driver
version and the capability NVML reports are used when present; the matrix fills in
only what the snapshot lacks (a collect_env report, a torch that failed to import), and
anything neither knows is reported as unknown. The rules live in `envdoctor.analyse.rules`,
one module per area.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from envdoctor.analyse.findings import Finding, Status, overall_status
from envdoctor.analyse.rules.context import (
    Context,
    Visibility,
    cuda_visibility,
    nvidia_gpu_present,
    target_from_snapshot,
)
from envdoctor.analyse.rules.driver import driver_findings
from envdoctor.analyse.rules.gpu import gpu_findings
from envdoctor.analyse.rules.libraries import library_findings
from envdoctor.analyse.rules.python import python_findings
from envdoctor.analyse.rules.system import system_findings
from envdoctor.analyse.rules.torch import torch_findings
from envdoctor.compat.advice import Advice
from envdoctor.compat.commands import MirrorIndex
from envdoctor.compat.gpus import gpu_capability
from envdoctor.compat.versions import ComputeCapability
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import Snapshot


@dataclass(frozen=True)
class Report:
    status: Status
    findings: tuple[Finding, ...]
    snapshot: Snapshot  # with capabilities derived from the matrix filled in
    advice: Advice | None = None


def enrich(snapshot: Snapshot, matrix: Matrix) -> Snapshot:
    """Fill compute capabilities the snapshot lacks from torch's view or the GPU table.

    A capability that cannot be read ('8.6x', 'x.y' from a damaged nvidia-smi or report) is
    parsed here, at the boundary, and counts as missing: never used verbatim.
    """
    by_name = {
        d.name: str(cc)
        for d in snapshot.torch.devices
        if (cc := ComputeCapability.parse(d.capability)) is not None
    }
    gpus = []
    for raw in snapshot.gpus:
        cc = ComputeCapability.parse(raw.compute_capability)
        if cc is not None:
            gpus.append(replace(raw, compute_capability=str(cc)))
            continue
        gpu = replace(raw, compute_capability=None, compute_capability_source=None)
        if gpu.name in by_name:
            gpus.append(
                replace(
                    gpu, compute_capability=by_name[gpu.name], compute_capability_source="torch"
                )
            )
        else:
            match = gpu_capability(matrix, gpu.name)
            if match is not None:
                gpus.append(
                    replace(
                        gpu,
                        compute_capability=match.capability,
                        compute_capability_source=f"table:{match.entry.name}",
                    )
                )
            else:
                gpus.append(gpu)
    return replace(snapshot, gpus=tuple(gpus))


def analyse(snapshot: Snapshot, matrix: Matrix, *, mirror: MirrorIndex | None = None) -> Report:
    snap = enrich(snapshot, matrix)
    ctx = Context(snap, matrix, mirror)
    findings: list[Finding] = []
    findings += driver_findings(ctx)
    findings += gpu_findings(ctx)
    findings += torch_findings(ctx)
    findings += library_findings(snap)
    findings += python_findings(ctx)
    findings += system_findings(ctx)
    return Report(overall_status(findings), tuple(findings), snap, ctx.advice_cache)


__all__ = [
    "Report",
    "Visibility",
    "analyse",
    "cuda_visibility",
    "enrich",
    "nvidia_gpu_present",
    "target_from_snapshot",
]
