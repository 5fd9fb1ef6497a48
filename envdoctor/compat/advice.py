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

from envdoctor.compat.arch import (
    ArchCheck,
    arch_entries_from_variant,
    gpu_supported_by_build,
    source_build_reason,
)
from envdoctor.compat.arch_driver import ArchDriverCheck, arch_driver_reason, predated_arch
from envdoctor.compat.builds import lts_builds, lts_reason
from envdoctor.compat.choice import (
    Advice,
    Choice,
    Target,
    describe_caveats,
    missing_variant,
    upgrade_caveat,
    with_facts,
)
from envdoctor.compat.companions import Companions, companions
from envdoctor.compat.driver import (
    driver_supports_cuda,
    limit_passed,
)
from envdoctor.compat.python import python_reason, python_supported
from envdoctor.compat.versions import (
    TorchVersion,
    Verdict,
    cc_tuple,
    parse_version,
)
from envdoctor.i18n import _
from envdoctor.matrix.model import GpuDriverLimit, LtsBuilds, Matrix, Release, Variant


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
        # Any version, even a bare "2": the pin's patch and build label, as TorchVersion reads them.
        torch = TorchVersion(v)
        return cls(torch.exact, torch.label)

    def apply(self, choice: Choice) -> Choice:
        if self.version is None:
            return choice
        return Choice(choice.release, self.version, choice.variant, choice.driver, choice.arch)


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
        arch = tuple(
            gpu_supported_by_build(matrix, cc, entries, variant.cuda) for cc in target.capabilities
        )
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
    """The newest fitting build (or an evaluation of the requested `torch` version).

    A driver older than a GPU's architecture blocks every build when a documented row says
    so; on an inferred row (the CUDA-toolkit route only) the advice stands, with the doubt
    as its first reason.
    """
    early = predated_arch(
        matrix,
        driver=target.driver if target.nvidia_gpu else None,
        capabilities=target.capabilities,
        os_name=target.os,
    )
    if early is None or early.firm or _Request.of(torch).label == "cpu":
        return _advise(target, matrix, torch=torch)
    inner = _advise(target, matrix, torch=torch, arch_checked=True)
    return replace(inner, reasons=(arch_driver_reason(early), *inner.reasons), arch_driver=early)


def _lts_advice(lts: LtsBuilds, version: str, os_name: str) -> Advice:
    """No regular build for an LTS version: where it is, or that this OS has none."""
    blocker = "platform" if lts.lacks_os(os_name) else "unknown"
    return Advice(None, blocker, (lts_reason(lts, version, os_name),))


def _advise(
    target: Target,
    matrix: Matrix,
    *,
    torch: str | None = None,
    arch_checked: bool = False,
    limit_checked: bool = False,
) -> Advice:
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
        lts = lts_builds(matrix, want.base_version)
        if lts is not None:
            return _lts_advice(lts, want.base_version, target.os)
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
        missing = missing_variant(releases[0], want, target)
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
                ).format(os=target.os, machine=target.machine or _("unknown")),
            ),
        )
    span = (
        None
        if request.label == "cpu"
        else _span(target, matrix, torch, arch_checked, limit_checked)
    )
    if span is not None:
        return span
    intel_mac = target.os == "macos" and (target.machine or "").lower() in {"x86_64", "amd64"}
    intel_mac_end = matrix.torch.last_for("macos-x86_64") if intel_mac else None
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
        if intel_mac_end is not None and (parse_version(release.versions[0]) or Version("0")) > (
            parse_version(intel_mac_end.last) or Version("0")
        ):
            continue  # Intel Macs: no wheels after the matrix's last macos-x86_64 release
        if not target.nvidia_gpu or target.os == "macos" or request.label == "cpu":
            cpu = release.variant("cpu")
            if cpu is not None:
                return Advice(
                    request.apply(Choice(release, cpu.newest_version(release), cpu, None, ())),
                    None,
                    _cpu_reasons(target, matrix, requested=request.label == "cpu"),
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
    if target.python is None and python_unknown == len(releases):
        # No release could be judged at all: the Python is the missing fact, not the GPU.
        return Advice(
            None,
            "unknown",
            (
                _(
                    "the Python version is unknown, so no release can be chosen; give it with "
                    "--python-version (e.g. 3.11)"
                ),
            ),
        )
    if python_blocked and python_blocked + python_unknown == len(releases):
        return Advice(
            None,
            "python" if not python_unknown else "unknown",
            (python_reason(target.python, target.python_bits, releases, torch),),
        )
    if best_driver_upgrade is not None:
        return Advice(
            None,
            "driver",
            (
                _("no PyTorch build for this GPU runs on driver {driver}").format(
                    driver=target.driver or _("(version unknown)")
                ),
            ),
            best_driver_upgrade,
            _driver_needed(best_driver_upgrade),
        )
    return _gpu_blocker(target, matrix, torch)


def _gpu_blocker(target: Target, matrix: Matrix, torch: str | None) -> Advice:
    """Nothing fits and neither the Python nor the driver is to blame: the GPUs are."""
    if any(cc is None for cc in target.capabilities):
        return Advice(None, "unknown", (_("the GPU's compute capability is unknown"),))
    caps = sorted({c for c in target.capabilities if c})
    if len(caps) > 1:
        # Several kinds of GPU: some build may serve each one alone, none all of them.
        served = [
            c
            for c in caps
            if advise(replace(target, capabilities=(c,)), matrix, torch=torch).choice is not None
        ]
        if served:
            return Advice(
                None,
                "gpu",
                (
                    _(
                        "no single PyTorch build has kernels for all these GPUs (compute "
                        "capability {cc}); some build serves {served} alone: hide the other GPUs "
                        "with CUDA_VISIBLE_DEVICES, or use GPUs of one generation"
                    ).format(cc=", ".join(caps), served=", ".join(served)),
                ),
            )
    if torch is not None:
        # --torch narrowed the builds: only they lack the kernels, not every release.
        return Advice(
            None,
            "gpu",
            (
                _("torch {version} has no kernels for compute capability {cc}").format(
                    version=torch, cc=", ".join(caps)
                ),
            ),
        )
    further = (source_build_reason(matrix, cc) for cc in caps)
    return Advice(
        None,
        "gpu",
        (
            _("no PyTorch release in the matrix ships kernels for compute capability {cc}").format(
                cc=", ".join(caps)
            ),
            *dict.fromkeys(r for r in further if r),
        ),
    )


def _span(
    target: Target, matrix: Matrix, torch: str | None, arch_checked: bool, limit_checked: bool
) -> Advice | None:
    """A driver outside the GPU's span (past its last branch, before its documented first
    one) drives it not at all: the advice is then that branch."""
    driver = target.driver if target.nvidia_gpu else None
    caps = target.capabilities
    past = None if limit_checked else limit_passed(matrix, driver=driver, capabilities=caps)
    if past is not None:
        return _on_last_branch(target, matrix, past, torch)
    early = (
        None
        if arch_checked
        else predated_arch(matrix, driver=driver, capabilities=caps, os_name=target.os)
    )
    return _on_first_branch(target, matrix, early, torch) if early and early.firm else None


def _on_branch(target: Target, matrix: Matrix, branch: str, torch: str | None) -> Advice:
    """The advice on a bare driver branch, with both ends of the driver span judged already
    (a GPU past its last branch next to a newer one must not send it back and forth)."""
    on = replace(target, driver=branch, driver_cuda=None)
    return _advise(on, matrix, torch=torch, arch_checked=True, limit_checked=True)


def _on_last_branch(
    target: Target, matrix: Matrix, limit: GpuDriverLimit, torch: str | None
) -> Advice:
    """No driver newer than the GPU's last branch drives it: advise that branch, and the
    newest build whose arch list serves the GPU on that branch's CUDA."""
    branch = str(limit.last_branch)
    # A bare branch runs what the branch runs natively (the branch table knows).
    on_branch = _on_branch(target, matrix, branch, torch)
    reason = _(
        "driver {driver} is newer than R{branch}, the last driver branch for {family} GPUs: "
        "it does not drive this GPU at all"
    ).format(driver=target.driver, branch=branch, family=limit.family)
    if on_branch.choice is None:
        # No build serves the GPU even on its last branch (Fermi): that blocker is the news.
        return replace(on_branch, reasons=(reason, *on_branch.reasons), driver_limit=limit)
    return Advice(None, "driver", (reason,), on_branch.choice, branch, limit)


def _on_first_branch(
    target: Target, matrix: Matrix, check: ArchDriverCheck, torch: str | None
) -> Advice:
    """The driver predates the GPU's architecture: no build runs until it is upgraded. Name
    the first branch that drives the GPU, and the build that fits on that branch."""
    branch = str(check.first_branch)
    on_branch = _on_branch(target, matrix, branch, torch)
    reason = arch_driver_reason(check)
    if on_branch.choice is None:
        return replace(on_branch, reasons=(reason, *on_branch.reasons), arch_driver=check)
    needed = check.first_driver or branch
    return Advice(None, "driver", (reason,), on_branch.choice, needed, arch_driver=check)


def _cpu_reasons(target: Target, matrix: Matrix, *, requested: bool = False) -> tuple[str, ...]:
    if requested and target.nvidia_gpu and target.os != "macos":
        # --torch X+cpu on a GPU machine: the user's choice, not a verdict about the GPU.
        return (_("the CPU build was requested: it does not use the NVIDIA GPU"),)
    if target.os == "macos":
        reasons = [_("macOS builds are CPU/MPS only (no CUDA)")]
        end = matrix.torch.last_for("macos-x86_64")
        if target.machine is None and end is not None:
            # Advice for a Mac whose CPU is not known: Apple silicon assumed, Intel named.
            reasons.append(
                _("on an Intel Mac (x86_64) the last PyTorch release is {version}").format(
                    version=end.last
                )
            )
        return tuple(reasons)
    return (_("no NVIDIA GPU was found, so the CPU build is the right one"),)


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
    # torchvision / torchaudio that pair with the choice (None: no choice, or not known).
    companions: Companions | None = None


def plan_install(target: Target, matrix: Matrix, *, torch: str | None = None) -> InstallPlan:
    advice = advise(target, matrix, torch=torch)
    if advice.choice is None and target.nvidia_gpu and advice.blocker in _FALLBACK_BLOCKERS:
        cpu = advise(replace(target, nvidia_gpu=False), matrix, torch=torch)
        if cpu.choice is not None:
            return InstallPlan(advice, cpu.choice, True, companions(matrix, cpu.choice.version))
    pair = companions(matrix, advice.choice.version) if advice.choice is not None else None
    return InstallPlan(advice, advice.choice, companions=pair)


# The CPU build is a fallback only when the GPU side blocks; a Python or platform blocker
# stops the CPU build too, and a pinned variant that does not exist is the user's to change.
_FALLBACK_BLOCKERS = frozenset({"driver", "gpu", "unknown"})


__all__ = [
    "Advice",
    "Choice",
    "InstallPlan",
    "Target",
    "advise",
    "describe_caveats",
    "evaluate",
    "plan_install",
    "upgrade_caveat",
    "with_facts",
]
