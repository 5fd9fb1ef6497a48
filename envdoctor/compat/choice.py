"""The values of install advice: the target machine's facts, a judged build, the advice.

`advise()` in `envdoctor.compat.advice` produces them; they live here so the advisor's
module stays about the decision itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from packaging.version import Version

from envdoctor.compat.arch import ArchCheck, ptx_blocked
from envdoctor.compat.arch_driver import ArchDriverCheck
from envdoctor.compat.driver import DriverCheck, next_branch_drops
from envdoctor.compat.versions import (
    ComputeCapability,
    DriverVersion,
    PythonVersion,
    TorchVersion,
    Verdict,
)
from envdoctor.i18n import _
from envdoctor.matrix.model import GpuDriverLimit, Matrix, Release, Variant


@dataclass(frozen=True)
class Target:
    """The facts the advisor needs, from a snapshot or from command-line overrides."""

    os: str  # "linux", "windows", "macos"
    machine: str | None  # "x86_64", "aarch64", "amd64", "arm64"
    python: str | None  # "3.11.7"
    python_bits: int | None = 64
    free_threaded: bool | None = False
    nvidia_gpu: bool = False  # an NVIDIA GPU is present (driver or not)
    driver: str | None = None
    driver_cuda: str | None = None
    capabilities: tuple[str | None, ...] = ()  # one per GPU; None = unknown
    # The OS whose driver floors apply: under WSL the Linux wheels run on the Windows driver.
    driver_os: str | None = None


def with_facts(
    target: Target,
    *,
    driver: DriverVersion | None = None,
    capabilities: tuple[ComputeCapability, ...] = (),
    python: PythonVersion | None = None,
    os_name: str | None = None,
) -> Target:
    """`target` with single facts given on the command line (already parsed at the boundary).

    `os_name` is "linux", "windows", "macos" or "wsl" (Linux wheels on the Windows driver).
    """
    if os_name is not None:
        wsl = os_name == "wsl"
        machine = target.machine if os_name == target.os and not wsl else None
        target = replace(
            target,
            os="linux" if wsl else os_name,
            driver_os="windows" if wsl else None,
            machine=machine,
        )
    if driver is not None:
        target = replace(target, driver=str(driver), driver_cuda=None, nvidia_gpu=True)
    if capabilities:
        target = replace(target, capabilities=tuple(str(c) for c in capabilities), nvidia_gpu=True)
    if python is not None:
        target = replace(
            target, python=python.number, python_bits=64, free_threaded=python.free_threaded
        )
    return target


@dataclass(frozen=True)
class Choice:
    release: Release
    version: str  # newest patch, "2.13.0"
    variant: Variant
    driver: DriverCheck | None
    arch: tuple[ArchCheck, ...]

    @property
    def verdict(self) -> Verdict:
        if ptx_blocked(self.arch, self.driver.verdict if self.driver else None):
            # The driver does not natively support the build's CUDA, so it cannot JIT the
            # build's PTX: the GPU that needs PTX gets no kernels.
            return Verdict.NO
        verdicts = [a.verdict for a in self.arch] + ([self.driver.verdict] if self.driver else [])
        if Verdict.NO in verdicts:
            return Verdict.NO
        if Verdict.UNKNOWN in verdicts:
            return Verdict.UNKNOWN
        if Verdict.CAVEAT in verdicts:
            return Verdict.CAVEAT
        return Verdict.OK


@dataclass(frozen=True)
class Advice:
    choice: Choice | None
    blocker: (
        str | None
    )  # None when a choice fits; else "python", "driver", "gpu", "platform", "unknown"
    reasons: tuple[str, ...]
    with_driver_upgrade: Choice | None = None  # the newer build a driver upgrade would allow
    driver_needed: str | None = None  # the driver that upgrade needs (this OS)
    # Set when the driver is newer than a GPU's last branch (a K80 on R560): the driver must
    # go back to that branch; `with_driver_upgrade` is then the build on that branch.
    driver_limit: GpuDriverLimit | None = None
    # Set when the driver is older than a GPU's architecture (an RTX 5090 on R560): no build
    # runs until the driver is upgraded to `driver_needed`; `with_driver_upgrade` is the build
    # on that branch.
    arch_driver: ArchDriverCheck | None = None


def describe_caveats(choice: Choice) -> list[str]:
    """Why a CAVEAT choice is still a caveat, in words (minor-version compat, PTX JIT)."""
    out = []
    if choice.driver is not None and choice.driver.verdict is Verdict.CAVEAT:
        native = choice.driver.direct_min
        out.append(
            _(
                "runs through NVIDIA's minor-version compatibility (driver >= {floor}); "
                "native support needs {native}"
            ).format(floor=choice.driver.minor_min, native=native)
            if native
            else _(
                "runs through NVIDIA's minor-version compatibility (driver >= {floor}); "
                "NVIDIA publishes no native driver floor for it on this OS"
            ).format(floor=choice.driver.minor_min)
        )
    for arch in choice.arch:
        if arch.verdict is Verdict.CAVEAT:
            out.append(
                _("GPU {cc} runs it through PTX JIT ({entry})").format(
                    cc=arch.capability, entry=arch.served_by
                )
            )
    return out


def upgrade_caveat(target: Target, matrix: Matrix) -> str | None:
    """A caveat for advice to upgrade the driver: some GPU loses support after a branch."""
    limits = [
        lim
        for cc in target.capabilities
        if (lim := next_branch_drops(matrix, capability=cc, driver=target.driver)) is not None
    ]
    if not limits:
        return None
    limit = min(limits, key=lambda lim: lim.last_branch)
    return _(
        "R{branch} is the last driver branch for {family} GPUs: stay on R{branch}, a newer "
        "driver does not drive this GPU"
    ).format(branch=limit.last_branch, family=limit.family)


def missing_variant(release: Release, want: Version, target: Target) -> Advice | None:
    """A pinned build label the release does not ship (2.13.0+cu118): say so and name those it has.

    Not a GPU problem: the GPU may be served well by the builds that do exist.
    """
    label = TorchVersion(want).label
    if label is None:
        return None
    exact = want.base_version if len(want.release) >= 3 else None

    def ships(variant: Variant) -> bool:
        has_version = exact is None or variant.versions is None or exact in variant.versions
        return variant.built_for(target.os) and has_version

    variant = release.variant(label)
    if variant is not None and ships(variant):
        return None
    have = [v.name for v in release.variants if ships(v)]
    return Advice(
        None,
        "variant",
        (
            _("torch {version} has no {label} build for {os}; the builds it has: {have}").format(
                version=exact or release.release,
                label=label,
                os=target.os,
                have=", ".join(have) or "-",
            ),
        ),
    )


__all__ = [
    "Advice",
    "Choice",
    "Target",
    "describe_caveats",
    "missing_variant",
    "upgrade_caveat",
    "with_facts",
]
