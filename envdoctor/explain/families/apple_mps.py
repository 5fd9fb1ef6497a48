"""Apple's MPS backend: not available (macOS, build, Rosetta, a container or sandbox), an
operation the installed torch or macOS has no MPS kernel for, and a torch older than MPS
itself."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("apple_mps")


# The paste's own checks: torch built with MPS, and a macOS new enough for it.
_MACOS_NEW_ENOUGH = re.compile(
    r"is_macos_or_newer\(\d{2}, ?\d\)\s*(?:>>>\s*|returns?\s+|[=-]>\s*|:\s*)?True\b"
)
_MPS_BUILT = re.compile(r"mps\.is_built\(\)\s*(?:>>>\s*|returns?\s+|[=-]>\s*|:\s*)?True\b")


@FAMILY.entry(
    code="mps-unavailable",
    keywords=(
        "mps backend",
        "mps available",
        "mpsaccelerator",
        "only supported on macos",
        "not linked with support for mps",
        "mps.is_available()",
    ),
    title=N_("Apple MPS backend not available"),
    patterns=(
        rx(r"The MPS backend is supported on MacOS (?P<min>\d{2}(?:\.\d)?)\+"),
        rx(r"MPS backend (?:is )?not available|Is MPS available\?? False"),
        # Lightning's wording of the same.
        rx(r"MPSAccelerator`? can ?not run on your system since the accelerator is not available"),
        # A feature of MPS that needs a newer macOS: "MPS BFloat16 is only supported on MacOS 14".
        rx(r"MPS [\w ]{1,40}? is only supported on MacOS (?P<min>\d{2}(?:\.\d)?)"),
        # A torch built without MPS: every build for Linux and Windows, x86 Mac builds.
        rx(r"PyTorch is not linked with support for mps devices"),
        # The check itself answering False in a REPL paste.
        rx(
            r"backends\.mps\.is_available\(\)\s*(?:`{3}\s*)?(?:>>>\s*|returns?\s+|[=-]>\s*|:\s*)?"
            r"False\b"
        ),
    ),
)
def _advise_mps(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    minimum = m.groupdict().get("min")
    cause = _(
        "PyTorch uses a Mac's GPU (MPS) only with a macOS at least as new as that torch "
        "release supports (12.3 at the very least) and a build with MPS; on an Apple "
        "silicon Mac the Python must be arm64, as an x86_64 one under Rosetta never sees "
        "MPS. Intel Macs with an AMD or Intel GPU have MPS too."
    )
    if minimum:
        facts["macos_minimum"] = minimum
        cause += sep() + _(
            "This torch says it needs macOS {minimum} or newer (some releases print an "
            "older number than they really need)."
        ).format(minimum=minimum)
    if ctx.has("linuxkit"):
        # Docker Desktop's Linux VM: a container on a Mac sees no Apple GPU at all.
        facts["container"] = "Docker Desktop (linuxkit)"
        cause += sep() + _(
            "This Python runs in a Linux container (Docker Desktop's linuxkit VM): "
            "containers on a Mac get no access to the Apple GPU, so MPS is never available "
            "there. Run the program natively on macOS to use MPS."
        )
        fix_vm = (
            _("Run it on macOS itself, in an arm64 Python (venv or conda), not in Docker."),
            _("Inside the container, use device='cpu'."),
        )
        return Advice(cause, fix_vm, facts, used_local_facts=k.local)
    built = ctx.near(_MPS_BUILT, "is_built", before=20, reach=30)
    macos_ok = ctx.near(_MACOS_NEW_ENOUGH, "is_macos_or_newer", before=0, reach=40)
    if built is not None and macos_ok is not None and k.os not in ("Linux", "Windows"):
        # A build with MPS on a Mac that should have it: the process cannot reach Metal.
        facts["mps_built"] = True
        cause += sep() + _(
            "Here torch has MPS (is_built() is True) and macOS is new enough for it, so "
            "neither is the problem: this process cannot reach the GPU. A sandboxed shell does that (AI coding "
            "agents such as Codex CLI run commands in a sandbox without Metal), as do "
            "containers and an x86_64 Python under Rosetta."
        )
        fix_sandbox = (
            _(
                "Run the same check in a normal Terminal window, outside the agent's or "
                "IDE's sandbox: `python -c \"import torch; print(torch.backends.mps."
                'is_available())"`. True there means the sandbox blocks Metal: run GPU work '
                "outside it or allow the agent to."
            ),
            _(
                'Check the interpreter: `python -c "import platform; print(platform.machine())"` '
                "must print arm64."
            ),
        )
        return Advice(cause, fix_sandbox, facts, used_local_facts=k.local)
    if k.os in ("Linux", "Windows"):
        facts["os"] = k.os
        cause += sep() + _(
            "The paste comes from {os}: MPS exists only on macOS; there use device='cuda' "
            "(an NVIDIA GPU) or device='cpu'."
        ).format(os=k.os)
    elif k.machine in ("x86_64", "AMD64", "amd64"):
        facts["machine"] = k.machine
        cause += sep() + _(
            "Your Python is x86_64: on an Apple silicon Mac that runs under Rosetta, "
            "where MPS is never available."
        )
    if k.os in ("Linux", "Windows"):
        fix: tuple[str, ...] = (
            _(
                "Choose the device the machine has: device = 'cuda' if "
                "torch.cuda.is_available() else 'cpu' (or the program's device option)."
            ),
        )
        return Advice(cause, fix, facts, used_local_facts=k.local)
    fix = (
        _("Check the macOS version: `sw_vers -productVersion`."),
        _(
            'On an Apple silicon Mac, check the interpreter: `python -c "import platform; '
            'print(platform.machine())"` must print arm64; otherwise install an arm64 Python '
            "or conda (Miniforge arm64)."
        ),
        _(
            "Upgrade macOS, or use a torch release that supports your macOS; meanwhile run "
            "on device='cpu'."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="mps-op-unsupported",
    keywords=("mps does not support", "implemented for the mps device", "in mps backend"),
    title=N_("This torch / macOS has no MPS kernel for an operation"),
    patterns=(
        # aten/src/ATen/native/mps: dtypes an op lacks before a macOS / torch release.
        rx(r"MPS does not support (?P<op>\w{1,40}) op with (?P<dtype>\w{1,20}) input"),
        # The same in torch 2.0-2.1's words (declare-lab/tango#12: int64 abs on macOS 12).
        rx(
            r"Operation '(?P<op>\w{1,60})\(\)' does not support input type '(?P<dtype>\w{1,20})' "
            r"in MPS backend"
        ),
        rx(
            # Quotes escaped in a repr; older torch said "not current implemented".
            r"The operator \\?'(?P<op>aten::[\w.]{1,80})\\?' is not current(?:ly)? implemented for "
            r"the MPS device"
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
