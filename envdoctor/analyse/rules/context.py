"""What every check rule shares: the facts, the matrix, the install plan, and `finding()`.

Pure: the mirror (already resolved from the catalog) is passed in; nothing here reads
the machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.compat.advice import (
    Advice,
    Choice,
    InstallPlan,
    Target,
    describe_caveats,
    plan_install,
    upgrade_caveat,
)
from envdoctor.compat.commands import InstallCommand, MirrorIndex, install_command
from envdoctor.compat.driver import native_cuda_of_driver
from envdoctor.compat.versions import os_key
from envdoctor.i18n import _
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import DriverState, GpuFacts, Snapshot
from envdoctor.values import CUDA_HIDES_ALL


def finding(
    *,
    code: str,
    status: Status,
    area: Area,
    title: str,
    detail: str = "",
    fix: str | None = None,
    sources: tuple[str, ...] = (),
    facts: dict[str, str | None] | None = None,
) -> Finding:
    """A finding; facts that are None are left out and sources are cited once each."""
    return Finding(
        code=code,
        status=status,
        area=area,
        title=title,
        detail=detail,
        fix=fix,
        sources=tuple(dict.fromkeys(sources)),
        facts={k: v for k, v in (facts or {}).items() if v is not None},
    )


def _os(snapshot: Snapshot) -> str:
    return os_key(snapshot.system.os) or "linux"


def nvidia_gpu_present(snapshot: Snapshot) -> bool | None:
    """True/False when known; None when nothing tells (e.g. no driver and no PCI view)."""
    if snapshot.gpus:
        return True
    if snapshot.driver.nvidia_pci_devices is not None and not snapshot.system.wsl:
        return snapshot.driver.nvidia_pci_devices > 0
    if snapshot.driver.state is DriverState.OK:
        if snapshot.driver.source == "collect_env":
            # collect_env reads the driver version from nvidia-smi's table, which is printed
            # only with a GPU ("No devices were found" has no version): a GPU is there even
            # when the report's GPU line is missing or damaged.
            return True
        if snapshot.driver.source in {"nvml", "nvidia-smi"}:
            return False  # NVML or nvidia-smi answered here and listed no GPU
        return None  # the kernel module, or a report that does not list GPUs, says nothing
    if snapshot.driver.state in {
        DriverState.NOT_LOADED,
        DriverState.LIBRARY_MISMATCH,
        DriverState.NO_PERMISSION,
    }:
        return True  # the driver is installed, so almost certainly a GPU too
    return None


def target_from_snapshot(snapshot: Snapshot) -> Target:
    present = nvidia_gpu_present(snapshot)
    return Target(
        os=_os(snapshot),
        machine=snapshot.system.machine,
        python=snapshot.python.version,
        python_bits=snapshot.python.pointer_bits,
        free_threaded=snapshot.python.free_threaded,
        nvidia_gpu=bool(present)
        or (snapshot.driver.state is DriverState.OK and bool(snapshot.gpus)),
        driver=snapshot.driver.version if snapshot.driver.state is DriverState.OK else None,
        driver_cuda=snapshot.driver.cuda_version,
        driver_os="windows" if snapshot.system.wsl else None,
        capabilities=tuple(g.compute_capability for g in visible_gpus(snapshot))
        or (tuple(g.compute_capability for g in snapshot.gpus)),
    )


# ---------------------------------------------------------------- CUDA_VISIBLE_DEVICES


@dataclass(frozen=True)
class Visibility:
    hidden_all: bool
    problem: str | None  # translated explanation when something is wrong
    visible: tuple[int, ...] | None  # NVML indices CUDA will show, in order; None = all


def cuda_visibility(value: str | None, gpus: tuple[GpuFacts, ...]) -> Visibility:
    """CUDA's rules: a comma list of indices or UUID (prefixes); an invalid entry hides it and
    everything after it; an empty value hides all devices."""
    if value is None:
        return Visibility(False, None, None)
    text = value.strip()
    if text in CUDA_HIDES_ALL:
        return Visibility(
            True, _("CUDA_VISIBLE_DEVICES={value!r} hides every GPU").format(value=value), ()
        )
    if any(part.strip().upper().startswith("MIG-") for part in text.split(",")):
        # MIG instances are named by MIG UUIDs, which NVML lists per GPU instance, not in
        # the snapshot: they cannot be checked here, so they are not judged.
        return Visibility(False, None, None)
    visible: list[int] = []
    for raw in text.split(","):
        entry = raw.strip()
        index = None
        if entry.isdigit():
            if int(entry) < len(gpus):
                index = int(entry)
        elif entry.upper().startswith(("GPU-", "MIG-")):
            matches = [g.index for g in gpus if g.uuid and g.uuid.lower().startswith(entry.lower())]
            if len(matches) == 1:
                index = matches[0]
        if index is None or index in visible:
            problem = _(
                "CUDA_VISIBLE_DEVICES={value!r}: entry {entry!r} does not name one of the {n} GPU(s), "
                "so it and every entry after it are ignored"
            ).format(value=value, entry=entry, n=len(gpus))
            return Visibility(not visible, problem, tuple(visible))
        visible.append(index)
    return Visibility(False, None, tuple(visible))


def visible_gpus(snapshot: Snapshot) -> tuple[GpuFacts, ...]:
    vis = cuda_visibility(snapshot.environment.get("CUDA_VISIBLE_DEVICES"), snapshot.gpus)
    if vis.visible is None:
        return snapshot.gpus
    by_index = {g.index: g for g in snapshot.gpus}
    return tuple(by_index[i] for i in vis.visible if i in by_index)


class Context:
    """One analysis: the (enriched) snapshot, the matrix, and the install plan, made once."""

    def __init__(self, snapshot: Snapshot, matrix: Matrix, mirror: MirrorIndex | None) -> None:
        self.snapshot = snapshot
        self.matrix = matrix
        self.mirror = mirror
        self.os = _os(snapshot)
        # WSL runs Linux wheels on the Windows driver: NVIDIA's Windows floors apply to it.
        self.driver_os = "windows" if snapshot.system.wsl else self.os
        self.gpu_present = nvidia_gpu_present(snapshot)
        self.plan_cache: InstallPlan | None = None

    @property
    def advice_cache(self) -> Advice | None:
        return self.plan_cache.advice if self.plan_cache is not None else None

    def plan(self) -> InstallPlan:
        if self.plan_cache is None:
            self.plan_cache = plan_install(target_from_snapshot(self.snapshot), self.matrix)
        return self.plan_cache

    def advice(self) -> Advice:
        return self.plan().advice

    def install_fix(self, *, replace_installed: bool) -> str | None:
        """The command for the newest fitting torch, plus what a driver upgrade would unlock."""
        plan = self.plan()
        advice = plan.advice
        lines = []
        if plan.gpu_fallback:
            # The same decision as `envdoctor install`: say why no GPU build fits first.
            lines += [f"({reason})" for reason in advice.reasons]
        if plan.choice is not None:
            cmd = self.command_for(plan.choice, replace_installed=replace_installed)
            lines.append(cmd.display(self.os))
            if not plan.gpu_fallback:
                lines += [f"({reason})" for reason in advice.reasons]
            if cmd.note:
                lines.append(cmd.note)
            lines += [f"({c})" for c in describe_caveats(plan.choice)]
            if plan.gpu_fallback:
                reason = _(
                    "no GPU build fits, so this is the CPU build; fix the blocker above to use the GPU"
                )
                lines.append(f"({reason})")
        elif advice.blocker == "python":
            lines.append(
                _(
                    "First create an environment with a supported Python (see the Python section), "
                    "then run `envdoctor check --python <its python>` again."
                )
            )
        else:
            lines.append(" ".join(advice.reasons))
        up = advice.with_driver_upgrade
        if up is not None and advice.driver_limit is not None:
            lines.append(
                _(
                    "Better: install the R{branch} driver, the last branch for {family} GPUs, "
                    "to use torch {version}+{variant}."
                ).format(
                    branch=advice.driver_limit.last_branch,
                    family=advice.driver_limit.family,
                    version=up.version,
                    variant=up.variant.name,
                )
            )
        elif up is not None and advice.driver_needed:
            lines.append(
                _(
                    "Better: upgrade the NVIDIA driver to {driver} or newer to use torch {version}+{variant}."
                ).format(driver=advice.driver_needed, version=up.version, variant=up.variant.name)
            )
            caveat = self.upgrade_caveat()
            if caveat:
                lines.append(f"({caveat})")
        return "\n".join(lines) if lines else None

    def command_for(self, choice: Choice, *, replace_installed: bool) -> InstallCommand:
        """The install command for `choice` in this snapshot's interpreter (uv or pip)."""
        python = self.snapshot.python.executable or "python"
        use_uv = self.snapshot.python.env_kind == "uv" and self.snapshot.python.has_pip is False
        return install_command(
            choice,
            python=python,
            os_name=self.os,
            use_uv=use_uv,
            replace_installed=replace_installed,
            mirror=self.mirror,
            machine=self.snapshot.system.machine,
        )

    def upgrade_caveat(self) -> str | None:
        """When a driver upgrade is advised: a GPU that loses support after this branch."""
        return upgrade_caveat(target_from_snapshot(self.snapshot), self.matrix)

    def advice_detail(self) -> str:
        advice = self.advice()
        if advice.choice is not None:
            return _(
                "The newest build that fits this machine is torch {version}+{variant}."
            ).format(version=advice.choice.version, variant=advice.choice.variant.name)
        return " ".join(advice.reasons)

    def advice_sources(self) -> tuple[str, ...]:
        advice = self.advice()
        choice = advice.choice or advice.with_driver_upgrade
        if choice is None:
            return ()
        srcs = list(choice.release.sources) + list(choice.variant.arch_sources)
        if choice.driver is not None:
            srcs += list(choice.driver.sources)
        return tuple(srcs)

    def driver_cuda(self) -> str | None:
        d = self.snapshot.driver
        if d.state is not DriverState.OK:
            return None
        return d.cuda_version or native_cuda_of_driver(self.matrix, d.version)


__all__ = [
    "Context",
    "Visibility",
    "cuda_visibility",
    "finding",
    "nvidia_gpu_present",
    "target_from_snapshot",
    "visible_gpus",
]
