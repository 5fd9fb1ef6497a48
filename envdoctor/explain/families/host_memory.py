"""The computer's own memory, not the GPU's: RAM plus swap or the Windows page file, which
loading models and starting many processes that map CUDA libraries use up; and a model
larger than the GPUs' and the RAM's room together, which device_map spills to disk."""

from __future__ import annotations

import re

from envdoctor.explain.decode import format_gib
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("host_memory")

# Far beyond any machine's memory (16 TiB): a size computed wrong, not a machine too small.
_ABSURD = 16 * 1024**4


@FAMILY.entry(
    code="host-out-of-memory",
    kind=ErrorKind.RUNTIME,
    keywords=("cpuallocator",),
    title=N_("Out of host memory (RAM), not the GPU's"),
    patterns=(
        # c10's alloc_cpu: "DefaultCPUAllocator: not enough memory: you tried to allocate N
        # bytes" (Windows), "... can't allocate memory: ..." (posix_memalign); quoted short
        # as "RuntimeError: CPUAllocator" (Fooocus' troubleshooting page).
        rx(
            r"DefaultCPUAllocator: (?:not enough memory|can't allocate memory): you tried to "
            r"allocate (?P<bytes>\d{1,20}) bytes"
        ),
        rx(r"RuntimeError: (?:\[enforce fail at \S{1,80}\] \S{0,20} ?)?CPUAllocator\b"),
    ),
)
def _advise_host_oom(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    raw = m.groupdict().get("bytes")
    if raw:
        facts["requested"] = format_gib(int(raw))
        if int(raw) > _ABSURD:
            # More than any machine has (a negative size wrapped around near 2**64 too).
            cause = _(
                "The program asked for {size} of memory for one CPU tensor, more than any "
                "machine has: the size is computed wrong in the code (a shape from the "
                "wrong dimension, a negative size wrapped around), not a machine too small."
            ).format(size=facts["requested"])
            fix_code = (
                _(
                    "Print the shapes and sizes that lead to the failing line; the traceback's "
                    "last frame of your code shows where the tensor is made."
                ),
            )
            return Advice(
                cause,
                fix_code,
                facts,
                key="absurd",
                kind=ErrorKind.CODE.value,
                used_local_facts=k.local,
            )
    cause = _(
        "The process ran out of the computer's own memory (RAM plus swap or the Windows page "
        "file) while allocating a CPU tensor{size}: loading a model or checkpoint, or a batch, "
        "larger than the memory left. The GPU's memory is not involved."
    ).format(size=_(" of {size}").format(size=facts["requested"]) if raw else "")
    room = _(
        "Give it more room: close other programs; on Windows let the page file grow "
        "(System managed size, with free disk space); on Linux add swap."
    )
    # c10 words it "can't allocate memory" where posix_memalign failed (Linux, macOS).
    if k.container or (k.os != "Windows" and "can't allocate" in m.group(0)):
        room = _(
            "Give it more room: close other programs or add swap; in a container, raise "
            "its memory limit (`docker run --memory`)."
        )
    fix = (
        room,
        _(
            "Load less at once: half precision or a quantized model, low_cpu_mem_usage=True "
            "/ device_map when loading, a smaller batch, fewer DataLoader workers."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="model-offloaded-to-disk",
    kind=ErrorKind.RUNTIME,
    keywords=("offloaded to the disk", "offloaded to disk"),
    title=N_("The model does not fit in GPU and CPU memory: device_map put weights on disk"),
    patterns=(
        # transformers' from_pretrained (modeling_utils.py, 4.46) and diffusers'
        # (models/modeling_utils.py, 58eb52c0) when device_map holds "disk" and no folder.
        rx(
            r"The current `?device_map`? had weights offloaded to the disk\. Please provide an "
            r"`?offload_folder`? for them"
        ),
        # accelerate's load_checkpoint_in_model (utils/modeling.py, 16cb6eb8).
        rx(
            r"At least one of the model submodule will be offloaded to disk, please pass along "
            r"an `?offload_folder`?"
        ),
    ),
    specificity=3,
)
def _advise_offloaded(_m: re.Match[str], ctx: Context) -> Advice:
    """device_map="auto" fills the GPUs, then the CPU's RAM, then the disk: weights on disk
    mean the model is larger than the GPU memory plus the RAM left (accelerate's
    docs/source/usage_guides/big_modeling.md at 16cb6eb8: GPU(s) first, then the CPU, finally
    the hard drive; h2ogpt's FAQ: insufficient GPU or CPU memory). transformers asks for no
    folder when the checkpoint is safetensors (`offload_folder is None and not
    is_safetensors`)."""
    cause = _(
        'The model was loaded with device_map="auto" (or a device map that says "disk"): '
        "its weights are placed on the GPUs first, then in the computer's RAM, and what fits "
        "in neither goes to the disk, for which the program gave no offload_folder. The "
        "model is larger than the free GPU memory plus the free RAM."
    )
    fix = (
        _(
            "Free or add memory: close other programs and other models on the GPU "
            "(`nvidia-smi` shows what uses it), or use a machine with more GPU memory."
        ),
        _(
            "Load less: a smaller model, half precision (torch_dtype=torch.float16 or "
            "bfloat16), or a quantized one (load_in_8bit / load_in_4bit with bitsandbytes)."
        ),
        _(
            'Or accept disk offload (very slow): pass offload_folder="offload" to '
            "from_pretrained, or save the model as safetensors, which is read from its own "
            "files instead."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="windows-paging-file-too-small",
    keywords=("winerror 1455", "paging file is too small", "页面文件太小"),
    title=N_("Windows paging file too small to load the CUDA libraries"),
    patterns=(
        rx(
            r"(?:\[WinError 1455\] )?(?:The paging file is too small for this operation to "
            r"complete|页面文件太小，无法完成操作)\.?。?(?: Error loading \"(?P<dll>[^\"]{1,300})\")?"
        ),
    ),
    specificity=3,
)
def _advise_paging_file(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    dll = m.groupdict().get("dll")
    if dll:
        facts["dll"] = dll.rsplit("\\", 1)[-1]
    cause = _(
        "Windows could not reserve memory to load a DLL: each process that imports torch "
        "maps its CUDA libraries (cuDNN, cuBLAS: several GB), and Windows reserves that "
        "memory in RAM plus the paging file. With many processes at once (DataLoader "
        "workers, which re-import torch on Windows) or a small or fixed paging file, the "
        "reservation fails. Nothing is broken in the installation."
    )
    fix = (
        _(
            "Use fewer worker processes: DataLoader(num_workers=0 to 2), or the project's "
            "workers option (e.g. --workers 2)."
        ),
        _(
            "Enlarge the paging file: System Properties > Advanced > Performance Settings > "
            "Advanced > Virtual memory: 'System managed size' (or a larger custom size) on "
            "the drive with Python, then restart Windows."
        ),
        _("Close other programs that use much memory, and keep free space on that drive."),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
