"""explain's single door to the knowledge core (`envdoctor.compat`) and the matrix.

Every family asks here for what depends on NVIDIA's and PyTorch's releases: which CUDA a
driver runs, the driver floor of a CUDA major, which builds fit, the exact install
command. All of it comes from `compat_matrix.json` through the core, the same rules
`check` applies; nothing here holds a table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.version import Version

from envdoctor.compat.advice import Choice, Target, advise
from envdoctor.compat.arch import arch_entries_from_variant, gpu_supported_by_build
from envdoctor.compat.commands import TORCH_INDEX, MirrorIndex, install_command
from envdoctor.compat.driver import (
    branch_of,
    driver_beyond_limit,
    driver_supports_cuda,
    min_driver_branch_for,
    native_cuda_of_driver,
    next_branch_after,
    recommended_branch,
)
from envdoctor.compat.fit import BuildFit, variants_for_driver
from envdoctor.compat.gpus import architecture_name, gpu_capability
from envdoctor.compat.memo import PerMatrix
from envdoctor.compat.nvenc import first_row_above, newest_api_of_driver, nvenc_row, parse_api
from envdoctor.compat.python import newest_python
from envdoctor.compat.versions import ComputeCapability, DriverVersion, TorchVersion, Verdict
from envdoctor.explain.decode import CudaVersion, parse_cuda_version
from envdoctor.i18n import _

if TYPE_CHECKING:
    from envdoctor.explain.model import Known
    from envdoctor.matrix.model import Matrix


def matrix_os(known: Known) -> str:
    """The matrix's OS key for the machine: 'linux' (also WSL), 'windows' or 'macos'."""
    if known.os == "Windows":
        return "windows"
    if known.os == "Darwin":
        return "macos"
    return "linux"


def driver_os(known: Known) -> str:
    """The OS whose driver floors apply: WSL runs Linux wheels on the Windows driver."""
    return "windows" if known.wsl else matrix_os(known)


def native_cuda(matrix: Matrix, driver: str | None) -> CudaVersion | None:
    """The newest CUDA a driver runs natively, from the matrix's branch table."""
    return parse_cuda_version(native_cuda_of_driver(matrix, driver))


def driver_of_cuda(matrix: Matrix, cuda: CudaVersion) -> str | None:
    """The first driver that runs CUDA `cuda` natively (11.4 -> 470.42.01), from the matrix."""
    return min_driver_branch_for(matrix, str(cuda), "linux")


def cuda_of_toolkit_driver(matrix: Matrix, driver: str | None) -> CudaVersion | None:
    """The CUDA whose toolkit shipped a driver of this branch and minor (520.61.5 is CUDA
    11.8's 520.61.05): the libcuda of that CUDA's forward-compatibility package, which NVIDIA
    builds from that driver. None for any other driver number."""
    have = DriverVersion.parse(driver)
    if have is None or len(have.parts) < 2:
        return None
    for tk in matrix.cuda.toolkits:
        shipped = DriverVersion.parse(tk.min_driver.for_os("linux"))
        if shipped is not None and shipped.parts[:2] == have.parts[:2]:
            return parse_cuda_version(tk.cuda)
    return None


def branch_of_cuda(matrix: Matrix, cuda: CudaVersion) -> int | None:
    """The driver branch whose native CUDA is `cuda` (11.4 -> 470), or None."""
    driver = DriverVersion.parse(driver_of_cuda(matrix, cuda))
    return driver.branch if driver is not None else None


def next_branch(matrix: Matrix, branch: int) -> int | None:
    """The first branch after `branch` whose native CUDA is newer (the core's branch table)."""
    return next_branch_after(matrix, branch)


def driver_runs(
    matrix: Matrix, known: Known, build: CudaVersion, *, driver_cuda: CudaVersion | None = None
) -> bool | None:
    """Whether the driver (the machine's, or one whose native CUDA is `driver_cuda`) runs
    code built for CUDA `build`; None when the facts do not say."""
    cuda = driver_cuda or known.driver_cuda
    driver = known.driver_version if driver_cuda is None else None
    if driver is None and cuda is not None:
        driver = driver_of_cuda(matrix, cuda)
    if driver is None and cuda is None:
        return None
    check = driver_supports_cuda(
        matrix,
        driver=driver,
        driver_cuda=str(cuda) if cuda else None,
        os_name=driver_os(known),
        cuda=str(build),
    )
    if check.verdict is Verdict.UNKNOWN:
        return None
    return check.verdict is not Verdict.NO


def minor_floor(matrix: Matrix, major: int, os_name: str) -> str | None:
    """NVIDIA's minor-version-compatibility driver floor of a CUDA major on an OS."""
    rule = next((r for r in matrix.cuda.minor_version_compat if r.major == major), None)
    return rule.min_driver.for_os(os_name) if rule else None


def driver_floor_step(matrix: Matrix, cuda: CudaVersion, known: Known) -> str | None:
    """The driver upgrade that makes CUDA `cuda` builds run, worded for the machine's OS;
    None when there is none to advise (no rule, or no such driver drives the GPU)."""
    linux = minor_floor(matrix, cuda.major, "linux")
    windows = minor_floor(matrix, cuda.major, "windows")
    if linux is None or windows is None:
        return None
    last = recommended_branch(matrix, tuple(f"{a}.{b}" for a, b in known.capabilities))
    floor = DriverVersion.parse(windows if driver_os(known) == "windows" else linux)
    if last is not None and floor is not None and branch_of(matrix, floor) > last:
        # Every driver that runs this CUDA is past the GPU's last branch (a K80 and CUDA
        # 12): no upgrade to advise, as check says too; the caller's other steps remain.
        return None
    if driver_os(known) == "windows":
        return _(
            "Upgrade the NVIDIA driver to {version} or newer (needed by CUDA {major}.x)."
        ).format(version=windows, major=cuda.major)
    return _(
        "Upgrade the NVIDIA driver to {linux} or newer on Linux ({windows} on Windows); "
        "CUDA {major}.x builds need that."
    ).format(linux=linux, windows=windows, major=cuda.major)


def past_last_branch_step(matrix: Matrix, known: Known) -> str | None:
    """A driver newer than a GPU's last branch does not drive it (check's driver-too-new):
    the step that fixes it, or None."""
    for gpu in known.gpus:
        cc = f"{gpu.capability[0]}.{gpu.capability[1]}" if gpu.capability else None
        limit = driver_beyond_limit(matrix, driver=known.driver_version, capability=cc)
        if limit is not None:
            return _(
                "Driver {driver} is newer than R{branch}, the last driver branch for {family} "
                "GPUs: it does not drive your {gpu}. Install the R{branch} driver."
            ).format(
                driver=known.driver_version,
                branch=limit.last_branch,
                family=limit.family,
                gpu=gpu.name,
            )
    return None


def arch_covers(
    matrix: Matrix, cc: tuple[int, int], arch_list: tuple[str, ...], build_cuda: str | None
) -> bool:
    """The core's rule, as check applies it: same-major SASS, exact-GPU sm_90a, family
    sm_100f, or PTX the driver can JIT (a caveat, but the GPU runs) unless the build's CUDA
    predates the GPU's architecture."""
    check = gpu_supported_by_build(matrix, f"{cc[0]}.{cc[1]}", tuple(arch_list), build_cuda)
    return check.verdict in (Verdict.OK, Verdict.CAVEAT)


def build_arch_list(matrix: Matrix, known: Known) -> tuple[str, ...] | None:
    """The installed build's arch list: as the facts state it, else the matrix's for the
    torch version's build tag ("2.1.0+cu121"); None when neither says."""
    if known.arch_list:
        return known.arch_list
    parsed = TorchVersion.parse(known.torch_version)
    release = matrix.release(parsed.release) if parsed is not None else None
    variant = release.variant(parsed.label) if release and parsed and parsed.label else None
    return arch_entries_from_variant(variant, matrix_os(known)) if variant else None


def architecture(matrix: Matrix, cc: tuple[int, int]) -> str | None:
    """The architecture name of a compute capability, from the matrix's GPU table."""
    return architecture_name(matrix, f"{cc[0]}.{cc[1]}")


def capability_of(matrix: Matrix, name: str) -> tuple[int, int] | None:
    """A GPU name as programs print it ("Tesla T4", "NVIDIA GeForce GTX 1080 Ti") -> (7, 5)."""
    match = gpu_capability(matrix, name)
    cc = ComputeCapability.parse(match.capability) if match is not None else None
    return (cc.major, cc.minor) if cc is not None else None


@dataclass(frozen=True)
class Build:
    """A build to suggest: its wheel family, the exact command, and its siblings that fit."""

    version: str  # "2.15.0"
    variant: str  # "cu132"
    cuda: str | None
    command: str
    note: str | None
    alternatives: tuple[str, ...]  # every fitting variant of that release, best first


def _command(
    known: Known,
    choice: Choice,
    mirror: MirrorIndex | None,
    with_packages: tuple[str, ...] = (),
    matrix: Matrix | None = None,
    resolve_with: tuple[str, ...] = (),
) -> tuple[str, str | None]:
    os_name = matrix_os(known)
    cmd = install_command(
        choice,
        python=known.python_executable or "python",
        os_name=os_name,
        # Packages resolved against the installed torch keep it: no reinstall of torch.
        replace_installed=not resolve_with,
        resolve_with=resolve_with,
        mirror=mirror,
        machine=known.machine,
        with_packages=with_packages,
        matrix=matrix,
        # A paste that does not show its OS: `pip install torch==X` is a CUDA build on
        # Linux and the CPU build on Windows, so the command names build and index.
        explicit_index=known.os is None and not known.local,
    )
    return cmd.display(os_name), cmd.note


def install_command_for(
    known: Known,
    choice: Choice,
    mirror: MirrorIndex | None,
    with_packages: tuple[str, ...] = (),
    matrix: Matrix | None = None,
    resolve_with: tuple[str, ...] = (),
) -> str:
    """The command that installs `choice` on the machine the facts describe;
    `resolve_with` as in `install_command`."""
    return _command(known, choice, mirror, with_packages, matrix, resolve_with)[0]


def _choice(matrix: Matrix, fit: BuildFit) -> Choice | None:
    release = matrix.release(fit.release)
    variant = release.variant(fit.variant) if release is not None else None
    if release is None or variant is None:
        return None
    return Choice(release, fit.version, variant, fit.driver, (fit.arch,) if fit.arch else ())


# One explanation can ask for the same builds several times (a log with many errors):
# the walk over the matrix is cached per matrix object and question.
_BUILDS = PerMatrix(256)


def _builds(
    matrix: Matrix,
    known: Known,
    driver: str | None,
    driver_cuda: str | None,
    caps: tuple[str, ...],
    keep: str | None = None,
) -> tuple[Choice | None, tuple[str, ...]]:
    """The build to suggest and its fitting siblings: the core's advisor when the Python is
    known (it checks the Python too, as check and install do), else the core's
    variants_for_driver (the facts an error message gives).

    `keep`: the installed release ("2.8"): a fitting variant of it comes first, so a fix
    changes the build, not the torch version the project and its packages were made for.
    """
    if keep is not None:
        kept = _fitting(matrix, known, driver, driver_cuda, caps, keep)
        if kept[0] is not None:
            return kept
    return _fitting(matrix, known, driver, driver_cuda, caps, None)


def _fitting(
    matrix: Matrix,
    known: Known,
    driver: str | None,
    driver_cuda: str | None,
    caps: tuple[str, ...],
    release: str | None,
) -> tuple[Choice | None, tuple[str, ...]]:
    """The fitting builds of the newest release that has one, or of `release` only."""
    os_name = matrix_os(known)
    fits = variants_for_driver(
        matrix,
        os_name=os_name,
        driver=driver,
        driver_cuda=driver_cuda,
        capabilities=caps,
        driver_os=driver_os(known),
        only_release=release,
    )
    if known.python_version:
        target = Target(
            os=os_name,
            machine=known.machine,
            python=known.python_version,
            python_bits=known.pointer_bits,
            nvidia_gpu=True,
            driver=driver,
            driver_cuda=driver_cuda,
            capabilities=caps,
            driver_os=driver_os(known),
        )
        choice = advise(target, matrix, torch=release).choice
        if choice is None or (release is not None and choice.release.release != release):
            return None, ()
        same = tuple(f.variant for f in fits if f.release == choice.release.release)
        return choice, same or (choice.variant.name,)
    if not fits:
        return None, ()
    return _choice(matrix, fits[0]), tuple(f.variant for f in fits)


def suggest(
    matrix: Matrix,
    known: Known,
    *,
    mirror: MirrorIndex | None = None,
    driver_cuda: CudaVersion | None = None,
    capabilities: tuple[tuple[int, int], ...] | None = None,
    ignore_driver: bool = False,
    with_packages: tuple[str, ...] = (),
    keep_release: bool = True,
) -> Build | None:
    """The torch build to install for this machine, from the matrix.

    `driver_cuda` replaces the machine's driver (a driver decoded from a message);
    `capabilities` replaces the GPUs; `ignore_driver` suggests for a driver to be
    upgraded; `with_packages` (torchvision, torchaudio) are pinned to the build's pair,
    and so are the ones the facts show installed. With a known torch version the same
    release comes first (`keep_release`; off where the fix is a newer torch). None on
    macOS (no CUDA builds) or when no build fits.
    """
    if matrix_os(known) == "macos":
        return None
    driver: str | None = None
    dcuda: str | None = None
    if not ignore_driver:
        if driver_cuda is not None:
            dcuda = str(driver_cuda)
            driver = driver_of_cuda(matrix, driver_cuda)
        else:
            driver = known.driver_version
            dcuda = str(known.driver_cuda) if known.driver_cuda else None
            if driver is None and known.driver_cuda is not None:
                # Only the CUDA is known (a decoded "found version 11040", nvidia-smi's
                # header cut): the first driver that reports it, as for a decoded driver.
                driver = driver_of_cuda(matrix, known.driver_cuda)
    caps = capabilities if capabilities is not None else known.capabilities
    cap_text = tuple(f"{c[0]}.{c[1]}" for c in caps)
    installed = TorchVersion.parse(known.torch_version) if keep_release else None
    keep = installed.release if installed is not None else None
    key: tuple[object, ...] = ("builds", matrix_os(known), driver_os(known), driver, dcuda)
    key += (cap_text, known.python_version, known.pointer_bits, known.machine, keep)
    choice, siblings = _BUILDS.get(
        matrix, key, lambda: _builds(matrix, known, driver, dcuda, cap_text, keep)
    )
    if choice is None:
        return None
    shown = tuple(name for name, _version in known.companion_versions)
    packages = tuple(dict.fromkeys((*with_packages, *shown)))
    command, note = _command(known, choice, mirror, packages, matrix)
    return Build(
        version=choice.version,
        variant=choice.variant.name,
        cuda=choice.variant.cuda,
        command=command,
        note=note,
        alternatives=siblings,
    )


def cpu_build(matrix: Matrix, known: Known, *, mirror: MirrorIndex | None = None) -> Build | None:
    """The CPU build for machines without an NVIDIA GPU: the core's advisor when the Python
    is known, else the newest release's CPU build."""
    choice: Choice | None = None
    if known.python_version:
        target = Target(os=matrix_os(known), machine=known.machine, python=known.python_version)
        choice = advise(target, matrix).choice
    else:
        with_cpu = [r for r in matrix.torch.releases if r.variant("cpu") is not None]
        end = matrix.torch.last_for("macos-x86_64")
        if matrix_os(known) == "macos" and known.machine == "x86_64" and end is not None:
            # Intel Macs got no wheels after the matrix's platform end (2.2.2).
            last = Version(end.last)
            with_cpu = [r for r in with_cpu if Version(r.versions[0]) <= last]
        if with_cpu:
            release = max(with_cpu, key=lambda r: Version(r.release))
            cpu = release.variant("cpu")
            assert cpu is not None
            choice = Choice(release, cpu.newest_version(release), cpu, None, ())
    if choice is None:
        return None
    command, note = _command(known, choice, mirror)
    return Build(choice.version, choice.variant.name, None, command, note, (choice.variant.name,))


def release_pythons(matrix: Matrix, version: str) -> tuple[str, str, str | None] | None:
    """For a torch version ("1.13.1"): its release, the Pythons it was built for (a PEP 440
    specifier) and the newest of them; None when the matrix does not know the release."""
    parsed = TorchVersion.parse(version)
    if parsed is None:
        return None
    release = matrix.release(parsed.release)
    if release is None:
        return None
    return release.release, release.python, newest_python(release)


def index_url(variant: str) -> str:
    """The PyTorch wheel index of a variant (the core's TORCH_INDEX)."""
    return f"{TORCH_INDEX}/{variant}"


def builds_for_driver(matrix: Matrix, known: Known, driver_cuda: CudaVersion) -> str:
    """Which wheel families a driver of native CUDA `driver_cuda` runs, from the matrix."""
    build = suggest(matrix, known, driver_cuda=driver_cuda, capabilities=())
    if build is None:
        return _(
            "no PyTorch build in the matrix runs on a driver for CUDA {cuda}; upgrading the "
            "driver is the realistic fix"
        ).format(cuda=driver_cuda)
    return _("torch {version} builds {variants}").format(
        version=build.version, variants=", ".join(build.alternatives)
    )


__all__ = [
    "Build",
    "arch_covers",
    "architecture",
    "branch_of_cuda",
    "build_arch_list",
    "builds_for_driver",
    "cpu_build",
    "driver_floor_step",
    "driver_of_cuda",
    "driver_os",
    "driver_runs",
    "first_row_above",
    "index_url",
    "install_command_for",
    "matrix_os",
    "minor_floor",
    "native_cuda",
    "newest_api_of_driver",
    "next_branch",
    "nvenc_row",
    "parse_api",
    "past_last_branch_step",
    "suggest",
]
