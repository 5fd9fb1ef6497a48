"""Errors of one run: GPU out of memory, a crashed kernel, cuDNN's status codes (cuBLAS's
are in `cublas`, the host's memory in `host_memory`)."""

from __future__ import annotations

import re

from envdoctor.explain import cuda_errors
from envdoctor.explain.decode import (
    format_gib,
    parse_size,
)
from envdoctor.explain.families.gpu_libraries import libraries_predate_gpu, predates_sentence
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("runtime")


_SIZE = r"[\d.]+ ?(?:[KMGT]iB|bytes|B)"


@FAMILY.entry(
    code="cuda-out-of-memory",
    kind=ErrorKind.RUNTIME,
    keywords=("out of memory", "outofmemory", *cuda_errors.keywords("cuda-out-of-memory")),
    title=N_("GPU out of memory"),
    patterns=(
        rx(
            rf"CUDA out of memory\. Tried to allocate (?P<requested>{_SIZE})\. GPU "
            rf"(?P<gpu>\d+) has a total capac(?:i)?ty of (?P<total>{_SIZE}) of which "
            rf"(?P<free>{_SIZE}) is free\.(?: (?:Process \d+|Including non-PyTorch "
            rf"memory, this process) has (?P<in_use>{_SIZE}) memory in use\.)?(?: Of "
            rf"the allocated memory (?P<allocated>{_SIZE}) is allocated by PyTorch, and "
            rf"(?P<reserved>{_SIZE}) is reserved by PyTorch but unallocated\.)?"
        ),
        rx(
            rf"CUDA out of memory\. Tried to allocate (?P<requested>{_SIZE}) \(GPU "
            rf"(?P<gpu>\d+); (?P<total>{_SIZE}) total capacity; (?P<allocated>{_SIZE}) "
            rf"already allocated; (?P<free>{_SIZE}) free;(?: {_SIZE} allowed;)? "
            rf"(?P<reserved>{_SIZE}) (?:reserved in total by PyTorch|cached)\)"
        ),
        # Not a bare "OutOfMemoryError": Java and others raise one for host memory.
        # PyTorch 1.x wrote "cuda runtime error (2) : out of memory" from its THC allocator.
        rx(r"CUDA out of memory|torch\.(?:cuda\.)?OutOfMemoryError"),
        # cudaErrorMemoryAllocation / CUDA_ERROR_OUT_OF_MEMORY in every emitter's wrapper.
        *cuda_errors.patterns("cuda-out-of-memory"),
    ),
)
def _advise_oom(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}

    def size(name: str) -> int | None:
        raw = groups.get(name)
        if not raw:
            return None
        facts[name] = raw
        return parse_size(raw)

    req, total, free = size("requested"), size("total"), size("free")
    in_use, allocated, reserved = size("in_use"), size("allocated"), size("reserved")
    gpu_index = groups.get("gpu")
    if gpu_index is not None:
        facts["gpu_index"] = int(gpu_index)
    cause = _("The GPU ran out of memory: PyTorch could not allocate the next block.")
    fix: list[str] = []
    if req is not None and total is not None and req > total:
        cause += sep() + _(
            "The single request ({req}) is larger than the whole GPU ({total}), so no "
            "setting can make it fit: the work itself must get smaller."
        ).format(req=format_gib(req), total=format_gib(total))
    elif req is not None and free is not None and free >= max(req * 3 // 2, req + 512 * 1024**2):
        # Clearly more free than asked for: only fragmentation explains the failure
        # (a few MiB over the request are eaten by allocation granularity).
        cause += sep() + _(
            "{free} is free, more than the {req} requested, but not in one piece: the "
            "memory is fragmented."
        ).format(free=format_gib(free), req=format_gib(req))
        fix.append(
            _(
                "Set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True before starting the "
                "program to reduce fragmentation."
            )
        )
    elif total is not None and free is not None and in_use is not None:
        others = total - free - in_use
        if others > max(1024**3, total // 4):
            cause += sep() + _(
                "About {others} of the {total} are used by other processes, not this one."
            ).format(others=format_gib(others), total=format_gib(total))
            fix.append(
                _(
                    "Check `nvidia-smi` for other processes on this GPU (another training run, "
                    "a notebook kernel, a zombie process) and stop them, or use another GPU."
                )
            )
        else:
            cause += sep() + _("This process itself holds {in_use} of the {total}.").format(
                in_use=format_gib(in_use), total=format_gib(total)
            )
    if (
        reserved is not None
        and allocated is not None
        and reserved > allocated / 2
        and reserved > 1024**3
    ):
        fix.append(
            _(
                "PyTorch has {reserved} reserved but unused: try "
                "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True."
            ).format(reserved=format_gib(reserved))
        )
    gpus = [g for g in k.gpus if g.memory_total_mib]
    if k.local and gpus:
        index = int(gpu_index) if gpu_index is not None and int(gpu_index) < len(gpus) else 0
        gpu = gpus[index]
        assert gpu.memory_total_mib is not None
        facts["local_gpu"] = gpu.name
        facts["local_gpu_memory_total_mib"] = gpu.memory_total_mib
        cause += sep() + _("Your {gpu} has {mem} of memory in total.").format(
            gpu=gpu.name, mem=format_gib(gpu.memory_total_mib * 1024**2)
        )
    fix.extend(
        (
            _("Reduce the batch size (and image size / sequence length)."),
            _(
                "Use less memory per sample: mixed precision (torch.autocast with bfloat16 "
                "or float16), gradient checkpointing, or gradient accumulation."
            ),
            _(
                "For inference, wrap it in torch.inference_mode() so no activations are "
                "kept for backward."
            ),
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# A GPU newer than the build (an RTX 30 on a CUDA 10 build, an RTX 50 before cu128) often
# fails first in cuDNN or cuBLAS, whose own code has no version for it.
ARCH_CHECK = N_(
    'Check that the build has code for your GPU: python -c "import torch; '
    'print(torch.cuda.get_device_capability(), torch.cuda.get_arch_list())"; if your '
    "sm_XY is not in the list, install a newer build (`envdoctor install` prints it)."
)


def gpu_predates_build(ctx: Context) -> str:
    """The sentence that names the cause when the GPU is newer than the build's CUDA (an
    RTX 20 on a CUDA 9 build, an RTX 30 on CUDA 10, an RTX 40 before 11.8), else ""."""
    found = libraries_predate_gpu(ctx)
    return sep() + predates_sentence(found) if found is not None else ""


def newer_gpu_kind(ctx: Context) -> str | None:
    """A GPU the facts show newer than the build's CUDA makes the status an install fault."""
    return ErrorKind.ENVIRONMENT.value if libraries_predate_gpu(ctx) is not None else None


_SUBLIBRARY_DEPENDENCY = re.compile(
    r"Could not load library (?P<lib>libcudnn_\w{2,40}\.so\.9)\. Error: (?P<dep>lib[\w.+-]{1,60}\.so[\w.]*)"
)


def _cudnn_sublibrary(ctx: Context, facts: dict[str, object]) -> Advice:
    """cuDNN 9 could not load one of its sub-libraries: two cuDNNs, or a missing dependency.

    cuDNN 9 loads its parts (libcudnn_ops, _cnn, _engines_*) from where it was itself
    loaded: another copy found first brings parts of another version, or none
    (NVIDIA/TransformerEngine's troubleshooting: a system cuDNN next to pip's)."""
    k = ctx.known
    dep = ctx.near(_SUBLIBRARY_DEPENDENCY, "could not load library", before=0)
    if dep is not None and not dep.group("dep").startswith("libcudnn"):
        facts.update(sublibrary=dep.group("lib"), missing=dep.group("dep"))
        cause = _(
            "cuDNN 9 could not load its sub-library {lib} because that one needs {dep}, which "
            "is not found: the CUDA library it depends on is missing from the environment "
            "or the loader path."
        ).format(lib=dep.group("lib"), dep=dep.group("dep"))
        fix: tuple[str, ...] = (
            _(
                "Find it: `python -m pip list | grep nvidia` (torch's CUDA packages must all "
                "be there) and `ldconfig -p | grep {name}`; reinstall the same torch from its "
                "index to bring its CUDA packages back."
            ).format(name=dep.group("dep").split(".so")[0]),
        )
        return Advice(cause, fix, facts, key="sublibrary-dep", used_local_facts=k.local)
    cause = _(
        "cuDNN 9 could not load one of its sub-libraries (libcudnn_ops, libcudnn_cnn, "
        "libcudnn_engines_*): two cuDNN installations are mixed, typically a system or "
        "container cuDNN found first through LD_LIBRARY_PATH next to the nvidia-cudnn "
        "pip package that torch brings, or an incomplete copy."
    )
    fix = (
        _(
            "See which copies there are: `python -m pip list | grep nvidia-cudnn` and "
            "`ldconfig -p | grep libcudnn`; `echo $LD_LIBRARY_PATH` shows which is found first."
        ),
        _(
            "Run once with LD_LIBRARY_PATH unset (`env -u LD_LIBRARY_PATH python ...`); if "
            "it works, remove the system cuDNN's folder from LD_LIBRARY_PATH for good."
        ),
        _(
            "When building a package against cuDNN (TransformerEngine), point CUDNN_PATH at "
            "the same cuDNN torch uses."
        ),
    )
    return Advice(cause, fix, facts, key="sublibrary", used_local_facts=k.local)


@FAMILY.entry(
    code="cudnn-status-error",
    kind=ErrorKind.RUNTIME,
    keywords=("cudnn_status",),
    title=N_("cuDNN error"),
    # A kernel's assert printed with it (labels out of range) is the cause; the status after
    # it is the consequence (errors_blind52: WaveRNN, PaddleOCR).
    defers_to=frozenset({"device-side-assert", "index-out-of-range"}),
    patterns=(
        rx(r"cuDNN error: (?P<status>CUDNN_STATUS_[A-Z_]+)"),
        rx(
            r"\b(?P<status>CUDNN_STATUS_(?:NOT_INITIALIZED|EXECUTION_FAILED|INTERNAL_ERROR|"
            r"MAPPING_ERROR|NOT_SUPPORTED|ALLOC_FAILED|ARCH_MISMATCH|SUBLIBRARY_LOADING_FAILED))\b"
        ),
    ),
)
def _advise_cudnn_status(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if "Plan failed with a cudnnException" in ctx.text[max(0, m.start() - 300) : m.start()]:
        # torch's UserWarning while it tries cuDNN's execution plans: it falls back to
        # another plan and runs on; nothing failed.
        return None
    status = m.group("status").upper()
    facts: dict[str, object] = {"cudnn_status": status}
    facts.update(driver_facts(k))
    if status == "CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED":
        return _cudnn_sublibrary(ctx, facts)
    if status == "CUDNN_STATUS_NOT_INITIALIZED":
        cause = _(
            "cuDNN could not start. Most often the GPU had no memory left for cuDNN's "
            "workspace, or the cuDNN library loaded is not the one PyTorch was built with "
            "(LD_LIBRARY_PATH pointing at a system cuDNN), or the build has no support for "
            "the GPU."
        )
    else:
        cause = _(
            "A cuDNN operation failed on the GPU ({status}). Usual causes: out of GPU "
            "memory, a PyTorch build too old for the GPU (e.g. an RTX 30/40 with a CUDA 10 "
            "build), or a driver problem."
        ).format(status=status)
    cause += gpu_predates_build(ctx)
    newer = newer_gpu_kind(ctx)
    fix = (
        # An earlier asynchronous error (a label or index out of range) often surfaces here.
        _(_ASYNC_FIRST),
        _("Check free memory with `nvidia-smi` and try a smaller batch size."),
        _(
            'Check the versions: `python -c "import torch; print(torch.__version__, '
            'torch.version.cuda, torch.backends.cudnn.version())"`.'
        ),
        _(ARCH_CHECK),
        _("Remove other cuDNN folders from LD_LIBRARY_PATH (or PATH on Windows)."),
        _(
            "To confirm cuDNN is at fault, set torch.backends.cudnn.enabled = False: if it "
            "then runs, reinstall torch from the index of a CUDA build your GPU and driver "
            "support (`envdoctor install` prints the command)."
        ),
    )
    return Advice(cause, fix, facts, key=status, used_local_facts=k.local, kind=newer)


_ASYNC_FIRST = N_(
    "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing operation: "
    "a bad label or index reported late shows up as a cuDNN/cuBLAS error."
)


@FAMILY.entry(
    code="nvml-assert-out-of-memory",
    kind=ErrorKind.RUNTIME,
    keywords=("nvml_success == r",),
    title=N_("Out of GPU memory, reported as an NVML assert"),
    patterns=(rx(r"NVML_SUCCESS == r INTERNAL ASSERT FAILED at \S{0,200}CUDACachingAllocator"),),
)
def _advise_nvml_oom(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "PyTorch's allocator failed to get GPU memory and then asked NVML for the details "
        "of the out-of-memory error, which failed too: this assert stands in for 'CUDA out "
        "of memory'. NVML is often unusable in MIG slices, on Jetson and in containers "
        "without the host's libnvidia-ml."
    )
    fix = (
        _(
            "Treat it as out of memory: reduce the batch size or sequence length, or free GPU memory."
        ),
        _("Check `nvidia-smi` for other processes using this GPU."),
        _(
            "Upgrade torch: newer releases report a plain OutOfMemoryError here; with "
            "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:False the NVML query is avoided."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="cuda-launch-failure",
    kind=ErrorKind.RUNTIME,
    keywords=("unspecified launch failure", "cudaerrorlaunchfailure", "cuda_error_launch_failed"),
    title=N_("A GPU kernel crashed (unspecified launch failure)"),
    patterns=(
        rx(r"CUDA error: unspecified launch failure"),
        rx(r"\b(?:cudaErrorLaunchFailure|CUDA_ERROR_LAUNCH_FAILED)\b"),
        rx(r"cuda runtime error \((?:4|719)\) : unspecified launch failure"),
    ),
)
def _advise_launch_failure(_m: re.Match[str], ctx: Context) -> Advice:
    """cudaErrorLaunchFailure (719): not an installation error, and not surely the code's.

    A kernel stopped mid-run: a fault in the kernel (often a custom extension), or the
    GPU/driver failing under it (an Xid in the kernel log; after suspend/resume, heat,
    power). Either way the CUDA context is lost; the advice finds out which.
    """
    k = ctx.known
    cause = _(
        "A GPU kernel stopped in the middle of running, and the process's CUDA state is "
        "lost. Either the kernel itself faulted (an out-of-range access in a custom or "
        "extension kernel), or the GPU or its driver failed under it: after suspend/resume, "
        "overheating, an unstable power supply or overclock. The kernel log tells which."
    )
    fix = (
        _(
            "Look for a GPU fault in the kernel log: `sudo dmesg | grep -i xid` (Windows: Event "
            "Viewer, source nvlddmkm). An Xid there points at the driver or the hardware."
        ),
        _(
            "Without an Xid: run again with CUDA_LAUNCH_BLOCKING=1 to see the operation that "
            "failed; if it is always the same custom kernel, the fault is in that code."
        ),
        _(
            "After suspend/resume: `sudo rmmod nvidia_uvm && sudo modprobe nvidia_uvm` (no GPU "
            "process may run), or reboot."
        ),
        _("Check temperatures and power under load: `nvidia-smi -q -d TEMPERATURE,POWER`."),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


# What the failed request asked for, right after the counts: "). Tried to allocate 94.26 MB".
_MPS_ASKED = re.compile(r"\)?\.? Tried to allocate ([\d.]+ ?[KMGT]i?B)")
_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def _bytes(size: str) -> float:
    """'94.26 MB' -> bytes (binary units, as PyTorch's MPS allocator counts)."""
    number = re.match(r"[\d.]+", size)
    unit = re.search(r"[KMGT]", size)
    return float(number.group(0)) * _UNITS[unit.group(0)] if number and unit else 0.0


@FAMILY.entry(
    code="mps-out-of-memory",
    kind=ErrorKind.RUNTIME,
    keywords=("mps backend out of memory",),
    title=N_("Apple GPU (MPS) out of memory"),
    patterns=(
        rx(
            r"MPS backend out of memory(?: \(MPS allocated: (?P<alloc>[\d.]+ ?(?:[KMGT]i?B|bytes)), "
            r"other allocations: (?P<other>[\d.]+ ?(?:[KMGT]i?B|bytes)), max allowed: "
            r"(?P<max>[\d.]+ ?[KMGT]i?B)\))?"
        ),
    ),
)
def _advise_mps_oom(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    if m.group("alloc"):
        facts["allocated"], facts["max_allowed"] = m.group("alloc"), m.group("max")
    asked = _MPS_ASKED.match(ctx.text, m.end())
    if (
        m.group("alloc") == "0 bytes"
        and m.group("other") == "0 bytes"
        and asked is not None
        and _bytes(asked.group(1)) < _bytes(m.group("max")) / 2
    ):
        # Nothing allocated yet and the first request refused: no usable Apple GPU here
        # (TransformerLens#598: GitHub's macOS runners are virtual machines without one).
        return Advice(
            _(
                "Nothing was allocated on the Apple GPU yet (MPS allocated: 0 bytes, other "
                "allocations: 0 bytes) and the first request was refused: this is not a full "
                "memory but an MPS device that cannot really be used, as in a virtual machine "
                "or a CI runner (GitHub's macOS runners are virtual), where torch still reports "
                "MPS as available."
            ),
            (
                _(
                    "Run on the CPU there: choose the device from a setting (e.g. an environment "
                    "variable in CI) instead of torch.backends.mps.is_available()."
                ),
            ),
            facts,
            title=_("MPS reported but unusable (nothing allocated, first request refused)"),
            kind="environment",
            key="no-usable-mps",
            used_local_facts=ctx.known.local,
        )
    cause = _(
        "The Apple GPU (MPS) ran out of the memory PyTorch lets it use: on Apple silicon GPU "
        "and CPU share one memory, and PyTorch stops at a high-water mark below it so that "
        "macOS stays usable."
    )
    fix = (
        _("Use less memory: a smaller batch or image size, half precision, fewer models loaded."),
        _("Close other programs that use much memory, then try again."),
        _(
            "PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0 lifts the limit, as the message says, at the "
            "risk of the whole system swapping or freezing."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="fp8-matmul-unsupported",
    keywords=("_scaled_mm",),
    title=N_("FP8 matrix multiply (torch._scaled_mm) not available here"),
    patterns=(
        # The build has no FP8 GEMM kernel at all.
        rx(r"_scaled_mm(?:_out)?_cuda is not compiled for this platform(?P<build>)"),
        # The kernel exists, but this torch allows it only on newer GPUs.
        rx(
            r"torch\._scaled_mm is only supported on (?:CUDA )?devices with compute capability "
            r">= ?(?P<need>\d+\.\d)"
        ),
    ),
)
def _advise_scaled_mm(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("build") is not None:
        cause = _(
            "Something asked for FP8 matrix multiplication (torch._scaled_mm: fp8 weights, "
            "ComfyUI's --fast, an FP8 quantisation) and this torch build was compiled "
            "without that kernel; builds for older CUDA versions lack it."
        )
    else:
        facts["needs_capability"] = groups["need"]
        cause = _(
            "Something asked for FP8 matrix multiplication (torch._scaled_mm: fp8 weights, "
            "ComfyUI's --fast, an FP8 quantisation), and this torch allows it only on GPUs "
            "of compute capability {need} or newer. FP8 needs an Ada (8.9), Hopper or "
            "newer GPU, and newer torch releases accept more of them."
        ).format(need=groups["need"])
    fix = (
        _(
            "Turn FP8 off: load the model in fp16/bf16 instead of fp8 (in ComfyUI drop "
            "--fast or the fp8 weight type)."
        ),
        _(
            "On an Ada/Hopper/Blackwell GPU: update torch to a current release with a recent "
            "CUDA build (`envdoctor install` prints the command)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
