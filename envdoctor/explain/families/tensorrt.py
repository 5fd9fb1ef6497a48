"""TensorRT engines built by another TensorRT than the one loading them.

A serialized engine (.engine, .trt, .plan) holds code for one TensorRT version and one GPU
model: NVIDIA's TensorRT developer guide says serialized engines are not portable across
TensorRT versions or platforms, and the runtime refuses one from another version.
TensorRT 8+ words it "Serialization assertion stdVersionRead == serializationVersion
failed.Version tag does not match. Note: Current Version: 213, Serialized Engine Version:
232"; TensorRT 7 and 10 "The engine plan file is not compatible with this version of
TensorRT, expecting library version 7.1.3 got 7.2.1, please rebuild."
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("tensorrt")


@FAMILY.entry(
    code="tensorrt-engine-version-mismatch",
    keywords=(
        "version tag does not match",
        "engine plan file is not compatible",
        "failed to deserialize",
        "deserialize the tensorrt engine",
        "engine deserialization failed",
        "deserializecudaengine failed",
        "generated on an incompatible device",
    ),
    title=N_("TensorRT engine built by another TensorRT version"),
    patterns=(
        rx(
            r"Version tag does not match\.?(?: Note: Current Version: (?P<current>\d{1,4}), "
            r"Serialized Engine Version: (?P<serialized>\d{1,4}))?"
        ),
        rx(
            r"The engine plan file is not compatible with this version of TensorRT, expecting "
            r"library version (?P<expects>\d[\d.]{0,15}) got (?P<got>\d[\d.]{0,15})"
        ),
        # An engine built on a GPU of another compute capability (TensorRT a892d22:
        # documents/import_workflows.md, .agents/skills/trt-cpp-runtime-quickstart).
        rx(r"engine plan file is generated on an incompatible device(?P<device>)"),
        # The load failing without TensorRT's reason: Torch-TensorRT's troubleshooting
        # guide's heading and its runtime's check (core/runtime/TRTEngine.cpp,
        # py/torch_tensorrt/dynamo/runtime/_TRTEngine.py at d7f2062), TensorRT's samples
        # (samples/common/sampleEngines.cpp, sampleEditableTimingCache.cpp).
        rx(
            r"(?:Engine failed to deserialize|Unable to deserialize the TensorRT engine|"
            r"\bengine deserialization failed|Failed to deserialize (?:the |a )?(?:TensorRT )?"
            r"engine|deserializeCudaEngine failed)(?P<unspecified>)"
        ),
    ),
    specificity=3,
)
def _advise_engine(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    if groups.get("unspecified") is not None:
        if ctx.has(
            "version tag does not match",
            "engine plan file is not compatible",
            "generated on an incompatible device",
        ):
            return None  # TensorRT's own reason, on another line, is answered there
        return _engine_refused(ctx)
    if groups.get("device") is not None:
        return _other_gpu(ctx)
    facts: dict[str, object] = {}
    cause = _(
        "The TensorRT engine file (.engine, .trt, .plan) was built by another TensorRT "
        "version than the one loading it. An engine holds compiled code for exactly one "
        "TensorRT version and GPU model, so it cannot be reused after either changes."
    )
    if groups.get("expects") and (
        groups["got"].strip(".0") == "" or groups["got"] == groups["expects"]
    ):
        # "got 0.0.0" reads no version at all (NVIDIA/TensorRT#574: the engine written in
        # text mode on Windows); the same version on both sides is no version change either.
        return _not_an_engine(groups["expects"], groups["got"], ctx)
    if groups.get("expects"):
        facts.update(engine_tensorrt=groups["got"], runtime_tensorrt=groups["expects"])
        cause += sep() + _(
            "This runtime is TensorRT {runtime}; the engine is from {engine}."
        ).format(runtime=groups["expects"], engine=groups["got"])
    elif groups.get("current"):
        facts.update(
            engine_serialization=groups["serialized"], runtime_serialization=groups["current"]
        )
    fix = (
        _(
            "Build the engine again on this machine, with this TensorRT, from the model's "
            "ONNX (or original) file: `trtexec --onnx=model.onnx --saveEngine=model.engine`, or "
            "the program's own export step (e.g. an export to format 'engine')."
        ),
        _(
            'Or install the TensorRT version the engine was built with: `python -c "import '
            'tensorrt; print(tensorrt.__version__)"` shows the one loading it.'
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


def _other_gpu(ctx: Context) -> Advice:
    """TensorRT's own reason: the engine's kernels are for another GPU architecture (SM).
    Facts: TensorRT a892d22, documents/import_workflows.md (plans are not portable across
    compute capabilities) and include/NvInfer.h's HardwareCompatibilityLevel."""
    cause = _(
        "The TensorRT engine file was built on a GPU of another compute capability (SM) than "
        "this one: an engine holds kernels for the GPU architecture it was built on, so it "
        "cannot be loaded on a GPU of another architecture (an engine copied from another "
        "machine, or shipped prebuilt)."
    )
    fix = (
        _(
            "Build the engine again on this GPU, from the model's ONNX (or original) file: "
            "`trtexec --onnx=model.onnx --saveEngine=model.engine`, or the program's own export "
            "step."
        ),
        _(
            "To build one engine for several GPUs, build it with a hardware compatibility "
            "level (trtexec --hardwareCompatibilityLevel=ampere+, Ampere and newer GPUs, "
            "engines built on Ampere or later), at some cost in speed."
        ),
    )
    return Advice(
        cause,
        fix,
        {},
        title=_("TensorRT engine built on another GPU model"),
        key="device",
        used_local_facts=ctx.known.local,
    )


def _engine_refused(ctx: Context) -> Advice:
    """The engine refused with no reason given: Torch-TensorRT's troubleshooting guide names
    the two usual ones, an older TensorRT than the build's and a GPU of lower compute
    capability, and the build options that make an engine portable."""
    cause = _(
        "TensorRT could not load the serialized engine. An engine holds compiled code for "
        "one TensorRT version and one GPU model: the usual causes are a TensorRT on this "
        "machine older than the one that built the engine, or a GPU of lower compute "
        "capability than the build machine's. The TensorRT log lines above this one (e.g. "
        "'Version tag does not match', 'incompatible device') name which."
    )
    fix = (
        _(
            "Build the engine again on this machine, with this TensorRT, from the model's "
            "ONNX (or original) file: `trtexec --onnx=model.onnx --saveEngine=model.engine`, or "
            "the program's own export step (e.g. an export to format 'engine')."
        ),
        _(
            'Or install the TensorRT version the engine was built with: `python -c "import '
            'tensorrt; print(tensorrt.__version__)"` shows the one loading it.'
        ),
        _(
            "With Torch-TensorRT, compile with version_compatible=True (newer TensorRT "
            "releases can load it) or hardware_compatible=True (other GPUs, Ampere or newer) "
            "when the engine must move between machines."
        ),
    )
    return Advice(
        cause,
        fix,
        {},
        title=_("TensorRT could not load the engine (another TensorRT or GPU)"),
        key="refused",
        used_local_facts=ctx.known.local,
    )


def _not_an_engine(expects: str, got: str, ctx: Context) -> Advice:
    facts: dict[str, object] = {"runtime_tensorrt": expects, "engine_tensorrt": got}
    if got == expects:
        cause = _(
            "The engine names the same TensorRT version ({got}) and is still refused: it was "
            "built on another GPU model or platform, or the file is damaged (written in text "
            "mode, cut short, a Git LFS pointer)."
        ).format(got=got)
    else:
        cause = _(
            "TensorRT could not read a valid version from the engine file (it read {got}): "
            "the file is not a complete engine as TensorRT wrote it. It was written or copied "
            "in text mode (on Windows a serialized engine must be opened with 'wb' / 'rb'), "
            "cut short by a download, or is a placeholder (a Git LFS pointer) instead of the "
            "engine."
        ).format(got=got)
    fix = (
        _(
            "Write and read the engine in binary mode (open(path, 'wb') / open(path, 'rb')), "
            "and check the file's size against the original."
        ),
        _(
            "Or build the engine again on this machine: `trtexec --onnx=model.onnx "
            "--saveEngine=model.engine`."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("The TensorRT engine file is damaged or not an engine"),
        key="not-an-engine",
        used_local_facts=ctx.known.local,
    )


# TensorRT's libraries: the runtime and builder (libnvinfer), its plugins, parsers, and the
# builder's resource library (8.4+) and lean/dispatch runtimes (8.6+) it dlopens itself.
_TRT_LIB = (
    r"(?P<lib>lib(?:nvinfer(?:_plugin|_builder_resource(?:_win)?|_lean|_dispatch|_vc_plugin)?"
    r"|nvonnxparser|nvparsers|nvcaffe_parser)\.so(?:\.\d+){0,4})"
)


@FAMILY.entry(
    code="tensorrt-library-missing",
    keywords=("nvinfer", "nvonnxparser", "nvparsers", "nvcaffe_parser"),
    title=N_("A TensorRT library cannot be found"),
    patterns=(
        rx(_TRT_LIB + r"\s*:\s*cannot open shared object file"),
        # TensorRT's own loader (libLoader.cpp / libLoader.h), which dlopens the builder
        # resource and lean runtime libraries: "Error Code 6: Internal Error (Unable to load
        # library: libnvinfer_builder_resource.so.8.4.2)".
        rx(r"Unable to load library: (?P<lib>(?:lib)?nvinfer\w{0,40}\.(?:so(?:\.\d+){0,4}|dll))"),
    ),
    specificity=3,
    # Paddle's and onnxruntime's loaders name the library and the program that needs it.
    defers_to=frozenset({"paddle-library-missing", "onnxruntime-cuda-unavailable"}),
)
def _advise_trt_library(m: re.Match[str], ctx: Context) -> Advice:
    """TensorRT's libraries not on the loader's path, or of another TensorRT version.

    The fix maintainers give (NVIDIA/TensorRT#2218, onnx/onnx-tensorrt#257 and #775,
    open-mmlab/mmdeploy#2594, jkjung-avt/tensorrt_demos#517): the lib folder of the
    TensorRT tar/zip install on LD_LIBRARY_PATH (e.g. /usr/local/TensorRT-8.4.2.4/lib); pip's
    TensorRT keeps them in site-packages/tensorrt_libs. The number after .so is the
    TensorRT major (or full version for the builder resource) the program was built with;
    a loader finding another TensorRT version's libraries first is the other cause
    (mmdeploy#913: wheel 8.2.5.1, LD_LIBRARY_PATH on 8.4.1.5)."""
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    version = re.search(r"\.so\.(\d+(?:\.\d+)*)$", lib)
    if version:
        facts["tensorrt_version"] = version.group(1)
    cause = _(
        "The loader found no {lib}, a library of NVIDIA TensorRT. TensorRT's libraries are "
        "not on the loader's default path: a TensorRT installed from NVIDIA's tar or zip "
        "archive needs its lib folder on LD_LIBRARY_PATH, and pip's tensorrt keeps them in "
        "site-packages/tensorrt_libs. Or the TensorRT installed is another version than "
        "the one the program (or the tensorrt Python package) was built with."
    ).format(lib=lib)
    if version:
        cause += sep() + _(
            "The program asks for the TensorRT {version} library: another TensorRT version "
            "installed does not provide that name."
        ).format(version=version.group(1))
    fix = (
        _(
            "Find it: `find / -name '{lib}*' 2>/dev/null` (and `ldconfig -p | grep "
            "nvinfer`), then put that folder on LD_LIBRARY_PATH, e.g. `export "
            "LD_LIBRARY_PATH=/usr/local/TensorRT-<version>/lib:$LD_LIBRARY_PATH` (or the "
            "tensorrt_libs folder of pip's tensorrt); add the line to ~/.bashrc."
        ).format(lib=lib),
        _(
            "If it is not installed, or only another version is: install the TensorRT "
            "version the program was built for (the number after .so), and keep only one "
            'TensorRT on the path; `python -c "import tensorrt; '
            "print(tensorrt.__version__)\"` shows the Python package's."
        ),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


__all__ = ["FAMILY"]
