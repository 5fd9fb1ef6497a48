"""Libraries whose installed build cannot use the GPU at all: built without CUDA (Caffe,
MXNet, XGBoost, LightGBM, OpenCV, Faiss), spaCy/thinc without a CuPy that works, and
tiny-cuda-nn built for other GPUs or without a CUDA torch. PyTorch's own CPU build is
install.py's torch-not-compiled-with-cuda; here the fix is in the library's own build."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("gpu_builds")


@FAMILY.entry(
    code="library-built-without-gpu",
    keywords=(
        "cpu-only caffe",
        "compile with use_cuda=1",
        "please compile with cuda enabled",
        "not compile with gpu support",
        "not compiled with gpu support",
        "not compiled with cuda support",
        "tree learner was not enabled in this build",
        "compiled without cuda support",
        "no attribute 'standardgpuresources'",
        "no attribute 'gpuindex",
        "not built to work with the selected device",
        "is not enabled",
    ),
    title=N_("The library was built without the GPU support (or backend) the program asked for"),
    patterns=(
        # Caffe's common.cpp / layers with CPU_ONLY set at build time.
        rx(r"Cannot use GPU in CPU-only Caffe(?P<caffe>)"),
        # MXNet's storage.cc, old and new wording.
        rx(
            r"(?:Compile with USE_CUDA=1 to enable GPU usage|Please compile with CUDA enabled)(?P<mxnet>)"
        ),
        # XGBoost's learner ("XGBoost version not compiled with GPU support"), both spellings.
        rx(r"XGBoost (?:version )?(?:was )?not compiled? with GPU support(?P<xgboost>)"),
        # LightGBM: device='gpu' (OpenCL) or device='cuda' asked of a build without it.
        rx(r"(?P<lgbm_kind>GPU|CUDA) Tree Learner was not enabled in this build(?P<lightgbm>)"),
        # OpenCV's throw_no_cuda (4.x "(-216:No CUDA support)", 2.4 "No GPU support (...)").
        rx(r"The library is compiled without CUDA support(?P<opencv>)"),
        # OpenCV's DNN module: built with CUDA, but not for this GPU's architecture.
        rx(
            r"OpenCV was not built to work with the selected device(?P<opencv_arch>)"
            r"(?:\. Please check CUDA_ARCH_PTX or CUDA_ARCH_BIN)?"
        ),
        # TVM's codegen: libtvm built without that target (config.cmake's USE_CUDA, USE_LLVM).
        rx(
            r"(?:Target |target\.build\.)(?P<tvm_target>cuda|llvm|opencl|vulkan|rocm|metal) is "
            r"not enabled(?P<tvm>)"
        ),
        # A package's own notice that its compiled part has no CUDA and it runs on the CPU
        # (TripoSR#83: "torchmcubes was not compiled with CUDA support, use CPU version").
        rx(
            # (A package's name, lower case: "This binary", "Model", "Open3D", ffmpeg and
            # jaxlib say the same for reasons of their own.)
            r"(?<![\w.])(?P<ext_name>(?-i:(?!(?:py)?torch\b|paddle|binary\b|extension\b|model\b|"
            r"library\b|package\b|module\b|version\b|build\b|program\b|ffmpeg\b|jaxlib\b|"
            r"opencv\b|llama)[a-z][a-z0-9_-]{2,40})) (?:was|is) not compiled with CUDA support"
            r"(?P<extension>)"
        ),
        # The CPU package of Faiss has none of the GPU classes.
        rx(r"has no attribute '(?P<faiss_class>StandardGpuResources|GpuIndex\w{0,30})'(?P<faiss>)"),
    ),
    specificity=3,
)
def _advise_built_without_gpu(m: re.Match[str], ctx: Context) -> Advice:
    groups = {name for name, value in m.groupdict().items() if value is not None}
    lib = next(name for name in _ADVISE if name in groups)
    cause, fix = _ADVISE[lib](m, ctx)
    return Advice(cause, fix, {"library": lib}, key=lib, used_local_facts=ctx.known.local)


def _caffe(_m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "This Caffe was compiled with CPU_ONLY (Makefile.config, or the CPU package of a "
        "distribution), and the program asked for the GPU (caffe.set_mode_gpu(), --gpu)."
    )
    fix = (
        _(
            "Build Caffe with CUDA: in Makefile.config leave CPU_ONLY := 1 commented out "
            "(and set USE_CUDNN := 1 if cuDNN is installed), then `make clean && make all "
            "pycaffe`; or install the distribution's CUDA package (Ubuntu/Debian: caffe-cuda "
            "instead of caffe-cpu)."
        ),
        _("Or run on the CPU: caffe.set_mode_cpu() instead of set_mode_gpu()."),
    )
    return cause, fix


def _mxnet(_m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "This MXNet is a CPU build (built with USE_CUDA=0, or pip's `mxnet` package, which "
        "has no CUDA), and the program asked for a GPU context (mx.gpu())."
    )
    fix = (
        _(
            "Install the CUDA build named for your CUDA version instead: `python -m pip "
            "uninstall -y mxnet` then `python -m pip install mxnet-cu112` (the -cuXY "
            "packages; `python -m pip index versions mxnet-cu112` shows which exist)."
        ),
        _(
            "Built from source: set USE_CUDA=1 and USE_CUDA_PATH in config.mk (or "
            "-DUSE_CUDA=ON with CMake), `make clean`, build again, and reinstall the Python "
            "package from that build so Python loads the new libmxnet.so."
        ),
    )
    return cause, fix


def _xgboost(_m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "The xgboost Python imports was built without CUDA. Its PyPI wheels have GPU "
        "support only on Linux x86_64 and Windows; the xgboost-cpu package, the wheels for "
        "Linux aarch64 and macOS, the 2.1 wheels for Linux older than glibc 2.28, and a "
        "source build without USE_CUDA have none. An older install found first hides a "
        "GPU build made later."
    )
    fix = (
        _(
            'See which one is imported: `python -c "import xgboost; print(xgboost.__file__, '
            "xgboost.__version__); print(xgboost.build_info().get('USE_CUDA'))\"`."
        ),
        _(
            "Remove every copy (`python -m pip uninstall -y xgboost xgboost-cpu` until none "
            "is left, and conda's py-xgboost), then install one GPU build: `python -m pip "
            "install xgboost` on Linux x86_64/Windows, or `conda install -c conda-forge "
            "py-xgboost=*=cuda*`."
        ),
        _("From source: build with -DUSE_CUDA=ON and install that Python package."),
    )
    return cause, fix


def _lightgbm(m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    if m.group("lgbm_kind").upper() == "CUDA":
        cause = _(
            "device='cuda' needs a LightGBM built with CUDA, and no published package has "
            "it: it is always a build from source."
        )
        fix: tuple[str, ...] = (
            _(
                "Build it with CUDA: `python -m pip install --no-binary lightgbm lightgbm "
                "--config-settings=cmake.define.USE_CUDA=ON` (needs the CUDA toolkit and "
                "CMake); or use device='gpu', the OpenCL build in the PyPI wheels."
            ),
        )
        return cause, fix
    cause = _(
        "device='gpu' (OpenCL) needs a LightGBM built with it. PyPI's wheels for Windows "
        "and for Linux (LightGBM 4 and newer) have it; conda's, macOS's, older Linux wheels "
        "and a default source build do not."
    )
    fix = (
        _(
            "Install the PyPI wheel (`python -m pip install -U lightgbm`) on Linux or "
            "Windows, or build with -DUSE_GPU=1 (`--config-settings=cmake.define.USE_GPU=ON`)."
        ),
        _(
            'Check which LightGBM is imported: `python -c "import lightgbm; print(lightgbm.__file__, '
            'lightgbm.__version__)"`; an older install found first hides the new one.'
        ),
    )
    return cause, fix


def _opencv(_m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "The OpenCV that was loaded has no CUDA: pip's opencv-python wheels and most "
        "distribution packages are built without it, so cv2.cuda and the DNN CUDA backend "
        "only work in OpenCV built from source with CUDA."
    )
    fix = (
        _(
            "Build OpenCV with opencv_contrib and -DWITH_CUDA=ON -DWITH_CUDNN=ON "
            "-DOPENCV_DNN_CUDA=ON -DCUDA_ARCH_BIN=<your GPU's capability, e.g. 8.6>."
        ),
        _(
            "Then remove pip's copies, which are found first: `python -m pip uninstall -y "
            "opencv-python opencv-contrib-python opencv-python-headless`; check with `python "
            '-c "import cv2; print(cv2.__file__, cv2.cuda.getCudaEnabledDeviceCount())"`.'
        ),
    )
    return cause, fix


def _opencv_arch(_m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "This OpenCV was built with CUDA, but not for this GPU's architecture: its "
        "CUDA_ARCH_BIN/CUDA_ARCH_PTX list leaves out the GPU's compute capability."
    )
    fix = (
        _(
            "Rebuild with CUDA_ARCH_BIN set to the GPU's capability (nvidia-smi "
            "--query-gpu=compute_cap --format=csv shows it, e.g. 8.6)."
        ),
    )
    return cause, fix


def _faiss(m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    cause = _(
        "The faiss Python imports is a CPU build, which has no {cls}: faiss-cpu is "
        "installed (alone, or after faiss-gpu: both install the same module and the last "
        "one wins), or a build without GPU support."
    ).format(cls=m.group("faiss_class"))
    fix = (
        _(
            "Remove both (`python -m pip uninstall -y faiss-cpu faiss-gpu`, or `conda remove "
            "faiss-cpu`) and install one GPU build: conda's `conda install -c pytorch -c "
            "nvidia faiss-gpu`, or on pip the wheel for your CUDA (faiss-gpu-cu12)."
        ),
        _('Check: `python -c "import faiss; print(faiss.__file__, faiss.get_num_gpus())"`.'),
    )
    return cause, fix


def _tvm(m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    target = m.group("tvm_target").lower()
    option = {"cuda": "USE_CUDA", "llvm": "USE_LLVM", "opencl": "USE_OPENCL"}.get(
        target, "USE_" + target.upper()
    )
    cause = _(
        "This libtvm was built without the '{target}' target the program asked for: "
        "{option} was off in the build's config.cmake (config.mk in old releases)."
    ).format(target=target, option=option)
    fix = (
        _(
            "Set {option} ON in build/config.cmake (USE_LLVM takes the path of llvm-config), "
            "build again (`cmake .. && make`), and make sure Python loads that build's "
            "libtvm (TVM_LIBRARY_PATH, or reinstall the python package)."
        ).format(option=option),
        _("Or use a prebuilt TVM package that includes the target (its CUDA variant for 'cuda')."),
    )
    return cause, fix


def _extension(m: re.Match[str], _ctx: Context) -> tuple[str, tuple[str, ...]]:
    name = m.group("ext_name")
    cause = _(
        "{name} was built without its CUDA code, so it runs on the CPU: when it was "
        "compiled (pip building it from source), no CUDA toolkit was found or the torch in "
        "the build environment was a CPU build, and the build skipped the GPU part."
    ).format(name=name)
    fix = (
        _(
            "Rebuild it with the CUDA toolkit of torch's CUDA version installed (nvcc on PATH, "
            "CUDA_HOME set) and a CUDA torch in the environment: `python -m pip install "
            "--no-build-isolation --no-cache-dir --force-reinstall {name}` (from its "
            "repository if it is not on PyPI), and read the build log."
        ).format(name=name),
        _(
            'Check the build environment first: `python -c "import torch; '
            "from torch.utils.cpp_extension import CUDA_HOME; print(torch.version.cuda, "
            'CUDA_HOME)"` must show a CUDA version and a toolkit folder.'
        ),
    )
    return cause, fix


_ADVISE = {
    "extension": _extension,
    "tvm": _tvm,
    "caffe": _caffe,
    "mxnet": _mxnet,
    "xgboost": _xgboost,
    "lightgbm": _lightgbm,
    "opencv_arch": _opencv_arch,
    "opencv": _opencv,
    "faiss": _faiss,
}


@FAMILY.entry(
    code="thinc-gpu-not-accessible",
    keywords=("gpu is not accessible. was the library installed correctly",),
    title=N_("spaCy/thinc cannot use the GPU (CuPy missing or not working)"),
    patterns=(
        # thinc's require_gpu(): CuPy could not be imported or found no usable GPU.
        rx(r"GPU is not accessible\. Was the library installed correctly\?"),
    ),
    specificity=3,
)
def _advise_thinc(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "spaCy's require_gpu() (thinc) found no GPU it can use: thinc uses the GPU through "
        "CuPy, and CuPy is not installed, is built for another CUDA version (its CUDA "
        "libraries such as libcublas then fail to load), or cannot use the GPU (no driver, "
        "or another process holds all of its memory)."
    )
    extra = re.search(
        r"does not provide the extra '(?P<extra>[\w.-]{1,30})'",
        ctx.text[max(0, m.start() - 4000) :],
    )
    if extra:
        cause += sep() + _(
            "pip said the package does not provide the extra '{extra}', so that install "
            "added no CuPy."
        ).format(extra=extra.group("extra"))
    fix = (
        _(
            'See the real error: `python -c "import cupy; print(cupy.cuda.runtime.'
            'getDeviceCount()); cupy.zeros(1)"`.'
        ),
        _(
            "Install the CuPy for your CUDA major version: `python -m pip install "
            "cupy-cuda12x` (or cupy-cuda11x), or spaCy's extra of the same name: `python -m "
            "pip install 'spacy[cuda12x]'` (spaCy 2 named them per CUDA release, e.g. "
            "spacy[cuda101], and a release without the extra asked for installs no CuPy)."
        ),
        _("Check that the GPU is free and visible: `nvidia-smi` lists its memory and processes."),
    )
    return Advice(cause, fix, {"package": "thinc"}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="tcnn-arch-missing",
    keywords=(
        "compatible tinycudann extension",
        "unknown compute capability. specify",
        "unknown compute capability. ensure",
        "tinycudann_bindings._",
        "dll load failed while importing _",
    ),
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
        # tinycudann/modules.py at import: torch reports no CUDA device to ask.
        rx(
            r"Unknown compute capability\. Ensure PyTorch with CUDA support is (?P<runtime>)installed"
        ),
        # tinycudann/modules.py imports tinycudann_bindings._<cc>_C, one module per compute
        # capability it was built for (NVlabs/tiny-cuda-nn 6ee3546, bindings/torch): older
        # releases let the import's own error through, and on Windows a module that is
        # there but cannot load says so in the loader's words (nerfstudio's installation
        # FAQ: "DLL load failed while importing _89_C", a GPU the default build leaves out).
        rx(r"No module named 'tinycudann_bindings\._(?P<cc>\d{2,3})_C'"),
        rx(r"DLL load failed while importing _(?P<cc_dll>\d{2,3})_C\b"),
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
    if groups.get("runtime") is not None:
        cause = _(
            "tiny-cuda-nn asks torch for the GPU's compute capability when it is imported, "
            "and torch has no CUDA device to ask: the installed torch is a CPU-only build, "
            "or no NVIDIA GPU is visible to this process (driver, CUDA_VISIBLE_DEVICES)."
        )
        fix = (
            _(
                'Check `python -c "import torch; print(torch.__version__, torch.version.cuda, '
                'torch.cuda.is_available())"`: a version ending in +cpu or a CUDA of None is '
                "a CPU-only build; install the CUDA build (`envdoctor install` prints the "
                "command), then rebuild tiny-cuda-nn against it."
            ),
            _(
                "If torch is a CUDA build but is_available() is False, the GPU is not "
                "reachable: `envdoctor check` says why."
            ),
        )
        return Advice(cause, fix, {}, key="runtime", used_local_facts=ctx.known.local)
    cc = groups.get("cc") or groups["cc_dll"]
    cause = _(
        "The installed tiny-cuda-nn was compiled for other GPUs; this one has compute "
        "capability {cc} (as tiny-cuda-nn writes it, without the dot)."
    ).format(cc=cc)
    rebuild = (
        "pip install --no-cache-dir --no-build-isolation --force-reinstall "
        "git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch"
    )
    if groups.get("cc_dll") is None:
        fix = (
            _(
                "Rebuild it for this GPU: TCNN_CUDA_ARCHITECTURES={cc} pip install --no-cache-dir "
                "--no-build-isolation "
                "--force-reinstall git+https://github.com/NVlabs/tiny-cuda-nn/#subdirectory=bindings/torch"
            ).format(cc=cc),
        )
        return Advice(cause, fix, {"gpu_capability": cc}, used_local_facts=ctx.known.local)
    # Windows' loader: cmd takes the variable with `set` (nerfstudio's installation FAQ).
    cause += sep() + _(
        "Its module for this GPU (_{cc}_C) is missing or was not built to load here: "
        "tiny-cuda-nn's default build leaves some GPU architectures out."
    ).format(cc=cc)
    fix = (
        _(
            "Rebuild it for this GPU in the same prompt: `set TCNN_CUDA_ARCHITECTURES={cc}` "
            '(PowerShell: `$env:TCNN_CUDA_ARCHITECTURES="{cc}"`), then `{rebuild}`.'
        ).format(cc=cc, rebuild=rebuild),
    )
    facts = {"gpu_capability": cc, "os": "Windows"}
    return Advice(cause, fix, facts, key="windows", used_local_facts=ctx.known.local)
