"""Which PyTorch to install: the newest release whose build fits this driver, GPU and Python.

Rules, in order (each from the matrix, each with its sources):
1. the release has wheels for the target Python (version, 64-bit, not free-threaded unless known);
2. for NVIDIA machines, a CUDA variant whose CUDA the driver runs, natively or through
   NVIDIA's minor-version compatibility (a caveat, not a failure);
3. every GPU is served by that variant's arch list (same-major SASS, or PTX JIT as a caveat).
Newest release first; within a release the plain-pip default variant is preferred, then the
newest CUDA. When nothing fits, the blocker (python, driver, gpu, platform) is named, and
what a driver upgrade would unlock is computed too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from packaging.version import Version

from envdoctor.compat.arch import ArchCheck, arch_entries_from_variant, gpu_supported
from envdoctor.compat.driver import DriverCheck, driver_supports_cuda
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import (
    ComputeCapability,
    DriverVersion,
    PythonVersion,
    Verdict,
    cc_tuple,
    parse_version,
)
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix, Release, Variant


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
        ptx = any(a.reason == "ptx-jit" for a in self.arch)
        if ptx and self.driver is not None and self.driver.verdict is Verdict.CAVEAT:
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


@dataclass(frozen=True)
class _Request:
    """What `--torch` pinned: an exact patch version and/or a build label (cu126, cpu)."""

    version: str | None = None
    label: str | None = None

    @classmethod
    def of(cls, text: str | None) -> _Request:
        v = parse_version(text)
        if v is None:
            return cls()
        exact = v.base_version if len(v.release) >= 3 else None
        return cls(exact, v.local.split(".")[0] if v.local else None)

    def apply(self, choice: Choice) -> Choice:
        if self.version is None:
            return choice
        return Choice(choice.release, self.version, choice.variant, choice.driver, choice.arch)


_LAST_MACOS_X86 = Version("2.2.2")


def _platform_key(target: Target) -> str | None:
    machine = (target.machine or "").lower()
    if target.os == "linux":
        if machine in {"x86_64", "amd64", ""}:
            return "linux-x86_64"
        if machine in {"aarch64", "arm64"} and not target.nvidia_gpu:
            # CPU wheels for aarch64 are on the PyTorch CPU index; CUDA aarch64 wheels (SBSA,
            # Jetson) have other arch lists that the matrix does not hold yet.
            return "linux-aarch64"
        return None
    if target.os in {"windows", "macos"}:
        return target.os
    return None


def _variants_in_order(release: Release, target: Target) -> list[Variant]:
    key = _platform_key(target)
    default = release.default_variant.get(key) if key else None
    cuda = [v for v in release.variants if v.is_cuda and v.built_for(target.os)]
    cuda.sort(key=lambda v: (v.name == default, cc_tuple(v.cuda) or (0, 0)), reverse=True)
    return cuda


def evaluate(release: Release, variant: Variant, target: Target, matrix: Matrix) -> Choice:
    driver = None
    arch: tuple[ArchCheck, ...] = ()
    if variant.is_cuda:
        assert variant.cuda is not None
        driver = driver_supports_cuda(
            matrix,
            driver=target.driver,
            driver_cuda=target.driver_cuda,
            os_name=target.driver_os or target.os,
            cuda=variant.cuda,
        )
        entries = arch_entries_from_variant(variant, target.os)
        arch = tuple(gpu_supported(cc, entries) for cc in target.capabilities)
    return Choice(release, variant.newest_version(release), variant, driver, arch)


def _python_ok(release: Release, target: Target) -> Verdict:
    if target.python_bits is not None and target.python_bits != 64:
        return Verdict.NO
    verdict = python_supported(release, target.python)
    if verdict is Verdict.OK and target.free_threaded:
        # Free-threaded wheels exist only for some releases; the matrix does not list them yet.
        return Verdict.UNKNOWN
    return verdict


def _rank(choice: Choice) -> int:
    return {Verdict.OK: 0, Verdict.CAVEAT: 1}.get(choice.verdict, 9)


def advise(target: Target, matrix: Matrix, *, torch: str | None = None) -> Advice:
    """The newest fitting build (or an evaluation of the requested `torch` version)."""
    releases = sorted(
        matrix.torch.releases,
        key=lambda r: parse_version(r.newest) or Version("0"),
        reverse=True,
    )
    if torch is not None:
        want = parse_version(torch)
        if want is None:
            return Advice(
                None, "unknown", (_("{version!r} is not a version number").format(version=torch),)
            )
        releases = [r for r in releases if r.release == f"{want.major}.{want.minor}"]
        if not releases:
            return Advice(
                None,
                "unknown",
                (
                    _("torch {version} is not in the bundled compatibility matrix").format(
                        version=torch
                    ),
                ),
            )
        if len(want.release) >= 3 and want.base_version not in releases[0].versions:
            return Advice(
                None,
                "unknown",
                (
                    _("torch {version} was never released (known: {known})").format(
                        version=want.base_version, known=", ".join(releases[0].versions)
                    ),
                ),
            )
        missing = _missing_variant(releases[0], want, target)
        if missing is not None:
            return missing
    request = _Request.of(torch)
    key = _platform_key(target)
    if key is None:
        return Advice(
            None,
            "platform",
            (
                _(
                    "no PyTorch wheel data for {os}/{machine} in the matrix (Jetson and other "
                    "ARM boards use NVIDIA's own wheels)"
                ).format(os=target.os, machine=target.machine or "?"),
            ),
        )
    python_blocked = 0
    python_unknown = 0
    best_driver_upgrade: Choice | None = None
    for release in releases:
        py = _python_ok(release, target)
        if py is Verdict.NO:
            python_blocked += 1
            continue
        if py is Verdict.UNKNOWN:
            python_unknown += 1
            continue
        intel_mac = target.os == "macos" and (target.machine or "").lower() in {"x86_64", "amd64"}
        if intel_mac and (parse_version(release.versions[0]) or Version("0")) > _LAST_MACOS_X86:
            continue  # Intel Macs: no wheels after 2.2.2 (matrix rule_sources, RFC_114602)
        if not target.nvidia_gpu or target.os == "macos" or request.label == "cpu":
            cpu = release.variant("cpu")
            if cpu is not None:
                return Advice(
                    request.apply(Choice(release, cpu.newest_version(release), cpu, None, ())),
                    None,
                    _cpu_reasons(target),
                )
            continue
        candidates = [
            request.apply(evaluate(release, v, target, matrix))
            for v in _variants_in_order(release, target)
            if request.label is None or v.name == request.label
        ]
        fitting = [c for c in candidates if c.verdict in {Verdict.OK, Verdict.CAVEAT}]
        if fitting:
            best = min(fitting, key=_rank)  # stable: keeps the preference order among equals
            return Advice(best, None, (), best_driver_upgrade, _driver_needed(best_driver_upgrade))
        if target.driver is None and target.driver_cuda is None:
            # No driver yet: advise for a current driver, installed first (the driver
            # finding says which). Only the GPU arch and Python decide.
            arch_fit = [
                c
                for c in candidates
                if all(a.verdict in {Verdict.OK, Verdict.CAVEAT} for a in c.arch)
            ]
            if arch_fit:
                first = arch_fit[0]
                return Advice(
                    first,
                    None,
                    (
                        _("once an NVIDIA driver new enough for CUDA {cuda} is installed").format(
                            cuda=first.variant.cuda
                        ),
                    ),
                    None,
                    _driver_needed(first),
                )
        # Would a newer driver make this release fit? Remember the newest such build.
        if best_driver_upgrade is None:
            for c in candidates:
                arch_ok = all(a.verdict in {Verdict.OK, Verdict.CAVEAT} for a in c.arch)
                if (
                    arch_ok
                    and c.driver is not None
                    and c.driver.verdict in {Verdict.NO, Verdict.UNKNOWN}
                ):
                    best_driver_upgrade = c
                    break
    # Nothing fits: name the blocker.
    if python_blocked and python_blocked + python_unknown == len(releases):
        return Advice(
            None,
            "python" if not python_unknown else "unknown",
            (_python_reason(target, releases),),
        )
    if best_driver_upgrade is not None:
        return Advice(
            None,
            "driver",
            (
                _("no PyTorch build for this GPU runs on driver {driver}").format(
                    driver=target.driver or "?"
                ),
            ),
            best_driver_upgrade,
            _driver_needed(best_driver_upgrade),
        )
    if any(cc is None for cc in target.capabilities):
        return Advice(None, "unknown", (_("the GPU's compute capability is unknown"),))
    return Advice(
        None,
        "gpu",
        (
            _("no PyTorch release in the matrix ships kernels for compute capability {cc}").format(
                cc=", ".join(sorted({c for c in target.capabilities if c}))
            ),
        ),
    )


def _missing_variant(release: Release, want: Version, target: Target) -> Advice | None:
    """A pinned build label the release does not ship (2.13.0+cu118): say so and name those it has.

    Not a GPU problem: the GPU may be served well by the builds that do exist.
    """
    label = want.local.split(".")[0] if want.local else None
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


def _cpu_reasons(target: Target) -> tuple[str, ...]:
    if target.os == "macos":
        return (_("macOS builds are CPU/MPS only (no CUDA)"),)
    return (_("no NVIDIA GPU was found, so the CPU build is the right one"),)


def _python_reason(target: Target, releases: list[Release]) -> str:
    if target.python_bits is not None and target.python_bits != 64:
        return _("PyTorch publishes 64-bit wheels only; this Python is {bits}-bit").format(
            bits=target.python_bits
        )
    ranges = ", ".join(f"{r.release}: {r.python}" for r in releases[:3])
    return _(
        "no PyTorch release has wheels for Python {python} (newest releases: {ranges})"
    ).format(python=target.python or "?", ranges=ranges)


def _driver_needed(choice: Choice | None) -> str | None:
    if choice is None or choice.driver is None:
        return None
    # The minor-version-compatibility floor is the smallest upgrade that runs the build.
    return choice.driver.minor_min or choice.driver.direct_min


@dataclass(frozen=True)
class InstallPlan:
    """What to install, decided once for `check` (its install fixes) and `install`.

    When no GPU build fits because of the driver or the GPU, the CPU build still runs: it
    is the `choice`, `gpu_fallback` says so, and `advice` stays the GPU advice (its blocker,
    reasons and what a driver upgrade would unlock).
    """

    advice: Advice
    choice: Choice | None
    gpu_fallback: bool = False


def plan_install(target: Target, matrix: Matrix, *, torch: str | None = None) -> InstallPlan:
    advice = advise(target, matrix, torch=torch)
    if advice.choice is None and target.nvidia_gpu and advice.blocker in _FALLBACK_BLOCKERS:
        cpu = advise(replace(target, nvidia_gpu=False), matrix, torch=torch)
        if cpu.choice is not None:
            return InstallPlan(advice, cpu.choice, True)
    return InstallPlan(advice, advice.choice)


# The CPU build is a fallback only when the GPU side blocks; a Python or platform blocker
# stops the CPU build too, and a pinned variant that does not exist is the user's to change.
_FALLBACK_BLOCKERS = frozenset({"driver", "gpu", "unknown"})


def describe_caveats(choice: Choice) -> list[str]:
    """Why a CAVEAT choice is still a caveat, in words (minor-version compat, PTX JIT)."""
    out = []
    if choice.driver is not None and choice.driver.verdict is Verdict.CAVEAT:
        out.append(
            _(
                "runs through NVIDIA's minor-version compatibility (driver >= {floor}); "
                "native support needs {native}"
            ).format(floor=choice.driver.minor_min, native=choice.driver.direct_min or "?")
        )
    for arch in choice.arch:
        if arch.verdict is Verdict.CAVEAT:
            out.append(
                _("GPU {cc} runs it through PTX JIT ({entry})").format(
                    cc=arch.capability, entry=arch.served_by
                )
            )
    return out


__all__ = [
    "Advice",
    "Choice",
    "InstallPlan",
    "Target",
    "advise",
    "describe_caveats",
    "evaluate",
    "plan_install",
    "with_facts",
]
