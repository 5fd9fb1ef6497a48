"""For PyTorch-family wheels: does the build's CUDA variant fit the target's driver and GPUs?

All rules come from envdoctor.compat and the matrix; this module only applies
them to a wheel's name and words the answer. Missing facts give UNKNOWN, never OK.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import Version

from envdoctor.compat.arch import (
    ArchCheck,
    arch_entries_from_variant,
    gpu_supported_by_build,
    ptx_blocked,
)
from envdoctor.compat.builds import identify_torch
from envdoctor.compat.commands import TORCH_INDEX
from envdoctor.compat.driver import (
    driver_supports_cuda,
    min_driver_branch_for,
)
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import CudaVersion, Verdict, cuda_tuple, parse_version
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix, Release, Variant
from envdoctor.wheelcheck.driver_span import (
    firm_predates,
    limits_passed,
    past_last_branch,
    predates_gpu,
    resolve_capability,
)
from envdoctor.wheelcheck.model import Problem, Severity, Status, status_of
from envdoctor.wheelcheck.names import WheelName, describe_platform
from envdoctor.wheelcheck.target import GpuSide, Target

TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio"})
INDEX_URL = TORCH_INDEX + "/{variant}/{project}/"  # the core's PyTorch index
_BROKEN_DRIVER = {"no-driver", "not-loaded", "library-mismatch", "no-permission", "error"}


@dataclass(frozen=True)
class GpuFit:
    status: Status
    problems: tuple[Problem, ...]
    variant: str | None  # the build the wheel is: "cu128", "cpu", "rocm6.4"
    better_variant: str | None = None  # a build of the same release that fits, if any
    release: Release | None = None


def cuda_of_local(local: str | None) -> str | None:
    """'cu128' -> '12.8', 'cu118' -> '11.8', 'cu92' -> '9.2'; None for cpu/rocm/other."""
    cuda = CudaVersion.parse(local) if (local or "").startswith("cu") else None
    return str(cuda) if cuda is not None else None


def index_url(variant: str, project: str = "torch") -> str:
    return INDEX_URL.format(variant=variant, project=project)


def _os_key(target: Target) -> str:
    os_ = target.os
    return os_ if os_ in {"linux", "windows", "macos"} else "linux"


def _variant_name(wheel: WheelName, release: Release | None) -> str | None:
    """The build a wheel is: its local tag, or for a plain index wheel the release's default."""
    if wheel.local:
        return wheel.local.split(".")[0] if wheel.local.startswith("cu") else wheel.local
    if release is None:
        return None
    plat = describe_platform(wheel.platform_part.split(".")[0])
    # The matrix records the plain-index default for x86_64 Linux only.
    linux_key = "linux-x86_64" if plat.arch == "x86_64" else None
    key = linux_key if plat.os == "linux" else plat.os
    return release.default_variant.get(key) if key else None


def _driver_verdict(matrix: Matrix, gpu: GpuSide, os_name: str, cuda: str) -> Verdict | None:
    if gpu.driver is None and gpu.driver_cuda is None:
        return None
    return driver_supports_cuda(
        matrix,
        driver=gpu.driver,
        driver_cuda=gpu.driver_cuda,
        os_name=gpu.driver_os or os_name,
        cuda=cuda,
    ).verdict


def _gpu_checks(matrix: Matrix, gpu: GpuSide, variant: Variant, os_name: str) -> list[ArchCheck]:
    arch = arch_entries_from_variant(variant, os_name)
    return [
        gpu_supported_by_build(
            matrix, resolve_capability(matrix, g.name, g.capability), arch, variant.cuda
        )
        for g in gpu.gpus
    ]


def find_better_variant(
    matrix: Matrix, release: Release, gpu: GpuSide, os_name: str, current: str | None
) -> Variant | None:
    """The CUDA build of `release` that fits the driver and every GPU best (native over caveat)."""
    if past_last_branch(matrix, gpu) or firm_predates(matrix, gpu, os_name):
        return None  # the driver does not drive the GPU: no build fits until it changes
    best: tuple[tuple[int, int, tuple[int, int]], Variant] | None = None
    for variant in release.variants:
        if variant.cuda is None or variant.name == current or not variant.built_for(os_name):
            continue  # only builds that exist for the target's OS (none with CUDA on macOS)
        driver = _driver_verdict(matrix, gpu, os_name, variant.cuda)
        if driver not in {Verdict.OK, Verdict.CAVEAT}:
            continue
        checks = _gpu_checks(matrix, gpu, variant, os_name)
        gpus = [c.verdict for c in checks]
        if not gpus or any(v not in {Verdict.OK, Verdict.CAVEAT} for v in gpus):
            continue
        if ptx_blocked(checks, driver):
            continue  # minor-version compatibility cannot JIT the PTX these GPUs need
        score = (
            int(driver is Verdict.OK),
            int(all(v is Verdict.OK for v in gpus)),
            cuda_tuple(variant.cuda) or (0, 0),
        )
        if best is None or score > best[0]:
            best = (score, variant)
    return best[1] if best else None


def _release_key(release: Release) -> Version:
    return parse_version(release.newest) or Version("0")


def release_for_python(matrix: Matrix, target: Target) -> Release | None:
    """The newest torch release with wheels for the target's Python."""
    if target.python_version is None:
        return None
    py = "{}.{}".format(*target.python_version)
    fits = [r for r in matrix.torch.releases if python_supported(r, py) is Verdict.OK]
    return max(fits, key=_release_key, default=None)


def newest_fitting_build(
    matrix: Matrix, target: Target, gpu: GpuSide, os_name: str
) -> tuple[Release, Variant] | None:
    """The newest release (with wheels for the target's Python) that has a build fitting the GPU."""
    if target.python_version is None:
        return None
    py = "{}.{}".format(*target.python_version)
    releases = sorted(
        (r for r in matrix.torch.releases if python_supported(r, py) is Verdict.OK),
        key=_release_key,
        reverse=True,
    )
    for release in releases:
        variant = find_better_variant(matrix, release, gpu, os_name, None)
        if variant is not None:
            return release, variant
    return None


def check_gpu_fit(wheel: WheelName, target: Target, gpu: GpuSide, matrix: Matrix) -> GpuFit | None:
    """None when the wheel is not a torch-family build (nothing GPU-specific to check)."""
    is_torch = wheel.canonical == "torch"
    if wheel.canonical not in TORCH_FAMILY and not cuda_of_local(wheel.local):
        return None
    os_name = _os_key(target)
    release = identify_torch(matrix, wheel.version, None, os_name).release if is_torch else None
    name = _variant_name(wheel, release)
    problems: list[Problem] = []
    if name is None:
        if is_torch and release is None:
            problems.append(
                Problem(
                    "release-unknown",
                    Severity.UNKNOWN,
                    _(
                        "torch {version} is not in envdoctor's matrix; its GPU fit "
                        "could not be checked"
                    ).format(version=wheel.version),
                )
            )
        else:
            problems.append(
                Problem(
                    "variant-unknown",
                    Severity.UNKNOWN,
                    _("which CUDA build this wheel is could not be told from its name"),
                )
            )
        return GpuFit(status_of(problems), tuple(problems), None, None, release)
    have_gpus = bool(gpu.gpus)
    if name == "cpu":
        if have_gpus:
            problems.append(
                Problem(
                    "cpu-build",
                    Severity.WARNING,
                    _(
                        "this is a CPU-only build: it installs, but PyTorch will not "
                        "use your NVIDIA GPU"
                    ),
                )
            )
        better = (
            find_better_variant(matrix, release, gpu, os_name, name)
            if release and have_gpus
            else None
        )
        return GpuFit(
            status_of(problems), tuple(problems), name, better.name if better else None, release
        )
    if name.startswith("rocm"):
        if have_gpus:
            problems.append(
                Problem(
                    "rocm-build",
                    Severity.ERROR,
                    _("this is a ROCm build for AMD GPUs; it will not use your NVIDIA GPU"),
                )
            )
        else:
            problems.append(
                Problem(
                    "rocm-build",
                    Severity.INFO,
                    _("this is a ROCm build: it needs an AMD GPU with ROCm"),
                )
            )
        better = (
            find_better_variant(matrix, release, gpu, os_name, name)
            if release and have_gpus
            else None
        )
        return GpuFit(
            status_of(problems), tuple(problems), name, better.name if better else None, release
        )
    variant = release.variant(name) if release else None
    cuda = variant.cuda if variant and variant.cuda else cuda_of_local(name)
    if cuda is None:
        problems.append(
            Problem(
                "variant-unknown",
                Severity.UNKNOWN,
                _(
                    "the build {variant} is not one envdoctor knows; its GPU fit "
                    "could not be checked"
                ).format(variant=name),
            )
        )
        return GpuFit(status_of(problems), tuple(problems), name, None, release)
    problems += _driver_problems(matrix, gpu, os_name, cuda, name)
    problems += past_last_branch(matrix, gpu)
    problems += predates_gpu(matrix, gpu, os_name)
    if is_torch:
        problems += _gpu_problems(matrix, gpu, variant, os_name, name)
        codes = {p.code for p in problems}
        if {"driver-minor-compat", "gpu-ptx-jit"} <= codes:
            # The same rule as install's: minor-version compatibility cannot JIT PTX.
            problems.append(
                Problem(
                    "ptx-needs-native-driver",
                    Severity.ERROR,
                    _(
                        "the GPU needs the build's PTX compiled at run time, which a driver "
                        "running CUDA {cuda} only through minor-version compatibility cannot "
                        "do: no kernels"
                    ).format(cuda=cuda),
                )
            )
    else:
        problems.append(
            Problem(
                "gpu-follows-torch",
                Severity.INFO,
                _(
                    "{project} runs on the GPUs its matching torch build supports; "
                    "check that torch wheel too"
                ).format(project=wheel.project),
            )
        )
    status = status_of(problems)
    better_name = None
    if status is Status.NO and release is not None:
        found = find_better_variant(matrix, release, gpu, os_name, name)
        better_name = found.name if found else None
    return GpuFit(status, tuple(problems), name, better_name, release)


def _driver_problems(
    matrix: Matrix, gpu: GpuSide, os_name: str, cuda: str, name: str
) -> list[Problem]:
    if gpu.driver_state in _BROKEN_DRIVER:
        return [
            Problem(
                "driver-not-working",
                Severity.WARNING,
                _(
                    "no working NVIDIA driver was found ({state}): this CUDA build "
                    "installs, but it "
                    "cannot use the GPU until the driver works (run `envdoctor check`)"
                ).format(state=gpu.driver_state),
            )
        ]
    if gpu.driver is None and gpu.driver_cuda is None:
        return [
            Problem(
                "driver-unknown",
                Severity.UNKNOWN,
                _(
                    "the driver fit of {variant} (CUDA {cuda}) could not be checked: no driver "
                    "information (give --driver, or run on the machine itself)"
                ).format(variant=name, cuda=cuda),
            )
        ]
    check = driver_supports_cuda(
        matrix,
        driver=gpu.driver,
        driver_cuda=gpu.driver_cuda,
        os_name=gpu.driver_os or os_name,
        cuda=cuda,
    )
    have = gpu.driver or _("CUDA {cuda} driver").format(cuda=gpu.driver_cuda)
    if check.verdict is Verdict.OK:
        return []
    if check.verdict is Verdict.CAVEAT:
        return [
            Problem(
                "driver-minor-compat",
                Severity.WARNING,
                _(
                    "driver {have} runs CUDA {cuda} only through minor-version compatibility "
                    "(floor {floor}; native support from {native}): PyTorch works, but code that "
                    "needs newer PTX JIT may fail"
                ).format(
                    have=have,
                    cuda=cuda,
                    floor=check.minor_min or "?",
                    native=check.direct_min or "?",
                ),
            )
        ]
    if check.verdict is Verdict.NO:
        need = (
            check.minor_min
            or check.direct_min
            or min_driver_branch_for(matrix, cuda, gpu.driver_os or os_name)
        )
        return [
            Problem(
                "driver-too-old",
                Severity.ERROR,
                _(
                    "driver {have} is too old for the {variant} build (CUDA {cuda}); it needs "
                    "driver {need} or newer"
                ).format(have=have, variant=name, cuda=cuda, need=need or "?"),
            )
        ]
    return [
        Problem(
            "driver-rule-unknown",
            Severity.UNKNOWN,
            _(
                "envdoctor has no driver rule for CUDA {cuda}; the driver fit could not be checked"
            ).format(cuda=cuda),
        )
    ]


def _gpu_problems(
    matrix: Matrix, gpu: GpuSide, variant: Variant | None, os_name: str, name: str
) -> list[Problem]:
    if not gpu.gpus:
        return [
            Problem(
                "gpu-unknown",
                Severity.UNKNOWN,
                _(
                    "no GPU information: whether {variant} has kernels for your GPU "
                    "could not be checked"
                ).format(variant=name),
            )
        ]
    arch = arch_entries_from_variant(variant, os_name) if variant else None
    out: list[Problem] = []
    for g in gpu.gpus:
        cc = resolve_capability(matrix, g.name, g.capability)
        check = gpu_supported_by_build(matrix, cc, arch, variant.cuda if variant else None)
        sm = f"sm_{cc.replace('.', '')}" if cc else "?"
        if check.verdict is Verdict.NO:
            out.append(
                Problem(
                    "gpu-no-kernel",
                    Severity.ERROR,
                    _(
                        "the {variant} build has no kernels for {gpu} ({sm}): it is "
                        "built for {archs}"
                    ).format(variant=name, gpu=g.name, sm=sm, archs=" ".join(arch or ())),
                )
            )
        elif check.verdict is Verdict.CAVEAT:
            out.append(
                Problem(
                    "gpu-ptx-jit",
                    Severity.WARNING,
                    _(
                        "the {variant} build has no native kernels for {gpu} ({sm}); the driver "
                        "compiles them from {ptx} at first use (slow start)"
                    ).format(variant=name, gpu=g.name, sm=sm, ptx=check.served_by or "PTX"),
                )
            )
        elif check.verdict is Verdict.UNKNOWN:
            why = (
                _("its compute capability is unknown (give --gpu with a known name, or X.Y)")
                if cc is None
                else _("the build's architecture list is not in the matrix")
            )
            out.append(
                Problem(
                    "gpu-fit-unknown",
                    Severity.UNKNOWN,
                    _(
                        "whether the {variant} build runs on {gpu} could not be checked: {why}"
                    ).format(variant=name, gpu=g.name, why=why),
                )
            )
    return out


__all__ = [
    "INDEX_URL",
    "TORCH_FAMILY",
    "GpuFit",
    "check_gpu_fit",
    "cuda_of_local",
    "find_better_variant",
    "index_url",
    "limits_passed",
    "newest_fitting_build",
    "past_last_branch",
    "predates_gpu",
    "release_for_python",
    "resolve_capability",
]
