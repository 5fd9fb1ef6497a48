"""DGL (Deep Graph Library) installed as its CPU build while the code asks for CUDA.

The `dgl` package on PyPI and on DGL's plain wheel index is the CPU build; CUDA builds
come from DGL's own index: data.dgl.ai/wheels/<cuXXX>/repo.html for DGL 1.x, and
data.dgl.ai/wheels/torch-<X.Y>/<cuXXX>/repo.html for DGL 2.x, which builds per torch
release (DGL's install page). DGL 0.x had CUDA packages of their own (dgl-cu102, ...,
dgl#979), and a CPU `dgl` next to one of them shadows it (dgl#3932).
"""

from __future__ import annotations

import re

from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("dgl")


def _index(torch_release: str | None, label: str) -> str:
    """DGL's wheel page: per torch release and CUDA (DGL 2.x), or per CUDA only (1.x)."""
    folder = f"torch-{torch_release}/{label}" if torch_release else label
    return f"https://data.dgl.ai/wheels/{folder}/repo.html"


def dgl_wheels_note() -> str:
    """Where DGL's releases are published, for pip finding no `dgl` of the version asked."""
    # DGL's install page (dgl.ai, Get Started) installs from data.dgl.ai; a maintainer in
    # dgl#7809: no Windows or macOS packages from 2024-06-27, newer ones need a source build.
    return _(
        "DGL publishes its builds on its own wheel index, not all of them on PyPI, and from "
        "27 June 2024 it stopped publishing packages for Windows and macOS: there, newer "
        "releases must be built from source."
    )


def dgl_index_step(req: str, k: Known) -> str:
    """The install from DGL's own index, for the torch and CUDA the paste shows if any."""
    torch = TorchVersion.parse(k.torch_version)
    cuda = k.torch_cuda
    if torch is not None and cuda is not None:
        index = _index(None if torch.release.startswith("1.") else torch.release, cuda.label)
        return _(
            "Install from DGL's index for your torch and CUDA: `python -m pip install "
            '"{req}" -f {index}`.'
        ).format(req=req, index=index)
    return _(
        "Install from DGL's index with the command its install page (dgl.ai, Get Started) "
        "gives for your OS, torch and CUDA, e.g. for torch 2.3 with CUDA 12.1: `python -m "
        'pip install "{req}" -f https://data.dgl.ai/wheels/torch-2.3/cu121/repo.html`.'
    ).format(req=req)


@FAMILY.entry(
    code="dgl-cpu-build",
    finding_code=None,
    keywords=("device api cuda is not enabled", "device api gpu is not enabled"),
    title=N_("DGL is its CPU build (Device API cuda is not enabled)"),
    patterns=(
        # dgl/src/runtime/c_runtime_api.cc: the build has no CUDA device API ("gpu" before
        # DGL 0.8 named it so).
        rx(
            r"Device API (?:cuda|gpu) is not enabled\.?"
            r"(?: Please install the cuda version of dgl\.?)?"
        ),
    ),
    specificity=3,
)
def _advise_dgl_cpu(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "The installed DGL is a CPU build, so it cannot put graphs on the GPU: `pip install "
        "dgl` from PyPI (or a mirror of it) installs the CPU build; DGL's CUDA builds come "
        "from its own wheel index, one per CUDA version (and, from DGL 2.0, per torch "
        "release)."
    )
    torch = TorchVersion.parse(k.torch_version)
    cuda = k.torch_cuda
    # DGL 2.x builds per torch release (torch 2.x); DGL 1.x per CUDA version only.
    index = "<unknown>"
    if torch is not None and cuda is not None:
        label = cuda.label
        facts.update(torch=torch.exact or torch.release, torch_cuda=str(cuda))
        cause += sep() + _(
            "Your torch is {torch} for CUDA {cuda}: DGL must be the build for that pair."
        ).format(torch=torch.exact or torch.release, cuda=cuda)
        index = _index(None if torch.release.startswith("1.") else torch.release, label)
    install = _(
        "Install DGL's CUDA build from its index for your torch and CUDA: python -m pip "
        "install dgl -f {index}"
    ).format(index=index)
    if "<" in index:
        install = _(
            "Install DGL's CUDA build from its index for your torch and CUDA; for torch 2.3 "
            "with CUDA 12.1: python -m pip install dgl -f "
            "https://data.dgl.ai/wheels/torch-2.3/cu121/repo.html (yours: `python -c "
            '"import torch; print(torch.__version__, torch.version.cuda)"`).'
        )
    fix = (
        _(
            "Remove every DGL package first: a CPU and a CUDA build install the same module "
            "(`python -m pip list | grep -i dgl`, then `python -m pip uninstall -y dgl` and "
            "each dgl-cuXXX until none is left)."
        ),
        install,
        _(
            "Then check `python -m pip show dgl`: a CUDA build's version ends in +cuXXX. "
            "Without it pip found no build for your pair on that page and installed the CPU "
            "dgl from PyPI again."
        ),
        _(
            "Not every pair has builds: DGL's install page (dgl.ai, Get Started) lists them "
            "(DGL 2.x: wheels/torch-<X.Y>/<cuXXX>, DGL 1.x: wheels/<cuXXX>, DGL 0.x: the "
            "dgl-cuXXX packages); take the nearest older CUDA it lists, or a torch release "
            "it builds for."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="dgl-torch-mismatch",
    keywords=("graphbolt library",),
    title=N_("DGL was built for another torch release (no graphbolt library for this one)"),
    patterns=(
        # dgl/graphbolt/__init__.py: one libgraphbolt_pytorch_<torch>.so per torch release
        # the DGL build supports (matgl#635: dgl 2.1.0 from PyPI under torch 2.4.0).
        rx(
            r"Cannot find DGL C\+\+ graphbolt library(?: at \S{0,300}?libgraphbolt_pytorch_"
            r"(?P<torch>\d+\.\d+\.\d+)\.(?:so|dll|dylib))?"
        ),
    ),
    specificity=3,
)
def _advise_dgl_torch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    named = m.group("torch") or k.torch_version
    torch = TorchVersion.parse(named)
    facts: dict[str, object] = {"torch": named} if named else {}
    cause = _(
        "The installed DGL has no graphbolt library for torch {torch}: DGL ships one per "
        "torch release it was built for, so this DGL was built for other torch releases "
        "(an older DGL, or the PyPI/CPU package instead of the build for this torch)."
    ).format(torch=named or _("installed"))
    release = torch.release if torch is not None else "2.4"
    cuda = k.torch_cuda
    label = cuda.label if cuda is not None else "cu121"
    index = _index(release, label)
    install = _(
        "Install the DGL built for torch {release} from DGL's index: python -m pip install "
        "dgl -f {index}"
    ).format(release=release, index=index)
    if cuda is None:
        install += " " + _(
            "(cu121 stands for your torch's CUDA build: `python -c \"import torch; "
            "print(torch.version.cuda)\"`; DGL's install page lists the pairs and the CPU "
            "index)."
        )
    fix = (
        install,
        _(
            'Or install the torch release this DGL was built for: `ls $(python -c "import '
            'dgl, os; print(os.path.dirname(dgl.__file__))")/graphbolt` lists them.'
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="dgl-tensoradapter-missing",
    keywords=("tensordispatcher: dlopen failed",),
    title=N_("DGL has no tensor adapter for this torch (a warning: DGL goes on without it)"),
    patterns=(
        # dgl/src/runtime/tensordispatch.cc logs the loader's error when the adapter built
        # for the running torch (tensoradapter/pytorch/libtensoradapter_pytorch_<torch>.so)
        # is not in the package, or cannot load the torch libraries it was built against.
        rx(
            r"TensorDispatcher: dlopen failed(?:: (?P<what>[^\n]{0,300}?(?:libtensoradapter_"
            r"pytorch_(?P<torch>\d+\.\d+\.\d+)\.so|\.so[\d.]*)): cannot open shared object)?"
        ),
    ),
    specificity=3,
)
def _advise_dgl_adapter(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    named = m.group("torch") or k.torch_version
    facts: dict[str, object] = {"torch": named} if named else {}
    # DGL's maintainers (dgl#3377): the adapter is optional, DGL falls back without it; DGL's
    # forum (discuss.dgl.ai/t/error-tensordispatcher/2468, quoted in HannesStark/EquiBind#12):
    # it affects performance, not usage.
    if m.group("torch"):
        cause = _(
            "DGL looked for its tensor adapter for torch {torch} and did not find it: this "
            "DGL build has no adapter for that torch release."
        ).format(torch=named)
    elif m.group("what"):
        cause = _(
            "DGL's tensor adapter could not load {what}: the adapter was built against "
            "another torch release than the one installed."
        ).format(what=m.group("what"))
    else:
        cause = _(
            "DGL could not load its tensor adapter for the installed torch: this DGL build "
            "has none for that torch release."
        )
    cause += sep() + _(
        "The adapter is optional; DGL falls back without it, so this warning alone breaks "
        "nothing (it may cost some speed)."
    )
    fix = (
        _("Nothing is required: if the program runs, the message can be ignored."),
        _(
            "To have the adapter, install the DGL build made for your torch release and CUDA "
            "from DGL's index (its install page, dgl.ai, Get Started, lists the pairs)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
