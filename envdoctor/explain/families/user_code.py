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
    keywords=("device-side assert",),
    title=N_("Device-side assert (a bug in the code or data)"),
    patterns=(rx(r"device-side assert(?:ion)? triggered"),),
)
def _advise_device_assert(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    cause = _(
        "A GPU kernel checked its input and stopped: this is a bug in the code or the data "
        "(an index out of range), not an installation problem. Because CUDA runs "
        "asynchronously, the Python line in the traceback may not be the one at fault."
    )
    found = _ASSERTION.search(ctx.text)
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


__all__ = ["FAMILY"]
