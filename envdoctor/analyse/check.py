"""`check`'s judgement: Snapshot + matrix -> findings. Pure: no I/O, no printing.

Facts from the machine beat the table: the arch list torch reports, NVML's CUDA driver
version and the capability NVML reports are used when present; the matrix fills in
only what the snapshot lacks (a collect_env report, a torch that failed to import), and
anything neither knows is reported as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from packaging.version import Version

from envdoctor.analyse import fixes
from envdoctor.analyse.advisor import (
    Advice,
    Target,
    advise,
    describe_caveats,
    install_command,
)
from envdoctor.analyse.compat import (
    Verdict,
    arch_entries_from_variant,
    cuda_tuple,
    driver_supports_cuda,
    gpu_capability,
    gpu_supported,
    identify_torch,
    native_cuda_of_driver,
    os_key,
    parse_version,
    python_supported,
)
from envdoctor.analyse.findings import Area, Finding, Status, overall_status
from envdoctor.analyse.rules_libraries import library_findings
from envdoctor.i18n import _, list_sep, sentence_gap
from envdoctor.matrix.gpus import ambiguous_gpu
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import DriverState, GpuFacts, Snapshot, TorchState


@dataclass(frozen=True)
class Report:
    status: Status
    findings: tuple[Finding, ...]
    snapshot: Snapshot  # with capabilities derived from the matrix filled in
    advice: Advice | None = None


# ---------------------------------------------------------------- enrichment


def enrich(snapshot: Snapshot, matrix: Matrix) -> Snapshot:
    """Fill compute capabilities the snapshot lacks from torch's view or the GPU table."""
    by_name = {d.name: d.capability for d in snapshot.torch.devices if d.capability}
    gpus = []
    for gpu in snapshot.gpus:
        if gpu.compute_capability:
            gpus.append(gpu)
        elif gpu.name in by_name:
            gpus.append(
                replace(
                    gpu, compute_capability=by_name[gpu.name], compute_capability_source="torch"
                )
            )
        else:
            match = gpu_capability(matrix, gpu.name)
            if match is not None:
                gpus.append(
                    replace(
                        gpu,
                        compute_capability=match.capability,
                        compute_capability_source=f"table:{match.entry.name}",
                    )
                )
            else:
                gpus.append(gpu)
    return replace(snapshot, gpus=tuple(gpus))


def _os(snapshot: Snapshot) -> str:
    return os_key(snapshot.system.os) or "linux"


def nvidia_gpu_present(snapshot: Snapshot) -> bool | None:
    """True/False when known; None when nothing tells (e.g. no driver and no PCI view)."""
    if snapshot.gpus:
        return True
    if snapshot.driver.nvidia_pci_devices is not None and not snapshot.system.wsl:
        return snapshot.driver.nvidia_pci_devices > 0
    if snapshot.driver.state is DriverState.OK:
        # NVML or nvidia-smi answered and listed no GPU; the kernel module alone says nothing.
        return None if snapshot.driver.source == "proc" else False
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
        capabilities=tuple(g.compute_capability for g in _visible_gpus(snapshot))
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
    if text in {"", "-1", "none", "NoDevFiles"}:
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


def _visible_gpus(snapshot: Snapshot) -> tuple[GpuFacts, ...]:
    vis = cuda_visibility(snapshot.environment.get("CUDA_VISIBLE_DEVICES"), snapshot.gpus)
    if vis.visible is None:
        return snapshot.gpus
    by_index = {g.index: g for g in snapshot.gpus}
    return tuple(by_index[i] for i in vis.visible if i in by_index)


# ---------------------------------------------------------------- the rules


def analyse(snapshot: Snapshot, matrix: Matrix, *, mirror: str | None = None) -> Report:
    snap = enrich(snapshot, matrix)
    ctx = _Context(snap, matrix, mirror)
    findings: list[Finding] = []
    findings += ctx.driver_findings()
    findings += ctx.gpu_findings()
    findings += ctx.torch_findings()
    findings += library_findings(snap)
    findings += ctx.python_findings()
    findings += ctx.system_findings()
    return Report(overall_status(findings), tuple(findings), snap, ctx.advice_cache)


class _Context:
    def __init__(self, snapshot: Snapshot, matrix: Matrix, mirror: str | None) -> None:
        self.s = snapshot
        self.m = matrix
        self.mirror = mirror
        self.os = _os(snapshot)
        # WSL runs Linux wheels on the Windows driver: NVIDIA's Windows floors apply to it.
        self.driver_os = "windows" if snapshot.system.wsl else self.os
        self.gpu_present = nvidia_gpu_present(snapshot)
        self.advice_cache: Advice | None = None

    # ------------------------------------------------------------ helpers

    def advice(self) -> Advice:
        if self.advice_cache is None:
            self.advice_cache = advise(target_from_snapshot(self.s), self.m)
        return self.advice_cache

    def install_fix(self, *, replace_installed: bool) -> str | None:
        """The command for the newest fitting torch, plus what a driver upgrade would unlock."""
        advice = self.advice()
        python = self.s.python.executable or "python"
        use_uv = self.s.python.env_kind == "uv" and self.s.python.has_pip is False
        lines = []
        if advice.choice is not None:
            cmd = install_command(
                advice.choice,
                python=python,
                os_name=self.os,
                use_uv=use_uv,
                replace_installed=replace_installed,
                mirror=self.mirror,
                machine=self.s.system.machine,
            )
            lines.append(cmd.display(self.os))
            lines += [f"({reason})" for reason in advice.reasons]
            if cmd.note:
                lines.append(cmd.note)
            lines += [f"({c})" for c in describe_caveats(advice.choice)]
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
        if up is not None and advice.driver_needed:
            lines.append(
                _(
                    "Better: upgrade the NVIDIA driver to {driver} or newer to use torch {version}+{variant}."
                ).format(driver=advice.driver_needed, version=up.version, variant=up.variant.name)
            )
        return "\n".join(lines) if lines else None

    def _f(
        self,
        code: str,
        status: Status,
        area: Area,
        title: str,
        detail: str = "",
        fix: str | None = None,
        sources: tuple[str, ...] = (),
        facts: dict[str, str | None] | None = None,
        **more: str | None,
    ) -> Finding:
        merged = {**(facts or {}), **more}
        return Finding(
            code,
            status,
            area,
            title,
            detail,
            fix,
            tuple(dict.fromkeys(sources)),
            {k: v for k, v in merged.items() if v is not None},
        )

    # ------------------------------------------------------------ driver

    def driver_findings(self) -> list[Finding]:
        d = self.s.driver
        caps = tuple(g.compute_capability for g in self.s.gpus)
        branch = fixes.recommended_branch(caps)
        if d.state is DriverState.OK:
            mismatch = (
                d.kernel_module_version
                and d.version
                and parse_version(d.kernel_module_version) != parse_version(d.version)
                and d.source == "nvml"
            )
            if mismatch:
                return [self._mismatch(d.version, d.kernel_module_version)]
            native = d.cuda_version or native_cuda_of_driver(self.m, d.version)
            how = "" if d.cuda_version else _(" (from the driver branch table)")
            title = (
                _("NVIDIA driver {version}, supports CUDA up to {cuda}{how}").format(
                    version=d.version, cuda=native, how=how
                )
                if native and d.version
                else _("NVIDIA driver {version}").format(
                    version=d.version or _("(version unknown)")
                )
            )
            out = [
                self._f(
                    "driver-ok",
                    Status.OK,
                    Area.DRIVER,
                    title,
                    driver=d.version,
                    cuda=native,
                    source=d.source,
                )
            ]
            if d.source == "proc":
                out.append(
                    self._f(
                        "driver-error",
                        Status.WARN,
                        Area.DRIVER,
                        _(
                            "The NVIDIA kernel module is loaded, but its user-space libraries could not be used"
                        ),
                        _(
                            "NVML and nvidia-smi did not work ({error}), so the GPUs could not be listed; "
                            "CUDA needs the same libraries (libcuda, libnvidia-ml)."
                        ).format(error=d.error or "?"),
                        _(
                            "In a container: start it with `--gpus all` (NVIDIA Container Toolkit). "
                            "Otherwise reinstall the driver's user-space package of version {version}."
                        ).format(version=d.version),
                        error=d.error,
                    )
                )
            return out
        if self.os == "macos":
            return [
                self._f(
                    "no-gpu",
                    Status.INFO,
                    Area.DRIVER,
                    _("macOS: no NVIDIA CUDA support (PyTorch uses the CPU or Apple's MPS)"),
                )
            ]
        if d.state is DriverState.NO_DRIVER or (
            d.state is DriverState.UNKNOWN and self.s.origin == "live"
        ):
            if self.gpu_present is False:
                return [
                    self._f(
                        "no-gpu",
                        Status.WARN,
                        Area.DRIVER,
                        _("No NVIDIA GPU found"),
                        _(
                            "No NVIDIA display or 3D controller is on the PCI bus and no driver is "
                            "installed, so PyTorch can only use the CPU here."
                        ),
                        _(
                            "If this machine should have an NVIDIA GPU, check that it is seated and powered (lspci)."
                        ),
                    )
                ]
            detail = _("The NVIDIA driver library (NVML) and nvidia-smi were not found.")
            if self.s.system.wsl == 1:
                detail += sentence_gap() + _(
                    "This is WSL 1, which has no GPU support: convert the distro with `wsl --set-version <distro> 2`."
                )
            return [
                self._f(
                    "no-driver",
                    Status.FAIL,
                    Area.DRIVER,
                    _("No NVIDIA driver is installed"),
                    detail,
                    fixes.driver_install(self.s, branch),
                    error=d.error,
                )
            ]
        if d.state is DriverState.NOT_LOADED:
            return [
                self._f(
                    "driver-not-loaded",
                    Status.FAIL,
                    Area.DRIVER,
                    _("The NVIDIA driver is installed but its kernel module is not loaded"),
                    _(
                        "Usually the machine has not been rebooted since the install, Secure Boot refused "
                        "the unsigned module, or nouveau holds the GPU."
                    ),
                    _(
                        "sudo modprobe nvidia   # if it fails: check `mokutil --sb-state` (Secure Boot) and "
                        "`lsmod | grep nouveau`, then reboot"
                    ),
                    error=d.error,
                )
            ]
        if d.state is DriverState.LIBRARY_MISMATCH:
            return [self._mismatch(d.version, d.kernel_module_version, d.error)]
        if d.state is DriverState.NO_PERMISSION:
            return [
                self._f(
                    "driver-no-permission",
                    Status.FAIL,
                    Area.DRIVER,
                    _("No permission to use the NVIDIA devices"),
                    _("The /dev/nvidia* device files are not accessible to this user."),
                    _(
                        "sudo usermod -aG video,render $USER   # then log out and in; check `ls -l /dev/nvidia*`"
                    ),
                    error=d.error,
                )
            ]
        if d.state is DriverState.UNKNOWN:
            return [
                self._f(
                    "driver-unknown",
                    Status.WARN,
                    Area.DRIVER,
                    _("The NVIDIA driver version is unknown"),
                    _(
                        "The report does not say which driver is installed, so driver checks are skipped."
                    ),
                    _(
                        "Run `envdoctor check` on that machine, or `nvidia-smi`, and add the driver version."
                    ),
                )
            ]
        return [
            self._f(
                "driver-error",
                Status.WARN,
                Area.DRIVER,
                _("The NVIDIA driver could not be queried"),
                d.error or "",
                _("Run `nvidia-smi` to see the driver's own error message."),
                error=d.error,
            )
        ]

    def _mismatch(
        self, version: str | None, module: str | None, error: str | None = None
    ) -> Finding:
        detail = _(
            "The driver's user-space libraries were upgraded but the old kernel module is still "
            "loaded (often by an automatic update)."
        )
        if version and module:
            detail += sentence_gap() + _("Libraries: {lib}; loaded kernel module: {mod}.").format(
                lib=version, mod=module
            )
        return self._f(
            "driver-library-mismatch",
            Status.FAIL,
            Area.DRIVER,
            _("Driver/library version mismatch: a reboot is needed"),
            detail,
            _(
                "sudo reboot   # to stop automatic driver upgrades: sudo apt-mark hold 'nvidia-*' (Ubuntu/Debian)"
            ),
            library=version,
            kernel_module=module,
            error=error,
        )

    # ------------------------------------------------------------ GPUs

    def gpu_findings(self) -> list[Finding]:
        out: list[Finding] = []
        for gpu in self.s.gpus:
            facts = {
                "name": gpu.name,
                "capability": gpu.compute_capability,
                "capability_source": gpu.compute_capability_source,
            }
            if gpu.compute_capability:
                mem = (
                    f"{list_sep()}{gpu.memory_total_mib // 1024} GiB"
                    if gpu.memory_total_mib
                    else ""
                )
                derived = (
                    _(" (from the GPU table)")
                    if (gpu.compute_capability_source or "").startswith("table:")
                    else ""
                )
                out.append(
                    self._f(
                        "gpu-ok",
                        Status.OK,
                        Area.GPU,
                        _("GPU {index}: {name}, compute capability {cc}{derived}{mem}").format(
                            index=gpu.index,
                            name=gpu.name,
                            cc=gpu.compute_capability,
                            derived=derived,
                            mem=mem,
                        ),
                        facts=facts,
                    )
                )
            else:
                out.append(
                    self._f(
                        "gpu-unknown",
                        Status.WARN,
                        Area.GPU,
                        _("GPU {index}: {name}, compute capability unknown").format(
                            index=gpu.index, name=gpu.name
                        ),
                        self._unknown_gpu_detail(gpu.name),
                        _(
                            "Run `nvidia-smi --query-gpu=name,compute_cap --format=csv` on that machine."
                        ),
                        facts=facts,
                    )
                )
        out += self._visibility_findings()
        return out

    def _unknown_gpu_detail(self, name: str) -> str:
        amb = ambiguous_gpu(self.m, name)
        if amb is not None:
            return _(
                "The name {name!r} is used for chips of different generations (compute capability "
                "{ccs}), so the name alone cannot tell which PyTorch builds have kernels for it."
            ).format(name=name, ccs=" or ".join(amb.candidates))
        return _(
            "envdoctor does not know this GPU's compute capability, so it cannot tell which "
            "PyTorch builds have kernels for it."
        )

    def _visibility_findings(self) -> list[Finding]:
        out = []
        value = self.s.environment.get("CUDA_VISIBLE_DEVICES")
        if self.s.gpus and value is not None:
            vis = cuda_visibility(value, self.s.gpus)
            if vis.problem:
                out.append(
                    self._f(
                        "gpus-hidden",
                        Status.FAIL if vis.hidden_all else Status.WARN,
                        Area.GPU,
                        _("CUDA_VISIBLE_DEVICES hides every GPU")
                        if vis.hidden_all
                        else _("CUDA_VISIBLE_DEVICES names a GPU that does not exist"),
                        vis.problem,
                        _(
                            "unset CUDA_VISIBLE_DEVICES   # or list existing GPUs, e.g. CUDA_VISIBLE_DEVICES=0"
                        ),
                        value=value,
                    )
                )
        order = self.s.environment.get("CUDA_DEVICE_ORDER")
        names = {g.name for g in self.s.gpus}
        numeric = value is not None and any(part.strip().isdigit() for part in value.split(","))
        if len(names) > 1 and numeric and order != "PCI_BUS_ID":
            # CUDA numbers GPUs fastest-first by default, nvidia-smi by PCI bus: on a machine
            # with different GPUs, index 0 is not the same card in both.
            out.append(
                self._f(
                    "gpus-order",
                    Status.WARN,
                    Area.GPU,
                    _(
                        "CUDA_VISIBLE_DEVICES uses indices, but CUDA and nvidia-smi may number these GPUs differently"
                    ),
                    _(
                        "With different GPU models CUDA orders devices fastest first unless "
                        "CUDA_DEVICE_ORDER=PCI_BUS_ID, so CUDA_VISIBLE_DEVICES={value} may select another card "
                        "than nvidia-smi's index {value}."
                    ).format(value=value),
                    _(
                        "export CUDA_DEVICE_ORDER=PCI_BUS_ID   # or select GPUs by UUID (nvidia-smi -L)"
                    ),
                    value=value,
                )
            )
        nvd = self.s.environment.get("NVIDIA_VISIBLE_DEVICES")
        if (
            nvd is not None
            and nvd.strip().lower() in {"void", "none", ""}
            and self.s.system.container
        ):
            out.append(
                self._f(
                    "gpus-hidden",
                    Status.FAIL,
                    Area.GPU,
                    _("NVIDIA_VISIBLE_DEVICES hides every GPU from this container"),
                    _(
                        "The container runtime was told to expose no GPU (NVIDIA_VISIBLE_DEVICES={value})."
                    ).format(value=nvd),
                    _("Start the container with `--gpus all` (or set NVIDIA_VISIBLE_DEVICES=all)."),
                    value=nvd,
                )
            )
        return out

    # ------------------------------------------------------------ torch

    def torch_findings(self) -> list[Finding]:
        t = self.s.torch
        if t.state is TorchState.NO_INTERPRETER:
            return [
                self._f(
                    "interpreter-not-found",
                    Status.FAIL,
                    Area.TORCH,
                    _("Could not run the Python interpreter {python}").format(
                        python=self.s.python.executable
                    ),
                    t.error or "",
                    _(
                        "Pass the interpreter you use for PyTorch: envdoctor check --python /path/to/python"
                    ),
                )
            ]
        if t.state is TorchState.MISSING:
            return [
                self._f(
                    "torch-missing",
                    Status.FAIL,
                    Area.TORCH,
                    _("PyTorch is not installed in {python}").format(
                        python=self.s.python.executable or "python"
                    ),
                    self._advice_detail(),
                    self.install_fix(replace_installed=False),
                    sources=self._advice_sources(),
                )
            ]
        if t.state in {TorchState.BROKEN, TorchState.CRASHED, TorchState.TIMEOUT}:
            return [self._broken()]
        if t.state is TorchState.UNKNOWN:
            return [
                self._f(
                    "torch-broken" if self.s.origin == "live" else "torch-unknown",
                    Status.WARN,
                    Area.TORCH,
                    _("PyTorch could not be inspected"),
                    t.error or _("The report does not say which PyTorch is installed."),
                )
            ]
        return self._installed()

    def _advice_detail(self) -> str:
        advice = self.advice()
        if advice.choice is not None:
            return _(
                "The newest build that fits this machine is torch {version}+{variant}."
            ).format(version=advice.choice.version, variant=advice.choice.variant.name)
        return " ".join(advice.reasons)

    def _advice_sources(self) -> tuple[str, ...]:
        advice = self.advice()
        choice = advice.choice or advice.with_driver_upgrade
        if choice is None:
            return ()
        srcs = list(choice.release.sources) + list(choice.variant.arch_sources)
        if choice.driver is not None:
            srcs += list(choice.driver.sources)
        return tuple(srcs)

    def _broken(self) -> Finding:
        t = self.s.torch
        kind = t.error_kind or ""
        fix = None
        detail = t.error or ""
        reinstall = self.install_fix(replace_installed=True)
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
            ld = self.s.environment.get("LD_LIBRARY_PATH")
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
                    _(
                        "Install the Microsoft Visual C++ Redistributable (x64), then reinstall PyTorch:"
                    )
                    + "\n"
                    + fix
                )
        elif kind == "numpy-abi":
            fix = f'{self.s.python.executable or "python"} -m pip install "numpy<2"   # ' + _(
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
        return self._f(
            "torch-broken",
            Status.FAIL,
            Area.TORCH,
            titles.get(t.state, _("PyTorch is broken")),
            detail,
            fix,
            kind=kind or None,
            version=t.version,
        )

    def _installed(self) -> list[Finding]:
        t = self.s.torch
        out: list[Finding] = []
        build = identify_torch(self.m, t.version, t.cuda, self.s.system.os)
        label = t.version or "?"
        release_row = build.release
        gpus_present = bool(self.gpu_present)
        if t.hip:
            out.append(
                self._f(
                    "torch-rocm-build",
                    Status.FAIL if gpus_present else Status.WARN,
                    Area.TORCH,
                    _("torch {version} is a ROCm (AMD) build").format(version=label),
                    _("ROCm builds cannot use NVIDIA GPUs."),
                    self.install_fix(replace_installed=True) if gpus_present else None,
                )
            )
            return out
        if t.cuda is None:
            if gpus_present:
                out.append(
                    self._f(
                        "torch-cpu-only",
                        Status.FAIL,
                        Area.TORCH,
                        _(
                            "torch {version} is a CPU-only build, but this machine has an NVIDIA GPU"
                        ).format(version=label),
                        _(
                            "torch.version.cuda is None. Common causes: plain `pip install torch` on Windows "
                            "(PyPI has only CPU wheels there), a cached CPU wheel, or a later requirements "
                            "install that replaced the CUDA build. "
                        )
                        + self._advice_detail(),
                        self.install_fix(replace_installed=True),
                        sources=self._advice_sources(),
                        version=t.version,
                    )
                )
            else:
                out.append(
                    self._f(
                        "torch-ok",
                        Status.OK,
                        Area.TORCH,
                        _("torch {version} (CPU build; no NVIDIA GPU here)").format(version=label),
                        version=t.version,
                    )
                )
            out += self._python_vs_release(release_row)
            return out
        # A CUDA build.
        if release_row is None:
            out.append(
                self._f(
                    "torch-unknown-release",
                    Status.WARN,
                    Area.TORCH,
                    _(
                        "torch {version} is not in the bundled compatibility matrix (data of {date})"
                    ).format(version=label, date=self.m.reviewed),
                    _(
                        "Checks use what torch itself reports; rules that need the matrix are skipped. "
                        "Upgrade envdoctor for newer data."
                    ),
                    version=t.version,
                )
            )
        driver_problem = self._driver_vs_build(t.cuda, label)
        out += driver_problem
        out += self._arch(build, label)
        unavailable = self._availability(driver_problem)
        out += unavailable
        if not any(f.status is Status.FAIL for f in out):
            cudnn = f", cuDNN {t.cudnn}" if t.cudnn else ""
            avail = (
                _("CUDA available, {n} device(s)").format(n=t.device_count)
                if t.cuda_available
                else _("CUDA not checked")
                if t.cuda_available is None
                else _("CUDA not available")
            )
            out.insert(
                0,
                self._f(
                    "torch-ok",
                    Status.OK,
                    Area.TORCH,
                    _("torch {version} (CUDA {cuda}{cudnn}): {avail}").format(
                        version=label, cuda=t.cuda, cudnn=cudnn, avail=avail
                    ),
                    version=t.version,
                    cuda=t.cuda,
                    cudnn=t.cudnn,
                ),
            )
        out += self._python_vs_release(release_row)
        return out

    def _driver_vs_build(self, cuda: str, label: str) -> list[Finding]:
        d = self.s.driver
        if d.state is not DriverState.OK:
            return []  # the driver finding already says what is wrong
        check = driver_supports_cuda(
            self.m, driver=d.version, driver_cuda=d.cuda_version, os_name=self.driver_os, cuda=cuda
        )
        facts = {"driver": d.version, "driver_cuda": d.cuda_version, "torch_cuda": cuda}
        if check.verdict is Verdict.OK:
            return []
        if check.verdict is Verdict.CAVEAT:
            return [
                self._f(
                    "driver-minor-compat",
                    Status.WARN,
                    Area.TORCH,
                    _(
                        "torch {version} (CUDA {cuda}) runs on driver {driver} through minor-version compatibility"
                    ).format(version=label, cuda=cuda, driver=d.version),
                    _(
                        "NVIDIA guarantees CUDA {major}.x applications on drivers >= {floor} ({os}), with a "
                        "limited feature set: PTX built by a newer toolkit cannot be JIT-compiled."
                    ).format(
                        major=cuda.split(".", maxsplit=1)[0],
                        floor=check.minor_min,
                        os=self.driver_os,
                    )
                    + (
                        sentence_gap()
                        + _(
                            "Native support for CUDA {cuda} needs driver {native} or newer."
                        ).format(cuda=cuda, native=check.direct_min)
                        if check.direct_min
                        else ""
                    ),
                    _("Optional: upgrade the NVIDIA driver to {native} or newer.").format(
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
                self._f(
                    "driver-unknown",
                    Status.WARN,
                    Area.TORCH,
                    _("Cannot tell whether driver {driver} runs CUDA {cuda} builds").format(
                        driver=d.version or "?", cuda=cuda
                    ),
                    _("The matrix has no rule for this combination ({reason}).").format(
                        reason=check.reason
                    ),
                    sources=check.sources,
                    facts=facts,
                )
            ]
        need = check.minor_min or check.direct_min
        fix_lines = [
            _("Either upgrade the NVIDIA driver to {need} or newer:").format(need=need),
            fixes.driver_install(self.s, None),
            _("or install a PyTorch build this driver runs:"),
            self.install_fix(replace_installed=True) or "",
        ]
        return [
            self._f(
                "driver-too-old",
                Status.FAIL,
                Area.TORCH,
                _("Driver {driver} is too old for torch {version} (built with CUDA {cuda})").format(
                    driver=d.version, version=label, cuda=cuda
                ),
                _(
                    "CUDA {cuda} needs driver {need} or newer on {os} (NVIDIA minor-version "
                    "compatibility floor for CUDA {major}.x); this driver supports CUDA {have}."
                ).format(
                    cuda=cuda,
                    need=need,
                    os=self.driver_os,
                    major=cuda.split(".", maxsplit=1)[0],
                    have=d.cuda_version or native_cuda_of_driver(self.m, d.version) or "?",
                ),
                "\n".join(x for x in fix_lines if x),
                sources=check.sources,
                facts=facts,
            )
        ]

    def _arch(self, build: object, label: str) -> list[Finding]:
        t = self.s.torch
        arch_list = t.arch_list
        arch_from = "torch"
        variant = getattr(build, "variant", None)
        version = getattr(build, "version", None)
        conda = self.s.python.env_kind == "conda" and (version is None or version < Version("2.6"))
        x86 = (self.s.system.machine or "x86_64").lower() in {"x86_64", "amd64"}
        if arch_list is None and variant is not None and not conda and x86:
            # Old conda builds (the pytorch channel, up to 2.5) used other arch lists than
            # the pip wheels, and the matrix's lists are the x86-64 ones (aarch64 SBSA wheels
            # are built for other GPUs), so the table judges only x86-64 pip wheels.
            arch_list = arch_entries_from_variant(variant, self.os)
            arch_from = "matrix"
        # Judge each GPU torch can see; fall back to the NVML inventory.
        devices = [(d.name, d.capability) for d in t.devices] or [
            (g.name, g.compute_capability) for g in _visible_gpus(self.s)
        ]
        out = []
        for name, cc in devices:
            check = gpu_supported(cc, arch_list)
            facts = {
                "gpu": name,
                "capability": cc,
                "arch_list": " ".join(arch_list or ()),
                "arch_from": arch_from,
            }
            srcs = (
                tuple(variant.arch_sources) if arch_from == "matrix" and variant is not None else ()
            )
            if check.verdict is Verdict.NO:
                out.append(
                    self._f(
                        "gpu-arch-unsupported",
                        Status.FAIL,
                        Area.TORCH,
                        _("torch {version} has no kernels for {gpu} (sm_{sm})").format(
                            version=label, gpu=name, sm=(cc or "").replace(".", "")
                        ),
                        _(
                            "The build ships code for {arch}; a GPU of compute capability {cc} needs native "
                            "code of the same major version (sm_{major}x with x <= {minor}) or PTX for an "
                            "older capability. torch.cuda.is_available() may still say True, but every "
                            "kernel fails with 'no kernel image is available for execution on the device'."
                        ).format(
                            arch=" ".join(arch_list or ()),
                            cc=cc,
                            major=(cc or "?").split(".")[0],
                            minor=(cc or "?.?").split(".")[-1],
                        ),
                        self.install_fix(replace_installed=True),
                        sources=srcs + self._advice_sources(),
                        facts=facts,
                    )
                )
            elif check.verdict is Verdict.CAVEAT and self._ptx_too_new(t.cuda):
                out.append(
                    self._f(
                        "gpu-arch-unsupported",
                        Status.FAIL,
                        Area.TORCH,
                        _(
                            "{gpu} needs PTX JIT ({entry}), which driver {driver} cannot do for a CUDA {cuda} build"
                        ).format(
                            gpu=name,
                            entry=check.served_by,
                            driver=self.s.driver.version,
                            cuda=t.cuda,
                        ),
                        _(
                            "The build has no native code for compute capability {cc}; its PTX was made by "
                            "CUDA {cuda}, newer than this driver supports ({have}), and a driver cannot "
                            "JIT-compile PTX from a newer toolkit (this is where minor-version "
                            "compatibility ends: 'the provided PTX was compiled with an unsupported toolchain')."
                        ).format(cc=cc, cuda=t.cuda, have=self._driver_cuda() or "?"),
                        self.install_fix(replace_installed=True),
                        sources=(*srcs, "NV_MINOR_COMPAT", "NVBANDWIDTH_61"),
                        facts=facts,
                    )
                )
            elif check.verdict is Verdict.CAVEAT:
                out.append(
                    self._f(
                        "gpu-arch-ptx-jit",
                        Status.WARN,
                        Area.TORCH,
                        _("{gpu} runs torch {version} only through PTX JIT ({entry})").format(
                            gpu=name, version=label, entry=check.served_by
                        ),
                        _(
                            "No native code for compute capability {cc}: the driver compiles PTX at first "
                            "use (slow start, and it fails if the PTX is newer than the driver understands)."
                        ).format(cc=cc),
                        sources=srcs,
                        facts=facts,
                    )
                )
            elif check.verdict is Verdict.UNKNOWN:
                out.append(
                    self._f(
                        "gpu-arch-unknown",
                        Status.WARN,
                        Area.TORCH,
                        _("Cannot tell whether torch {version} has kernels for {gpu}").format(
                            version=label, gpu=name
                        ),
                        _(
                            "The compute capability or the build's arch list is unknown ({reason})."
                        ).format(reason=check.reason),
                        facts=facts,
                    )
                )
        return out

    def _driver_cuda(self) -> str | None:
        d = self.s.driver
        if d.state is not DriverState.OK:
            return None
        return d.cuda_version or native_cuda_of_driver(self.m, d.version)

    def _ptx_too_new(self, build_cuda: str | None) -> bool:
        """PTX from CUDA X.Y JIT-compiles only on a driver that supports X.Y natively."""
        have = cuda_tuple(self._driver_cuda())
        want = cuda_tuple(build_cuda)
        return have is not None and want is not None and have < want

    def _availability(self, driver_problem: list[Finding]) -> list[Finding]:
        t = self.s.torch
        if t.cuda_available is not False:
            if t.cuda_available and t.device_count == 0:
                return []
            return []
        if any(f.code == "driver-too-old" for f in driver_problem):
            return []
        if self.s.driver.state is not DriverState.OK or self.gpu_present is False:
            return []  # the driver/no-gpu finding explains it
        vis = cuda_visibility(self.s.environment.get("CUDA_VISIBLE_DEVICES"), self.s.gpus)
        if vis.hidden_all:
            return []  # gpus-hidden explains it
        text = " ".join([*t.cuda_warnings, t.cuda_error or ""]).strip()
        reason, fix = self._explain_unavailable(text)
        return [
            self._f(
                "cuda-unavailable",
                Status.FAIL,
                Area.TORCH,
                _("torch.cuda.is_available() is False although the driver sees the GPU"),
                reason + (("\n" + _("PyTorch said: {text}").format(text=text)) if text else ""),
                fix,
                message=text or None,
            )
        ]

    def _explain_unavailable(self, text: str) -> tuple[str, str | None]:
        low = text.lower()
        m = re.search(r"found version (\d{4,6})", text)
        if m:
            found = int(m.group(1))
            return (
                _("The driver's CUDA version ({cuda}) is older than the build's.").format(
                    cuda=f"{found // 1000}.{(found % 1000) // 10}"
                ),
                self.install_fix(replace_installed=True),
            )
        if "error 804" in low or "forward compatibility" in low:
            return (
                _(
                    "CUDA forward-compatibility libraries (cuda-compat) are active on a GPU that does not support them."
                ),
                _("Remove the cuda-compat package or its directory from LD_LIBRARY_PATH."),
            )
        if "error 802" in low or "system not yet initialized" in low:
            return (
                _("On NVSwitch systems (HGX/DGX) CUDA needs the NVIDIA Fabric Manager running."),
                _(
                    "sudo systemctl enable --now nvidia-fabricmanager   # version must equal the driver's"
                ),
            )
        if self.s.system.wsl:
            return (
                _(
                    "Under WSL the GPU comes through /usr/lib/wsl/lib; a Linux driver installed inside the distro breaks it."
                ),
                _(
                    "Remove any nvidia-driver package inside WSL, keep only the Windows driver, then `wsl --shutdown`."
                ),
            )
        if self.s.system.container:
            return (
                _("The container can see the driver library but not a usable GPU device."),
                _("Start the container with `--gpus all` (NVIDIA Container Toolkit)."),
            )
        return (
            _("CUDA initialisation failed for a reason PyTorch did not spell out."),
            _(
                'Run `nvidia-smi` and `python -c "import torch; torch.cuda.init()"` to see the error.'
            ),
        )

    # ------------------------------------------------------------ python

    def _python_vs_release(self, release_row: object) -> list[Finding]:
        if release_row is None:
            return []
        verdict = python_supported(release_row, self.s.python.version)  # type: ignore[arg-type]
        if verdict is Verdict.NO:
            return [
                self._f(
                    "python-unsupported",
                    Status.WARN,
                    Area.PYTHON,
                    _(
                        "Python {python} is outside the range torch {release} publishes wheels for ({spec})"
                    ).format(
                        python=self.s.python.version,
                        release=release_row.release,  # type: ignore[attr-defined]
                        spec=release_row.python,  # type: ignore[attr-defined]
                    ),
                    _(
                        "It imports, but it was not built or tested for this Python (a source or nightly build?)."
                    ),
                )
            ]
        return []

    def python_findings(self) -> list[Finding]:
        p = self.s.python
        if self.s.torch.state is TorchState.NO_INTERPRETER:
            return []
        out = []
        advice = (
            self.advice()
            if self.s.torch.state in {TorchState.MISSING} or self.s.torch.cuda is None
            else None
        )
        if advice is not None and advice.blocker == "python":
            out.append(
                self._f(
                    "python-unsupported",
                    Status.FAIL,
                    Area.PYTHON,
                    _("No PyTorch release supports Python {python}").format(
                        python=p.version or "?"
                    ),
                    " ".join(advice.reasons),
                    _(
                        "Create an environment with a supported Python, e.g. `uv venv --python 3.12` "
                        "or `conda create -n torch python=3.12`, and install PyTorch there."
                    ),
                    python=p.version,
                )
            )
            return out
        if p.version:
            kind = list_sep().join(x for x in (p.implementation, p.env_kind) if x)
            title = _("Python {version}").format(version=p.version)
            if kind:
                title += f" ({kind})"
            if p.executable:
                title += " " + _("at {exe}").format(exe=p.executable)
            out.append(
                self._f(
                    "python-ok",
                    Status.OK,
                    Area.PYTHON,
                    title,
                    python=p.version,
                    how_chosen=p.how_chosen,
                )
            )
        if p.free_threaded:
            out.append(
                self._f(
                    "python-unknown",
                    Status.WARN,
                    Area.PYTHON,
                    _("This is a free-threaded Python build"),
                    _(
                        "Only some PyTorch releases publish free-threaded (cp3XXt) wheels; envdoctor cannot confirm one fits."
                    ),
                )
            )
        return out

    # ------------------------------------------------------------ system

    def system_findings(self) -> list[Finding]:
        sysf = self.s.system
        parts = [sysf.os_release or sysf.os or "?"]
        if sysf.machine:
            parts.append(sysf.machine)
        if sysf.wsl:
            parts.append(f"WSL {sysf.wsl}")
        if sysf.container:
            parts.append(_("in a {kind} container").format(kind=sysf.container))
        out = [self._f("system-info", Status.INFO, Area.SYSTEM, list_sep().join(parts))]
        tk = self.s.toolkit
        if tk.nvcc_version:
            out.append(
                self._f(
                    "toolkit-info",
                    Status.INFO,
                    Area.SYSTEM,
                    _("CUDA toolkit {version} (nvcc) is installed").format(version=tk.nvcc_version),
                    _(
                        "Only needed to compile CUDA extensions: PyTorch wheels bundle their own CUDA "
                        "runtime, so this version does not have to match torch's."
                    ),
                    nvcc=tk.nvcc_path,
                )
            )
        return out


__all__ = [
    "Report",
    "Visibility",
    "analyse",
    "cuda_visibility",
    "enrich",
    "nvidia_gpu_present",
    "target_from_snapshot",
]
