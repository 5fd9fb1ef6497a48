"""Compiled operator packages built for another CUDA or without CUDA at all: PyG's
extensions (torch_scatter, torch_sparse, ...), detectron2's and mmcv's ops."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.families.install import advise_not_compiled
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("compiled_ops")


# PyG's compiled companions (torch_scatter, torch_sparse, torch_cluster, torch_spline_conv)
# compare their CUDA with torch's at import (their __init__.py) and raise this.
@FAMILY.entry(
    code="pyg-extension-cuda-mismatch",
    keywords=("were compiled with different cuda",),
    title=N_(
        "A PyG extension (torch_scatter, torch_sparse, ...) built for another CUDA than torch"
    ),
    patterns=(
        rx(
            r"Detected that PyTorch and (?P<package>torch[_-](?:scatter|sparse|cluster|"
            r"spline[_-]conv)) were compiled with different CUDA(?: versions?)?(?:\. PyTorch has "
            r"CUDA version (?P<torch_cuda>\d+\.\d+) and torch[_-]\w{1,20} has CUDA version "
            r"(?P<ext_cuda>\d+\.\d+))?"
        ),
    ),
    specificity=3,
)
def _advise_pyg_cuda(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    package = m.group("package").replace("-", "_")
    facts: dict[str, object] = {"package": package}
    cause = _(
        "{package} is a compiled build for another CUDA than the installed torch, so it "
        "refuses to load: it was installed from another wheel index (or built earlier), or "
        "torch was upgraded after it."
    ).format(package=package)
    if m.group("torch_cuda"):
        facts["torch_cuda"] = m.group("torch_cuda")
        facts[f"{package}_cuda"] = m.group("ext_cuda")
        cause += sep() + _("torch has CUDA {t}, {package} has CUDA {c}.").format(
            t=m.group("torch_cuda"), c=m.group("ext_cuda"), package=package
        )
    torch_cuda = parse_cuda_version(m.group("torch_cuda")) or k.torch_cuda
    torch_v = k.torch_version.split("+")[0] if k.torch_version else None
    fix = [
        _(
            "Uninstall the PyG extensions (`pip uninstall -y torch_scatter torch_sparse "
            "torch_cluster torch_spline_conv`) and reinstall them from PyG's wheel page for "
            "exactly your torch and CUDA, data.pyg.org/whl/torch-<torch version>+<cuXYZ>.html "
            "(`pip install torch_scatter torch_sparse -f <that page>`)."
        )
    ]
    if torch_v and torch_cuda is not None:
        fix.append(
            _("For this torch that page is torch-{torch}+cu{major}{minor}.html.").format(
                torch=torch_v, major=torch_cuda.major, minor=torch_cuda.minor
            )
        )
    fix.append(
        _(
            "Recent torch_geometric runs without these extensions for most models: if your "
            "code does not need them, uninstalling them is enough."
        )
    )
    return Advice(cause, tuple(fix), facts, key=package, used_local_facts=k.local)


# detectron2's (and maskrcnn-benchmark-style) C++ ops built without CUDA: nvcc or CUDA_HOME
# was missing, or torch saw no GPU, when the package was compiled (detectron2 INSTALL.md).
@FAMILY.entry(
    code="extension-built-without-cuda",
    keywords=("not compiled with gpu support", "implementation for device cuda"),
    title=N_("A compiled extension was built without CUDA (detectron2 and alike)"),
    patterns=(
        rx(r"(?P<package>Detectron2 )?is not compiled with GPU support"),
        # The same AT_ERROR in detectron2's TensorMask and maskrcnn-benchmark's ops.
        rx(r"(?:RuntimeError|AT_ERROR\(\"): Not compiled with GPU support"),
        # mmcv's op registry (pytorch_device_registry.hpp): the op has no CUDA kernel in
        # this build (mmcv-lite, or a build without CUDA). A CPU tensor given to a CUDA-only
        # op reads "device cpu" and is not matched.
        rx(r"(?P<op>\w{1,60}): implementation for device cuda(?::\d+)? not found"),
    ),
)
def _advise_built_without_cuda(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    package = "detectron2" if groups.get("package") else ("mmcv" if groups.get("op") else None)
    facts: dict[str, object] = {"package": package} if package else {}
    cause = _(
        "{package}'s C++/CUDA operators were compiled without CUDA, so they run only on the "
        "CPU: when it was built, nvcc/CUDA_HOME was not found or torch saw no CUDA (a CPU-only "
        "torch, or a build step without a GPU)."
    ).format(package=package or _("The package"))
    fix = [
        _(
            'Check the build environment: `python -c "import torch; from '
            "torch.utils.cpp_extension import CUDA_HOME; print(torch.cuda.is_available(), "
            'CUDA_HOME)"` must print True and a CUDA toolkit folder.'
        ),
        _(
            "Then remove the old build (`build/` and the package's *.so files) and rebuild it "
            "(`pip install --no-build-isolation -e .` in its source folder); with no GPU in the "
            "build machine set TORCH_CUDA_ARCH_LIST and FORCE_CUDA=1."
        ),
    ]
    if package == "mmcv":
        facts["op"] = groups["op"]
        fix.insert(
            0,
            _(
                "mmcv-lite and CPU builds of mmcv have no CUDA ops: install the full mmcv "
                "built for your torch and CUDA (`mim install mmcv`, or the wheel page of "
                "OpenMMLab for your torch/CUDA pair), or build it with MMCV_WITH_OPS=1 "
                "FORCE_CUDA=1."
            ),
        )
    if k.torch_is_cpu_only:
        base = advise_not_compiled(m, ctx)
        fix = list(base.fix) + fix
    if package != "mmcv":
        fix.append(_("To run on the CPU instead, set MODEL.DEVICE='cpu' in the config."))
    return Advice(cause, tuple(fix), facts, key=package or "ext", used_local_facts=k.local)


__all__ = ["FAMILY"]


@FAMILY.entry(
    code="cpm-kernels-cuda-missing",
    keywords=("is not initialized",),
    title=N_("cpm_kernels found no CUDA library to load (ChatGLM / BMInf quantization)"),
    patterns=(
        # cpm_kernels/library/base.py: its ctypes loader found no such DLL / .so, and the
        # first call into it raises this. It searches the system, not torch's own copies.
        rx(r"Library (?P<lib>cublasLt|cublas|cudart|nvrtc|curand) is not initialized"),
    ),
    specificity=3,
)
def _advise_cpm_kernels(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "The quantized model's kernels (the cpm_kernels package, used by ChatGLM's "
        "quantize() and BMInf) load CUDA's {lib} library themselves, from the CUDA toolkit "
        "on the library path, not the copy inside torch, and found none they can use. "
        "torch itself can work fine here."
    ).format(lib=lib)
    windows = k.os == "Windows"
    fix: list[str] = []
    if ctx.has("physx"):
        facts["stray_cudart"] = "PhysX"
        cause += sep() + _(
            "It picked up PhysX's ancient cudart64_65.dll from PATH, which is no CUDA runtime "
            "for it."
        )
    if windows or k.os is None:
        fix.append(
            _(
                "Windows: put a folder with {lib}64_*.dll on PATH - the CUDA toolkit's bin "
                "folder, or torch's own lib folder (python -c \"import torch, os; "
                "print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\"), "
                "then open a new terminal."
            ).format(lib=lib)
        )
    if not windows:
        fix.append(
            _(
                "Linux: install the CUDA toolkit of torch's CUDA major version (or `conda install "
                "-c nvidia cuda-toolkit` in the environment) and put its lib64 folder on "
                "LD_LIBRARY_PATH."
            )
        )
    fix.append(
        _(
            "Or load the model without quantize() (full/half precision on the GPU), which "
            "does not use cpm_kernels."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="tcnn-arch-missing",
    keywords=("compatible tinycudann extension", "unknown compute capability. specify"),
    title=N_("tiny-cuda-nn was not built for this GPU"),
    patterns=(
        # tinycudann/modules.py: no compiled extension for the GPU it runs on.
        rx(
            r"Could not find compatible tinycudann extension for compute capability "
            r"(?P<cc>\d{2,3})"
        ),
        # bindings/torch/setup.py: building where torch sees no CUDA GPU.
        rx(
            r"Unknown compute capability\. Specify the target compute capabilities in the "
            r"TCNN(?P<build>)"
        ),
    ),
    specificity=3,
)
def _advise_tcnn(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("build") is not None:
        cause = _(
            "tiny-cuda-nn's build asks torch for the GPU's compute capability, and torch "
            "saw none: a CPU-only torch in the build environment, or a build without a "
            "visible GPU."
        )
        fix: tuple[str, ...] = (
            _(
                'Check `python -c "import torch; print(torch.version.cuda, '
                'torch.cuda.is_available())"`: a CPU-only torch needs the CUDA build first.'
            ),
            _(
                "Or name the GPUs yourself: TCNN_CUDA_ARCHITECTURES=86 (the capability "
                "without the dot; several separated by ;) and build again with "
                "`pip install --no-build-isolation ...`."
            ),
        )
        return Advice(cause, fix, {}, key="build", used_local_facts=ctx.known.local)
    cc = groups["cc"]
    cause = _(
        "The installed tiny-cuda-nn was compiled for other GPUs; this one has compute "
        "capability {cc} (as tiny-cuda-nn writes it, without the dot)."
    ).format(cc=cc)
    fix = (
        _(
            "Rebuild it for this GPU: TCNN_CUDA_ARCHITECTURES={cc} pip install --no-cache-dir "
            "--no-build-isolation "
            "--force-reinstall git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch"
        ).format(cc=cc),
    )
    return Advice(cause, fix, {"gpu_capability": cc}, used_local_facts=ctx.known.local)
