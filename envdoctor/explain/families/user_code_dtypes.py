"""Bugs in the program's tensor dtypes: two dtypes mixed in one operation, or a dtype an
operation has no kernel for (float16 on the CPU, integers where floats are needed).

The wordings are PyTorch's TORCH_CHECKs of 1.x ("Expected object of scalar type ... but
got scalar type ...", "... not supported on CPUType for Half") and 2.x ("expected scalar
type ... but found ...", "mat1 and mat2 must have the same dtype", "... not implemented
for 'Half'"). The installation is fine: every fix is a change of the code.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("user_code_dtypes")

_INTEGER = frozenset({"long", "int", "short", "byte", "char", "bool", "int64", "int32"})
_HALF = frozenset({"half", "bfloat16", "float16"})
# "torch.cuda.HalfTensor", "CUDAHalfType", "c10::Half", "double" -> "half", "half", ...
_TYPE_NAME = re.compile(
    r"^(?:torch\.(?:cuda|mps|xpu)\.|torch\.|CUDA|CPU|MPS|XPU|c10::)?(?P<dtype>\w+?)(?:Tensor|Type)?$",
    re.IGNORECASE,
)

DTYPE_TITLE = N_("Tensors of different dtypes in one operation (a bug in the code)")


def dtype_of(type_name: str) -> str:
    """The dtype a PyTorch type name in a message stands for, lower case."""
    m = _TYPE_NAME.match(type_name.strip())
    return (m.group("dtype") if m else type_name).lower()


def dtype_advice(names: tuple[str, ...], facts: dict[str, object]) -> Advice:
    """The advice for an operation that mixed the dtypes `names` (as the message spells them)."""
    dtypes = {dtype_of(name) for name in names if name}
    cause = _(
        "One operation got tensors of different dtypes ({names}); PyTorch does not convert "
        "them implicitly for matrix products, convolutions and losses. This is a bug in the "
        "code or data; the installation is fine."
    ).format(names=", ".join(name for name in names if name) or "?")
    fix: list[str] = []
    if "double" in dtypes:
        fix.append(
            _(
                "float64 usually comes from NumPy: convert inputs with "
                "torch.from_numpy(x).float() or np.asarray(x, dtype=np.float32)."
            )
        )
    if dtypes & _INTEGER:
        fix.append(
            _(
                "Class-index targets (CrossEntropyLoss, NLLLoss) and embedding indices must "
                "be int64: target.long(); regression/BCE targets must be float: target.float()."
            )
        )
    if dtypes & _HALF:
        fix.append(
            _(
                "Mixed precision: run the forward pass under torch.autocast(...) instead of "
                "casting by hand, or cast the model and its inputs to one dtype "
                "(x.to(model.dtype))."
            )
        )
    fix.append(
        _(
            "Print the dtypes before the failing line (x.dtype, next(model.parameters()).dtype) "
            "and convert one side: x = x.to(torch.float32)."
        )
    )
    return Advice(
        cause,
        tuple(fix),
        facts,
        code="dtype-mismatch",
        title=_(DTYPE_TITLE),
        kind=ErrorKind.CODE.value,
        key="/".join(sorted(dtypes)),
    )


@FAMILY.entry(
    code="dtype-mismatch",
    kind=ErrorKind.CODE,
    keywords=(
        "scalar type",
        "same dtype",
        "can't be cast to the desired",
        "found dtype",
        "dtypes match",
        "tensor but found",
    ),
    title=DTYPE_TITLE,
    patterns=(
        rx(r"expected scalar type (?P<a>\w+) but found (?P<b>\w+)"),
        # torch 0.x's tensor types, as people retype them ("expected FloatTensor but found
        # DoubleTensor", pytorch#5004); a cuda. on one side only is a device clash instead.
        rx(
            r"(?<![.\w])expected (?:torch\.)?(?P<a>Float|Double|Half|Long|Int|Byte|Bool)Tensor "
            r"but found (?:torch\.)?(?P<b>Float|Double|Half|Long|Int|Byte|Bool)Tensor"
        ),
        rx(
            r"Expected object of scalar type (?P<a>\w+) but got scalar type (?P<b>\w+)"
            r"(?: for argument #\d+ '(?P<arg>\w+)')?"
        ),
        rx(r"\w+ and \w+ must have the same dtype(?:, but got (?P<a>\w+) and (?P<b>\w+))?"),
        rx(
            r"expected \w+ and \w+ to have the same dtype, but got:? (?P<a>[\w:]+) != (?P<b>[\w:]+)"
        ),
        rx(r"Expected query, key,? and value to have the same dtype"),
        rx(r"result type (?P<b>\w+) can't be cast to the desired output type (?P<a>\w+)"),
        rx(r"Found dtype (?P<b>\w+) but expected (?P<a>\w+)"),
        rx(
            r"Expected tensor for argument #\d+ '(?P<arg>\w+)' to have (?:one of the following "
            r"scalar types: (?P<a>\w+)(?:, \w+)*|scalar type (?P<want>\w+)); but got "
            r"(?P<b>[\w.]+) instead"
        ),
        rx(
            r"Index put requires the source and destination dtypes match, got (?P<a>\w+) for "
            r"the destination and (?P<b>\w+) for the source"
        ),
        rx(r"Expected floating point type for target with class probabilities, got (?P<b>\w+)"),
    ),
)
def _advise_dtype(m: re.Match[str], _ctx: Context) -> Advice:
    groups = m.groupdict()
    names = tuple(groups.get(key) or "" for key in ("a", "want", "b"))
    facts: dict[str, object] = {key: value for key, value in groups.items() if value}
    return dtype_advice(names, facts)


@FAMILY.entry(
    code="half-on-cpu",
    kind=ErrorKind.CODE,
    keywords=(
        "not implemented for '",
        'not implemented for "',
        "not supported on cputype for",
        "cannot run with `cpu` device",
    ),
    title=N_("float16 on the CPU (operation not implemented for 'Half')"),
    patterns=(
        # 2.x and late 1.x: the kernel's dispatch name, then the dtype it lacks.
        rx(r"[\"'](?P<op>[\w:]{2,80})[\"'] not implemented for ['\"](?P<dtype>\w{2,20})['\"]"),
        # 1.x: "_thnn_conv2d_forward not supported on CPUType for Half".
        rx(r"(?P<op>\w{2,80}) not supported on (?P<backend>CPU|CUDA)Type for (?P<dtype>\w{2,20})"),
        # 1.x without quotes around the kernel name: "sqrt_vml_cpu not implemented for 'Half'".
        rx(r"(?<![\w\"'])(?P<op>\w{2,80}) not implemented for ['\"](?P<dtype>\w{2,20})['\"]"),
        # diffusers' own check before it runs (pipeline_utils.py, ComfyUI-Hallo#19).
        rx(
            r"Pipelines loaded with `?(?:torch_)?dtype=torch\.(?P<dtype>float16)`? cannot run "
            r"with `?cpu`? device(?P<pipeline>)"
        ),
    ),
)
def _advise_half(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    dtype = m.group("dtype")
    op = "a diffusers pipeline" if m.groupdict().get("pipeline") is not None else m.group("op")
    facts: dict[str, object] = {"operation": op, "dtype": dtype}
    on_gpu = "cuda" in op.lower() or (m.groupdict().get("backend") or "").upper() == "CUDA"
    if dtype.lower() not in _HALF or on_gpu:
        # An integer tensor into a float kernel (or the reverse), or a GPU kernel without
        # float16: the dtype is wrong for the operation wherever it runs.
        cause = _(
            "The operation {op} has no kernel for dtype {dtype}: a tensor has the wrong "
            "dtype for it (integer labels or ids where floats are expected, floats where "
            "class indices are expected, or a float16 tensor into an operation that needs "
            "float32). This is a bug in the code or data; the installation is fine."
        ).format(op=op, dtype=dtype)
        fix: tuple[str, ...] = (
            _(
                "Convert the tensor before the call: .float() for values, .long() for class "
                "indices/targets of CrossEntropyLoss/NLLLoss."
            ),
            _(
                "float16 on the GPU: run this operation in float32 (x.float()), or let "
                "torch.autocast choose the dtype per operation."
            ),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="dtype-unsupported",
            title=_("Operation not implemented for this dtype (a bug in the code)"),
            key=f"{op}/{dtype}",
        )
    cause = _(
        "A half-precision ({dtype}) model or tensor ran an operation on the CPU ({op}), and "
        "the CPU has no {dtype} kernel for it. The model was loaded in half precision (for the GPU) "
        "but runs on the CPU: .cuda()/.to('cuda') was not called, device_map put layers "
        "on the CPU, or CUDA is not available to this torch."
    ).format(op=op, dtype=dtype)
    if k.torch_is_cpu_only and not k.local and k.torch_version:
        facts["torch_version"] = k.torch_version
        cause += sep() + _(
            "The torch in the paste ({version}) is a CPU-only build: it cannot use CUDA, "
            "so a program that picks the GPU when it is available ran on the CPU. "
            "`envdoctor install` gives the command for a CUDA build."
        ).format(version=k.torch_version)
    elif k.torch_is_cpu_only or (k.local and k.torch_cuda is None):
        cause += sep() + _(
            "The torch here cannot use CUDA; if this machine has an NVIDIA GPU, that is a "
            "separate problem: `envdoctor check` shows why."
        )
    fix = (
        _("Meant to use the GPU: move the model and inputs there (model.to('cuda'))."),
        # A CPU-only torch gives the same error with correct code (the model stays on the
        # CPU when the program checks torch.cuda.is_available()): a check, not a reinstall.
        _(
            'See whether this torch can use the GPU at all: `python -c "import torch; '
            'print(torch.cuda.is_available())"`; False on a machine with an NVIDIA GPU '
            "means a CPU-only torch or a driver problem, and `envdoctor check` says which."
        ),
        _(
            "Running on the CPU on purpose: load the model in float32 (model.float(), or "
            "torch_dtype=torch.float32); bfloat16 works for many CPU operations."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="gradscaler-fp16-gradients",
    kind=ErrorKind.CODE,
    keywords=("unscale fp16 gradients",),
    title=N_("GradScaler got float16 gradients (parameters cast to half)"),
    # torch/amp/grad_scaler.py (torch.cuda.amp before 2.3): the scaler keeps float32
    # master weights; parameters made float16 by the code have float16 gradients.
    patterns=(rx(r"Attempting to unscale FP16 gradients\.?"),),
    specificity=3,
)
def _advise_fp16_gradients(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "Mixed-precision training with GradScaler needs float32 parameters: autocast runs "
        "the operations in float16, the weights stay float32. Here some parameters are "
        "float16 (model.half(), a layer or tensor created with dtype=torch.float16), so their "
        "gradients are too and the scaler refuses them. The installation is fine."
    )
    fix = (
        _(
            "Keep the model in float32 (remove .half() / dtype=torch.float16 from layers) "
            "and wrap the forward pass in torch.autocast('cuda', dtype=torch.float16)."
        ),
        _("To find them: [n for n, p in model.named_parameters() if p.dtype == torch.float16]."),
        _("For a pure float16 model, train without GradScaler (or use bfloat16)."),
    )
    return Advice(cause, fix, {})


# torch/csrc (2.x): the Apple GPU has no float64 (pytorch/pytorch#122602: "expected behaviour,
# known limitation"; thu-ml/tianshou#1237 fixed it in the code with float32).
@FAMILY.entry(
    code="mps-float64-unsupported",
    kind=ErrorKind.CODE,
    keywords=("doesn't support float64",),
    title=N_("float64 on Apple's GPU (MPS has no float64)"),
    patterns=(
        rx(
            r"Cannot convert a MPS Tensor to float64 dtype as the MPS framework doesn't support float64"
        ),
    ),
)
def _advise_mps_float64(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "A float64 tensor was moved to (or created on) the Apple GPU, and MPS has no float64 "
        "at all: NumPy arrays and Python floats become float64 by default. No torch or macOS "
        "release changes this; the code must use float32 there."
    )
    fix = (
        _(
            "Convert before moving: `torch.from_numpy(x).float().to('mps')` or "
            "`x.to('mps', dtype=torch.float32)`; set `torch.set_default_dtype(torch.float32)` "
            "and build NumPy arrays with dtype=np.float32."
        ),
        _("Or run that part on the CPU (device='cpu'), which has float64."),
    )
    return Advice(cause, fix, {"dtype": "float64", "device": "mps"})


__all__ = ["DTYPE_TITLE", "FAMILY", "dtype_advice", "dtype_of"]
