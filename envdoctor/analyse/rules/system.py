"""The system facts worth showing: OS, architecture, WSL, container, CUDA toolkit."""

from __future__ import annotations

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import Context, finding
from envdoctor.i18n import _, list_sep


def system_findings(ctx: Context) -> list[Finding]:
    sysf = ctx.snapshot.system
    parts = [sysf.os_release or sysf.os or "?"]
    if sysf.machine:
        parts.append(sysf.machine)
    if sysf.wsl:
        parts.append(f"WSL {sysf.wsl}")
    if sysf.container:
        parts.append(_("in a {kind} container").format(kind=sysf.container))
    out = [
        finding(
            code="system-info", status=Status.INFO, area=Area.SYSTEM, title=list_sep().join(parts)
        )
    ]
    tk = ctx.snapshot.toolkit
    if tk.nvcc_version:
        out.append(
            finding(
                code="toolkit-info",
                status=Status.INFO,
                area=Area.SYSTEM,
                title=_("CUDA toolkit {version} (nvcc) is installed").format(
                    version=tk.nvcc_version
                ),
                detail=_(
                    "Only needed to compile CUDA extensions: PyTorch wheels bundle their own CUDA "
                    "runtime, so this version does not have to match torch's."
                ),
                facts={"nvcc": tk.nvcc_path},
            )
        )
    return out


__all__ = ["system_findings"]
