"""Apple's MPS backend beyond "not available": an operation the installed torch or macOS
has no MPS kernel for, and a torch older than MPS itself."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("apple_mps")


@FAMILY.entry(
    code="mps-op-unsupported",
    keywords=("mps does not support", "not currently implemented for the mps device"),
    title=N_("This torch / macOS has no MPS kernel for an operation"),
    patterns=(
        # aten/src/ATen/native/mps: dtypes an op lacks before a macOS / torch release.
        rx(r"MPS does not support (?P<op>\w{1,40}) op with (?P<dtype>\w{1,20}) input"),
        rx(
            r"The operator '(?P<op>aten::[\w.]{1,80})' is not currently implemented for the "
            r"MPS device"
        ),
    ),
)
def _advise_mps_op(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    op = groups["op"]
    facts: dict[str, object] = {"operator": op}
    if groups.get("dtype"):
        facts["dtype"] = groups["dtype"]
        cause = _(
            "The MPS backend of this torch and macOS has no {op} kernel for {dtype} tensors. "
            "Apple adds such kernels in new macOS releases (many int64 operations came with "
            "macOS 13.3) and PyTorch uses them from later releases on."
        ).format(op=op, dtype=groups["dtype"])
    else:
        cause = _(
            "PyTorch has no MPS kernel for {op} yet, so it cannot run on the Apple GPU."
        ).format(op=op)
    fix = (
        _("Update macOS and torch (`python -m pip install -U torch`): newer ones add kernels."),
        _(
            "Meanwhile run the missing operations on the CPU: PYTORCH_ENABLE_MPS_FALLBACK=1 "
            "(set before Python starts; slower for those operations), or run on device='cpu'."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="torch-device-type-unknown",
    keywords=("device type at start of device string",),
    title=N_("torch does not know this device type"),
    patterns=(
        rx(
            r"Expected one of (?P<known>[\w, ]{1,400}?) device type at start of device "
            r"string: (?P<dev>\w{1,20})"
        ),
    ),
)
def _advise_device_type(m: re.Match[str], ctx: Context) -> Advice:
    """A device type newer than this torch (mps before 1.12, xpu) is the installation; any
    other word is the program's (a typo, "gpu")."""
    dev, known = m.group("dev"), {w.strip() for w in m.group("known").split(",")}
    facts: dict[str, object] = {"device_type": dev}
    if dev == "mps" and "mps" not in known:
        cause = _(
            "This torch predates Apple's MPS backend (added in torch 1.12): its list of "
            "device types has no 'mps'."
        )
        fix: tuple[str, ...] = (
            _(
                'Check the interpreter: python -c "import platform, torch; '
                'print(platform.machine(), torch.__version__)" must print arm64 and 1.12 or newer.'
            ),
            _(
                "Install a current torch in an arm64 Python (python.org universal2, Miniforge "
                "arm64): `python -m pip install -U torch`."
            ),
        )
        return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
    cause = _(
        "'{dev}' is not a device type torch knows ({known}). The program (or its "
        "configuration) names the device wrongly: CUDA GPUs are 'cuda' or 'cuda:0'."
    ).format(dev=dev, known=", ".join(sorted(known)))
    fix = (_("Use a device string torch knows, e.g. torch.device('cuda:0') or 'cpu'."),)
    return Advice(cause, fix, facts, kind=ErrorKind.CODE.value, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
