"""Rules about a CUDA build of torch on this machine: driver vs the build's CUDA,
GPU arch vs the build's arch list, and why CUDA is unavailable."""

from __future__ import annotations

import re

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import Context, cuda_visibility, finding, visible_gpus
from envdoctor.analyse.rules.libraries import FORWARD_COMPAT_SOURCE, forward_compat_capable
from envdoctor.compat.arch import ArchCheck, arch_entries_from_variant, gpu_supported_by_build
from envdoctor.compat.builds import TorchBuild
from envdoctor.compat.commands import WSL2_CONVERT, driver_install
from envdoctor.compat.driver import (
    branch_of,
    driver_supports_cuda,
    native_cuda_of_driver,
    recommended_branch,
)
from envdoctor.compat.versions import (
    ComputeCapability,
    CudaVersion,
    DriverVersion,
    Verdict,
    cuda_tuple,
    parse_version,
)
from envdoctor.i18n import _, sentence_gap
from envdoctor.messages import DRIVER_FOUND_VERSION
from envdoctor.snapshot import DriverState


def ptx_predates_detail(check: ArchCheck) -> str:
    """Why PTX does not save a build older than the GPU's architecture (shared with pastes)."""
    return _(
        "Its only code for compute capability {cc} is PTX ({entry}), and the build's CUDA "
        "predates this architecture (it needs CUDA {need} or newer): the CUDA libraries the "
        "build bundles (cuBLAS, cuDNN) have no code for it, so PTX JIT does not make it run."
    ).format(cc=check.capability, entry=check.served_by, need=check.needs_cuda)


def driver_vs_build(ctx: Context, cuda: str, label: str) -> list[Finding]:
    d = ctx.snapshot.driver
    if d.state is not DriverState.OK:
        return []  # the driver finding already says what is wrong
    check = driver_supports_cuda(
        ctx.matrix, driver=d.version, driver_cuda=d.cuda_version, os_name=ctx.driver_os, cuda=cuda
    )
    facts = {"driver": d.version, "driver_cuda": d.cuda_version, "torch_cuda": cuda}
    if check.verdict is Verdict.OK:
        return []
    if check.verdict is Verdict.CAVEAT:
        return [
            finding(
                code="driver-minor-compat",
                status=Status.WARN,
                area=Area.TORCH,
                title=_(
                    "torch {version} (CUDA {cuda}) runs on driver {driver} through minor-version compatibility"
                ).format(version=label, cuda=cuda, driver=d.version),
                detail=_(
                    "NVIDIA guarantees CUDA {major}.x applications on drivers >= {floor} ({os}), with a "
                    "limited feature set: PTX built by a newer toolkit cannot be JIT-compiled."
                ).format(
                    major=cuda.split(".", maxsplit=1)[0],
                    floor=check.minor_min,
                    os=ctx.driver_os,
                )
                + (
                    sentence_gap()
                    + _("Native support for CUDA {cuda} needs driver {native} or newer.").format(
                        cuda=cuda, native=check.direct_min
                    )
                    if check.direct_min
                    else ""
                ),
                fix=_("Optional: upgrade the NVIDIA driver to {native} or newer.").format(
                    native=check.direct_min
                )
                if check.direct_min
                else _("Optional: upgrade the NVIDIA driver to the newest production branch."),
                sources=check.sources,
                facts=facts,
            )
        ]
    if check.verdict is Verdict.UNKNOWN:
        return [
            finding(
                code="driver-cuda-unknown",
                status=Status.WARN,
                area=Area.TORCH,
                title=_("Cannot tell whether driver {driver} runs CUDA {cuda} builds").format(
                    driver=d.version or _("(version unknown)"), cuda=cuda
                ),
                detail=_("The matrix has no rule for this combination ({reason}).").format(
                    reason=check.reason
                ),
                sources=check.sources,
                facts=facts,
            )
        ]
    need = check.minor_min or check.direct_min
    if ctx.snapshot.torch.cuda_available is True and forward_compat_capable(ctx.snapshot):
        # torch itself started CUDA with this build: on a data-center GPU that is forward
        # compatibility (a cuda-compat libcuda), which NVIDIA supports there. It works here;
        # the same build without that library (another image, the host) fails.
        return [
            finding(
                code="driver-forward-compat",
                status=Status.WARN,
                area=Area.TORCH,
                title=_(
                    "Driver {driver} is older than torch {version} (CUDA {cuda}) needs, but CUDA "
                    "works: forward compatibility"
                ).format(driver=d.version, version=label, cuda=cuda),
                detail=_(
                    "torch reports CUDA as available, so a forward-compatibility libcuda (the "
                    "cuda-compat package) serves CUDA {cuda} on this data-center GPU. Without it "
                    "(another container, the host) this build needs driver {need} or newer."
                ).format(cuda=cuda, need=need),
                fix=_("Optional: upgrade the NVIDIA driver to {native} or newer.").format(
                    native=check.direct_min or need
                ),
                sources=(*check.sources, FORWARD_COMPAT_SOURCE),
                facts=facts,
            )
        ]
    last = recommended_branch(ctx.matrix, tuple(g.compute_capability for g in ctx.snapshot.gpus))
    need_v = DriverVersion.parse(need)
    if last is not None and need_v is not None and branch_of(ctx.matrix, need_v) > last:
        # Every driver that runs this CUDA is past the GPU's last branch (a K80 and CUDA 12):
        # upgrading would lose the GPU, so only another torch build helps.
        fix_lines = [
            _(
                "No driver that runs CUDA {cuda} drives this GPU (R{branch} is its last driver "
                "branch); install a PyTorch build this driver runs:"
            ).format(cuda=cuda, branch=last),
            ctx.install_fix(replace_installed=True) or "",
        ]
    else:
        fix_lines = [
            _("Either upgrade the NVIDIA driver to {need} or newer:").format(need=need),
            driver_install(ctx.snapshot, last),
            _("or install a PyTorch build this driver runs:"),
            ctx.install_fix(replace_installed=True) or "",
        ]
    return [
        finding(
            code="driver-too-old",
            status=Status.FAIL,
            area=Area.TORCH,
            title=_(
                "Driver {driver} is too old for torch {version} (built with CUDA {cuda})"
            ).format(driver=d.version, version=label, cuda=cuda),
            detail=_(
                "CUDA {cuda} needs driver {need} or newer on {os} (NVIDIA minor-version "
                "compatibility floor for CUDA {major}.x); this driver supports CUDA {have}."
            ).format(
                cuda=cuda,
                need=need,
                os=ctx.driver_os,
                major=cuda.split(".", maxsplit=1)[0],
                have=d.cuda_version or native_cuda_of_driver(ctx.matrix, d.version) or _("unknown"),
            ),
            fix="\n".join(x for x in fix_lines if x),
            sources=check.sources,
            facts=facts,
        )
    ]


def arch_findings(ctx: Context, build: TorchBuild, label: str) -> list[Finding]:
    t = ctx.snapshot.torch
    arch_list = t.arch_list
    arch_from = "torch"
    variant = build.variant
    version = build.version
    conda_end = ctx.matrix.torch.last_for("conda")
    last_conda = parse_version(conda_end.last) if conda_end is not None else None
    conda = ctx.snapshot.python.env_kind == "conda" and (
        version is None or last_conda is None or version.release[:2] <= last_conda.release[:2]
    )
    x86 = (ctx.snapshot.system.machine or "x86_64").lower() in {"x86_64", "amd64"}
    if arch_list is None and variant is not None and not conda and x86:
        # Old conda builds (the pytorch channel, up to 2.5) used other arch lists than
        # the pip wheels, and the matrix's lists are the x86-64 ones (aarch64 SBSA wheels
        # are built for other GPUs), so the table judges only x86-64 pip wheels.
        arch_list = arch_entries_from_variant(variant, ctx.os)
        arch_from = "matrix"
    # Judge each GPU torch can see; fall back to the NVML inventory.
    devices = [(d.name, d.capability) for d in t.devices] or [
        (g.name, g.compute_capability) for g in visible_gpus(ctx.snapshot)
    ]
    out = []
    for name, cc in devices:
        check = gpu_supported_by_build(ctx.matrix, cc, arch_list, t.cuda)
        facts = {
            "gpu": name,
            "capability": cc,
            "arch_list": " ".join(arch_list or ()),
            "arch_from": arch_from,
        }
        srcs = tuple(variant.arch_sources) if arch_from == "matrix" and variant is not None else ()
        if check.verdict is Verdict.NO:
            parsed_cc = ComputeCapability.parse(cc)
            out.append(
                finding(
                    code="gpu-arch-unsupported",
                    status=Status.FAIL,
                    area=Area.TORCH,
                    title=_("torch {version} has no kernels for {gpu} (sm_{sm})").format(
                        version=label, gpu=name, sm=(cc or "").replace(".", "")
                    ),
                    detail=(
                        ptx_predates_detail(check)
                        if check.reason == "ptx-predates-arch"
                        else _(
                            "The build ships code for {arch}; a GPU of compute capability {cc} needs "
                            "native code of the same major version (sm_{major}x with x <= {minor}) or "
                            "PTX for an older capability. torch.cuda.is_available() may still say "
                            "True, but every kernel fails with 'no kernel image is available for "
                            "execution on the device'."
                        ).format(
                            arch=" ".join(arch_list or ()),
                            cc=cc,
                            major=parsed_cc.major if parsed_cc is not None else "?",
                            minor=parsed_cc.minor if parsed_cc is not None else "?",
                        )
                    ),
                    fix=ctx.install_fix(replace_installed=True),
                    sources=srcs + check.sources + ctx.advice_sources(),
                    facts=facts,
                )
            )
        elif check.verdict is Verdict.CAVEAT and _ptx_too_new(ctx, t.cuda):
            out.append(
                finding(
                    code="gpu-arch-unsupported",
                    status=Status.FAIL,
                    area=Area.TORCH,
                    title=_(
                        "{gpu} needs PTX JIT ({entry}), which driver {driver} cannot do for a CUDA {cuda} build"
                    ).format(
                        gpu=name,
                        entry=check.served_by,
                        driver=ctx.snapshot.driver.version,
                        cuda=t.cuda,
                    ),
                    detail=_(
                        "The build has no native code for compute capability {cc}; its PTX was made by "
                        "CUDA {cuda}, newer than this driver supports ({have}), and a driver cannot "
                        "JIT-compile PTX from a newer toolkit (this is where minor-version "
                        "compatibility ends: 'the provided PTX was compiled with an unsupported toolchain')."
                    ).format(cc=cc, cuda=t.cuda, have=ctx.driver_cuda() or _("unknown")),
                    fix=ctx.install_fix(replace_installed=True),
                    sources=(*srcs, "NV_MINOR_COMPAT", "NVBANDWIDTH_61"),
                    facts=facts,
                )
            )
        elif check.verdict is Verdict.CAVEAT:
            out.append(
                finding(
                    code="gpu-arch-ptx-jit",
                    status=Status.WARN,
                    area=Area.TORCH,
                    title=_("{gpu} runs torch {version} only through PTX JIT ({entry})").format(
                        gpu=name, version=label, entry=check.served_by
                    ),
                    detail=_(
                        "No native code for compute capability {cc}: the driver compiles PTX at first "
                        "use (slow start, and it fails if the PTX is newer than the driver understands)."
                    ).format(cc=cc),
                    sources=srcs,
                    facts=facts,
                )
            )
        elif check.verdict is Verdict.UNKNOWN:
            out.append(
                finding(
                    code="gpu-arch-unknown",
                    status=Status.WARN,
                    area=Area.TORCH,
                    title=_("Cannot tell whether torch {version} has kernels for {gpu}").format(
                        version=label, gpu=name
                    ),
                    detail=_(
                        "The compute capability or the build's arch list is unknown ({reason})."
                    ).format(reason=check.reason),
                    facts=facts,
                )
            )
    return out


def _ptx_too_new(ctx: Context, build_cuda: str | None) -> bool:
    """PTX from CUDA X.Y JIT-compiles only on a driver that supports X.Y natively."""
    have = cuda_tuple(ctx.driver_cuda())
    want = cuda_tuple(build_cuda)
    return have is not None and want is not None and have < want


def availability(ctx: Context, driver_problem: list[Finding]) -> list[Finding]:
    t = ctx.snapshot.torch
    if t.cuda_available is not False:
        return []
    if (
        ctx.snapshot.system.wsl == 1
        and t.cuda
        and not any(f.code == "no-driver" for f in driver_problem)
    ):
        # WSL 1 gives Linux no GPU at all, whatever the Windows driver: nothing else to check.
        return [
            finding(
                code="cuda-unavailable",
                status=Status.FAIL,
                area=Area.TORCH,
                title=_(
                    "torch.cuda.is_available() is False: this is WSL 1, which has no GPU support"
                ),
                detail=_(
                    "WSL 1 runs Linux programs without a Linux kernel, so CUDA cannot reach the GPU; "
                    "only WSL 2 passes the Windows driver's GPU through."
                ),
                fix=_("WSL 1: {convert}; then keep only the Windows NVIDIA driver.").format(
                    convert=_(WSL2_CONVERT)
                ),
            )
        ]
    if any(f.code == "driver-too-old" for f in driver_problem):
        return []
    if ctx.snapshot.driver.state is not DriverState.OK or ctx.gpu_present is False:
        return []  # the driver/no-gpu finding explains it
    vis = cuda_visibility(ctx.snapshot.environment.get("CUDA_VISIBLE_DEVICES"), ctx.snapshot.gpus)
    if vis.hidden_all:
        return []  # gpus-hidden explains it
    text = " ".join([*t.cuda_warnings, t.cuda_error or ""]).strip()
    reason, fix = _explain_unavailable(ctx, text)
    return [
        finding(
            code="cuda-unavailable",
            status=Status.FAIL,
            area=Area.TORCH,
            title=_("torch.cuda.is_available() is False although the driver sees the GPU"),
            detail=reason + (("\n" + _("PyTorch said: {text}").format(text=text)) if text else ""),
            fix=fix,
            facts={"message": text or None},
        )
    ]


def _explain_unavailable(ctx: Context, text: str) -> tuple[str, str | None]:
    from envdoctor.explain.cuda_errors import by_number  # CUDA's texts: only when it failed

    low = text.lower()

    def cuda_says(number: int) -> bool:
        row = by_number(number)
        texts = row.texts if row is not None else ()
        return f"error {number}" in low or any(t.lower() in low for t in texts)

    m = re.search(DRIVER_FOUND_VERSION, text, re.IGNORECASE)
    if m:
        found = int(m.group("found"))
        return (
            _("The driver's CUDA version ({cuda}) is older than the build's.").format(
                cuda=CudaVersion.from_int(found) or found
            ),
            ctx.install_fix(replace_installed=True),
        )
    if cuda_says(804):
        return (
            _(
                "CUDA forward-compatibility libraries (cuda-compat) are active on a GPU that does not support them."
            ),
            _("Remove the cuda-compat package or its directory from LD_LIBRARY_PATH."),
        )
    if cuda_says(802):
        return (
            _("On NVSwitch systems (HGX/DGX) CUDA needs the NVIDIA Fabric Manager running."),
            _(
                "sudo systemctl enable --now nvidia-fabricmanager   # version must equal the driver's"
            ),
        )
    if ctx.snapshot.system.wsl:
        return (
            _(
                "Under WSL the GPU comes through /usr/lib/wsl/lib; a Linux driver installed inside the distro breaks it."
            ),
            _(
                "Remove any nvidia-driver package inside WSL, keep only the Windows driver, then `wsl --shutdown`."
            ),
        )
    if ctx.snapshot.system.container:
        return (
            _("The container can see the driver library but not a usable GPU device."),
            _("Start the container with `--gpus all` (NVIDIA Container Toolkit)."),
        )
    return (
        _("CUDA initialisation failed for a reason PyTorch did not spell out."),
        _('Run `nvidia-smi` and `python -c "import torch; torch.cuda.init()"` to see the error.'),
    )


__all__ = ["arch_findings", "availability", "driver_vs_build", "ptx_predates_detail"]
