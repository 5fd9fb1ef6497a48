"""Intel Extension for PyTorch (IPEX) next to a torch of another release, and Intel GPUs
without native FP64.

IPEX checks at import that its major.minor equals torch's and exits otherwise
(intel_extension_for_pytorch/__init__.py): "ERROR! Intel® Extension for PyTorch* needs to
work with PyTorch 2.2.*, but PyTorch 2.1.0+cu121 is found. Please switch to the matching
version and run again." transformers' and accelerate's is_ipex_available() warn the same
with IPEX's own version first: "Intel Extension for PyTorch 2.1 needs to work with
PyTorch 2.1.*, but PyTorch 2.0.1 is found."

Sources for the advice: IPEX's releases follow torch's (2.2.x for torch 2.2, the check
above); PyPI lists the IPEX releases before 2.6 as yanked (pip's "Ignored the following
yanked versions: 1.11.0, ..., 2.5.0" in huggingface/optimum-intel#1658), which pip then
installs only for an exact `==` pin (pip's resolvelib factory, PEP 592); Intel plans to
retire IPEX and recommends stock PyTorch on Intel CPUs and GPUs
(intel/intel-extension-for-pytorch#867, a maintainer in #871).
"""

from __future__ import annotations

import re

from envdoctor.explain.knowledge import index_url
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("intel_extension")

_RELEASE = r"\d+\.\d+"


@FAMILY.entry(
    code="ipex-torch-mismatch",
    keywords=("needs to work with pytorch",),
    title=N_("Intel Extension for PyTorch made for another torch release"),
    patterns=(
        # "Intel®"/"Intel(R)", "PyTorch*" or a Markdown-escaped "PyTorch\*" as pasted.
        # The words that name it come first; the torch found may be cut off (a title).
        rx(
            r"Intel(?:®|\(R\))? Extension for PyTorch\\?\*?(?: (?P<ipex>" + _RELEASE + r"))? "
            r"needs to work with PyTorch\s{1,12}(?P<needs>" + _RELEASE + r")(?:\.\\?\*,? ?but "
            r"PyTorch (?P<have>\d+\.\d+(?:\.\d+)?(?:[\w.+-]{0,30}?)) is found)?"
        ),
    ),
    specificity=3,
)
def _advise_ipex(m: re.Match[str], ctx: Context) -> Advice:
    needs, have = m.group("needs"), m.group("have") or ""
    have_release = ".".join(have.split("+", 1)[0].split(".")[:2])
    facts: dict[str, object] = {"ipex_torch": needs}
    if have:
        facts["torch_version"] = have
    cause = _(
        "The installed Intel Extension for PyTorch (IPEX) was made for torch {needs}, but "
        "torch {have} is installed: IPEX is built for one torch release and refuses to load "
        "(it exits) unless torch's first two version numbers equal its own. Upgrading or "
        "reinstalling one of the two without the other leaves them apart."
    ).format(needs=needs, have=have or _("of another release"))
    label = have.split("+", 1)[1] if "+" in have else ""
    torch_index = " --index-url " + index_url(label) if re.fullmatch(r"cu\d{3}|cpu", label) else ""
    release = tuple(int(p) for p in have_release.split(".")) if have_release else None
    if release is not None and release < (2, 6):
        ipex = _(
            "Install the IPEX release made for your torch, one whose version starts with "
            "{release}. PyPI has yanked the IPEX releases before 2.6, so pip skips them "
            "unless pinned exactly: take the exact version from the release history on "
            'PyPI and run `python -m pip install "intel-extension-for-pytorch=={release}.<N>"`.'
        ).format(release=have_release)
    else:
        ipex = _(
            "Install the IPEX release made for your torch: `python -m pip install "
            '"intel-extension-for-pytorch=={release}.*"`.'
        ).format(release=have_release or "<X.Y>")
    fix = [
        ipex,
        _(
            "Or install the torch release IPEX needs (then the torchvision and torchaudio "
            'made for it, if you use them): `python -m pip install "torch=={needs}.*"{index}`.'
        ).format(needs=needs, index=torch_index),
    ]
    cause += sep() + _(
        "Intel plans to retire IPEX and recommends PyTorch itself on Intel CPUs and GPUs, "
        "where most of its optimisations have moved."
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="xpu-fp64-unsupported",
    kind=ErrorKind.ENVIRONMENT,
    keywords=("fp64 data type is unsupported", "usage of fp64 instructions"),
    title=N_("The Intel GPU has no native FP64 (float64)"),
    patterns=(
        # IPEX's own error (csrc/gpu/utils/DPCPP.h at e5c94624), explained in its known
        # issues (docs/tutorials/known_issues.md at d0f992ff): FP64 is not natively
        # supported on Intel Arc A-Series GPUs; the kernel needing it stops the run.
        rx(r"FP64 data type is unsupported on current platform"),
        # The GPU compiler dropping the kernel instead (known issues, release/xpu/1.13 at
        # b3459c00, for the Data Center GPU Flex Series): the run goes on, its results wrong.
        rx(
            r"Kernel '(?P<kernel>[^']{1,200})' removed due to usage of FP64 instructions "
            r"unsupported by the targeted hardware"
        ),
    ),
    specificity=3,
)
def _advise_fp64(m: re.Match[str], ctx: Context) -> Advice:
    kernel = m.groupdict().get("kernel")
    if kernel:
        cause = _(
            "The program runs float64 (FP64) code on an Intel GPU that has no native FP64 "
            "(Intel's known issues name the Data Center GPU Flex Series): the GPU compiler "
            "removed kernel '{kernel}' instead of running it, so the results of the whole "
            "run are wrong."
        ).format(kernel=kernel)
    else:
        cause = _(
            "The program runs float64 (FP64) code on an Intel GPU that has no native FP64 "
            "(Intel's known issues name the Arc A-Series): a kernel needed FP64 "
            "instructions, and the run stopped."
        )
    fix = (
        _(
            "Keep what runs on the Intel GPU in float32: find where float64 comes from "
            "(torch.float64 or .double(), NumPy arrays, which are float64 by default) and "
            "convert it with .float() before moving it to the device."
        ),
        _("Or run the part that needs float64 on the CPU."),
    )
    facts: dict[str, object] = {"kernel": kernel} if kernel else {}
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


# torch's own XPU checks when this build has no XPU backend: torch/xpu/__init__.py's
# "Torch not compiled with XPU enabled" (vladmandic/sdnext#4357: a CPU torch on Intel Arc)
# and c10's "PyTorch is not linked with support for xpu devices" (intel-extension-for-pytorch
# #244: IPEX's CPU build).
@FAMILY.entry(
    code="torch-without-xpu",
    keywords=("not compiled with xpu enabled", "not linked with support for xpu devices"),
    title=N_("This torch has no Intel GPU (XPU) support"),
    patterns=(
        rx(r"Torch not compiled with XPU enabled"),
        rx(r"PyTorch is not linked with support for xpu devices"),
    ),
)
def _advise_no_xpu(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The program asked for an Intel GPU (device 'xpu'), and the installed torch has no XPU "
        "backend: it is a CPU (or CUDA) build, or an Intel Extension for PyTorch made for the "
        "CPU only."
    )
    fix = (
        _(
            "Install torch's XPU build (torch 2.5 and newer support Intel Arc and Data Center "
            "GPUs directly): `python -m pip install --force-reinstall torch torchvision "
            "torchaudio --index-url {url}`, with Intel's GPU driver installed."
        ).format(url=index_url("xpu")),
        _(
            "Older torch releases need Intel Extension for PyTorch's XPU wheels (not its CPU "
            "ones), from the index its installation guide names."
        ),
        _("An application with an Intel GPU option (SD.Next: --use-ipex) must be started with it."),
    )
    return Advice(cause, fix, {"backend": "xpu"}, used_local_facts=ctx.known.local)
