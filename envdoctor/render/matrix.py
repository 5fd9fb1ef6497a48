"""Render `envdoctor matrix`: the bundled data's summary and the build-fit listing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from packaging.version import Version

from envdoctor.compat.versions import Verdict
from envdoctor.i18n import _
from envdoctor.render.layout import print_command, print_prose

if TYPE_CHECKING:
    from rich.console import Console

    from envdoctor.compat.fit import BuildFit
    from envdoctor.compat.gpus import GpuQuery
    from envdoctor.matrix.model import ArchMinDriver, GpuDriverLimit, Matrix

_STYLE = {
    Verdict.OK: "green",
    Verdict.CAVEAT: "yellow",
    Verdict.UNKNOWN: "cyan",
    Verdict.NO: "red",
}


def summary_dict(matrix: Matrix) -> dict[str, Any]:
    """Version, review date and counts of the bundled matrix (JSON keys, not translated)."""
    releases = matrix.torch.releases
    newest = max(releases, key=lambda r: Version(r.release)) if releases else None
    oldest = min(releases, key=lambda r: Version(r.release)) if releases else None
    return {
        "path": matrix.path,
        "data_version": matrix.data_version,
        "reviewed": matrix.reviewed,
        "newest_torch": newest.newest if newest else None,
        "newest_torch_on_index": matrix.newest_torch_on_index,
        "oldest_release": oldest.release if oldest else None,
        "counts": {
            "torch_releases": len(releases),
            "torch_versions": sum(len(r.versions) for r in releases),
            "cuda_builds": sum(1 for r in releases for v in r.variants if v.is_cuda),
            "rocm_builds": sum(1 for r in releases for v in r.variants if v.rocm),
            "cuda_toolkits": len(matrix.cuda.toolkits),
            "driver_branches": len(matrix.cuda.driver_branches),
            "gpu_entries": len(matrix.gpus),
            "gpu_names": sum(len(g.names) for g in matrix.gpus),
            "gpu_families": sum(1 for g in matrix.gpus if g.patterns),
            "ambiguous_gpu_names": len(matrix.gpus_ambiguous),
            "sources": len(matrix.sources),
        },
    }


def render_summary(console: Console, matrix: Matrix) -> None:
    info = summary_dict(matrix)
    counts = info["counts"]
    console.print(
        _("Compatibility matrix {version} (reviewed {date})").format(
            version=info["data_version"], date=info["reviewed"]
        ),
        style="bold",
    )
    console.print(_("File: {path}").format(path=info["path"]))
    console.print(
        _(
            "PyTorch {oldest} to {newest}: {releases} releases, {versions} versions, "
            "{cuda} CUDA builds, {rocm} ROCm builds"
        ).format(
            oldest=info["oldest_release"],
            newest=info["newest_torch"],
            releases=counts["torch_releases"],
            versions=counts["torch_versions"],
            cuda=counts["cuda_builds"],
            rocm=counts["rocm_builds"],
        )
    )
    console.print(
        _("Newest torch on the package index when reviewed: {version}").format(
            version=info["newest_torch_on_index"]
        )
    )
    console.print(
        _(
            "CUDA: {toolkits} toolkit releases with minimum drivers, {branches} driver branches"
        ).format(toolkits=counts["cuda_toolkits"], branches=counts["driver_branches"])
    )
    console.print(
        _(
            "GPUs: {names} names in {entries} entries, {families} name families, "
            "{ambiguous} ambiguous names"
        ).format(
            names=counts["gpu_names"],
            entries=counts["gpu_entries"],
            families=counts["gpu_families"],
            ambiguous=counts["ambiguous_gpu_names"],
        )
    )
    console.print(_("Sources cited: {n}").format(n=counts["sources"]))
    print_command(
        console,
        _("Ask which builds fit:"),
        'envdoctor matrix --driver 535.104.05 --gpu "RTX 3060" --python 3.11',
        style="",
    )


@dataclass(frozen=True)
class FitQuery:
    """What the listing was asked for (as given and as understood)."""

    os: str
    driver: str | None
    gpu: GpuQuery | None
    python: str | None
    limit: GpuDriverLimit | None = None
    first: ArchMinDriver | None = None  # the GPU's first driver branch, when the driver predates it


def verdict_label(verdict: Verdict) -> str:
    return {
        Verdict.OK: _("ok"),
        Verdict.CAVEAT: _("caveat"),
        Verdict.UNKNOWN: _("unknown"),
        Verdict.NO: _("no"),
    }[verdict]


def explain(fit: BuildFit) -> str:
    """Why a build got its verdict, in words, most important part first."""
    parts: list[str] = []
    if fit.python is Verdict.NO:
        parts.append(_("no wheels for this Python"))
    elif fit.python is Verdict.UNKNOWN:
        parts.append(_("wheels for this Python not confirmed"))
    if "driver:past-gpu-last-branch" in fit.reasons:
        parts.append(_("the driver is newer than this GPU's last driver branch"))
    if "driver:predates-gpu" in fit.reasons:
        parts.append(_("the driver is older than this GPU's first driver branch"))
    drv = fit.driver
    if drv is not None:
        need = drv.direct_min
        floor = drv.minor_min or need
        if drv.reason == "too-old" and floor:
            parts.append(
                _("driver too old for CUDA {cuda} (needs {need})").format(cuda=drv.cuda, need=floor)
            )
        elif drv.reason == "too-old":
            parts.append(_("driver too old for CUDA {cuda}").format(cuda=drv.cuda))
        elif drv.reason == "minor-compat" and need:
            parts.append(
                _("CUDA {cuda} through minor-version compatibility (native from {need})").format(
                    cuda=drv.cuda, need=need
                )
            )
        elif drv.reason == "minor-compat":
            parts.append(
                _(
                    "CUDA {cuda} through minor-version compatibility (no native driver floor "
                    "published)"
                ).format(cuda=drv.cuda)
            )
        elif drv.verdict is Verdict.UNKNOWN:
            parts.append(_("no driver rule known for CUDA {cuda}").format(cuda=drv.cuda))
    arch = fit.arch
    if arch is not None:
        if arch.reason == "no-kernel":
            parts.append(
                _("no code for compute capability {cc} in this wheel").format(cc=arch.capability)
            )
        elif arch.reason == "ptx-jit":
            parts.append(
                _("runs by JIT-compiling {entry} (slow first start)").format(entry=arch.served_by)
            )
        elif arch.reason == "sass-same-major":
            parts.append(_("GPU served by {entry}").format(entry=arch.served_by))
        elif arch.reason == "unknown-arch":
            parts.append(_("the arch list of this build is not known"))
    return "; ".join(parts)


def fit_dict(fit: BuildFit) -> dict[str, Any]:
    return {
        "release": fit.release,
        "version": fit.version,
        "variant": fit.variant,
        "cuda": fit.cuda,
        "default": fit.is_default,
        "verdict": fit.verdict.value,
        "reasons": list(fit.reasons),
        "why": explain(fit),
        "driver": None
        if fit.driver is None
        else {
            "verdict": fit.driver.verdict.value,
            "reason": fit.driver.reason,
            "native_min": fit.driver.direct_min,
            "minor_compat_min": fit.driver.minor_min,
            "sources": list(fit.driver.sources),
        },
        "gpu": None
        if fit.arch is None
        else {
            "verdict": fit.arch.verdict.value,
            "reason": fit.arch.reason,
            "served_by": fit.arch.served_by,
        },
        "python": None if fit.python is None else fit.python.value,
    }


def query_dict(query: FitQuery) -> dict[str, Any]:
    gpu = query.gpu
    return {
        "os": query.os,
        "driver": query.driver,
        "python": query.python,
        "gpu": None
        if gpu is None
        else {
            "text": gpu.text,
            "capability": gpu.capability,
            "matched": gpu.entry.name if gpu.entry else None,
            "sources": list(gpu.entry.sources) if gpu.entry else [],
        },
        "driver_limit": None
        if query.limit is None
        else {"family": query.limit.family, "last_branch": query.limit.last_branch},
        "driver_first_branch": None
        if query.first is None
        else {
            "family": query.first.family,
            "first_branch": query.first.first_branch,
            "confidence": query.first.confidence,
            "sources": list(query.first.sources),
        },
    }


def render_fits(
    console: Console, matrix: Matrix, query: FitQuery, rows: list[BuildFit], *, show_all: bool
) -> None:
    from rich.table import Table

    asked = []
    if query.driver:
        asked.append(_("driver {driver}").format(driver=query.driver))
    if query.gpu is not None:
        name = query.gpu.entry.name if query.gpu.entry else query.gpu.text
        asked.append(
            _("GPU {name} (compute capability {cc})").format(
                name=name, cc=query.gpu.capability or _("unknown")
            )
        )
    if query.python:
        asked.append(_("Python {python}").format(python=query.python))
    console.print(
        _("PyTorch CUDA builds for {os}: {facts}").format(os=query.os, facts=", ".join(asked)),
        style="bold",
    )
    console.print(
        _("Matrix {version} (reviewed {date})").format(
            version=matrix.data_version, date=matrix.reviewed
        )
    )
    if query.limit is not None:
        console.print(
            _("Note: {family} GPUs get no driver newer than the R{branch} branch.").format(
                family=query.limit.family, branch=query.limit.last_branch
            ),
            style="yellow",
        )
    if query.first is not None:
        console.print(
            _(
                "Note: driver {driver} is older than R{branch}, the first driver branch for "
                "{family} GPUs: upgrade the driver to R{branch} or newer first."
            ).format(
                driver=query.driver, branch=query.first.first_branch, family=query.first.family
            ),
            style="yellow",
        )
    shown = [r for r in rows if show_all or r.verdict is not Verdict.NO]
    hidden = len(rows) - len(shown)
    if query.os == "macos":
        console.print(
            _("macOS has no CUDA builds: PyTorch there uses the CPU or Apple's MPS."),
            style="yellow",
        )
    if not shown:
        console.print(_("No PyTorch CUDA build fits."), style="bold red")
    else:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(_("torch"), no_wrap=True)
        table.add_column(_("build"), no_wrap=True)
        table.add_column(_("verdict"), no_wrap=True)
        table.add_column(_("why"), overflow="fold")
        for r in shown:
            build = r.variant + (" *" if r.is_default else "")
            table.add_row(
                r.version, build, verdict_label(r.verdict), explain(r), style=_STYLE[r.verdict]
            )
        console.print(table)
        if any(r.is_default for r in shown):
            print_prose(
                console, _("* = what a plain `pip install torch==VERSION` gives on this OS")
            )
    if hidden:
        console.print(
            _("{n} builds that do not fit are hidden; --all shows them.").format(n=hidden)
        )
    console.print(_("CPU-only builds run anywhere the Python fits."))


__all__ = [
    "FitQuery",
    "explain",
    "fit_dict",
    "query_dict",
    "render_fits",
    "render_summary",
    "summary_dict",
    "verdict_label",
]
