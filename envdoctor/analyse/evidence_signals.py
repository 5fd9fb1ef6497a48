"""What an error or warning signature proves by itself, as a check finding. Pure.

Used by `envdoctor/analyse/evidence.py`: "found version 11040" proves the driver is too
old, an sm_XX warning is judged with PyTorch's own arch rule, pip's "from versions:" is
compared with the Pythons the wanted release has wheels for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.build import ptx_predates_detail
from envdoctor.compat.arch import gpu_supported_by_build
from envdoctor.compat.commands import BLACKLIST_NOUVEAU
from envdoctor.compat.versions import Verdict, cc_tuple
from envdoctor.evidence import Evidence, Signal
from envdoctor.i18n import N_, _, sentence_gap
from envdoctor.matrix.model import Matrix


@dataclass(frozen=True)
class _Plain:
    """A signature whose finding needs no fact from the text: its words, translated later."""

    code: str
    area: Area
    title: str
    detail: str
    fix: str
    fix_is_command: bool = False  # a bare command is copied, never translated


# Signature code -> the finding it proves.
_PLAIN = {
    "no-driver": _Plain(
        "no-driver",
        Area.DRIVER,
        N_("No NVIDIA driver is installed"),
        N_("PyTorch found no NVIDIA driver on that system."),
        N_("Install the NVIDIA driver (in a container: start it with `--gpus all`)."),
    ),
    "driver-library-mismatch": _Plain(
        "driver-library-mismatch",
        Area.DRIVER,
        N_("Driver/library version mismatch: a reboot is needed"),
        N_("The driver's libraries were upgraded but the old kernel module is still loaded."),
        "sudo reboot",
        fix_is_command=True,
    ),
    "nvidia-smi-failed": _Plain(
        "driver-not-loaded",
        Area.DRIVER,
        N_("nvidia-smi cannot talk to the NVIDIA driver"),
        N_("The driver's kernel module is not loaded or not installed for the running kernel."),
        N_("sudo modprobe nvidia   # if it fails, reinstall the driver for this kernel and reboot"),
    ),
    "nvidia-module-unbound": _Plain(
        "driver-not-loaded",
        Area.DRIVER,
        N_("The NVIDIA kernel module drives no GPU"),
        N_(
            "The kernel log says the nvidia module did not take the GPU: another driver "
            "(nouveau) owns it, or the installed driver does not support it."
        ),
        N_(
            "Blacklist nouveau (`{blacklist}`) and reboot; if the log still says so, install "
            "a driver branch that supports this GPU."
        ),
    ),
    "torch-cpu-only": _Plain(
        "torch-cpu-only",
        Area.TORCH,
        N_("This PyTorch is a CPU-only build"),
        N_("PyTorch said 'Torch not compiled with CUDA enabled'."),
        N_("Reinstall PyTorch from a CUDA index (`envdoctor install --from` shows the command)."),
    ),
}


def signal_finding(sig: Signal, evidence: Evidence, matrix: Matrix) -> Finding | None:
    """The finding a signature proves by itself; None when it proves nothing wrong."""
    t = evidence.snapshot.torch
    build = (
        _(" (torch {version}, built with CUDA {cuda})").format(version=t.version, cuda=t.cuda)
        if t.version and t.cuda
        else ""
    )
    if sig.code == "driver-too-old":
        cuda = sig.facts.get("driver_cuda")
        title = (
            _(
                "The NVIDIA driver is too old for this PyTorch build: it supports CUDA {cuda} at most{build}"
            ).format(cuda=cuda, build=build)
            if cuda
            else _("The NVIDIA driver is too old for this PyTorch build{build}").format(build=build)
        )
        detail = _(
            "PyTorch itself said so when it initialised CUDA: the driver must support the CUDA "
            "version the build was made with."
        )
        fix = _(
            "Upgrade the NVIDIA driver, or install a PyTorch build for CUDA {cuda} or older "
            "(`envdoctor install --from` with the same inputs shows the command)."
        ).format(cuda=cuda or "?")
        return Finding(
            "driver-too-old",
            Status.FAIL,
            Area.DRIVER,
            title,
            detail,
            fix,
            facts=dict(sig.facts),
        )
    plain = _PLAIN.get(sig.code)
    if plain is not None:
        return Finding(
            plain.code,
            Status.FAIL,
            plain.area,
            _(plain.title),
            _(plain.detail),
            plain.fix if plain.fix_is_command else _(plain.fix).format(blacklist=BLACKLIST_NOUVEAU),
        )
    if sig.code == "torch-broken":
        return Finding(
            "torch-broken",
            Status.FAIL,
            Area.TORCH,
            _("`import torch` fails: {library} cannot be loaded").format(
                library=sig.facts.get("library", "?")
            ),
            _(
                "PyTorch's own import needs this library; a wheel installed without its CUDA "
                "dependencies, or a system library shadowing the wheel's, causes this."
            ),
            _("Reinstall PyTorch (`envdoctor install --from` shows the command)."),
            facts=dict(sig.facts),
        )
    if sig.code == "cuda-unavailable":
        return Finding(
            "cuda-unavailable",
            Status.FAIL,
            Area.TORCH,
            _("CUDA could not be initialised (error {error})").format(
                error=sig.facts.get("error", "?")
            ),
            "",
            None,
            facts=dict(sig.facts),
        )
    if sig.code == "pip-no-matching-torch":
        return _pip_finding(sig, matrix)
    if sig.code == "gpu-arch-warning":
        return arch_finding(sig, matrix, t.cuda)
    if sig.code == "cuda-wanted":
        return _cpu_build_wanted_cuda(evidence)
    return None


def _cpu_build_wanted_cuda(evidence: Evidence) -> Finding | None:
    """A CPU-only build, stated by the paste, where CUDA was asked for. A paste can show two
    environments (a working one and the broken one): any line stating a CPU build counts,
    quoted, even when the fused facts kept the other environment's torch."""
    t = evidence.snapshot.torch
    cpu = next((o for o in evidence.observations if o.key == "torch.cuda" and o.value == ""), None)
    version = t.version
    if cpu is not None:
        same_line = next(
            (
                o.value
                for o in evidence.observations
                if o.key == "torch.version" and o.quote == cpu.quote
            ),
            None,
        )
        version = same_line or version
    elif not (t.version and t.cuda is None and t.hip is None):
        return None
    if not version:
        return None
    return Finding(
        "torch-cpu-only",
        Status.FAIL,
        Area.TORCH,
        _("torch {version} is a CPU-only build, but CUDA was asked for").format(version=version),
        _("The program asked for a CUDA device, and a CPU-only build has none."),
        _("Reinstall PyTorch from a CUDA index (`envdoctor install --from` shows the command)."),
        facts={"evidence": cpu.quote.render()} if cpu is not None else {},
    )


def _pip_finding(sig: Signal, matrix: Matrix) -> Finding:
    """pip has no such torch here; the matrix says which Pythons that release supports."""
    versions = sig.facts.get("versions")
    requirement = sig.facts.get("requirement", "torch")
    detail = (
        _("pip found these torch releases for that Python and platform: {versions}.").format(
            versions=versions
        )
        if versions and versions != "none"
        else _("pip found no torch release at all for that Python and platform.")
    )
    wanted = re.search(r"==\s*v?(\d+\.\d+)", requirement)
    release = matrix.release(wanted.group(1)) if wanted else None
    sources: tuple[str, ...] = ()
    if release is not None:
        detail += sentence_gap() + _(
            "torch {release} has wheels for Python {python} only (and only on some platforms)."
        ).format(release=release.release, python=release.python)
        sources = release.sources
    return Finding(
        "pip-no-matching-torch",
        Status.FAIL,
        Area.PYTHON,
        _("pip has no {req} for that Python and platform").format(req=requirement),
        detail,
        _("Use a Python version that release supports, or pick a listed release."),
        sources=sources,
        facts=dict(sig.facts),
    )


def arch_finding(sig: Signal, matrix: Matrix, build_cuda: str | None) -> Finding:
    """Judge an arch warning with PyTorch's own rule, not by its mere presence; PTX from a
    build older than the GPU's architecture does not count (`gpu_supported_by_build`)."""
    gpu = sig.facts.get("gpu") or _("the GPU")
    cc = sig.facts.get("capability")
    arch = sig.facts.get("arch_list")
    facts = dict(sig.facts)
    if arch is not None:
        check = gpu_supported_by_build(matrix, cc, tuple(arch.split()), build_cuda)
        verdict = check.verdict
        if check.reason == "ptx-predates-arch":
            facts["needs_cuda"] = check.needs_cuda or ""
            return Finding(
                "gpu-arch-unsupported",
                Status.FAIL,
                Area.TORCH,
                _("This PyTorch has no kernels for {gpu} (compute capability {cc})").format(
                    gpu=gpu, cc=cc
                ),
                ptx_predates_detail(check),
                _(
                    "Install a PyTorch build whose arch list covers this GPU (`envdoctor install "
                    "--from` shows the command)."
                ),
                sources=check.sources,
                facts=facts,
            )
    else:
        verdict = _min_max_verdict(
            cc, sig.facts.get("min_capability"), sig.facts.get("max_capability")
        )
    if verdict is Verdict.NO:
        return Finding(
            "gpu-arch-unsupported",
            Status.FAIL,
            Area.TORCH,
            _("This PyTorch has no kernels for {gpu} (compute capability {cc})").format(
                gpu=gpu, cc=cc
            ),
            _(
                "The build supports {arch}; a GPU runs native code of its own major version with "
                "a minor version up to its own, or PTX of an older capability."
            ).format(
                arch=arch
                or _("compute capability {low} to {high}").format(
                    low=sig.facts.get("min_capability", "?"),
                    high=sig.facts.get("max_capability", "?"),
                )
            ),
            _(
                "Install a PyTorch build whose arch list covers this GPU (`envdoctor install --from` "
                "shows the command)."
            ),
            facts=facts,
        )
    if verdict is Verdict.UNKNOWN:
        return Finding(
            "gpu-arch-unknown",
            Status.WARN,
            Area.TORCH,
            _("Cannot tell whether this PyTorch has kernels for {gpu}").format(gpu=gpu),
            _("The warning names a compute capability or arch list that cannot be read."),
            facts=facts,
        )
    if verdict is Verdict.CAVEAT:
        return Finding(
            "gpu-arch-ptx-jit",
            Status.WARN,
            Area.TORCH,
            _("{gpu} runs this PyTorch only through PTX JIT compilation").format(gpu=gpu),
            _("Slow first start; kernels compiled by the driver at run time."),
            facts=facts,
        )
    return Finding(
        "gpu-ok",
        Status.INFO,
        Area.GPU,
        _(
            "The compute-capability warning for {gpu} is harmless: the build runs on capability {cc}"
        ).format(gpu=gpu, cc=cc),
        facts=facts,
    )


def _min_max_verdict(cc: str | None, low: str | None, high: str | None) -> Verdict:
    have, lo, hi = cc_tuple(cc), cc_tuple(low), cc_tuple(high)
    if have is None or (lo is None and hi is None):
        return Verdict.UNKNOWN
    if lo is not None and have < lo:
        return Verdict.NO
    if hi is not None and have[0] > hi[0]:
        return Verdict.NO
    return Verdict.OK


__all__ = ["arch_finding", "signal_finding"]
