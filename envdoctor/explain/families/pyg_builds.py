"""PyG's compiled companions (torch_scatter, torch_sparse, ...) built without CUDA: the
advice compiled_ops' CUDA-mismatch entry gives when the extension's CUDA reads 0.0."""

from __future__ import annotations

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import _


def pyg_built_without_cuda(package: str, facts: dict[str, object], ctx: Context) -> Advice:
    """CUDA "0.0": the extension's cuda_version() returned -1, a build without CUDA.

    torch_sparse's __init__ turns -1 into 0.0 (rusty1s/pytorch_sparse, torch_sparse/__init__.py);
    its setup.py compiles CUDA only when torch sees a GPU and CUDA_HOME is set, or when
    FORCE_CUDA=1 (the maintainer's fix in rusty1s/pytorch_sparse#41)."""
    cause = _(
        "{package} was built without CUDA (its CUDA version 0.0 means none): a CPU-only "
        "wheel, or a source build on a machine where the build saw no GPU or no CUDA toolkit "
        "(no nvcc/CUDA_HOME), while the installed torch has CUDA."
    ).format(package=package)
    fix = (
        _(
            "Install {package}'s CUDA wheel for exactly your torch and CUDA from PyG's wheel "
            "page, data.pyg.org/whl/torch-<torch version>+<cuXYZ>.html (`pip install "
            "--force-reinstall --no-cache-dir {package} -f <that page>`), not the +cpu page."
        ).format(package=package),
        _(
            "Building from source on a machine without a GPU (a login node, a Docker build): "
            "set FORCE_CUDA=1 and CUDA_HOME to the toolkit of torch's CUDA, then `pip install "
            "--no-build-isolation --no-cache-dir {package}`."
        ).format(package=package),
    )
    facts = {**facts, "built_with_cuda": False}
    return Advice(cause, fix, facts, key="no-cuda", used_local_facts=ctx.known.local)
