"""Human output of `envdoctor wheel`: the target, then one block per wheel with its fix."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from envdoctor.i18n import N_, _
from envdoctor.render.console import make_console
from envdoctor.render.layout import print_prose

if TYPE_CHECKING:
    from rich.console import Console

    from envdoctor.wheelcheck.model import Severity, Status, WheelResult
    from envdoctor.wheelcheck.target import GpuSide, Target


def _status_label(status: Status) -> tuple[str, str]:
    from envdoctor.wheelcheck.model import Status

    return {
        Status.OK: (_("fits"), "green"),
        Status.CAVEAT: (_("fits, with caveats"), "yellow"),
        Status.UNKNOWN: (_("cannot tell"), "yellow"),
        Status.NO: (_("does not fit"), "red"),
        Status.INVALID: (_("not a wheel"), "red"),
    }[status]


def _marker(severity: Severity) -> tuple[str, str]:
    from envdoctor.wheelcheck.model import Severity

    # ASCII markers: Windows consoles in GBK cannot print check marks.
    return {
        Severity.ERROR: ("x", "red"),
        Severity.WARNING: ("!", "yellow"),
        Severity.UNKNOWN: ("?", "yellow"),
        Severity.INFO: ("i", "dim"),
    }[severity]


_MISSING_NAMES = {
    "python_version": N_("Python version"),
    "platform": N_("platform"),
    "glibc": N_("glibc version"),
    "free_threaded": N_("free-threading"),
    "abi": N_("ABI"),
    "arch": N_("CPU architecture"),
}


def describe_target(target: Target, missing: tuple[str, ...]) -> str:
    unknown = _("unknown")
    parts = [
        _("Python {version} ({impl})").format(
            version=target.version_text or unknown, impl=target.implementation or unknown
        ),
        _("platform {platform}").format(platform=target.platform or unknown),
    ]
    if target.os == "linux":
        glibc = "{}.{}".format(*target.glibc) if target.glibc else unknown
        parts.append(_("glibc {glibc}").format(glibc=glibc))
    if target.pointer_bits == 32:
        parts.append(_("32-bit"))
    text = ", ".join(parts)
    if target.executable:
        text += f" - {target.executable}"
    text += " " + _("(facts from: {source})").format(source=target.source or unknown)
    if missing:
        text += "; " + _("not known: {facts}").format(
            facts=", ".join(_(_MISSING_NAMES[m]) if m in _MISSING_NAMES else m for m in missing)
        )
    return text


def describe_gpu(gpu: GpuSide) -> str:
    unknown = _("unknown")
    if gpu.driver:
        driver = _("driver {version}").format(version=gpu.driver)
        if gpu.driver_cuda:
            driver += f" (CUDA {gpu.driver_cuda})"
    elif gpu.driver_state and gpu.driver_state != "ok":
        driver = _("no working driver ({state})").format(state=gpu.driver_state)
    else:
        driver = _("driver {version}").format(version=unknown)
    gpus = ", ".join(
        f"{g.name} (sm_{g.capability.replace('.', '')})" if g.capability else g.name
        for g in gpu.gpus
    )
    text = driver + "; " + (gpus or _("no GPU information"))
    return text + " " + _("(facts from: {source})").format(source=gpu.source or unknown)


def render_wheel_report(
    target: Target,
    gpu: GpuSide,
    missing: tuple[str, ...],
    results: list[WheelResult],
    *,
    file: IO[str] | None = None,
    console: Console | None = None,
) -> None:
    from rich.text import Text

    out = console or make_console(file=file)
    # Wrapped at spaces only, so file names, paths and URLs stay whole.
    print_prose(out, Text(_("Target: ") + describe_target(target, missing)), hanging=2)
    print_prose(out, Text(_("GPU: ") + describe_gpu(gpu)), hanging=2)
    for result in results:
        out.print()
        label, style = _status_label(result.status)
        line = Text()
        line.append(result.file, style="bold")
        line.append("  ")
        line.append(label, style=style)
        print_prose(out, line, hanging=2)
        for problem in result.problems:
            mark, mstyle = _marker(problem.severity)
            row = Text(mark, style=mstyle)
            row.append(" " + problem.message)
            print_prose(out, row, indent=2, hanging=4)
        if result.fix is not None:
            row = Text("->", style="cyan")
            row.append(" " + result.fix.message)
            print_prose(out, row, indent=2, hanging=5)
    fits = sum(r.status.value in {"ok", "caveat"} for r in results)
    unknown = sum(r.status.value == "unknown" for r in results)
    out.print()
    summary = _("{fits} of {total} wheel(s) fit.").format(fits=fits, total=len(results))
    if unknown:
        summary += " " + _("{n} could not be fully checked.").format(n=unknown)
    print_prose(out, Text(summary))


__all__ = ["describe_gpu", "describe_target", "render_wheel_report"]
