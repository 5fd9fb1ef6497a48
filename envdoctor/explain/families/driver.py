"""The driver is older than the CUDA the program needs, in every form the message takes.

All driver facts (which CUDA a branch runs, the floors, the builds a driver runs) come
from the matrix through `envdoctor.explain.knowledge`; when the facts of the report show
that the driver does run the build, the error is said to come from elsewhere instead of
advising a driver change.
"""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.compat.driver import driver_limit
from envdoctor.explain import cuda_errors
from envdoctor.explain.decode import CudaVersion, decode_cuda_api_version
from envdoctor.explain.driver_steps import contradiction, elsewhere_steps
from envdoctor.explain.families.driver_programs import driver_number, warp_driver
from envdoctor.explain.knowledge import (
    branch_of_cuda,
    builds_for_driver,
    driver_floor_step,
    driver_runs,
    minor_floor,
    native_cuda,
    next_branch,
    suggest,
)
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    CHECK_DRIVER,
    CHECK_TORCH,
    driver_facts,
    other_runtime,
    torch_pinning_app,
)
from envdoctor.i18n import N_, _

FAMILY = Family("driver")


def floors_text(ctx: Context, above: CudaVersion | None) -> str:
    """'CUDA 12.x builds need 525.60.13 or newer (528.33 on Windows); ...' from the matrix."""
    parts = []
    for rule in sorted(ctx.matrix.cuda.minor_version_compat, key=lambda r: r.major):
        if above is not None and rule.major < above.major:
            continue
        linux = minor_floor(ctx.matrix, rule.major, "linux")
        windows = minor_floor(ctx.matrix, rule.major, "windows")
        if linux and windows:
            parts.append(
                _("CUDA {major}.x builds need {linux} or newer ({windows} on Windows)").format(
                    major=rule.major, linux=linux, windows=windows
                )
            )
    return "; ".join(parts)


def keep_driver_steps(ctx: Context, driver_cuda: CudaVersion) -> list[str]:
    """Install a build this driver runs: the families and the exact command, from the matrix.
    Under an app that pins its torch (vLLM), the app's build for this CUDA instead."""
    app = torch_pinning_app(ctx)
    if app is not None:
        return [
            _(
                "Or keep the driver and use a {app} release built for CUDA {major}.x (with the "
                "torch it pins); installing torch alone under {app} breaks it."
            ).format(app=app, major=driver_cuda.major)
        ]
    steps = [
        _("Or keep the driver and install a build it runs: {builds}.").format(
            builds=builds_for_driver(ctx.matrix, ctx.known, driver_cuda)
        )
    ]
    build = suggest(ctx.matrix, ctx.known, mirror=ctx.mirror, driver_cuda=driver_cuda)
    if build is not None:
        steps.append(build.command)
    return steps


def limit_step(ctx: Context, k: Known) -> str | None:
    """Old GPUs cannot take a newer driver: say which branch is their last (from the matrix)."""
    for gpu in k.gpus:
        if gpu.capability is None:
            continue
        limit = driver_limit(ctx.matrix, f"{gpu.capability[0]}.{gpu.capability[1]}")
        if limit is None:
            continue
        cuda = native_cuda(ctx.matrix, str(limit.last_branch))
        text = _(
            "Your {gpu} cannot use drivers newer than the R{branch} branch: install a build "
            "that branch runs instead of upgrading the driver."
        ).format(gpu=gpu.name, branch=limit.last_branch)
        build = suggest(ctx.matrix, k, mirror=ctx.mirror, driver_cuda=cuda) if cuda else None
        return text + (f" {build.command}" if build else "")
    return None


@FAMILY.entry(
    code="cuda-driver-insufficient",
    finding_code="driver-too-old",
    keywords=(
        *cuda_errors.keywords("cuda-driver-insufficient"),
        "driver is too old or missing",
        "is not supported by your driver",
        "not compatible with any supported cuda toolkit",
        "insufficient cuda driver",
        "minimum required cuda driver version",
        ", expected at least",
        "graphics driver is unsupported",
    ),
    title=N_("CUDA driver older than the CUDA runtime"),
    patterns=(
        *cuda_errors.patterns("cuda-driver-insufficient"),
        # Ollama's own words when its bundled cudart will not load on this driver.
        rx(r"your nvidia driver is too old or missing"),
        # Julia's CUDAnative / CUDA.jl: the driver's CUDA against the toolkits they support.
        rx(
            r"CUDA (?P<want>\d+\.\d+) is not supported by your driver \(which supports up to "
            r"(?P<have>\d+\.\d+)\)"
        ),
        rx(
            r"CUDA driver (?P<have>\d+\.\d+)(?:\.\d+)? is not compatible with any supported "
            r"CUDA toolkit(?: \((?P<want>\d+\.\d+))?"
        ),
        # ethminer's check, with cuDriverGetVersion's number (9010 = CUDA 9.1).
        rx(r"Insufficient CUDA driver:? (?P<drvnum>\d{4,5})\b"),
        # Isaac Gym's check (4DVLab/DexGrasp-Anything#5): "CUDA driver version is 11020,
        # expected at least 11040" (cuDriverGetVersion's numbers).
        rx(r"CUDA driver version is (?P<drvnum>\d{4,5}), expected at least (?P<drvneed>\d{4,5})"),
        # Omniverse Kit's RTX renderer (gpu.foundation): the driver itself below its minimum.
        rx(
            r"installed NVIDIA graphics driver is unsupported or has known issues\..{0,200}?"
            r"Installed driver: (?P<rtx_have>\d{3}(?:\.\d{1,3}){0,2})(?: The unsupported driver "
            r"range: \[[\d.]+, (?P<rtx_need>\d{3}(?:\.\d{1,3}){0,2})\))?"
        ),
        # NVIDIA Warp (warp/_src/context.py at 9934a4eb2; its installation guide quotes it):
        # the warning, and the greeting line "CUDA Toolkit 12.8, Driver 11.8 (insufficient
        # CUDA driver version!)". Both versions are CUDA versions (cuDriverGetVersion's).
        rx(
            r"The minimum required CUDA driver version is (?P<warp_need>\d{1,2}\.\d{1,2}), but "
            r"the installed CUDA driver version is (?P<warp_have>\d{1,2}\.\d{1,2})"
        ),
        rx(
            r"CUDA Toolkit (?P<warp_toolkit>\d{1,2})\.\d{1,2}, Driver (?P<warp_have>\d{1,2}\.\d{1,2}) "
            r"\(insufficient CUDA driver version!\)"
        ),
    ),
    # PyTorch's own words for it ("driver ... is too old (found version N)") say more.
    defers_to=frozenset({"driver-too-old"}),
)
def advise_insufficient(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    row = cuda_errors.row_of(m, "cuda-driver-insufficient")
    if row is not None and row.code == "cuda-call-requires-newer-driver":
        return _advise_call_needs_newer_driver(ctx)
    cause = _(
        "The CUDA runtime the program uses (bundled in the PyTorch wheel, the container "
        "image or the application) is newer than your NVIDIA driver supports. Every CUDA "
        "release needs a minimum driver version. CUDA says the same when there is no NVIDIA "
        "driver at all (a machine with only an Intel/AMD GPU, or none)."
    )
    elsewhere = contradiction(ctx)
    if elsewhere:
        return Advice(
            cause + sep() + elsewhere,
            elsewhere_steps(),
            driver_facts(k),
            used_local_facts=True,
            contradiction=elsewhere,
        )
    fix: list[str] = []
    if m.groupdict().get("warp_have"):
        return warp_driver(m, ctx)
    if m.groupdict().get("drvnum") or m.groupdict().get("rtx_have"):
        return driver_number(m, ctx, cause)
    if k.driver_cuda and k.torch_cuda:
        cause += sep() + _(
            "Here the driver {driver} supports CUDA up to {dcuda}, and PyTorch was built "
            "for CUDA {tcuda}."
        ).format(driver=k.driver_version or "?", dcuda=k.driver_cuda, tcuda=k.torch_cuda)
        if driver_runs(ctx.matrix, k, k.torch_cuda) is False:
            step = driver_floor_step(ctx.matrix, k.torch_cuda, k)
            if step:
                fix.append(step)
        build = suggest(ctx.matrix, k, mirror=ctx.mirror)
        if build:
            fix.append(_("Or install a build this driver runs: {cmd}").format(cmd=build.command))
    elif (runtime := other_runtime(ctx)) is not None:
        cause += sep() + _("The failing program is {runtime}, not PyTorch.").format(runtime=runtime)
        fix.append(_(CHECK_DRIVER))
        fix.append(
            _(
                "Upgrade the driver to one whose CUDA version is at least the one {runtime} "
                "was built for, or install the {runtime} release built for the CUDA version "
                "the driver shows (its install page lists them)."
            ).format(runtime=runtime)
        )
    else:
        fix.append(_(CHECK_DRIVER))
        fix.append(_(CHECK_TORCH))
        fix.append(
            _(
                "Upgrade the driver to one whose CUDA version is at least the build's, or "
                "install a PyTorch build for the CUDA version the driver shows."
            )
        )
    container_step = _(
        "In a container: the image's CUDA must not be newer than the host driver allows, "
        "and the container needs the GPU (`docker run --gpus all`, NVIDIA Container "
        "Toolkit); without the host's driver libraries CUDA reports this same error."
    )
    if k.container or ctx.has("docker", "podman", "kubernetes", "unraid"):
        # A container started without GPU access has no libcuda at all: CUDA's words are
        # the same as for an old driver, and the host's driver may be new enough.
        cause += sep() + _(
            "It runs in a container: one started without GPU access has no driver library "
            "at all, and CUDA reports exactly this, however new the host's driver is."
        )
        fix.insert(0, container_step)
    else:
        fix.append(container_step)
    fix.append(
        _(
            "No NVIDIA GPU in this machine (`nvidia-smi` not found, only Intel/AMD graphics)? "
            "Then no driver upgrade helps: run on the CPU, or use a machine with an NVIDIA GPU."
        )
    )
    return Advice(cause, tuple(fix), driver_facts(k), used_local_facts=k.local)


def _advise_call_needs_newer_driver(ctx: Context) -> Advice:
    """cudaErrorCallRequiresNewerDriver (36): one API of a newer CUDA on an older driver."""
    k = ctx.known
    facts = driver_facts(k)
    facts.update(cuda_errors.error_facts(cuda_errors.by_number(36)))
    cause = _(
        "The program uses a CUDA function that the installed NVIDIA driver does not "
        "provide yet: the CUDA runtime is newer than the driver (minor-version "
        "compatibility lets it start, but features of the newer CUDA still need a newer "
        "driver)."
    )
    if k.driver_cuda and k.torch_cuda:
        cause += sep() + _(
            "Here the driver {driver} supports CUDA up to {dcuda}, and PyTorch was built "
            "for CUDA {tcuda}."
        ).format(driver=k.driver_version or "?", dcuda=k.driver_cuda, tcuda=k.torch_cuda)
    fix: list[str] = [_(CHECK_DRIVER)]
    step = driver_floor_step(ctx.matrix, k.torch_cuda, k) if k.torch_cuda else None
    branch = branch_of_cuda(ctx.matrix, k.torch_cuda) if k.torch_cuda else None
    if branch:
        fix.append(
            _(
                "Upgrade the NVIDIA driver to the R{branch} branch or newer (it runs CUDA "
                "{cuda} natively)."
            ).format(branch=branch, cuda=k.torch_cuda)
        )
    elif step:
        fix.append(step)
    else:
        fix.append(
            _(
                "Upgrade the NVIDIA driver to one whose 'CUDA Version' in `nvidia-smi` is at "
                "least the CUDA of the failing program or container image."
            )
        )
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(_("Or install a build this driver runs: {cmd}").format(cmd=build.command))
    return Advice(
        cause,
        tuple(fix),
        facts,
        code="cuda-call-requires-newer-driver",
        title=_("CUDA function needs a newer driver"),
        key="36",
        used_local_facts=k.local,
    )


@FAMILY.entry(
    code="driver-too-old",
    finding_code="driver-too-old",
    keywords=(msg.DRIVER_TOO_OLD_ANCHOR, "compiled with your version of the cuda driver"),
    title=N_("NVIDIA driver too old for this PyTorch build"),
    patterns=(
        rx("The " + msg.DRIVER_TOO_OLD + msg.DRIVER_FOUND_VERSION),
        # The same message quoted without its number (an issue title, a first line).
        rx("The " + msg.DRIVER_TOO_OLD + r"(?! \(found)"),
        # Its last sentence alone (the paste cut above it; only this message says it).
        rx(
            r"a PyTorch version that has been compiled with your version of the CUDA driver(?P<tail>)"
        ),
    ),
    specificity=3,
)
def _advise_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    written = m.groupdict().get("found")
    number = int(written) if written else None
    found = decode_cuda_api_version(number) if number is not None else None
    facts: dict[str, object] = {"found_version": number} if number is not None else {}
    fix: list[str] = []
    if number is None:
        cause = _(
            "PyTorch found an NVIDIA driver older than the CUDA version it was built for "
            "(the message's number, cut off here, is the newest CUDA the driver supports)."
        )
        fix.append(_(CHECK_DRIVER))
    elif found is None:
        cause = _("PyTorch found an NVIDIA driver older than the CUDA version it was built for.")
    else:
        branch = branch_of_cuda(ctx.matrix, found)
        facts["driver_max_cuda"] = str(found)
        after = next_branch(ctx.matrix, branch) if branch else None
        if branch and after:
            # Every branch up to the next CUDA's first one reports the same number
            # (R418 to R435 all say 10.1), so the number gives a span, not one branch.
            facts["driver_branch"] = f"R{branch}"
            facts["driver_branch_before"] = f"R{after}"
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}: a driver from the R{branch} branch up to, not including, "
                "R{after}. This PyTorch build needs a newer CUDA than that."
            ).format(number=number, cuda=found, branch=branch, after=after)
        elif branch:
            facts["driver_branch"] = f"R{branch}"
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}: a driver of the R{branch} branch. This PyTorch build "
                "needs a newer CUDA than that."
            ).format(number=number, cuda=found, branch=branch)
        else:
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}. This PyTorch build needs a newer CUDA than that."
            ).format(number=number, cuda=found)
    if k.torch_cuda:
        facts["torch_cuda"] = str(k.torch_cuda)
    if k.local and k.driver_version:
        facts["driver_version"] = k.driver_version
    elsewhere = contradiction(ctx)
    if elsewhere:
        return Advice(
            cause + sep() + elsewhere,
            elsewhere_steps(),
            facts,
            used_local_facts=True,
            contradiction=elsewhere,
        )
    if k.torch_cuda:
        cause += sep() + _("Your PyTorch build uses CUDA {tcuda}.").format(tcuda=k.torch_cuda)
        step = driver_floor_step(ctx.matrix, k.torch_cuda, k)
        if step:
            fix.append(step)
    else:
        fix.append(_(CHECK_TORCH))
        floors = floors_text(ctx, found)
        if floors:
            fix.append(_("Upgrade the NVIDIA driver: {floors}.").format(floors=floors))
    if k.local and k.driver_version and k.driver_cuda and found and k.driver_cuda != found:
        cause += sep() + _(
            "This machine's driver is {driver} (CUDA {dcuda}), not the one in the "
            "message: the error came from another machine or an older driver."
        ).format(driver=k.driver_version, dcuda=k.driver_cuda)
    limit = limit_step(ctx, k)
    if limit:
        fix.append(limit)
    if found is not None:
        fix.extend(keep_driver_steps(ctx, found))
    elif number is None:
        fix.append(
            _(
                "Or keep the driver and install a PyTorch build for the CUDA version "
                "`nvidia-smi` shows (`envdoctor install` picks it for this machine)."
            )
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="driver-api-missing",
    finding_code="driver-too-old",
    keywords=("undefined symbol: cu",),
    title=N_("Driver library older than the code needs (undefined cu* symbol)"),
    # Driver API functions are cuXxx (capital after 'cu'); cuda*/cublas*/cudnn* are other
    # libraries and are left to their own entries.
    patterns=(rx(r"(?-i:undefined symbol: (?P<sym>cu[A-Z]\w{2,60}))"),),
)
def _advise_driver_api(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    symbol = m.group("sym")
    facts: dict[str, object] = {"symbol": symbol}
    facts.update(driver_facts(k))
    cause = _(
        "{symbol} is a function of the CUDA driver API, exported by libcuda.so, which comes "
        "with the NVIDIA driver. The code was built against a newer CUDA than the loaded "
        "libcuda provides (a prebuilt kernel package or binding made for a newer driver), "
        "or a stub/other copy of libcuda was loaded instead of the driver's."
    ).format(symbol=symbol)
    fix: list[str] = [_(CHECK_DRIVER)]
    if k.driver_cuda:
        cause += sep() + _("The driver here supports CUDA up to {dcuda}.").format(
            dcuda=k.driver_cuda
        )
    fix.append(
        _(
            "Upgrade the NVIDIA driver to the newest branch your GPU supports, or install "
            "a build of the failing package made for the CUDA version `nvidia-smi` shows."
        )
    )
    fix.append(
        _(
            "Check which libcuda is loaded: `ldconfig -p | grep libcuda` and LD_LIBRARY_PATH "
            "(a …/stubs or /usr/local/cuda/compat folder there shadows the driver's)."
        )
    )
    return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)


@FAMILY.entry(
    code="ptx-unsupported-toolchain",
    keywords=("ptx", *cuda_errors.keywords("ptx-unsupported-toolchain")),
    title=N_("PTX from a newer CUDA than the driver"),
    patterns=(
        *cuda_errors.patterns("ptx-unsupported-toolchain"),
        rx(r"provided PTX was comp?l?iled with an unsupported toolchain"),
    ),
)
def _advise_ptx(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = driver_facts(k)
    cause = _(
        "The program contains PTX (portable GPU code) made by a newer CUDA toolkit than "
        "your driver knows, and no compiled code for your GPU. A driver can only "
        "JIT-compile PTX from its own CUDA version or older; minor-version compatibility "
        "does not cover this."
    )
    fix: list[str] = []
    local = [v for v in (k.nvcc, k.torch_cuda) if v is not None]
    if k.nvcc is not None:
        facts["nvcc_cuda"] = str(k.nvcc)
    dcuda = k.driver_cuda
    newer = [v for v in local if dcuda is None or (v.major, v.minor) > (dcuda.major, dcuda.minor)]
    if newer and dcuda is not None:
        top = max(newer, key=lambda v: (v.major, v.minor))
        facts["code_cuda"] = str(top)
        cause += sep() + _(
            "Here the code comes from CUDA {newer}, and the driver supports up to {dcuda}."
        ).format(newer=top, dcuda=dcuda)
        branch = branch_of_cuda(ctx.matrix, top)
        if branch:
            fix.append(
                _("Upgrade the driver to the R{branch} branch (CUDA {newer}) or newer.").format(
                    branch=branch, newer=top
                )
            )
    elif local and dcuda is not None:
        cause += sep() + _(
            "The CUDA here ({local}) is not newer than the driver's ({dcuda}), so the PTX "
            "comes from a prebuilt binary (a wheel or library built with a newer CUDA)."
        ).format(local=", ".join(str(v) for v in local), dcuda=dcuda)
        fix.append(
            _(
                "Rebuild that library from source with your local toolkit, or install a "
                "build of it made for CUDA {dcuda} or older."
            ).format(dcuda=dcuda)
        )
    if not fix:
        fix.append(
            _("Upgrade the NVIDIA driver to one whose CUDA version is at least the toolkit's.")
        )
    fix.append(
        _(
            "Or compile with a toolkit no newer than the driver's CUDA version, and with "
            "real code for your GPU (e.g. -arch=sm_86 / TORCH_CUDA_ARCH_LIST) so no JIT is "
            "needed."
        )
    )
    fix.append(_("In containers: use an image whose CUDA is not newer than the host driver's."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = [
    "FAMILY",
    "advise_insufficient",
    "contradiction",
    "elsewhere_steps",
    "keep_driver_steps",
]
