"""Compiled operator packages built for another CUDA, without CUDA at all, or not built:
PyG's extensions (torch_scatter, torch_sparse, ...), detectron2's and mmcv's ops, a
package's own _C / *_cuda module."""

from __future__ import annotations

import re

from envdoctor.explain.clues import WINDOWS_PATH
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.families.install import advise_not_compiled
from envdoctor.explain.families.pyg_builds import pyg_built_without_cuda
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import OWN_INSTALLERS, distribution_of
from envdoctor.explain.tracebacks import FRAME_FILE, SITE_PACKAGE
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
            r"(?P<ext_cuda>-1|\d+\.\d+))?"
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
    if m.group("ext_cuda") in ("0.0", "-1"):
        return pyg_built_without_cuda(package, facts, ctx)
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


# Packages whose csrc headers raise "Not compiled with GPU support", as their folder names
# appear in the source path PyTorch 1.x's errors append.
_OP_PACKAGES = ("detectron2", "maskrcnn_benchmark", "fsdet", "adet")


# detectron2's (and maskrcnn-benchmark-style) C++ ops built without CUDA: nvcc or CUDA_HOME
# was missing, or torch saw no GPU, when the package was compiled (detectron2 INSTALL.md).
@FAMILY.entry(
    code="extension-built-without-cuda",
    keywords=("not compiled with gpu support", "implementation for device cuda"),
    title=N_("A compiled extension was built without CUDA (detectron2 and alike)"),
    patterns=(
        rx(r"(?P<package>Detectron2 )?is not compiled with GPU support"),
        # PyTorch 1.0-1.4's c10::Error appended "(<function> at <file>:<line>)" to AT_ERROR's
        # text (detectron2's ROIAlign.h:73, maskrcnn-benchmark's csrc/*.h): that suffix marks
        # the op's own message even when "RuntimeError:" was not pasted.
        rx(
            r"Not compiled with GPU support \((?P<func>\w{1,80})(?: at (?P<path>(?:[A-Za-z]:)?[^\s:()]{1,300}))?"
        ),
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
    path = (groups.get("path") or "").replace("\\", "/")
    if package is None and path:
        package = next((name for name in _OP_PACKAGES if f"/{name}/" in path), None)
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


def _op_never_built(mod: str, ctx: Context) -> Advice:
    if mod in _BASICSR_OPS or (mod.endswith("_ext") and ctx.has("basicsr")):
        cause = _(
            "{mod} is one of BasicSR's compiled C++/CUDA ops, and it was not built: BasicSR "
            "compiles them at install time only when BASICSR_EXT=True is set, and that "
            "compilation can fail without printing an error."
        ).format(mod=mod)
        fix = (_(OWN_INSTALLERS["basicsr"]), _(_CHECK_BUILD_ENV))
        facts: dict[str, object] = {"module": mod, "package": "basicsr"}
        return Advice(cause, fix, facts, key=f"basicsr.{mod}", used_local_facts=ctx.known.local)
    cause = _(
        "{mod} is a compiled CUDA op of the project, and it was never built in this "
        "environment: the project's setup step (`python setup.py build develop` or `pip "
        "install -e .`) was not run, failed, or ran without a CUDA toolkit or a CUDA build "
        "of torch."
    ).format(mod=mod)
    fix = (
        _(
            "Build the ops in the project's folder with the environment that runs it: "
            "`python setup.py build develop` (or `python -m pip install -e .`), and read the "
            "build log for the first error."
        ),
        _(
            'Check the build environment first: `python -c "import torch; from '
            'torch.utils.cpp_extension import CUDA_HOME; print(torch.version.cuda, CUDA_HOME)"` '
            "must show a CUDA version and a CUDA toolkit folder."
        ),
    )
    return Advice(cause, fix, {"module": mod}, key=mod, used_local_facts=ctx.known.local)


_BASICSR_OPS = frozenset({"deform_conv_ext", "fused_act_ext", "upfirdn2d_ext"})


def _vllm_on_windows(ctx: Context) -> Advice:
    """vLLM publishes Linux wheels only (its installation guide): on Windows pip finds its
    pure-Python source, never the compiled vllm._C, and a CPU torch comes with it."""
    cause = _(
        "vLLM's compiled part (vllm._C) is missing because this is native Windows: vLLM "
        "publishes builds for Linux only, so what pip installed here has no compiled "
        "kernels, and the torch that came with it is often a CPU build."
    )
    fix = (
        _(
            "Run vLLM on Linux, or under WSL 2 on this PC (the Windows NVIDIA driver gives "
            "WSL the GPU), and install it there: `pip install vllm`."
        ),
        _(
            "Or leave vLLM out: the program's other backends (plain transformers) work on "
            "Windows with a CUDA build of torch."
        ),
    )
    facts: dict[str, object] = {"module": "vllm._C", "package": "vllm", "os": "Windows"}
    return Advice(cause, fix, facts, key="vllm-windows", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="extension-not-built",
    keywords=(
        "no module named",
        "cannot import name '_c'",
        "cannot import name '_ext'",
        "_cuda'",
        "_cuda' from '",
        "name '_c' is not defined",
        "_cuda' is not defined",
        "_cuda_core' is not defined",
        "_cuda_kernel' is not defined",
        "_cuda_ext' is not defined",
        "failed to import from vllm._c",
        "_ext'",
    ),
    title=N_(
        "A package's compiled extension is missing (not built, or a source folder shadows it)"
    ),
    patterns=(
        # torch._C and mmcv._ext have entries of their own; vLLM logs a missing vllm._C as a
        # warning in the form ModuleNotFoundError("No module named ...") and runs on.
        rx(
            r"(?<!Error\(\")No module named '(?P<mod>(?!torch\._C'|mmcv\._ext')(?P<pkg>[A-Za-z]\w{1,40})"
            # (old torch_scatter built scatter_cpu / scatter_cuda modules: rusty1s/
            # pytorch_scatter#44 run from its source checkout.)
            r"(?:\.\w{1,40}){0,3}\.(?:_C|_ext|_cuda\w{0,20}|_C_\w{1,30}|[a-z]\w{0,30}_(?:cpu|cuda)))'"
        ),
        # A compiled module at the top level: flash_attn_2_cuda, selective_scan_cuda, amp_C.
        rx(
            r"(?<!Error\(\")No module named '(?P<mod>(?P<pkg>[A-Za-z]\w{1,40}?)(?:_\d)?_cuda|amp_C|fused_\w{1,40}_cuda)'"
        ),
        rx(
            r"cannot import name '(?P<mod>_C|_ext)' from '(?P<pkg>(?!torch')[\w.]{1,60})'"
            r"(?: \((?P<path>[^)]{1,300})\)?)?"
        ),
        # The same from a source checkout's own __init__.py (fairseq's libnat_cuda: "... fall
        # back to CPU version", facebookresearch/fairseq#2010).
        rx(
            r"cannot import name '(?P<mod>(?!\w*to_cuda'|use_cuda'|check_cuda'|has_cuda'|is_cuda'"
            r"|get_cuda')[a-z]\w{2,40}_cuda)' from '(?P<pkg>(?!torch')[\w.]{1,60})' "
            r"\((?P<path>[^)]{1,300}__init__\.py)\)"
        ),
        # A CUDA op module of a package (OpenPCDet's iou3d_nms_cuda) that was never built:
        # Python finds only the source folder, "(unknown location)".
        rx(
            r"cannot import name '(?P<mod>\w{1,40}_cuda)' from '(?P<pkg>(?!torch')[\w.]{1,60})'"
            r" \((?P<nowhere>unknown location)\)"
        ),
        # Python 3.6's wording of the same (no "from"): AlphaPose's `from . import
        # roi_align_cuda` in a checkout whose ops were never built (AlphaPose#1031, #751).
        # (Not a helper such as fairseq's move_to_cuda, or use_cuda/check_cuda.)
        rx(
            r"ImportError: cannot import name '(?P<mod>(?!\w*to_cuda'|use_cuda'|check_cuda'|has_cuda')"
            r"[a-z]\w{3,40}_cuda)'(?! from)(?P<unbuilt>)"
        ),
        # The same for an op module named *_ext (BasicSR's deform_conv_ext, fused_act_ext,
        # upfirdn2d_ext: docs/INSTALL.md), not a helper such as build_ext or get_ext.
        rx(
            r"ImportError: cannot import name '(?P<mod>(?!(?:build|get|load|file|has|use|is|"
            r"check|make|add|path)_ext')[a-z]\w{1,40}_ext)'(?! from '(?!basicsr\b))(?P<unbuilt>)"
        ),
        # ColossalAI's colossal_C (hpcaitech/ColossalAI#1773: built only with CUDA_HOME set).
        rx(r"(?<!Error\(\")No module named '(?P<mod>[A-Za-z]\w{1,40}?(?-i:_C))'"),
        # A package that imports its _C in try/except and calls it later: GroundingDINO's
        # ms_deform_attn.py ("Failed to load custom C++ ops. Running on CPU mode Only!",
        # IDEA-Research/Grounded-Segment-Anything#15). torch's own is torch-c-extension-missing.
        # The same for a top-level CUDA module imported in try/except: UNetMamba's
        # selective_scan_cuda_core (errors_blind73), never pip-installed from its folder.
        # ("labels_cuda", "use_cuda" are the program's own variables: a bare *_cuda name
        # counts only where the traceback's line calls into it as a module.)
        rx(
            r"NameError: name '(?P<mod>_C|[A-Za-z]\w{0,40}_cuda(?:_core|_kernel|_ext)?|"
            r"(?:deform_conv|fused_act|upfirdn2d)_ext)' is not "
            r"defined(?P<nameerror>)"
        ),
        # vLLM's warning about its own _C: only answered on Windows, where vLLM has no
        # native build at all (elsewhere some builds run on without it).
        rx(r"Failed to import from vllm\._C with ModuleNotFoundError(?P<vllm_windows>)"),
    ),
)
def _advise_not_built(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    groups = m.groupdict()
    if groups.get("nameerror") is not None:
        if groups["mod"] in _BASICSR_OPS:  # BasicSR imports its ops in try/except: pass
            return _op_never_built(groups["mod"], ctx)
        return _own_c_undefined(m, ctx)
    if groups.get("unbuilt") is not None:
        return _op_never_built(groups["mod"], ctx)
    if groups.get("vllm_windows") is not None:
        # The paste's own Windows path or prompt near the warning: a snapshot of the machine
        # explain runs on says nothing about where the pasted log came from.
        near = ctx.text[max(0, m.start() - 800) : m.end() + 200]
        return _vllm_on_windows(ctx) if WINDOWS_PATH.search(near) else None
    mod = groups["mod"]
    # A top-level module (fused_layer_norm_cuda) names no distribution by itself.
    top_level = "." not in mod and mod not in ("_C", "_ext") and not groups.get("nowhere")
    pkg = (distribution_of(mod) or "<package>") if top_level else groups["pkg"].split(".")[0]
    facts: dict[str, object] = {"module": mod, "package": pkg}
    path = groups.get("path") or ""
    if not path:
        # The traceback's frames come just before the message.
        found = re.search(
            r'File "(?P<p>[^"]{1,300}?[\\/]' + re.escape(pkg) + r"[\\/])",
            ctx.text[max(0, m.start() - 4000) : m.start()],
        )
        path = found.group("p") if found else ""
    cause = _(
        "{pkg} could not import its compiled C++/CUDA extension ({mod}). The Python part "
        "of the package is there but the extension was not built: it was installed from "
        "source without a working compiler/CUDA toolkit, or with a build that skipped the "
        "CUDA ops."
    ).format(pkg=pkg if pkg != "<package>" else mod, mod=mod)
    fix: list[str] = []
    if groups.get("nowhere"):
        # Python found a folder of that name (a namespace package) and no module in it.
        cause += sep() + _(
            "Python found only a folder named like the module ('unknown location') and no "
            "compiled file in it: the op was never built in this environment, or the "
            "environment it was built in is not the one running now."
        )
        fix.append(
            _(
                "Build the ops in this environment (the project's `python setup.py develop` "
                "or `python -m pip install -e .` in its repository) and read the build log "
                "for errors."
            )
        )
    elif path and not re.search(r"site-packages|dist-packages|\.egg", path):
        facts["imported_from"] = path
        cause += sep() + _(
            "Here {pkg} was imported from {path}, a source folder, not the installed "
            "package: running from inside the repository makes Python import the unbuilt "
            "sources."
        ).format(pkg=pkg, path=path)
        fix.append(
            _(
                "Build it in place (`python -m pip install -e .` or `python setup.py "
                "build_ext --inplace` in the repository), or run from another directory so "
                "the installed package is imported."
            )
        )
    if pkg in OWN_INSTALLERS:
        fix.append(_(OWN_INSTALLERS[pkg]))
        return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
    if groups.get("nowhere"):
        # An import name of a project built from its repository: no pip name to reinstall.
        fix.append(_(_CHECK_BUILD_ENV))
        return Advice(cause, tuple(fix), facts, key=mod, used_local_facts=k.local)
    fix.append(
        _(
            "Install a prebuilt wheel of {pkg} made for your torch and CUDA version (the "
            "project's release page or index), or rebuild it with the CUDA toolkit of "
            "torch's CUDA version: `python -m pip install --no-build-isolation "
            "--no-deps --no-cache-dir --force-reinstall {pkg}`, and read the build log for errors."
        ).format(pkg=pkg)
    )
    fix.append(_(_CHECK_BUILD_ENV))
    return Advice(cause, tuple(fix), facts, key=mod, used_local_facts=k.local)


# Before building again: torch must see CUDA and find the toolkit (CUDA_HOME), or setup.py
# skips the CUDA code (ColossalAI#1773, Grounded-Segment-Anything#15).
_CHECK_BUILD_ENV = N_(
    'Check the build environment first: `python -c "import torch; from '
    "torch.utils.cpp_extension import CUDA_HOME; print(torch.__version__, torch.version.cuda, "
    'torch.cuda.is_available(), CUDA_HOME)"` must show a CUDA build, True and a CUDA toolkit '
    "folder (install the toolkit of torch's CUDA version and set CUDA_HOME to it)."
)
_TRACEBACK_REACH = 4000
_OWN_C_PACKAGES = ("groundingdino",)


def _own_c_undefined(m: re.Match[str], ctx: Context) -> Advice | None:
    """NameError for `_C` in a package's own file: its extension was never built (the
    import of it failed quietly). In torch's own __init__.py it is torch's (declined)."""
    before = ctx.text[max(0, m.start() - _TRACEBACK_REACH) : m.start()]
    mod = m.group("mod")
    if mod.endswith("_cuda") and not re.search(rf"\b{re.escape(mod)}\.\w+\(", before):
        return None  # a variable of the program's (use_cuda, labels_cuda)
    frames = [f.group("path") for f in FRAME_FILE.finditer(before)]
    if any(is_torch_file(path) for path in frames[-1:]) or ctx.has("dir(_c)"):
        return None
    last = frames[-1] if frames else ""
    site = SITE_PACKAGE.search(last)
    known = next((p for p in _OWN_C_PACKAGES if p in last.lower() or ctx.has(p)), None)
    pkg = site.group("pkg") if site else known or "<package>"
    facts: dict[str, object] = {"module": mod, "package": pkg}
    if last:
        facts["raised_in"] = last
    cause = _(
        "{pkg} calls its own compiled C++/CUDA extension ({mod}), whose import failed quietly "
        "(some packages then only warn, 'Failed to load custom C++ ops'): the extension was "
        "not built when the package was installed, usually because CUDA_HOME was not set "
        "or no CUDA toolkit/GPU was visible then, so it was built for the CPU only or not "
        "at all."
    ).format(pkg=pkg if pkg != "<package>" else _("The package"), mod=mod)
    fix = [
        _(_CHECK_BUILD_ENV),
        _(
            "Then reinstall {pkg} from its source folder so the extension is compiled: remove "
            "`build/` and run `python -m pip install --no-build-isolation -e .` and read the "
            "log for compiler errors."
        ).format(
            pkg=pkg
            if pkg != "<package>"
            else _(
                "the package that provides {mod} (a "
                "folder of the project, such as kernels/ or csrc/, or a package of its "
                "requirements)"
            ).format(mod=mod)
        ),
        _(
            "If the traceback ends in torch's own __init__.py instead, a folder or file named "
            "torch shadows PyTorch: run from another directory."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=f"{pkg}.{mod}", used_local_facts=ctx.known.local)


def is_torch_file(path: str) -> bool:
    """Whether a traceback frame's file is one of torch's own."""
    return re.search(r"[\\/]torch[\\/]", path) is not None


__all__ = ["FAMILY", "is_torch_file"]
