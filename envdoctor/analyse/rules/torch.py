"""Rules about the installed PyTorch: present, importable, which build."""

from __future__ import annotations

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.build import arch_findings, availability, driver_vs_build
from envdoctor.analyse.rules.context import Context, finding
from envdoctor.analyse.rules.python import python_vs_release
from envdoctor.compat.builds import identify_torch
from envdoctor.i18n import _
from envdoctor.snapshot import TorchState


def torch_findings(ctx: Context) -> list[Finding]:
    t = ctx.snapshot.torch
    if t.state is TorchState.NO_INTERPRETER:
        return [
            finding(
                code="interpreter-not-found",
                status=Status.FAIL,
                area=Area.TORCH,
                title=_("Could not run the Python interpreter {python}").format(
                    python=ctx.snapshot.python.executable
                ),
                detail=t.error or "",
                fix=_(
                    "Pass the interpreter you use for PyTorch: envdoctor check --python /path/to/python"
                ),
            )
        ]
    if t.state is TorchState.MISSING:
        return [
            finding(
                code="torch-missing",
                status=Status.FAIL,
                area=Area.TORCH,
                title=_("PyTorch is not installed in {python}").format(
                    python=ctx.snapshot.python.executable or "python"
                ),
                detail=ctx.advice_detail(),
                fix=ctx.install_fix(replace_installed=False),
                sources=ctx.advice_sources(),
            )
        ]
    if t.state in {TorchState.BROKEN, TorchState.CRASHED, TorchState.TIMEOUT}:
        return [_broken(ctx)]
    if t.state is TorchState.UNKNOWN:
        return [
            finding(
                code="torch-unknown",
                status=Status.WARN,
                area=Area.TORCH,
                title=_("PyTorch could not be inspected"),
                detail=t.error
                or (
                    _(
                        "The report names torch {version} but not its build (CUDA or CPU), "
                        "so the build cannot be judged."
                    ).format(version=t.version)
                    if t.version
                    else _("The report does not say which PyTorch is installed.")
                ),
            )
        ]
    return _installed(ctx)


def _broken(ctx: Context) -> Finding:
    t = ctx.snapshot.torch
    kind = t.error_kind or ""
    fix = None
    detail = t.error or ""
    reinstall = ctx.install_fix(replace_installed=True)
    if kind == "shadowed-torch":
        where = t.file or ""
        fix = _(
            "A folder or file named 'torch' in the current directory hides the installed package "
            "({where}): cd to another directory, or rename it."
        ).format(where=where)
    elif kind in {
        "missing-library",
        "dll-load-failed",
        "undefined-symbol",
        "incomplete-install",
    }:
        ld = ctx.snapshot.environment.get("LD_LIBRARY_PATH")
        fix = reinstall or ""
        if ld and kind in {"missing-library", "undefined-symbol"}:
            fix = (
                _(
                    "LD_LIBRARY_PATH is set ({value}): a system CUDA/cuDNN there can shadow the libraries "
                    "the wheel ships; unset it, then:"
                ).format(value=ld)
                + "\n"
                + fix
            )
        if kind == "dll-load-failed":
            fix = (
                _("Install the Microsoft Visual C++ Redistributable (x64), then reinstall PyTorch:")
                + "\n"
                + fix
            )
    elif kind == "numpy-abi":
        fix = f'{ctx.snapshot.python.executable or "python"} -m pip install "numpy<2"   # ' + _(
            "or upgrade torch to a release built against NumPy 2"
        )
    elif kind == "illegal-instruction":
        fix = _(
            "This CPU lacks an instruction set the build needs (AVX2 on old or virtual CPUs); "
            "expose the host CPU to the VM or use an older build."
        )
    elif kind == "hang":
        fix = _(
            "Check `nvidia-smi` answers promptly; enable persistence mode (`sudo nvidia-smi -pm 1`) "
            "on servers; a hung GPU may need a reboot. Raise the limit with --timeout."
        )
    else:
        fix = reinstall
    titles = {
        TorchState.BROKEN: _("PyTorch is installed but `import torch` fails"),
        TorchState.CRASHED: _("The Python interpreter crashed while loading PyTorch"),
        TorchState.TIMEOUT: _("PyTorch did not finish loading in time (hang)"),
    }
    return finding(
        code="torch-broken",
        status=Status.FAIL,
        area=Area.TORCH,
        title=titles.get(t.state, _("PyTorch is broken")),
        detail=detail,
        fix=fix,
        facts={"kind": kind or None, "version": t.version},
    )


def _installed(ctx: Context) -> list[Finding]:
    t = ctx.snapshot.torch
    out: list[Finding] = []
    build = identify_torch(ctx.matrix, t.version, t.cuda, ctx.snapshot.system.os)
    label = t.version or _("(version unknown)")
    release_row = build.release
    gpus_present = bool(ctx.gpu_present)
    if t.hip:
        out.append(
            finding(
                code="torch-rocm-build",
                status=Status.FAIL if gpus_present else Status.WARN,
                area=Area.TORCH,
                title=_("torch {version} is a ROCm (AMD) build").format(version=label),
                detail=_("ROCm builds cannot use NVIDIA GPUs."),
                fix=ctx.install_fix(replace_installed=True) if gpus_present else None,
            )
        )
        return out
    if t.cuda is None:
        if gpus_present:
            out.append(
                finding(
                    code="torch-cpu-only",
                    status=Status.FAIL,
                    area=Area.TORCH,
                    title=_(
                        "torch {version} is a CPU-only build, but this machine has an NVIDIA GPU"
                    ).format(version=label),
                    detail=_(
                        "torch.version.cuda is None. Common causes: plain `pip install torch` on Windows "
                        "(PyPI has only CPU wheels there), a cached CPU wheel, or a later requirements "
                        "install that replaced the CUDA build. "
                    )
                    + ctx.advice_detail(),
                    fix=ctx.install_fix(replace_installed=True),
                    sources=ctx.advice_sources(),
                    facts={"version": t.version},
                )
            )
        else:
            out.append(
                finding(
                    code="torch-ok",
                    status=Status.OK,
                    area=Area.TORCH,
                    title=_("torch {version} (CPU build; no NVIDIA GPU here)").format(
                        version=label
                    ),
                    facts={"version": t.version},
                )
            )
        out += python_vs_release(ctx, release_row)
        return out
    # A CUDA build.
    if release_row is None:
        out.append(
            finding(
                code="torch-unknown-release",
                status=Status.WARN,
                area=Area.TORCH,
                title=_(
                    "torch {version} is not in the bundled compatibility matrix (data of {date})"
                ).format(version=label, date=ctx.matrix.reviewed),
                detail=_(
                    "Checks use what torch itself reports; rules that need the matrix are skipped. "
                    "Upgrade envdoctor for newer data."
                ),
                facts={"version": t.version},
            )
        )
    driver_problem = driver_vs_build(ctx, t.cuda, label)
    out += driver_problem
    out += arch_findings(ctx, build, label)
    unavailable = availability(ctx, driver_problem)
    out += unavailable
    if not any(f.status is Status.FAIL for f in out):
        cudnn = f", cuDNN {t.cudnn}" if t.cudnn else ""
        avail = (
            (
                _("CUDA available, {n} device(s)").format(n=t.device_count)
                if t.device_count is not None
                else _("CUDA available, device count unknown")
            )
            if t.cuda_available
            else _("CUDA not checked")
            if t.cuda_available is None
            else _("CUDA not available")
        )
        out.insert(
            0,
            finding(
                code="torch-ok",
                status=Status.OK,
                area=Area.TORCH,
                title=_("torch {version} (CUDA {cuda}{cudnn}): {avail}").format(
                    version=label, cuda=t.cuda, cudnn=cudnn, avail=avail
                ),
                facts={"version": t.version, "cuda": t.cuda, "cudnn": t.cudnn},
            ),
        )
    out += python_vs_release(ctx, release_row)
    return out


__all__ = ["torch_findings"]
