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
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("dgl")


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
        label = f"cu{cuda.major}{cuda.minor}"
        facts.update(torch=torch.exact or torch.release, torch_cuda=str(cuda))
        cause += sep() + _(
            "Your torch is {torch} for CUDA {cuda}: DGL must be the build for that pair."
        ).format(torch=torch.exact or torch.release, cuda=cuda)
        if torch.release.startswith("1."):
            index = f"https://data.dgl.ai/wheels/{label}/repo.html"
        else:
            index = f"https://data.dgl.ai/wheels/torch-{torch.release}/{label}/repo.html"
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
            "Not every pair has builds: DGL's install page (dgl.ai, Get Started) lists them "
            "(DGL 2.x: wheels/torch-<X.Y>/<cuXXX>, DGL 1.x: wheels/<cuXXX>, DGL 0.x: the "
            "dgl-cuXXX packages); take the nearest older CUDA it lists, or a torch release "
            "it builds for."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
