"""Rules about the NVIDIA driver itself: installed, loaded, usable, which version."""

from __future__ import annotations

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import Context, finding
from envdoctor.compat.arch_driver import driver_predates_arch
from envdoctor.compat.commands import WSL2_CONVERT, driver_install
from envdoctor.compat.driver import driver_beyond_limit, native_cuda_of_driver, recommended_branch
from envdoctor.compat.versions import parse_version
from envdoctor.i18n import _, sentence_gap
from envdoctor.snapshot import DriverState, TorchState


def driver_findings(ctx: Context) -> list[Finding]:
    d = ctx.snapshot.driver
    caps = tuple(g.compute_capability for g in ctx.snapshot.gpus)
    branch = recommended_branch(ctx.matrix, caps)
    if d.state is DriverState.OK:
        mismatch = (
            d.kernel_module_version
            and d.version
            and parse_version(d.kernel_module_version) != parse_version(d.version)
            and d.source == "nvml"
        )
        if mismatch:
            return [_mismatch(d.version, d.kernel_module_version)]
        native = d.cuda_version or native_cuda_of_driver(ctx.matrix, d.version)
        how = "" if d.cuda_version else _(" (from the driver branch table)")
        title = (
            _("NVIDIA driver {version}, supports CUDA up to {cuda}{how}").format(
                version=d.version, cuda=native, how=how
            )
            if native and d.version
            else _("NVIDIA driver {version}").format(version=d.version or _("(version unknown)"))
        )
        out = [
            finding(
                code="driver-ok",
                status=Status.OK,
                area=Area.DRIVER,
                title=title,
                facts={"driver": d.version, "cuda": native, "source": d.source},
            )
        ]
        out += _past_last_branch(ctx)
        out += _predates_gpu(ctx)
        if d.source == "proc":
            out.append(
                finding(
                    code="driver-error",
                    status=Status.WARN,
                    area=Area.DRIVER,
                    title=_(
                        "The NVIDIA kernel module is loaded, but its user-space libraries could not be used"
                    ),
                    detail=_(
                        "NVML and nvidia-smi did not work ({error}), so the GPUs could not be listed; "
                        "CUDA needs the same libraries (libcuda, libnvidia-ml)."
                    ).format(error=d.error or _("no error message")),
                    fix=_(
                        "In a container: start it with `--gpus all` (NVIDIA Container Toolkit). "
                        "Otherwise reinstall the driver's user-space package of version {version}."
                    ).format(version=d.version),
                    facts={"error": d.error},
                )
            )
        return out
    if ctx.os == "macos":
        return [
            finding(
                code="no-gpu",
                status=Status.INFO,
                area=Area.DRIVER,
                title=_("macOS: no NVIDIA CUDA support (PyTorch uses the CPU or Apple's MPS)"),
            )
        ]
    if d.state is DriverState.NO_DRIVER or (
        d.state is DriverState.UNKNOWN and ctx.snapshot.origin == "live"
    ):
        if ctx.gpu_present is False:
            return [
                finding(
                    code="no-gpu",
                    status=Status.WARN,
                    area=Area.DRIVER,
                    title=_("No NVIDIA GPU found"),
                    detail=_(
                        "No NVIDIA display or 3D controller is on the PCI bus and no driver is "
                        "installed, so PyTorch can only use the CPU here."
                    ),
                    fix=_(
                        "If this machine should have an NVIDIA GPU, check that it is seated and powered (lspci)."
                    ),
                )
            ]
        detail = _("The NVIDIA driver library (NVML) and nvidia-smi were not found.")
        if ctx.snapshot.system.wsl == 1:
            detail += sentence_gap() + _(
                "This is WSL 1, which has no GPU support: {convert}."
            ).format(convert=_(WSL2_CONVERT))
        return [
            finding(
                code="no-driver",
                status=Status.FAIL,
                area=Area.DRIVER,
                title=_("No NVIDIA driver is installed"),
                detail=detail,
                fix=driver_install(ctx.snapshot, branch),
                facts={"error": d.error},
            )
        ]
    if d.state is DriverState.NOT_LOADED:
        return [
            finding(
                code="driver-not-loaded",
                status=Status.FAIL,
                area=Area.DRIVER,
                title=_("The NVIDIA driver is installed but its kernel module is not loaded"),
                detail=_(
                    "Usually the machine has not been rebooted since the install, Secure Boot refused "
                    "the unsigned module, or nouveau holds the GPU."
                ),
                fix=_(
                    "sudo modprobe nvidia   # if it fails: check `mokutil --sb-state` (Secure Boot) and "
                    "`lsmod | grep nouveau`, then reboot"
                ),
                facts={"error": d.error},
            )
        ]
    if d.state is DriverState.LIBRARY_MISMATCH:
        return [_mismatch(d.version, d.kernel_module_version, d.error)]
    if d.state is DriverState.NO_PERMISSION:
        return [
            finding(
                code="driver-no-permission",
                status=Status.FAIL,
                area=Area.DRIVER,
                title=_("No permission to use the NVIDIA devices"),
                detail=_("The /dev/nvidia* device files are not accessible to this user."),
                fix=_(
                    "sudo usermod -aG video,render $USER   # then log out and in; check `ls -l /dev/nvidia*`"
                ),
                facts={"error": d.error},
            )
        ]
    if d.state is DriverState.UNKNOWN:
        return [
            finding(
                code="driver-unknown",
                status=Status.WARN,
                area=Area.DRIVER,
                title=_("The NVIDIA driver version is unknown"),
                detail=_(
                    "The report does not say which driver is installed, so driver checks are skipped."
                ),
                fix=_(
                    "Run `envdoctor check` on that machine, or `nvidia-smi`, and add the driver version."
                ),
            )
        ]
    return [
        finding(
            code="driver-error",
            status=Status.WARN,
            area=Area.DRIVER,
            title=_("The NVIDIA driver could not be queried"),
            detail=d.error or "",
            fix=_("Run `nvidia-smi` to see the driver's own error message."),
            facts={"error": d.error},
        )
    ]


def _past_last_branch(ctx: Context) -> list[Finding]:
    """A driver newer than a GPU's last branch does not drive that GPU (a K80 on R560)."""
    d = ctx.snapshot.driver
    out = []
    for gpu in ctx.snapshot.gpus:
        limit = driver_beyond_limit(ctx.matrix, driver=d.version, capability=gpu.compute_capability)
        if limit is None:
            continue
        out.append(
            finding(
                code="driver-too-new",
                status=Status.FAIL,
                area=Area.DRIVER,
                title=_("Driver {driver} does not support {gpu}").format(
                    driver=d.version, gpu=gpu.name
                ),
                detail=_(
                    "NVIDIA ended support for {family} GPUs (compute capability up to {cc}) with "
                    "the R{branch} driver branch; no newer driver drives them."
                ).format(family=limit.family, cc=limit.cc_max, branch=limit.last_branch),
                fix=_on_last_branch_fix(ctx, limit.last_branch),
                sources=limit.sources,
                facts={
                    "driver": d.version,
                    "gpu": gpu.name,
                    "capability": gpu.compute_capability,
                    "last_branch": str(limit.last_branch),
                },
            )
        )
    return out


def _predates_gpu(ctx: Context) -> list[Finding]:
    """A driver older than the GPU's architecture does not drive it (an RTX 5090 on R560).

    Fail on a documented row; a row inferred from the CUDA toolkit alone is a warning.
    """
    d = ctx.snapshot.driver
    out = []
    for gpu in ctx.snapshot.gpus:
        check = driver_predates_arch(
            ctx.matrix, driver=d.version, capability=gpu.compute_capability, os_name=ctx.os
        )
        if check is None or check.row is None:
            continue
        row = check.row
        detail = (
            _(
                "The first NVIDIA driver branch for {family} GPUs (compute capability {cc}) "
                "is R{branch}; older drivers do not drive them at all."
            )
            if check.firm
            else _(
                "The first CUDA toolkit for {family} GPUs (compute capability {cc}) shipped "
                "with an R{branch} driver, so older drivers most likely do not drive them "
                "(inferred from the toolkit; NVIDIA's driver notes were not found)."
            )
        ).format(family=row.family, cc=row.cc, branch=row.first_branch)
        out.append(
            finding(
                code="driver-predates-gpu",
                status=Status.FAIL if check.firm else Status.WARN,
                area=Area.DRIVER,
                title=_("Driver {driver} is older than {gpu}").format(
                    driver=d.version, gpu=gpu.name
                ),
                detail=detail,
                fix=driver_install(ctx.snapshot, None, at_least=row.first_branch),
                sources=row.sources,
                facts={
                    "driver": d.version,
                    "gpu": gpu.name,
                    "capability": gpu.compute_capability,
                    "first_branch": str(row.first_branch),
                    "confidence": row.confidence,
                },
            )
        )
    return out


def _on_last_branch_fix(ctx: Context, branch: int) -> str:
    """Install the GPU's last branch, then the newest build that serves it on that branch."""
    lines = [driver_install(ctx.snapshot, branch)]
    up = ctx.advice().with_driver_upgrade
    if up is not None and ctx.advice().driver_limit is not None:
        installed = ctx.snapshot.torch.state is not TorchState.MISSING
        lines += [
            _("then:"),
            ctx.command_for(up, replace_installed=installed).display(ctx.os),
        ]
    return "\n".join(lines)


def _mismatch(version: str | None, module: str | None, error: str | None = None) -> Finding:
    detail = _(
        "The driver's user-space libraries were upgraded but the old kernel module is still "
        "loaded (often by an automatic update)."
    )
    if version and module:
        detail += sentence_gap() + _("Libraries: {lib}; loaded kernel module: {mod}.").format(
            lib=version, mod=module
        )
    return finding(
        code="driver-library-mismatch",
        status=Status.FAIL,
        area=Area.DRIVER,
        title=_("Driver/library version mismatch: a reboot is needed"),
        detail=detail,
        fix=_(
            "sudo reboot   # to stop automatic driver upgrades: sudo apt-mark hold 'nvidia-*' (Ubuntu/Debian)"
        ),
        facts={"library": version, "kernel_module": module, "error": error},
    )


__all__ = ["driver_findings"]
