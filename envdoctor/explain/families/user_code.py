"""Bugs in the program or its data that people mistake for a broken installation."""

from __future__ import annotations

import re

from envdoctor.explain.families.user_code_dtypes import dtype_advice
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("user_code")


_ASYNC_LABELS = N_(
    "Check label ranges, e.g. assert labels.min() >= 0 and labels.max() < num_classes; set "
    "the configured number of classes to the labels the data really has."
)
_ASSERTION = re.compile(r"Assertion `(?P<a>[^`]{1,200})` failed")


@FAMILY.entry(
    code="device-side-assert",
    kind=ErrorKind.CODE,
    keywords=("device-side assert", "assertion `", "expected >= 0 and <"),
    title=N_("Device-side assert (a bug in the code or data)"),
    patterns=(
        rx(r"device-side assert(?:ion)? triggered"),
        # The kernel's own lines (file.cu:N: kernel: block: [..], thread: [..] Assertion `..`
        # failed) are often all that is pasted, without the RuntimeError that follows them.
        rx(r"block: \[\d+,\d+,\d+\],? thread: \[\d+,\d+,\d+\] Assertion `[^`]{1,200}` failed"),
        # Or only the assertion of a PyTorch kernel (loss targets, index_select, gather).
        rx(
            r"Assertion `[^`]{0,120}(?:n_classes|srcSelectDimSize|index out of bounds|"
            r"input_val >= zero|target_val >= zero|index_size)[^`]{0,120}` failed"
        ),
        # PaddlePaddle's cross-entropy kernel says the same in words.
        rx(
            r"(?:The value of label(?:\[\d+\])?|Variable value \(label\) of OP\([\w.]+\)) "
            r"expected >= 0 and < (?P<classes>\d+)(?:, or == -?\d+)?,\s?but got (?P<label>-?\d+)"
        ),
    ),
)
def _advise_device_assert(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    if m.groupdict().get("classes"):
        # PaddlePaddle's label checks (on the GPU, or on the CPU in its old OP form).
        facts.update(classes=int(m.group("classes")), label=int(m.group("label")))
        cause = _(
            "The loss checked its labels and stopped: the label {label} is outside 0…{top} "
            "for its {classes} classes. This is a bug in the data or the configuration "
            "(the number of classes), not an installation problem."
        ).format(label=facts["label"], top=int(m.group("classes")) - 1, classes=facts["classes"])
        return Advice(cause, (_(_ASYNC_LABELS),), facts)
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


# A type as PyTorch names it in messages: torch.cuda.FloatTensor, CUDABFloat16Type, c10::Half.
_TYPE = r"[\w.:]{2,40}"
_DEVICE_OF_TYPE = re.compile(r"^(?:torch\.)?(?P<dev>cuda|mps|xpu)[.\w]|^(?P<pfx>CUDA|MPS|XPU)[A-Z]")


def _device_of(type_name: str) -> str:
    """'cuda'/'mps'/'xpu' for a device type name, 'cpu' for the rest (torch.FloatTensor, float)."""
    m = _DEVICE_OF_TYPE.match(type_name)
    if not m:
        return "cpu"
    return (m.group("dev") or m.group("pfx")).lower()


@FAMILY.entry(
    code="device-mismatch",
    kind=ErrorKind.CODE,
    keywords=(
        "same device",
        "should be the same",
        "expected device",
        "expected object of",
        "but expected it to be on",
        "but expected them to be on",
        "device type for generator",
        "to a graph on device",
        "placeholder storage has not been allocated on mps",
    ),
    title=N_("Tensors on different devices (a bug in the code)"),
    patterns=(
        rx(
            r"Expected all tensors to be on the same device, but (?:found at least two "
            r"devices,? (?P<a>[\w:]+)(?: and|,) (?P<b>[\w:]+?)!?|got (?P<c>\w+) is on "
            r"(?P<d>[\w:]+?)[,!]?)(?: ?\(when checking (?:argument|arugment) for argument "
            r"(?P<arg>\w+) in method (?P<method>\w+)\)?)?(?=[\s.`'\"()\]]|$)"
        ),
        # The same cut before the devices (an issue title, a retold message).
        rx(
            r"Expected all tensors to be on the same device, but found at least two devices(?!,? \w)"
        ),
        # ... or before ", but" (a title): only torch's device check says it this way.
        rx(r"Expected all tensors to be on the same device(?!,? but)"),
        # Convolutions name the two types; same device and another dtype is a dtype error.
        rx(
            rf"Input type \((?P<ta>{_TYPE})\) and (?:weight|bias) type \((?P<tb>{_TYPE})\) should be the same"
        ),
        # PyTorch 0.4/1.0: "Expected object of type torch.FloatTensor but found type
        # torch.cuda.FloatTensor for argument #2 'weight'".
        rx(
            rf"Expected object of type (?P<ta>{_TYPE}) but found type (?P<tb>{_TYPE}) for "
            r"argument #\d+ '(?P<arg>\w+)'"
        ),
        rx(
            r"[Ee]xpected (?:all tensors to be on the same device|device) (?P<a>[\w:]+) but got device (?P<b>[\w:]+)"
        ),
        # MPS's form: an input left on the CPU for a model on the Apple GPU.
        rx(r"Placeholder storage has not been allocated on MPS device(?P<mps>)"),
        # PyTorch 1.x wording of the same error.
        rx(
            r"Expected object of (?:device type|backend) (?P<a>cuda|cpu) but got (?:device type|"
            # torch.cat's list: "for sequence element 0 in sequence argument at position #1".
            r"backend) (?P<b>cuda|cpu) for (?:argument|sequence element \d+ in sequence "
            r"argument at position) #\d+ '(?P<arg>\w+)'(?: in call to "
            r"(?P<method>\w+))?"
        ),
        # ATen's checkAllSameGPU / checkSameGPU (1.x-2.x, cuBLAS/cuDNN paths).
        rx(
            r"Tensor for (?:argument #\d+ )?'(?P<arg>\w+)' is on (?P<a>CPU),.{0,200}?but expected "
            r"(?:it|them) to be on (?P<b>GPU)(?: \(while checking arguments for (?P<method>\w+)\))?"
        ),
        rx(
            r"Expected tensor for argument #\d+ '(?P<arg>\w+)' to have the same device as tensor "
            r"for argument #\d+ '\w+'; but device (?P<a>\d+) does not equal (?P<b>\d+)"
            r"(?: \(while checking arguments for (?P<method>\w+)\))?"
        ),
        # RNN/LSTM/GRU.
        rx(
            r"Input and (?:parameter|hidden) tensors are not at the same device, found input "
            r"tensor at (?P<a>[\w:]+) and (?:parameter|hidden) tensor at (?P<b>[\w:]+)"
        ),
        rx(
            r"indices should be either on cpu or on the same device as the indexed tensor \((?P<a>[\w:]+)\)"
        ),
        rx(r"Expected a '(?P<a>\w+)' device type for generator but found '(?P<b>\w+)'"),
        # DGL: features on one device, the graph on another.
        rx(
            r"Cannot assign (?:node|edge) feature \"(?P<arg>\w+)\" on device (?P<a>[\w:]+) "
            r"to a graph on device (?P<b>[\w:]+)"
        ),
    ),
)
def _advise_device_mismatch(m: re.Match[str], _ctx: Context) -> Advice:
    groups = m.groupdict()
    facts: dict[str, object] = {
        key: groups[key] for key in ("a", "b", "c", "d", "arg", "method") if groups.get(key)
    }
    if groups.get("ta") and groups.get("tb"):
        ta, tb = groups["ta"], groups["tb"]
        facts.update({"a": ta, "b": tb})
        if _device_of(ta) == _device_of(tb):
            return dtype_advice((ta, tb), facts)
    cause = _(
        "One operation got tensors on different devices (one on the GPU, one on the CPU): "
        "the model or an input was not moved, or a tensor is created inside the model "
        "without a device. This is a bug in the code; the installation is fine."
    )
    if groups.get("arg"):
        cause += sep() + _("PyTorch names the argument: {arg} of {method}.").format(
            arg=groups["arg"], method=groups.get("method") or "?"
        )
    fix = [
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
    ]
    if "generator" in m.group(0):
        fix.insert(
            0,
            _(
                "A random generator on the wrong device (often after "
                "torch.set_default_device('cuda')): pass "
                "generator=torch.Generator(device='cuda') to the DataLoader/sampler, or keep "
                "the default device on the CPU."
            ),
        )
    if "to a graph on device" in m.group(0):
        fix.insert(0, _("DGL: move the graph too, and keep the result: g = g.to(device)."))
    if "hidden" in m.group(0):
        fix.insert(
            0, _("RNNs: create the initial hidden state on the input's device (device=x.device).")
        )
    return Advice(cause, tuple(fix), facts)


_SHAPE_STEP = N_(
    "Print the shape just before the failing layer (print(x.shape)): its last dimension "
    "must equal the layer's in_features; flatten with x.view(x.size(0), -1)."
)


@FAMILY.entry(
    code="matmul-shape-mismatch",
    kind=ErrorKind.CODE,
    keywords=("shapes cannot be multiplied", "size mismatch, m1:", "must match mat2 dim"),
    title=N_("Matrix shapes do not fit (a bug in the code, data or configuration)"),
    patterns=(
        rx(
            r"mat1 and mat2 shapes cannot be multiplied \((?P<rows>\d+)x(?P<got>\d+) and "
            r"(?P<want>\d+)x(?P<out>\d+)\)"
        ),
        # PyTorch 1.x (TH/THC): "size mismatch, m1: [64 x 9216], m2: [4096 x 10]".
        rx(
            r"size mismatch, m1: \[(?P<rows>\d+) x (?P<got>\d+)\], m2: \[(?P<want>\d+) x "
            r"(?P<out>\d+)\]"
        ),
        rx(r"mat1 dim 1 must match mat2 dim 0"),
    ),
)
def _advise_matmul_shape(m: re.Match[str], _ctx: Context) -> Advice:
    if m.groupdict().get("got") is None:
        cause = _(
            "A matrix multiplication (usually an nn.Linear layer) got inputs whose feature "
            "count differs from what its weight expects. This is a bug in the code, data or "
            "configuration; the installation is fine."
        )
        return Advice(cause, (_(_SHAPE_STEP),), {})
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
    code="cuda-fork-reinit",
    kind=ErrorKind.CODE,
    keywords=("re-initialize cuda in forked subprocess", "if cuda is already initialized"),
    title=N_("CUDA used in a forked subprocess"),
    patterns=(
        rx(r"Cannot re-initialize CUDA in forked subprocess"),
        # Lightning's check before its fork-based strategies (ddp_notebook, ddp_fork).
        rx(r"Lightning can't create new processes if CUDA is already initialized"),
    ),
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
    keywords=(
        "index out of range in self",
        "is out of bounds for dimension",
        "out of table with",
        "is out of bounds.",
        "index out of range at",
        "is out of bounds for axis",
    ),
    title=N_("Index out of range in an embedding (a bug in the code or data)"),
    patterns=(
        # Python, R (torch for R) and Java (javacpp) all raise the same c10 message.
        rx(r"\bindex out of range in self\b"),
        # PyTorch 1.x (TH) wording of the embedding lookup.
        rx(
            r"index out of range: Tried to access index (?P<index>-?\d+) out of table with (?P<rows>\d+) rows"
        ),
        # PyTorch 0.4/1.0 (TH) index_select under nn.Embedding, with the C++ source as location.
        rx(r"index out of range at \S{0,120}/TH/generic/TH\w{1,40}\.cp?p?:\d+"),
        # nll_loss / cross_entropy on the CPU: a class label outside 0…C-1.
        rx(r"IndexError: Target (?P<target>-?\d+) is out of bounds"),
        # gather/index_select/indexing on the CPU: torch names the index and the size.
        rx(
            r"index (?P<index>-?\d+) is out of bounds for dimension (?P<dim>\d+) with size "
            r"(?P<size>\d+)"
        ),
        # NumPy's wording of the same mistake (data pipelines, target encoders).
        rx(
            r"index (?P<index>-?\d+) is out of bounds for axis (?P<dim>\d+) with size "
            r"(?P<size>\d+)"
        ),
    ),
)
def _advise_index(m: re.Match[str], _ctx: Context) -> Advice:
    if m.groupdict().get("target") is not None:
        cause = _(
            "The loss (CrossEntropyLoss/NLLLoss) got the class label {target}, outside "
            "0…num_classes-1: labels start at 1 instead of 0, the model has fewer outputs "
            "than there are classes, or -1 is used for 'ignore' without ignore_index=-1. "
            "This is a bug in the code or data; the installation is fine."
        ).format(target=m.group("target"))
        fix = (
            _(
                "Compare the labels with the model's outputs: labels.min(), labels.max() "
                "and output.shape[-1] (the number of classes)."
            ),
            _("Remap the labels to 0…N-1, or build the classifier with N outputs."),
        )
        return Advice(cause, fix, {"target": m.group("target")}, key="target")
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


@FAMILY.entry(
    code="cuda-call-with-cpu-device",
    kind=ErrorKind.CODE,
    keywords=("must be cuda device",),
    title=N_("A CUDA call was given a CPU device (a bug in the code)"),
    patterns=(rx(r"Invalid device, must be cuda device"),),
)
def _advise_cuda_call_cpu_device(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "`.cuda(device)` or torch.cuda.set_device(device) was given a device that is not a "
        "CUDA one, typically torch.device('cpu') that the code chose because "
        "torch.cuda.is_available() was False, and then called .cuda() anyway. The code "
        "must use the device it chose."
    )
    fix = (
        _("Move tensors and models with .to(device), never .cuda(device), so 'cpu' works too."),
        _(
            'If a GPU was meant to be used, check `python -c "import torch; '
            'print(torch.cuda.is_available())"` first: False means torch sees no GPU here.'
        ),
    )
    return Advice(cause, fix, {})


__all__ = ["FAMILY"]
