"""Advice steps and fact sets that several families share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from envdoctor.explain.model import Context, Known
from envdoctor.explain.prose import AMD_GPU_WORDS, NO_GPU_ANCHORS
from envdoctor.explain.visible_devices import ANCHORS as VISIBLE_DEVICE_ANCHORS
from envdoctor.explain.xla_driver import PTXAS_NEWER_ANCHOR, XLA_WORDS
from envdoctor.i18n import N_, _

if TYPE_CHECKING:
    from envdoctor.explain.companions import CompanionIssue

CHECK_DRIVER = N_(
    "Run `nvidia-smi`: its header shows the driver version and, as 'CUDA Version', "
    "the newest CUDA that driver supports."
)


CHECK_TORCH = N_(
    'Run `python -c "import torch; print(torch.__version__, torch.version.cuda)"` '
    "to see which CUDA your PyTorch build needs."
)


def driver_facts(known: Known) -> dict[str, object]:
    facts: dict[str, object] = {}
    if known.driver_version:
        facts["driver_version"] = known.driver_version
    if known.driver_cuda:
        facts["driver_max_cuda"] = str(known.driver_cuda)
    if known.torch_version:
        facts["torch_version"] = known.torch_version
    if known.torch_cuda:
        facts["torch_cuda"] = str(known.torch_cuda)
    return facts


# Programs with their own CUDA stack, by words their messages and tracebacks carry: a fix
# through torch (its builds, its nvidia-* packages) cannot help them.
_OTHER_RUNTIMES = (
    ("onnxruntime", "onnxruntime"),
    ("paddle", "PaddlePaddle"),
    ("dynamicloader.cpp", "PaddlePaddle"),  # Paddle's C++ loader
    ("mxnet", "MXNet"),
    ("nnabla", "nnabla"),
    ("tensorflow", "TensorFlow"),
    ("ctranslate2", "CTranslate2"),
    ("cuda failed with error", "CTranslate2"),  # its CUDA_CHECK wording (faster-whisper)
    ("jaxlib", "JAX"),
    ("check failed: error == cudasuccess", "Caffe"),
    ("ollama", "Ollama"),  # its logs also say ggml: named first
    ("cutorch", "Lua Torch (cutorch)"),
    ("luajit", "Lua Torch"),
    ("ggml", "llama.cpp / ggml"),
)


# Runtimes whose own install folder is named torch (Lua Torch: ~/torch/install): their
# paths are no sign of PyTorch.
_INSTALLED_UNDER_TORCH = frozenset({"Lua Torch (cutorch)", "Lua Torch"})


# Rare words advice looks for: found in the engine's one pass over the text with the
# catalogue's keywords, so asking for them costs nothing on a long log.
# (A word missing from a 10 MB log costs a full str.find each time advice asks for it;
# docs/benchmarks.md times the whole. Frequent words stay out, in FREQUENT_WORDS: found
# early by a plain search, and every hit would cost the one pass a step.
# tests/explain/test_textscan.py fails when advice asks for a word in neither.)
FREQUENT_WORDS = (
    "pip",
    "conda",
    "torch",
    "/torch/",
    "\\torch\\",
    "import torch",
    "torch.cuda",
    "nvidia",
    "import ",
)
# pip 23.3+'s line of yanked releases before its refusal (pip_packages), and bitsandbytes'
# 0.3x missing library, whose name carries the CUDA it found (prebuilt_packages).
PIP_YANKED_ANCHOR = "ignored the following yanked versions: "
BNB_LIBRARY_ANCHOR = "required library version not found: lib"
ADVICE_ANCHORS = (
    *(word for word, _name in _OTHER_RUNTIMES),
    PIP_YANKED_ANCHOR,
    BNB_LIBRARY_ANCHOR,
    "bnb_cuda_version=",  # bitsandbytes' override (native_libraries)
    *XLA_WORDS,  # JAX's or XLA's paste (arch: no kernel image from XLA's ptxas)
    PTXAS_NEWER_ANCHOR,
    "torch/csrc/",  # building PyTorch itself, not an extension (extensions)
    "lightgbm",  # LightGBM's own fix for static TLS (openmp_runtimes)
    "/bigobj",  # MSVC's option handed to nvcc unwrapped (cmake_nvcc)
    "horovod",
    "llvmlite",
    "basicsr",
    *NO_GPU_ANCHORS,
    "unraid",
    "pip._vendor",
    "site-packages/pip/",
    "site-packages\\pip\\",
    "looking in indexes",
    "could not fetch url",
    "python.framework",
    "torch/multiprocessing",
    "torch\\multiprocessing",
    "dataloader",
    "resource_sharer",
    "failed to initialize numpy",
    "container",
    "xlarge",
    "dgx",
    "hgx",
    "failed to execute script",
    "falling back to slow reference",  # jit_plugins: StyleGAN2-ADA goes on without its ops
    # library_lookups: a project's own TensorRT plugin library (tensorrtx and its forks).
    *("tensorrt", "_trt", ".engine", "libmyplugins"),
    "pyi_rth",
    "pyo3",  # a program embedding Python (windows_dll_causes)
    "maturin",
    "pyqt",  # Qt bindings bundle their own msvcp140.dll (windows_dlls)
    "hashcat (v",  # hashcat's banner names its release (opencl_hashcat)
    "were skipped as your project's environment",  # poetry 2's candidates (no_wheel)
    "triton-windows",  # Triton's Windows fork (triton_runtime)
    "pixi",  # pixi's own index settings (no_wheel)
    "failed to resolve pypi dependencies",
    "\\site-packages\\triton",
    "pyside",
    "is_built",
    "is_macos_or_newer",
    *AMD_GPU_WORDS,
    "directml",
    "amdgpu",
    "ipython-input",
    "could not load library",
    "/stubs/libcuda",
    *VISIBLE_DEVICE_ANCHORS,
    "mismatched nccl version",
    "shm_open failed",
    "unsupported global",
    "download.pytorch.org",
    "/dev/shm",  # noqa: S108 (a word looked for in text, not a path used)
    "vllm",
    "sglang",
    "/bin/nvcc",  # extensions: which nvcc failed on gcc's headers
    "auto_gptq",  # package_kernels: the GPTQ package that printed "CUDA extension not installed"
    "auto-gptq",
    "autogptq",
    ".cu:",
    ".cu(",
    ".cuh:",
    "physx",
    ".local/lib/python",  # install: a CPU torch in the user site-packages
    "\\appdata\\roaming\\python",
    "defaulting to user installation",  # python_env: a system Python's pip
    "docker run",  # driver_steps: the paste ran in a container
    "mmcv/",
    "mmcv\\",
    "cmake",
    "meson",
    "make[",
    "makefile",
    "doesn't declare it as a build dependency",
    "getting requirements to build wheel",
    "building wheel",
    "failed to build",
    "failed building wheel",
    *("fedora", "rhel", "centos"),
    *("device=", "get_cuda_device_count()", "win-64"),
    "preparing metadata (pyproject.toml)",
    "pip-build-env-",
    "pip-install-",
    # build_isolation: uv's build environments and words, and the hook a build failed in.
    "builds-v0",
    "uv pip",
    "uv sync",
    "uv add",
    "failed to determine extra requires",
    "the build backend returned an error",
    "get_requires_for_build_wheel",
    "failed to download and build",
    # extension_wheels: what the setup.py of flash-attn & co. printed about its wheel.
    "guessing wheel url",
    "precompiled wheel not found",
    "urlopen error",
    "certificate_verify_failed",
    "connection refused",
    "32 bit (",
    "no-build-isolation",
    "tegra",
    "jetson",
    "jetpack",
    "l4t",
    "/home/nvidia/",
    "webui-directml",
    "webui-amdgpu",
    "-amd-",
    "nvidia driver",
    "geforce",
    "nvidia gpu",
    "libdxcore",
    "/wsl/",
    "looking in indexes",
    "aarch64",
    "armv7l",
    "armv8l",
    "arm64",
    "triton",
    "/whl/cu",
    "/pytorch-wheels/cu",
    "is_available",
    "zluda",
    "ldd (",
    "nccl version",
    "could not install packages",
    "pip install torch==",
    "inotify",
    "add_watch",
    "ryzen",
    "podman",
    "kubernetes",
    "docker",
    "linuxkit",
    "a卡",
    "a matching triton is not available",
    "is_triton_available",
    "successfully installed",
    "ignore above cudart dlerror",
    "consider installing for better performance",
    "/whl/nightly/cu",
    "rminitadapter failed",
    "nvidia corporation device",
    "visible_devices",
    "gpu_type=",
    "amdgpu is not supported",
    "intel arc",
    "intel(r) arc",
    "intel iris",
    "intel(r) iris",
    "intel uhd",
    "tesla",
    "a100",
    "h100",
    "h200",
    "v100",
    "a800",
    "h800",
    "b200",
    "l40",
)


# onnxruntime on Jetson: PyPI's onnxruntime-gpu has no Linux aarch64 wheel.
JETSON_ORT_STEP = N_(
    "On Jetson: use the onnxruntime-gpu wheel built for your JetPack (its cuDNN "
    "major), not one for another JetPack."
)


# CTranslate2 (faster-whisper, whisperX) releases per CUDA/cuDNN major, from faster-whisper's
# README: 3.24.0 is the last for CUDA 11 + cuDNN 8, 4.4.0 the last for CUDA 12 + cuDNN 8;
# 4.5.0 and later are built for CUDA 12 + cuDNN 9.
CTRANSLATE2_LAST_CUDA11 = "3.24.0"
CTRANSLATE2_LAST_CUDNN8 = "4.4.0"
CTRANSLATE2_FIRST_CUDNN9 = "4.5.0"

# A full disk while pip installs: where to unpack instead, and the caches to free.
PIP_TMPDIR = N_(
    "Unpack somewhere with room and skip the cache: `TMPDIR=/path/with/space python -m pip "
    "install --no-cache-dir ...` (Windows: set TEMP and TMP)."
)
PIP_CACHE_PURGE = N_("Free the cache: `python -m pip cache purge` (conda: `conda clean --all`).")


def other_runtime(ctx: Context) -> str | None:
    """The non-PyTorch program whose CUDA call failed, when the paste names one and shows
    none of torch's own files."""
    runtime = next((name for word, name in _OTHER_RUNTIMES if ctx.has(word)), None)
    if runtime in _INSTALLED_UNDER_TORCH:
        return runtime  # PyTorch's own words below would hide it
    # torch's own files are frequent words, looked for only when another runtime is named.
    if runtime is None or ctx.has("/torch/", "\\torch\\", "import torch", "torch.cuda"):
        return None
    return runtime


def builds_without_torch(ctx: Context) -> bool:
    """Whether a failed build is of something other than a torch extension: the paste shows
    another build system (CMake, meson, make) or runtime and never mentions torch, so torch's
    CUDA, torch's wheels and cpp_extension are no part of the fix."""
    if ctx.has("torch"):
        return False
    return other_runtime(ctx) is not None or ctx.has("cmake", "meson", "make[", "makefile")


# Compiled modules that sit at the top level of site-packages, and the distribution that
# installs each: a module's name is never printed as a pip target by itself (PyPI may hold
# an unrelated project of that name, like "apex").
_DISTRIBUTIONS = (
    ("flash_attn", "flash-attn"),
    ("selective_scan", "mamba-ssm"),
    ("causal_conv1d", "causal-conv1d"),
    # apex's compiled modules (DeepSpeed's JIT ops are also named fused_adam, without _cuda).
    ("fused_layer_norm_cuda", "apex"),
    ("fused_adam_cuda", "apex"),
    ("fused_dense_cuda", "apex"),
    ("fused_lamb_cuda", "apex"),
    ("fused_weight_gradient_mlp_cuda", "apex"),
    ("amp_c", "apex"),
    ("apex_c", "apex"),
    ("syncbn", "apex"),
    ("colossal_c", "colossalai"),  # ColossalAI's kernels (hpcaitech/ColossalAI#1773)
)


# Import name -> pip distribution of well-known third-party packages. A dotted module of
# one of them that Python cannot find is a module of that package, never of the program;
# a project's own packages (models, utils, ...) are not here and stay unrecognised.
WELL_KNOWN = {
    "torch": "torch",
    "torchvision": "torchvision",
    "torchaudio": "torchaudio",
    "torchtext": "torchtext",
    "transformers": "transformers",
    "diffusers": "diffusers",
    "accelerate": "accelerate",
    "peft": "peft",
    "bitsandbytes": "bitsandbytes",
    "xformers": "xformers",
    "timm": "timm",
    "huggingface_hub": "huggingface_hub",
    "safetensors": "safetensors",
    "pytorch_lightning": "pytorch-lightning",
    "lightning": "lightning",
    "torchmetrics": "torchmetrics",
    "torch_geometric": "torch_geometric",
    "basicsr": "basicsr",
    "open_clip": "open_clip_torch",
    "ultralytics": "ultralytics",
    "deepspeed": "deepspeed",
    "mmcv": "mmcv",
    "mmengine": "mmengine",
    "mmdet": "mmdet",
    "mmseg": "mmsegmentation",
    "mmpose": "mmpose",
    "mmdet3d": "mmdet3d",
    "detectron2": "detectron2",
    "pytorch3d": "pytorch3d",
    "apex": "apex",
    "numpy": "numpy",
    "scipy": "scipy",
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "cv2": "opencv-python",
    "PIL": "Pillow",
    "gradio": "gradio",
    "triton": "triton",
    "fastai": "fastai",
    "tensorflow": "tensorflow",
    "keras": "keras",
    "sentence_transformers": "sentence-transformers",
    "trl": "trl",
    "vllm": "vllm",
    "onnxruntime": "onnxruntime",
    "spacy": "spacy",
    # Torch-TensorRT: its Python API changes between minor releases (NVIDIA/TensorRT@a892d22,
    # .agents/skills/trt-torch-quickstart/SKILL.md); PyPI name torch-tensorrt.
    "torch_tensorrt": "torch-tensorrt",
}


def distribution_of(module: str) -> str | None:
    """The pip distribution that installs a top-level module (a well-known package, or a
    compiled module of one), when known."""
    top = module.split(".", 1)[0]
    if top in WELL_KNOWN:
        return WELL_KNOWN[top]
    name = top.lower()
    return next((dist for prefix, dist in _DISTRIBUTIONS if name.startswith(prefix)), None)


# Programs that pin the exact torch they were built with: a torch installed by hand under
# them breaks their compiled parts, so the fix is a release of the program itself.
_TORCH_PINNING_APPS = (("vllm", "vLLM"), ("sglang", "SGLang"))
TORCH_PINNING_PACKAGES = frozenset(word for word, _name in _TORCH_PINNING_APPS)


def torch_pinning_app(ctx: Context) -> str | None:
    """The program in the paste that pins its own torch (vLLM, SGLang), if any."""
    return next((name for word, name in _TORCH_PINNING_APPS if ctx.has(word)), None)


def app_upgrade_step(app: str, version: str, variant: str, what: str) -> str:
    """Upgrade the app, not torch: the release of it built on a torch that has `what`."""
    return _(
        "{app} pins the torch it was built with, so installing torch by hand breaks it: "
        "upgrade {app} (or its container image) to a release built on torch {version} or "
        "newer, whose {variant} build has {what}."
    ).format(app=app, version=version, variant=variant, what=what)


# Packages whose name on PyPI is not their import name, or that are not on PyPI at all.
OWN_INSTALLERS = {
    "apex": N_(
        "Build NVIDIA apex from its repository with its C++/CUDA extensions (the PyPI "
        "project named apex is another one): `python -m pip install -v --no-build-isolation "
        '--no-cache-dir --config-settings "--build-option=--cpp_ext" --config-settings '
        '"--build-option=--cuda_ext" git+https://github.com/NVIDIA/apex`.'
    ),
    "mmcv": N_(
        "Reinstall mmcv for your torch with OpenMMLab's installer, which picks the build "
        "for your torch and CUDA: `python -m pip install -U openmim && mim install mmcv` "
        "(`mim install mmcv-full` for projects on mmcv 1.x: that series is published as "
        "mmcv-full)."
    ),
    "pytorch3d": N_(
        "Build pytorch3d against this torch (PyPI has no Linux wheels of it): `python -m pip "
        "install --no-build-isolation 'git+https://github.com/facebookresearch/pytorch3d.git"
        "@stable'` (its INSTALL.md lists the prebuilt wheels and conda packages that exist)."
    ),
    # XPixelGroup/BasicSR docs/INSTALL.md (8d56e3a): the ops compile at install time only
    # with BASICSR_EXT=True, and that compilation may fail without printing anything.
    "basicsr": N_(
        "Reinstall BasicSR with its ops compiled and the build log shown: `BASICSR_EXT=True "
        "pip install basicsr -vvv` (with CUDA_HOME set to the CUDA toolkit, e.g. "
        "CUDA_HOME=/usr/local/cuda), and read the log for the first error; or compile them "
        "when first used instead: run the program with BASICSR_JIT=True."
    ),
    "detectron2": N_(
        "Rebuild detectron2 against this torch (it is not on PyPI): `python -m pip install "
        "--no-build-isolation 'git+https://github.com/facebookresearch/detectron2.git'` "
        "(for an old torch, a detectron2 tag from that time)."
    ),
}


# The NVIDIA Container Toolkit command that rewrites the CDI spec after a driver change.
CDI_GENERATE = "sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"

# Docker's /dev/shm for DataLoader workers and NCCL (64 MB by default).
DOCKER_SHM = N_(
    "Docker: start the container with `--ipc=host` or `--shm-size=16g` (docker "
    "compose: `shm_size: 16gb`)."
)
K8S_SHM = N_("Kubernetes: mount an emptyDir with `medium: Memory` at /dev/shm in the pod spec.")
SHM_CHECK = N_("Check the space: `df -h /dev/shm`.")

# The last sentence of a code explanation's cause.
CODE_NOT_INSTALL = N_("This is a bug in the code or data; the installation is fine.")


def companion_facts(issue: CompanionIssue) -> dict[str, object]:
    """The facts of a torchvision/torchaudio that does not go with its torch."""
    facts: dict[str, object] = {
        f"{issue.package}_version": issue.version,
        "companion_torch": issue.torch,
        "companion_mismatch": issue.kind,
    }
    if issue.expected:
        facts[f"{issue.package}_expected"] = issue.expected
    return facts


def companion_sentence(issue: CompanionIssue) -> str:
    """One sentence naming the pair that does not fit, and the version that would."""
    if issue.kind == "variant":
        return _(
            "Here {package} {version} and torch {torch} are different builds (another CUDA "
            "variant, or CPU-only against CUDA), although the releases pair."
        ).format(package=issue.package, version=issue.version, torch=issue.torch)
    if issue.expected:
        return _(
            "Here {package} {version} sits next to torch {torch}, which pairs with {package} "
            "{expected}."
        ).format(
            package=issue.package, version=issue.version, torch=issue.torch, expected=issue.expected
        )
    return _("Here {package} {version} was not made for torch {torch}.").format(
        package=issue.package, version=issue.version, torch=issue.torch
    )


__all__ = [
    "CHECK_DRIVER",
    "CHECK_TORCH",
    "TORCH_PINNING_PACKAGES",
    "companion_facts",
    "companion_sentence",
    "driver_facts",
]
