"""The CUDA error table: every spelling of the CUDA errors explain knows a cause for.

One row per error: the cudaError_t name, the CUresult name, the numbers (the runtime's
since CUDA 10.1, which equal the driver's, then the runtime's older ones: until CUDA 10.0
cudaErrorNoDevice was 38, cudaErrorInvalidDevice 10, cudaErrorUnknown 30,
cudaErrorNoKernelImageForDevice 48, cudaErrorInvalidDeviceFunction 8) and the texts of
cudaGetErrorString / cuGetErrorString (older wordings too). Sources: NVIDIA's CUDA
Runtime API "Data types" (enum cudaError) and Driver API "Data types" (enum
cudaError_enum) references, and the headers driver_types.h / cuda.h of CUDA 9.x-13.x.

Programs print the same error in many wrappers: PyTorch 2.x "CUDA error: <text>", PyTorch
1.x "cuda runtime error (N) : <text>" and "THCudaCheck FAIL ... error=N : <text>",
glog/Caffe "Check failed: error == cudaSuccess (N vs. 0)", llama.cpp and ONNX Runtime
"CUDA error N" / "CUDA failure N: <text>", CuPy "cudaErrorX: <text>", numba "[N] Call to
cuInit results in CUDA_ERROR_X", TensorFlow/JAX "failed call to cuInit: CUDA_ERROR_X" or
"UNKNOWN ERROR (N)", TensorRT "CUDA initialization failure with error: N". `patterns`
builds, for the catalogue entry that owns a row, one regex per form, so every emitter's
form of a known error reaches the same advice; `row_of` tells which row matched.

Only errors of the environment or of one run are here: the texts of a kernel's own fault
(illegal address, device-side assert, launch failure) keep their code entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from envdoctor import messages as msg
from envdoctor.explain.spec import rx


@dataclass(frozen=True)
class CudaError:
    runtime: str  # cudaError_t name
    driver: str | None  # CUresult name (or the spelling programs print for it)
    numbers: tuple[int, ...]  # current number first, then the pre-CUDA-10.1 runtime ones
    texts: tuple[str, ...]  # cudaGetErrorString / cuGetErrorString, old wordings too
    entry: str  # the catalogue entry whose patterns carry the row
    code: str  # the explain code reported (an entry's own code, or its sub-case)
    text_alone: bool = True  # the text names the error without a wrapper around it
    # "any": every wrapper; "startup": only where CUDA starts (cuInit, cudaGetDeviceCount,
    # TensorRT's init): elsewhere the same number/text has other causes.
    wrappers: str = "any"
    at_startup: bool = True  # a start-up failure with this number means this cause

    @property
    def number(self) -> int:
        return self.numbers[0]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.runtime, self.driver) if self.driver else (self.runtime,)


ERRORS: tuple[CudaError, ...] = (
    CudaError(
        "cudaErrorInsufficientDriver",
        "CUDA_ERROR_INSUFFICIENT_DRIVER",
        (35,),
        # The runtime API's description of the error, which Paddle prints as its advice.
        (
            msg.CUDA_INSUFFICIENT_DRIVER,
            "installed NVIDIA CUDA driver is older than the CUDA runtime library",
        ),
        "cuda-driver-insufficient",
        "cuda-driver-insufficient",
    ),
    CudaError(
        "cudaErrorCallRequiresNewerDriver",
        None,
        (36,),
        ("API call is not supported in the installed CUDA driver",),
        "cuda-driver-insufficient",
        "cuda-call-requires-newer-driver",
    ),
    CudaError(
        "cudaErrorStubLibrary",
        "CUDA_ERROR_STUB_LIBRARY",
        (34,),
        ("CUDA driver is a stub library",),
        "cuda-stub-library",
        "cuda-stub-library",
    ),
    CudaError(
        "cudaErrorNoDevice",
        "CUDA_ERROR_NO_DEVICE",
        (100, 38),
        ("no CUDA-capable device is detected",),
        "no-cuda-device",
        "no-cuda-device",
    ),
    CudaError(
        "cudaErrorInvalidDevice",
        "CUDA_ERROR_INVALID_DEVICE",
        (101, 10),
        ("invalid device ordinal",),
        "cuda-invalid-device-ordinal",
        "cuda-invalid-device-ordinal",
    ),
    CudaError(
        "cudaErrorDevicesUnavailable",
        "CUDA_ERROR_DEVICE_UNAVAILABLE",
        (46,),
        (
            "CUDA-capable device(s) is/are busy or unavailable",
            "all CUDA-capable devices are busy or unavailable",
        ),
        "cuda-devices-unavailable",
        "cuda-devices-unavailable",
    ),
    CudaError(
        "cudaErrorDeviceAlreadyInUse",
        "CUDA_ERROR_CONTEXT_ALREADY_IN_USE",
        (216, 54),
        ("exclusive-thread device already in use by a different thread",),
        "cuda-devices-unavailable",
        "cuda-devices-unavailable",
    ),
    CudaError(
        "cudaErrorNoKernelImageForDevice",
        "CUDA_ERROR_NO_BINARY_FOR_GPU",
        (209, 48),
        ("no kernel image is available for execution on the device",),
        "no-kernel-image",
        "no-kernel-image",
        at_startup=False,
    ),
    # The module's code is not for this GPU's architecture (or is damaged): in practice a
    # binary built for other GPUs, the same cause as no kernel image.
    CudaError(
        "cudaErrorInvalidKernelImage",
        "CUDA_ERROR_INVALID_IMAGE",
        (200, 47),
        ("device kernel image is invalid",),
        "no-kernel-image",
        "no-kernel-image",
        at_startup=False,
    ),
    CudaError(
        "cudaErrorInvalidDeviceFunction",
        None,
        (98, 8),
        ("invalid device function",),
        "no-kernel-image",
        "no-kernel-image",
        text_alone=False,  # ROCm prints "HIP error: invalid device function" too
        at_startup=False,
    ),
    CudaError(
        "cudaErrorUnsupportedPtxVersion",
        "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
        (222,),
        ("the provided PTX was compiled with an unsupported toolchain",),
        "ptx-unsupported-toolchain",
        "ptx-unsupported-toolchain",
    ),
    CudaError(
        "cudaErrorSystemNotReady",
        "CUDA_ERROR_SYSTEM_NOT_READY",
        (802,),
        ("system not yet initialized", "system not yet initialised"),
        "cuda-init-failed",
        "cuda-fabric-manager-not-running",
    ),
    CudaError(
        "cudaErrorSystemDriverMismatch",
        "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH",
        (803,),
        ("system has unsupported display driver / cuda driver combination",),
        "cuda-init-failed",
        "cuda-driver-combination-unsupported",
    ),
    CudaError(
        "cudaErrorCompatNotSupportedOnDevice",
        "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE",
        (804,),
        ("forward compatibility was attempted on non supported HW",),
        "cuda-init-failed",
        "cuda-forward-compat-unsupported",
    ),
    CudaError(
        "cudaErrorInitializationError",
        "CUDA_ERROR_NOT_INITIALIZED",
        (3,),
        ("initialization error",),
        "cuda-init-failed",
        "cuda-init-failed",
        text_alone=False,
        wrappers="startup",
    ),
    CudaError(
        # At start-up: the libcuda loaded lacks a function the runtime asks for (Docker
        # Desktop on WSL 2 with the Windows 555 drivers, a foreign libcuda copy).
        "cudaErrorSymbolNotFound",
        "CUDA_ERROR_NOT_FOUND",
        (500,),
        ("named symbol not found",),
        "cuda-init-failed",
        "cuda-init-failed",
        text_alone=False,
        wrappers="startup",
    ),
    CudaError(
        "cudaErrorSharedObjectInitFailed",
        "CUDA_ERROR_SHARED_OBJECT_INIT_FAILED",
        (303,),
        ("shared object initialization failed",),
        "cuda-init-failed",
        "cuda-init-failed",
        text_alone=False,
        wrappers="startup",
    ),
    CudaError(
        "cudaErrorOperatingSystem",
        "CUDA_ERROR_OPERATING_SYSTEM",
        (304,),
        ("OS call failed or operation not supported on this OS",),
        "cuda-init-failed",
        "cuda-init-failed",
        text_alone=False,
        wrappers="startup",
    ),
    CudaError(
        "cudaErrorUnknown",
        "CUDA_ERROR_UNKNOWN",
        (999, 30),
        ("unknown error",),
        "cuda-unknown-error",
        "cuda-unknown-error",
        text_alone=False,
    ),
    CudaError(
        "cudaErrorMemoryAllocation",
        "CUDA_ERROR_OUT_OF_MEMORY",
        (2,),
        ("out of memory",),
        "cuda-out-of-memory",
        "cuda-out-of-memory",
        text_alone=False,
        at_startup=False,  # cudaGetDeviceCount failing with 2 is a failed start (WSL)
    ),
    # The display driver's watchdog (Windows TDR, an X server's timeout) stopped a kernel.
    CudaError(
        "cudaErrorLaunchTimeout",
        "CUDA_ERROR_LAUNCH_TIMEOUT",
        (702, 6),
        ("the launch timed out and was terminated",),
        "gpu-watchdog-timeout",
        "gpu-watchdog-timeout",
        at_startup=False,
    ),
    CudaError(
        "cudaErrorECCUncorrectable",
        "CUDA_ERROR_ECC_UNCORRECTABLE",
        (214, 39),
        ("uncorrectable ECC error encountered",),
        "gpu-ecc-error",
        "gpu-ecc-error",
        at_startup=False,
    ),
)

# Wrappers that put a number in front of (or instead of) the text.
_CALL_NUMBER = (
    r"(?:cuda runtime error \(|THCudaCheck FAIL file=\S{1,300} line=\d+ error=|"
    # Paddle: "Cuda error(35), CUDA driver version is insufficient ..." (no space).
    r"error == cudaSuccess \(|CUDA (?:failure|error)(?: \(?|\()|CUDA Runtime Error \(|"
    # dlib's CHECK_CUDA: "Error while calling cudaGetDevice(...) in file F:N. code: 999,
    # reason: unknown error".
    r"Error while calling cu\w{1,40}\(.{0,300}?\. code: )"
)
_STARTUP_NUMBER = (
    r"(?:cudaGetDeviceCount\(\).{0,200}?Error |CUDA initiali[sz]ation failure with "
    r"error:? |failed call to cuInit: UNKNOWN ERROR \(|Call to cuInit results in \w+ \(|"
    # Ollama's gpu.go: "cuda driver library init failure: 3", "nvcuda init failure: 999".
    r"(?:cuda driver library|nvcuda) init failure: |"
    # The CUDA samples' deviceQuery ("cudaGetDeviceCount returned 30 -> unknown error") and
    # loaders that log the runtime's start ("cudaGetDeviceCount error: 999").
    r"cudaGetDeviceCount (?:returned|error:) )"
)
# Wrappers that put the text after a prefix.
_CALL_TEXT = r"(?:CUDA error: |Cuda Runtime \(|CUDA failure \d+: |\(\d+ vs\. 0\) {0,2})"
_STARTUP_TEXT = (
    r"(?:failed call to cuInit: |cuInit failed: |failed to initiali[sz]e CUDA: |"
    r"Call to cuInit results in |cudaGetDeviceCount\(\).{0,200}?Error \d+: )"
    r"(?:CUDA_ERROR_\w+: )?"
)
_STARTUP_NAME = r"(?:cuInit\W{1,20}?(?:results in )?)"
_NOT_ENUM = r"(?!\s{0,8}=\s{0,8}-?\d)"

_ANCHORS_CALL = (
    "error while calling cu",
    "cuda runtime error",
    "thcudacheck",
    "vs. 0)",
    "cuda failure",
    "cuda error",
    "cuda runtime",
)
_ANCHORS_STARTUP = (
    "failed to initialize cuda",  # ggml / llama.cpp / Ollama: "ggml_cuda_init: failed to ..."
    "failed to initialise cuda",
    "cudagetdevicecount",
    "initialization failure",
    "initialisation failure",
    "cuinit",
    "init failure: ",
)


def _alternation(items: list[str]) -> str:
    # Longest first, so a text is never cut at a shorter one's end.
    return "|".join(
        re.escape(i).replace(r"\ ", " ") for i in sorted(set(items), key=len, reverse=True)
    )


def _numbers(rows: list[CudaError]) -> str:
    return "|".join(str(n) for n in sorted({n for r in rows for n in r.numbers}, reverse=True))


def rows_of(entry: str) -> tuple[CudaError, ...]:
    return tuple(r for r in ERRORS if r.entry == entry)


@cache
def patterns(entry: str) -> tuple[re.Pattern[str], ...]:
    """Every form of the entry's errors: names, texts, numbers, each in its wrappers."""
    rows = list(rows_of(entry))
    anywhere = [r for r in rows if r.wrappers == "any"]
    startup = [r for r in rows if r.at_startup]
    found: list[str] = []
    if anywhere:
        names = _alternation([n for r in anywhere for n in r.names])
        # Not a header's or a listing's enum line: "cudaErrorLaunchTimeout = 702,".
        found.append(rf"\b(?P<name>{names})\b{_NOT_ENUM}")
    alone = [t for r in rows if r.text_alone for t in r.texts]
    if alone:
        found.append(rf"(?P<text>{_alternation(alone)})")
    wrapped = [t for r in anywhere if not r.text_alone for t in r.texts]
    if wrapped:
        found.append(rf"{_CALL_TEXT}(?P<text>{_alternation(wrapped)})")
    if anywhere:
        found.append(rf"{_CALL_NUMBER}(?P<num>{_numbers(anywhere)})\b(?![.,]\d)")
    if startup:
        found.append(rf"{_STARTUP_NUMBER}(?P<num>{_numbers(startup)})\b")
        found.append(rf"\[(?P<num>{_numbers(startup)})\] ?Call to cuInit")
        names = _alternation([n for r in startup for n in r.names])
        found.append(rf"{_STARTUP_NAME}(?P<name>{names})\b{_NOT_ENUM}")
        texts = _alternation([t for r in startup for t in r.texts])
        # Not TensorFlow's "UNKNOWN ERROR (303)": its words for a number it has no name for.
        found.append(rf"{_STARTUP_TEXT}(?P<text>{texts})(?! ?\(-?\d)")
    return tuple(rx(p) for p in found)


@cache
def keywords(entry: str) -> tuple[str, ...]:
    """Lower-case substrings one of which is in every text the entry's patterns match."""
    rows = rows_of(entry)
    words: set[str] = set()
    for row in rows:
        words.update(n.lower() for n in row.names)
        if row.text_alone:
            words.update(t.lower() for t in row.texts)
    if any(r.wrappers == "any" for r in rows):
        words.update(_ANCHORS_CALL)
    if any(r.at_startup for r in rows):
        words.update(_ANCHORS_STARTUP)
    return tuple(sorted(words))


def owned_at_startup(entry: str) -> str:
    """The start-up numbers other entries explain: the generic entry leaves them alone."""
    return _numbers([r for r in ERRORS if r.at_startup and r.entry != entry])


def owned_names(entry: str) -> str:
    return _alternation([n for r in ERRORS if r.at_startup and r.entry != entry for n in r.names])


def by_number(number: int) -> CudaError | None:
    return next((r for r in ERRORS if number in r.numbers), None)


def row_of(m: re.Match[str], entry: str | None = None) -> CudaError | None:
    """The row the match names: by its name, its text or its number."""
    groups = m.groupdict()
    rows = rows_of(entry) if entry else ERRORS
    name, text, num = groups.get("name"), groups.get("text"), groups.get("num")
    if name:
        key = name.lower()
        return next((r for r in rows if key in (n.lower() for n in r.names)), None)
    if text:
        key = text.lower()
        return next((r for r in rows if key in (t.lower() for t in r.texts)), None)
    if num and num.lstrip("-").isdigit():
        return next((r for r in rows if int(num) in r.numbers), None)
    return None


def error_facts(row: CudaError | None) -> dict[str, object]:
    """The facts every explanation of a table error carries."""
    if row is None:
        return {}
    return {"cuda_error": row.number, "cuda_error_name": row.runtime}


__all__ = [
    "ERRORS",
    "CudaError",
    "by_number",
    "error_facts",
    "keywords",
    "owned_at_startup",
    "owned_names",
    "patterns",
    "row_of",
    "rows_of",
]
