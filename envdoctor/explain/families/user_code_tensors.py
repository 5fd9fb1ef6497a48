"""Bugs in the program's tensor code: shapes, dtypes, autograd, views and conversions.

PyTorch words these checks (TORCH_CHECK in ATen/c10, the autograd engine, torch.nn)
differently across 1.x and 2.x; each entry lists the wordings of one mistake. Every
entry is kind "code": the installation is fine and its advice changes only the code.
The simple ones are one table (`_ROWS`); those whose advice uses decoded values have
their own advise function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CODE_NOT_INSTALL
from envdoctor.i18n import N_, _

FAMILY = Family("user_code_tensors")


@dataclass(frozen=True)
class _Row:
    code: str
    title: str
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    cause: str
    fix: tuple[str, ...]


def _facts(m: re.Match[str]) -> dict[str, object]:
    return {key: value for key, value in m.groupdict().items() if value is not None}


def _register(row: _Row) -> None:
    def advise(m: re.Match[str], _ctx: Context) -> Advice:
        cause = _(row.cause) + sep() + _(CODE_NOT_INSTALL)
        return Advice(cause, tuple(_(step) for step in row.fix), _facts(m))

    FAMILY.entry(
        code=row.code,
        kind=ErrorKind.CODE,
        title=row.title,
        keywords=row.keywords,
        patterns=row.patterns,
    )(advise)


_ANOMALY = N_(
    "Turn on torch.autograd.set_detect_anomaly(True) while debugging: the error then "
    "names the forward operation at fault."
)

_ROWS = (
    _Row(
        code="autograd-inplace-modified",
        title=N_("A tensor needed for backward was changed in place"),
        keywords=("modified by an inplace operation",),
        patterns=(
            rx(
                r"one of the variables needed for gradient computation has been modified by "
                r"an inplace operation(?:: \[(?P<tensor>[\w.]{1,60}) \[[\d, ]{0,60}\]\], which "
                r"is output \d+ of (?P<grad_fn>\w{1,80}), is at version \d+; expected version "
                r"\d+ instead)?"
            ),
        ),
        cause=N_(
            "A tensor that autograd saved for the backward pass was changed in place "
            "afterwards (x += ..., x[...] = ..., relu(inplace=True), an optimizer.step() "
            "between the forward pass and another backward), so the gradient cannot be "
            "computed."
        ),
        fix=(
            N_(
                "Make the change out of place: x = x + y instead of x += y, "
                "nn.ReLU(inplace=False), torch.cat/clone() instead of writing into a slice."
            ),
            N_(
                "Two models or losses (GANs, actor-critic): finish every backward() before "
                "calling optimizer.step(), or detach() what the second loss does not train."
            ),
            _ANOMALY,
        ),
    ),
    _Row(
        code="autograd-no-grad-fn",
        title=N_("backward() on a tensor that does not require grad"),
        keywords=("does not require grad and does not have a grad_fn",),
        patterns=(
            rx(
                r"element (?P<element>\d+) of tensors does not require grad and does not have a grad_fn"
            ),
        ),
        cause=N_(
            "backward() was called on a result that is not connected to any parameter "
            "that requires grad: it was computed under torch.no_grad()/inference_mode(), "
            "passed through .detach(), .item(), .numpy() or a new torch.tensor(...), or all "
            "parameters are frozen (requires_grad=False)."
        ),
        fix=(
            N_(
                "Compute the loss from the model's output directly, outside torch.no_grad(), "
                "without .detach()/.item()/.numpy() on the way."
            ),
            N_(
                "Check that something trains: any(p.requires_grad for p in "
                "model.parameters()). With gradient checkpointing and frozen embeddings "
                "(LoRA/PEFT) call model.enable_input_require_grads()."
            ),
        ),
    ),
    _Row(
        code="autograd-backward-twice",
        title=N_("backward() through the same graph twice"),
        keywords=("backward through the graph a second time",),
        patterns=(rx(r"Trying to backward through the graph a second time"),),
        cause=N_(
            "backward() ran over a part of the graph whose saved values an earlier "
            "backward() already freed: a tensor computed once (outside the loop, or an RNN "
            "hidden state carried over from the previous batch) is used in every step's loss."
        ),
        fix=(
            N_(
                "Cut the history between steps: hidden = hidden.detach() (RNNs), recompute "
                "tensors inside the loop, or detach() values you only read."
            ),
            N_(
                "Several losses: add them and call backward() once. Use retain_graph=True "
                "only when you really need two backward passes over one graph."
            ),
        ),
    ),
    _Row(
        code="autograd-nonscalar-backward",
        title=N_("backward() on a tensor with more than one element"),
        keywords=("implicitly created only for",),
        patterns=(rx(r"grad can be implicitly created only for (?:real )?scalar outputs"),),
        cause=N_(
            "backward() without arguments needs a single number, and the loss has several "
            "elements: a loss with reduction='none', a per-sample loss, or DataParallel "
            "returning one loss per GPU."
        ),
        fix=(
            N_("Reduce it first: loss.mean().backward() (or loss.sum())."),
            N_(
                "To back-propagate a non-scalar on purpose: y.backward(gradient=torch.ones_like(y))."
            ),
        ),
    ),
    _Row(
        code="autograd-leaf-inplace",
        title=N_("In-place change of a leaf tensor that requires grad"),
        keywords=("a leaf variable that requires grad",),
        patterns=(
            rx(
                r"a leaf Variable that requires grad (?:is being|has been) used in an in-place operation"
            ),
        ),
        cause=N_(
            "A parameter or another tensor created with requires_grad=True was changed in "
            "place while autograd records (initialisation or a manual update written "
            "without torch.no_grad())."
        ),
        fix=(
            N_(
                "Wrap manual updates and initialisation in `with torch.no_grad():` (or use "
                "torch.nn.init functions), or build a new tensor instead of changing it."
            ),
        ),
    ),
    _Row(
        code="autograd-inference-tensor",
        title=N_("Inference tensor used in training"),
        keywords=("inference tensors cannot be saved for backward", "inference tensor"),
        patterns=(
            rx(r"Inference tensors cannot be saved for backward"),
            rx(r"Inplace update to inference tensor outside InferenceMode is not allowed"),
        ),
        cause=N_(
            "A tensor created under torch.inference_mode() (cached inputs, a Lightning "
            "validation/predict step, a tensor built at start-up) is used where autograd "
            "must record it."
        ),
        fix=(
            N_(
                "Create it outside inference_mode(), or use torch.no_grad() there instead; "
                "or pass tensor.clone() to the training code."
            ),
        ),
    ),
    _Row(
        code="tensor-to-numpy",
        title=N_("numpy() on a GPU tensor or a tensor that requires grad"),
        keywords=("to numpy", "call numpy() on"),
        patterns=(
            rx(
                r"can't convert (?P<device>cuda(?::\d+)?|mps(?::\d+)?|xpu(?::\d+)?) (?:device "
                r"type )?tensor to numpy"
            ),
            rx(r"Can't call numpy\(\) on (?:Tensor|Variable) that requires grad"),
        ),
        cause=N_(
            "numpy() works only on a CPU tensor that autograd does not track: the tensor "
            "is on the GPU or still part of the graph (plotting, metrics, sklearn or "
            "np.array(...) on a model output)."
        ),
        fix=(N_("Convert explicitly: x.detach().cpu().numpy(); for one number use x.item()."),),
    ),
    _Row(
        code="view-not-contiguous",
        title=N_("view() on a non-contiguous tensor"),
        keywords=("view size is not compatible",),
        patterns=(rx(r"view size is not compatible with input tensor's size and stride"),),
        cause=N_(
            "view() needs a tensor whose memory layout matches the new shape; after "
            "transpose(), permute() or slicing it does not."
        ),
        fix=(N_("Use x.reshape(...) instead, or x.contiguous().view(...)."),),
    ),
    _Row(
        code="broadcast-shape-mismatch",
        title=N_("Tensor shapes do not broadcast"),
        keywords=(
            "must match the size of tensor",
            "must match the existing size",
            "broadcast shape",
        ),
        patterns=(
            rx(
                r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b "
                r"\((?P<b>\d+)\) at non-singleton dimension (?P<dim>\d+)"
            ),
            rx(
                r"The expanded size of the tensor \((?P<a>-?\d+)\) must match the existing size "
                r"\((?P<b>\d+)\) at non-singleton dimension (?P<dim>\d+)"
            ),
            rx(
                r"output with shape \[(?P<a>[\d, ]*)\] doesn't match the broadcast shape \[(?P<b>[\d, ]*)\]"
            ),
        ),
        cause=N_(
            "An element-wise operation (+, *, a loss, an in-place update, a normalisation) "
            "got two tensors whose sizes differ in one dimension and neither is 1: e.g. "
            "predictions [N, 1] against targets [N], grey images through a 3-channel "
            "Normalize, or sequences of different lengths."
        ),
        fix=(
            N_(
                "Print both shapes before the failing line and make them equal, e.g. "
                "pred.squeeze(-1) or target.unsqueeze(-1); images: .convert('RGB')."
            ),
        ),
    ),
    _Row(
        code="reshape-invalid",
        title=N_("reshape/view to a shape with another number of elements"),
        keywords=("is invalid for input of size",),
        patterns=(
            rx(r"shape '\[(?P<shape>[-\d, ]*)\]' is invalid for input of size (?P<size>\d+)"),
        ),
        cause=N_(
            "view()/reshape() asked for a shape whose number of elements differs from the "
            "tensor's: a hard-coded size (batch size, image size, feature count) that does "
            "not hold for this input, often the last, smaller batch."
        ),
        fix=(
            N_(
                "Compute the shape from the tensor: x.view(x.size(0), -1) or "
                "torch.flatten(x, 1); or use drop_last=True in the DataLoader."
            ),
        ),
    ),
    _Row(
        code="conv-input-mismatch",
        title=N_("Convolution input has the wrong channels or dimensions"),
        keywords=("channels, but got", "-dimensional input for", "batched) input to conv"),
        patterns=(
            rx(
                r"Given groups=(?P<groups>\d+), weight(?: of size)? \[?(?P<weight>[\d, ]+)\]?, "
                r"(?:so )?expected input\[(?P<input>[\d, ]+)\] to have (?P<want>\d+) channels, "
                r"but got (?P<got>\d+) channels instead"
            ),
            rx(
                r"Expected (?P<want>\d+)-dimensional input for \d+-dimensional weight "
                r"\[?[\d, ]*\]?, but got (?P<got>\d+)-dimensional input of size \[(?P<input>[\d, ]*)\]"
            ),
            rx(
                r"Expected (?P<want>\d+D \(unbatched\) or \d+D \(batched\)) input to "
                r"(?P<op>conv\w+), but got input of size: \[(?P<input>[\d, ]*)\]"
            ),
        ),
        cause=N_(
            "A convolution got an input whose channel count or number of dimensions the "
            "layer was not built for: grey (1-channel) or RGBA (4-channel) images into an "
            "RGB model, channels last (N, H, W, C) instead of (N, C, H, W), a missing or an "
            "extra batch dimension, or a layer's in_channels that does not follow the "
            "previous layer's out_channels."
        ),
        fix=(
            N_(
                "Print x.shape before the layer: it must be (N, C, H, W) with C equal to the "
                "layer's in_channels."
            ),
            N_(
                "Fix the data to match: image.convert('RGB'), x.permute(0, 3, 1, 2), "
                "x.unsqueeze(0) for a single image; or change in_channels."
            ),
        ),
    ),
    _Row(
        code="concat-size-mismatch",
        title=N_("Tensors of different sizes concatenated or stacked"),
        keywords=("sizes of tensors must match except", "stack expects each tensor"),
        patterns=(
            rx(r"Sizes of tensors must match except in dimension (?P<dim>\d+)"),
            rx(
                r"stack expects each tensor to be equal size, but got \[(?P<a>[\d, ]*)\] at "
                r"entry (?P<i>\d+) and \[(?P<b>[\d, ]*)\] at entry (?P<j>\d+)"
            ),
        ),
        cause=N_(
            "torch.cat/torch.stack (and the DataLoader's default collate, which stacks the "
            "samples of a batch) got tensors whose sizes differ: images or sequences of "
            "different sizes, or feature maps that lost a pixel to odd input sizes."
        ),
        fix=(
            N_(
                "Make the samples the same size (Resize/crop, pad sequences with "
                "torch.nn.utils.rnn.pad_sequence), or give the DataLoader a collate_fn "
                "that pads."
            ),
            N_(
                "In a network: use input sizes divisible by the total stride, or crop/pad before cat."
            ),
        ),
    ),
    _Row(
        code="dimension-out-of-range",
        title=N_("Dimension out of range"),
        keywords=("dimension out of range",),
        patterns=(
            rx(
                r"Dimension out of range \(expected to be in range of \[(?P<low>-?\d+), "
                r"(?P<high>-?\d+)\], but got (?P<got>-?\d+)\)"
            ),
        ),
        cause=N_(
            "An operation was given a dimension the tensor does not have: the tensor has "
            "fewer dimensions than the code expects (a single sample without its batch "
            "dimension, a squeezed 1-element batch, a scalar loss or label)."
        ),
        fix=(
            N_(
                "Print x.shape / x.dim() before the line; add the missing dimension "
                "(x.unsqueeze(0)) or use dim=-1."
            ),
        ),
    ),
    _Row(
        code="input-smaller-than-kernel",
        title=N_("Input smaller than the kernel or pooling window"),
        keywords=("kernel size can't be greater", "output size is too small"),
        patterns=(
            rx(r"Kernel size can't be greater than actual input size"),
            rx(
                r"Given input size: \((?P<input>[\dx]+)\)\. Calculated output size: "
                r"\((?P<output>[-\dx]+)\)\. Output size is too small"
            ),
        ),
        cause=N_(
            "After the earlier layers shrank it, the input is smaller than a convolution "
            "kernel or pooling window: the images are smaller than the network was designed "
            "for."
        ),
        fix=(
            N_(
                "Use the input size the model was designed for (Resize the images), or "
                "remove/adapt a pooling stage or use nn.AdaptiveAvgPool2d."
            ),
        ),
    ),
)

for _row in _ROWS:
    _register(_row)


@FAMILY.entry(
    code="batch-size-mismatch",
    kind=ErrorKind.CODE,
    keywords=("to match target batch_size", "must be the same as input size"),
    title=N_("Predictions and targets have different sizes"),
    patterns=(
        rx(
            r"Expected input batch_size \((?P<input>\d+)\) to match target batch_size \((?P<target>\d+)\)"
        ),
        rx(
            r"Target size \((?P<target>torch\.Size\(\[[\d, ]*\]\))\) must be the same as input "
            r"size \((?P<input>torch\.Size\(\[[\d, ]*\]\))\)"
        ),
    ),
)
def _advise_batch(m: re.Match[str], _ctx: Context) -> Advice:
    facts = _facts(m)
    cause = _(
        "The loss got {input} predictions but {target} targets. Usually the model "
        "output was reshaped wrongly (a view(-1, ...) with a hard-coded size folds the "
        "batch into another dimension), or targets have an extra dimension (one-hot or "
        "[N, 1] where the loss wants [N])."
    ).format(input=m.group("input"), target=m.group("target"))
    fix = (
        _(
            "Print output.shape and target.shape before the loss; flatten with "
            "x.view(x.size(0), -1), never with a hard-coded first size."
        ),
        _(
            "CrossEntropyLoss wants targets [N] of class indices; BCE losses want targets "
            "shaped like the output (target.float().view_as(output))."
        ),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, facts)


@FAMILY.entry(
    code="tensor-truth-ambiguous",
    kind=ErrorKind.CODE,
    keywords=("is ambiguous",),
    title=N_("A tensor of several values used as True/False (a bug in the code)"),
    patterns=(rx(r"Boolean value of Tensor with more than one values? is ambiguous"),),
)
def _advise_truth(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "The code asked whether a tensor with several elements is true: an `if`, `and`, "
        "`or`, `not` or `assert` on it, or a tensor passed where Python expects a flag (a "
        "loss module built with the tensors as its arguments, nn.MSELoss(pred, target), "
        "instead of created first and then called)."
    )
    fix = (
        _(
            "Reduce it to one value first: `.any()`, `.all()` or `.item()` on a "
            "one-element tensor; compare tensors with torch.equal(a, b)."
        ),
        _(
            "Create loss modules first and call them: loss_fn = nn.MSELoss(); loss_fn(pred, target)."
        ),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, {})


__all__ = ["FAMILY"]
