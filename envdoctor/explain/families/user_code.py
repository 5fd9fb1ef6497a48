"""Bugs in the program or its data that people mistake for a broken installation."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("user_code")


_ASSERTION = re.compile(r"Assertion `(?P<a>[^`]{1,200})` failed")


@FAMILY.entry(
    code="device-side-assert",
    kind=ErrorKind.CODE,
    keywords=("device-side assert", "assertion `"),
    title=N_("Device-side assert (a bug in the code or data)"),
    patterns=(
        rx(r"device-side assert(?:ion)? triggered"),
        # The kernel's own lines (file.cu:N: kernel: block: [..], thread: [..] Assertion `..`
        # failed) are often all that is pasted, without the RuntimeError that follows them.
        rx(r"block: \[\d+,\d+,\d+\],? thread: \[\d+,\d+,\d+\] Assertion `[^`]{1,200}` failed"),
    ),
)
def _advise_device_assert(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    cause = _(
        "A GPU kernel checked its input and stopped: this is a bug in the code or the data "
        "(an index out of range), not an installation problem. Because CUDA runs "
        "asynchronously, the Python line in the traceback may not be the one at fault."
    )
    found = ctx.near(_ASSERTION, "assertion `", before=0)
    if found:
        assertion = found.group("a")
        facts["assertion"] = assertion
        if "srcIndex < srcSelectDimSize" in assertion:
            cause += sep() + _(
                "'srcIndex < srcSelectDimSize' means an embedding/index_select index is "
                "too large: a token id at or above the vocabulary size (tokenizer and model "
                "do not match, or added tokens without resizing embeddings)."
            )
        elif "n_classes" in assertion or "cur_target" in assertion:
            cause += sep() + _(
                "The loss got a class label outside 0…num_classes-1 (a label equal to "
                "num_classes, or -1 without ignore_index)."
            )
        elif "index out of bounds" in assertion:
            cause += sep() + _("A gather/scatter/indexing operation used an index out of bounds.")
        elif "input_val >= zero" in assertion:
            cause += sep() + _(
                "Binary cross-entropy got values outside [0, 1]: use BCEWithLogitsLoss for "
                "raw scores."
            )
    fix = (
        _(
            "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing "
            "operation, or run the same batch on the CPU for a readable error."
        ),
        _(
            "Check label and index ranges, e.g. assert labels.min() >= 0 and "
            "labels.max() < num_classes, token ids < embedding size."
        ),
        _("Restart the process: after a device-side assert the CUDA context is unusable."),
    )
    return Advice(cause, fix, facts)


_ASYNC = N_(
    "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing "
    "operation, or run the same batch on the CPU for a readable error."
)


@FAMILY.entry(
    code="device-mismatch",
    kind=ErrorKind.CODE,
    keywords=("same device", "should be the same", "expected device", "expected object of"),
    title=N_("Tensors on different devices (a bug in the code)"),
    patterns=(
        rx(
            r"Expected all tensors to be on the same device, but (?:found at least two "
            r"devices,? (?P<a>[\w:]+)(?: and|,) (?P<b>[\w:]+?)!?|got (?P<c>\w+) is on "
            r"(?P<d>[\w:]+?)[,!]?)(?: \(when checking argument for argument (?P<arg>\w+) in "
            r"method (?P<method>\w+)\))?(?=[\s.]|$)"
        ),
        rx(r"Input type \((?P<a>[\w.]+)\) and weight type \((?P<b>[\w.]+)\) should be the same"),
        rx(
            r"[Ee]xpected (?:all tensors to be on the same device|device) (?P<a>[\w:]+) but got device (?P<b>[\w:]+)"
        ),
        # PyTorch 1.x wording of the same error.
        rx(
            r"Expected object of (?:device type|backend) (?P<a>cuda|cpu) but got (?:device type|"
            r"backend) (?P<b>cuda|cpu) for argument #\d+ '(?P<arg>\w+)'(?: in call to "
            r"(?P<method>\w+))?"
        ),
    ),
)
def _advise_device_mismatch(m: re.Match[str], _ctx: Context) -> Advice:
    groups = m.groupdict()
    facts: dict[str, object] = {
        key: groups[key] for key in ("a", "b", "c", "d", "arg", "method") if groups.get(key)
    }
    cause = _(
        "One operation got tensors on different devices (one on the GPU, one on the CPU): "
        "the model or an input was not moved, or a tensor is created inside the model "
        "without a device. This is a bug in the code; the installation is fine."
    )
    if groups.get("arg"):
        cause += sep() + _("PyTorch names the argument: {arg} of {method}.").format(
            arg=groups["arg"], method=groups.get("method") or "?"
        )
    fix = (
        _(
            "Move the model and every input to one device: device = torch.device('cuda' "
            "if torch.cuda.is_available() else 'cpu'); model.to(device); x = x.to(device)."
        ),
        _(
            "Tensors created in forward(): use torch.zeros(..., device=x.device); constant "
            "tensors kept on the module: self.register_buffer(...), so .to() moves them."
        ),
        _(
            "With Hugging Face device_map='auto' or offloading: move the inputs to "
            "model.device, not to 'cuda' by hand."
        ),
    )
    return Advice(cause, fix, facts)


@FAMILY.entry(
    code="matmul-shape-mismatch",
    kind=ErrorKind.CODE,
    keywords=("shapes cannot be multiplied",),
    title=N_("Matrix shapes do not fit (a bug in the code, data or configuration)"),
    patterns=(
        rx(
            r"mat1 and mat2 shapes cannot be multiplied \((?P<rows>\d+)x(?P<got>\d+) and "
            r"(?P<want>\d+)x(?P<out>\d+)\)"
        ),
    ),
)
def _advise_matmul_shape(m: re.Match[str], _ctx: Context) -> Advice:
    got, want = m.group("got"), m.group("want")
    facts: dict[str, object] = {"input_features": got, "layer_in_features": want}
    cause = _(
        "A matrix multiplication (usually an nn.Linear layer) got inputs with {got} features "
        "per row, but its weight expects {want}: the input size does not match what the "
        "model was built for (another image size, feature extractor or configuration, a "
        "missing flatten or transpose). This is a bug in the code, data or configuration; "
        "the installation is fine."
    ).format(got=got, want=want)
    fix = (
        _(
            "Print the shape just before the failing layer (print(x.shape)): its last "
            "dimension must equal the layer's in_features ({want})."
        ).format(want=want),
        _(
            "Use the input size and configuration the model or checkpoint was made for, or "
            "change in_features of the layer to {got} (then it needs retraining)."
        ).format(got=got),
    )
    return Advice(cause, fix, facts)


@FAMILY.entry(
    code="half-on-cpu",
    kind=ErrorKind.CODE,
    keywords=("not implemented for 'half'", 'not implemented for "half"'),
    title=N_("float16 on the CPU (operation not implemented for 'Half')"),
    patterns=(
        rx(
            r"\"(?P<op>\w*cpu\w*|LayerNormKernelImpl|baddbmm_with_gemm|\w+_kernel_impl|"
            r"\w+_out_frame)\" not implemented for '(?P<dtype>Half)'"
        ),
    ),
)
def _advise_half(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {"operation": m.group("op"), "dtype": m.group("dtype")}
    cause = _(
        "A float16 ('Half') model or tensor ran an operation on the CPU ({op}), and the "
        "CPU has no float16 kernel for it. The model was loaded in float16 (for the GPU) "
        "but runs on the CPU: .cuda()/.to('cuda') was not called, device_map put layers "
        "on the CPU, or CUDA is not available to this torch."
    ).format(op=m.group("op"))
    if k.local and (k.torch_is_cpu_only or k.torch_cuda is None):
        cause += sep() + _(
            "The torch here cannot use CUDA; if this machine has an NVIDIA GPU, that is a "
            "separate problem: `envdoctor check` shows why."
        )
    fix = (
        _("Meant to use the GPU: move the model and inputs there (model.to('cuda'))."),
        _(
            "Running on the CPU on purpose: load the model in float32 (model.float(), or "
            "torch_dtype=torch.float32); bfloat16 works for many CPU operations."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="cuda-checkpoint-on-cpu",
    kind=ErrorKind.CODE,
    keywords=("deserialize object on",),
    title=N_("Loading a GPU checkpoint without map_location"),
    patterns=(
        rx(
            r"Attempting to deserialize object on a CUDA device but "
            r"torch\.cuda\.is_available\(\) is False"
        ),
        rx(
            r"Attempting to deserialize object on CUDA device (?P<dev>\d+) but "
            r"torch\.cuda\.device_count\(\) is (?P<count>\d+)"
        ),
    ),
)
def _advise_map_location(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("dev") is not None:
        facts.update({"saved_on_gpu": int(groups["dev"]), "gpus_here": int(groups["count"])})
        cause = _(
            "The checkpoint was saved from GPU {dev}, and this process sees only {count} "
            "GPU(s). torch.load puts tensors back on the device they were saved from "
            "unless map_location says otherwise."
        ).format(dev=groups["dev"], count=groups["count"])
        fix: tuple[str, ...] = (
            _("Load it onto a GPU that exists: torch.load(path, map_location='cuda:0')."),
        )
    else:
        cause = _(
            "The checkpoint holds tensors saved on a GPU, and torch.load restores them onto "
            "the GPU, but CUDA is not available in this process. The code must say where to "
            "load them."
        )
        fix = (
            _(
                "Load onto the CPU: torch.load(path, map_location='cpu') (or "
                "map_location=device, the device the model will use)."
            ),
        )
        if k.local and k.torch_is_cpu_only:
            cause += sep() + _(
                "The torch here is a CPU-only build; if this machine has an NVIDIA GPU you "
                "meant to use, that is a separate problem: `envdoctor check` shows it."
            )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="cuda-fork-reinit",
    kind=ErrorKind.CODE,
    keywords=("re-initialize cuda in forked subprocess",),
    title=N_("CUDA used in a forked subprocess"),
    patterns=(rx(r"Cannot re-initialize CUDA in forked subprocess"),),
)
def _advise_fork(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "The parent process had already started CUDA, then multiprocessing created a "
        "child with fork (the default on Linux) and the child used CUDA: a forked CUDA "
        "context cannot work. Typical spots: DataLoader workers (num_workers > 0) whose "
        "Dataset or collate_fn moves data to the GPU, or a pool of worker processes."
    )
    fix = (
        _(
            "Keep CUDA out of DataLoader workers: return CPU tensors from the Dataset and "
            "move the batch to the GPU in the training loop."
        ),
        _(
            "Or start workers with spawn: torch.multiprocessing.set_start_method('spawn') "
            "under `if __name__ == '__main__':` before any CUDA call, or "
            "DataLoader(..., multiprocessing_context='spawn')."
        ),
        _("vLLM: set VLLM_WORKER_MULTIPROC_METHOD=spawn."),
    )
    return Advice(cause, fix, {})


@FAMILY.entry(
    code="illegal-memory-access",
    kind=ErrorKind.CODE,
    keywords=("illegal memory access", "illegaladdress", "illegal_address"),
    title=N_("Illegal memory access in a GPU kernel"),
    patterns=(
        rx(r"an illegal memory access was encountered"),
        rx(r"cudaErrorIllegalAddress|CUDA_ERROR_ILLEGAL_ADDRESS"),
    ),
)
def _advise_illegal_access(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "A GPU kernel read or wrote memory outside its buffers. Usually an index out of "
        "range or a shape the kernel does not expect (custom CUDA ops, attention kernels "
        "with unusual sizes), sometimes a bug in a library kernel. CUDA reports it "
        "asynchronously, so the Python line in the traceback may be innocent, and the "
        "process's CUDA context is unusable afterwards."
    )
    fix = (
        _(_ASYNC),
        _(
            "Find the kernel: `compute-sanitizer python train.py` (CUDA toolkit) names it "
            "and the bad address."
        ),
        _(
            "Check indices and shapes passed to custom or fused kernels; try the same step "
            "without the fused path (e.g. another attention implementation)."
        ),
        _(
            "If it happens at random places with code that worked before, look for "
            "hardware/driver errors: `sudo dmesg | grep -i xid`."
        ),
    )
    return Advice(cause, fix, {})


@FAMILY.entry(
    code="index-out-of-range",
    kind=ErrorKind.CODE,
    keywords=("index out of range in self", "is out of bounds for dimension"),
    title=N_("Index out of range in an embedding (a bug in the code or data)"),
    patterns=(
        rx(r"IndexError: index out of range in self"),
        # gather/index_select/indexing on the CPU: torch names the index and the size.
        rx(
            r"index (?P<index>-?\d+) is out of bounds for dimension (?P<dim>\d+) with size "
            r"(?P<size>\d+)"
        ),
    ),
)
def _advise_index(m: re.Match[str], _ctx: Context) -> Advice:
    if m.groupdict().get("size") is not None:
        facts: dict[str, object] = {
            "index": m.group("index"),
            "dimension": m.group("dim"),
            "size": m.group("size"),
        }
        cause = _(
            "An indexing operation (gather, index_select, a[...]) used index {index} on "
            "dimension {dim}, which has only {size} entries (valid: 0…{last}): the indices "
            "and the tensor's size disagree, e.g. a vocabulary or class count configured "
            "smaller than the data uses. This is a bug in the code, data or configuration; "
            "the installation is fine."
        ).format(
            index=m.group("index"),
            dim=m.group("dim"),
            size=m.group("size"),
            last=int(m.group("size")) - 1,
        )
        fix = (
            _(
                "Print the largest index and the size before the failing line (idx.max(), "
                "t.shape) and find where the two come from (vocab_size, num_classes, ...)."
            ),
            _(
                "Make the configured size match the data (e.g. the vocabulary size the "
                "preprocessing produced), or remap the indices to 0…N-1."
            ),
        )
        return Advice(cause, fix, facts)
    cause = _(
        "An embedding (or index_select) got an index at or above its size: a token id "
        "beyond the vocabulary (tokenizer and model do not match, tokens were added), a "
        "position beyond max_position_embeddings (input too long), or labels/ids not "
        "remapped to 0…N-1."
    )
    fix = (
        _(
            "Compare the largest index with the embedding size: ids.max() < "
            "model.get_input_embeddings().num_embeddings."
        ),
        _(
            "Truncate inputs to the model's maximum length (tokenizer(..., truncation=True, "
            "max_length=...)); after adding tokens call model.resize_token_embeddings(len(tokenizer))."
        ),
    )
    return Advice(cause, fix, {})


__all__ = ["FAMILY"]
