"""Bugs in how the program indexes and configures tensors and datasets: boolean masks of
another shape, in-place detach of a view, a model head sized for another dataset. Every
entry is kind "code": the installation is fine."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CODE_NOT_INSTALL
from envdoctor.i18n import N_, _

FAMILY = Family("user_code_indexing")


@FAMILY.entry(
    code="mask-shape-mismatch",
    kind=ErrorKind.CODE,
    keywords=("the shape of the mask",),
    title=N_("Boolean mask of another shape than the tensor it indexes"),
    patterns=(
        # ATen's index check (1.2+): "The shape of the mask [32, 8732] at index 0 does not
        # match the shape of the indexed tensor [279424, 1] at index 0".
        rx(
            r"The shape of the mask \[(?P<mask>[\d, ]*)\] at index (?P<dim>\d+) ?does not match "
            r"the shape of the indexed tensor \[(?P<tensor>[\d, ]*)\]"
        ),
    ),
)
def _advise_mask(m: re.Match[str], _ctx: Context) -> Advice:
    facts: dict[str, object] = {"mask": m.group("mask"), "tensor": m.group("tensor")}
    cause = _(
        "A boolean mask indexes a tensor whose shape differs from the mask's (mask "
        "[{mask}], tensor [{tensor}]): often one of them was flattened or reshaped, or "
        "the data has another size than the code expects."
    ).format(mask=m.group("mask"), tensor=m.group("tensor"))
    fix = (
        _(
            "Give both the same shape before indexing: reshape the tensor to the mask's "
            "shape (x = x.view(mask.shape)) or the mask to the tensor's."
        ),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, facts)


@FAMILY.entry(
    code="detach-view-inplace",
    kind=ErrorKind.CODE,
    keywords=("can't detach views in-place",),
    title=N_("detach_() on a view"),
    patterns=(rx(r"Can't detach views in-place\. Use detach\(\) instead"),),
)
def _advise_detach(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "The code calls the in-place detach_() on a view of another tensor (a slice, a "
        "chunk, a tensor returned by a multi-output operation), which newer PyTorch "
        "releases refuse."
    )
    fix = (_("Use the out-of-place form and keep the result: x = x.detach()."),)
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, {})


@FAMILY.entry(
    code="dataset-classes-mismatch",
    kind=ErrorKind.CODE,
    keywords=("does not matches the length of", "does not match the length of"),
    title=N_("Model head sized for another number of classes than the dataset"),
    patterns=(
        # MMDetection's assertion (mmdet/datasets/utils.py): "The `num_classes` (80) in
        # Shared2FCBBoxHead of MMDataParallel does not matches the length of `CLASSES` 3)
        # in CocoDataset".
        # Markdown often eats the backticks.
        rx(
            r"The `?num_classes`? \((?P<head>\d+)\) in (?P<module>\w+) of \w+ does not "
            r"match(?:es)? the length of `?CLASSES`? \(?(?P<dataset>\d+)\)? in (?P<data>\w+)"
        ),
    ),
)
def _advise_classes(m: re.Match[str], _ctx: Context) -> Advice:
    facts: dict[str, object] = {
        "num_classes": m.group("head"),
        "dataset_classes": m.group("dataset"),
    }
    cause = _(
        "The config's model head ({module}) is sized for {head} classes, and the dataset "
        "({data}) has {dataset}: a config copied from COCO (80 classes) without changing "
        "num_classes, or the dataset's classes not set."
    ).format(
        module=m.group("module"),
        head=m.group("head"),
        data=m.group("data"),
        dataset=m.group("dataset"),
    )
    fix = (
        _(
            "Set num_classes={dataset} in every head of the model config (bbox_head, "
            "mask_head, ...), and the dataset's classes (metainfo / classes) to your class "
            "names."
        ).format(dataset=m.group("dataset")),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, facts)


@FAMILY.entry(
    code="loss-target-shape",
    kind=ErrorKind.CODE,
    keywords=("only batches of spatial targets supported",),
    title=N_("Segmentation loss got targets of the wrong shape"),
    patterns=(
        # ATen's nll_loss2d check, old and new wordings: "only batches of spatial targets
        # supported (non-empty 3D tensors) but got targets of size: : [1, 8, 165, 768]" /
        # "... (3D tensors) but got targets of dimension: 4".
        rx(
            r"only batches of spatial targets supported \((?:non-empty )?3D tensors\) but got "
            r"targets of (?:size: :? ?\[(?P<size>[\d, ]*)\]|dimension: (?P<dim>\d+))"
        ),
    ),
)
def _advise_target_shape(m: re.Match[str], _ctx: Context) -> Advice:
    facts = {key: value for key, value in m.groupdict().items() if value is not None}
    cause = _(
        "CrossEntropyLoss/NLLLoss on images needs targets of class indices shaped [N, H, W] "
        "(dtype long), and got another shape: one-hot or multi-channel masks [N, C, H, W], "
        "a mask with an extra channel dimension [N, 1, H, W], label images read as RGB "
        "[N, H, W, 3], or class labels [N] while the model outputs a 4-D map."
    )
    fix = (
        _(
            "One-hot masks: target = target.argmax(dim=1); a single-channel mask: target = "
            "target.squeeze(1).long(); RGB label images: save or read them as single-channel "
            "images of class indices."
        ),
        _(
            "For multi-label masks use BCEWithLogitsLoss instead, with float targets; for "
            "image classification the model's output must be [N, C]."
        ),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, facts)


# YOLOv5/v7's train.py checks its labels against the dataset yaml before training
# (ultralytics/yolov5 5de4e25 train.py: "Label class {mlc} exceeds nc={nc} in {data}.
# Possible class labels are 0-{nc - 1}"; older releases print %g, as "79.0").
@FAMILY.entry(
    code="dataset-label-out-of-range",
    kind=ErrorKind.CODE,
    keywords=("exceeds nc=",),
    title=N_("A dataset label's class is beyond the classes the dataset config declares"),
    patterns=(
        rx(
            r"Label class (?P<label>\d+)(?:\.0)? exceeds nc=(?P<nc>\d+)(?:\.0)?"
            r"(?: in (?P<data>\S{1,200}?\.ya?ml))?"
        ),
    ),
    specificity=3,
)
def _advise_label_class(m: re.Match[str], _ctx: Context) -> Advice:
    label, nc = m.group("label"), m.group("nc")
    facts: dict[str, object] = {"label": int(label), "nc": int(nc)}
    if m.group("data"):
        facts["data"] = m.group("data")
    cause = _(
        "A label file holds class {label}, but the dataset config declares nc={nc} classes "
        "(0 to {last}): the labels were made for another class list (converted with COCO's "
        "80 classes, or from another dataset), or nc and names in the config are wrong."
    ).format(label=label, nc=nc, last=int(nc) - 1)
    fix = (
        _(
            "Make them agree: set nc and names in the dataset yaml to the classes the labels "
            "use, or renumber the class (first) column of the label .txt files to 0..{last}."
        ).format(last=int(nc) - 1),
        _(
            "Find the files: `grep -rlE '^{label} ' <labels folder>`; then delete the "
            "labels' *.cache files so the corrected labels are read again."
        ).format(label=label),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, facts, key=f"{label}/{nc}")
