"""CTranslate2 (faster-whisper, whisperX, whisper-ctranslate2) loading its CUDA libraries.

CTranslate2 opens cuBLAS itself, by the name of the CUDA major it was built for
(libcublas.so.NN / cublas64_NN.dll; src/cuda/cublas_stub.cc), so torch's copy is not
necessarily the one it needs: the CUDA major of its release decides.
"""

from __future__ import annotations

import re

from envdoctor.explain.decode import library_major
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import CTRANSLATE2_LAST_CUDA11, CTRANSLATE2_LAST_CUDNN8
from envdoctor.i18n import N_, _

FAMILY = Family("ctranslate2")


@FAMILY.entry(
    code="ctranslate2-cuda-library-missing",
    keywords=("is not found or cannot be loaded",),
    title=N_("CTranslate2 cannot load the cuBLAS of the CUDA version it was built for"),
    patterns=(
        # The stubs' own words (cublas_stub.cc, cublaslt_stub.cc), Linux and Windows names.
        rx(
            r"Library (?P<lib>libcublas(?:Lt)?\.so\.\d+|cublas(?:Lt)?64_\d+\.dll) is not found "
            r"or cannot be loaded"
        ),
    ),
    specificity=3,
)
def _advise_ct2_library(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    major = library_major(lib)
    windows = lib.endswith(".dll")
    path_var = "PATH" if windows else "LD_LIBRARY_PATH"
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["ctranslate2_cuda_major"] = major
    cause = _(
        "CTranslate2 (used by faster-whisper and whisperX) loads cuBLAS by the name of the "
        "CUDA major version it was built for, here {lib} (CUDA {major}), and no such library "
        "is on the loader's path: the machine has another CUDA major, or the CUDA {major} "
        "libraries are installed where the loader does not look."
    ).format(lib=lib, major=major or "?")
    if windows:
        # cublas_stub.cc: on Windows it adds %CUDA_PATH%\bin to the DLL search first.
        cause += sep() + _(
            "On Windows it looks in %CUDA_PATH%\\bin and on PATH; a CUDA toolkit of another "
            "major there does not help."
        )
    # faster-whisper's README: the latest ctranslate2 releases need CUDA 12 and cuDNN 9;
    # The releases per CUDA/cuDNN major: steps.CTRANSLATE2_* (faster-whisper's README).
    fix: list[str] = []
    if major == 11:
        fix.append(
            _(
                "This CTranslate2 was built for CUDA 11 (the 3.x releases on PyPI). With CUDA 12 on the "
                "machine, upgrade it: `python -m pip install -U ctranslate2` (current releases "
                "are built for CUDA 12 and cuDNN 9; {cudnn8} is the last for CUDA 12 with cuDNN 8)."
            ).format(cudnn8=CTRANSLATE2_LAST_CUDNN8)
        )
        fix.append(
            _(
                "Or keep it and install the CUDA 11 cuBLAS next to it: `python -m pip install "
                "nvidia-cublas-cu11`, then put its folder (site-packages/nvidia/cublas/{sub}) on "
                "{var}."
            ).format(sub="bin" if windows else "lib", var=path_var)
        )
    else:
        fix.append(
            _(
                "Install the CUDA {major} cuBLAS and cuDNN it needs: `python -m pip install "
                "nvidia-cublas-cu{major} nvidia-cudnn-cu{major}`, then put their folders "
                "(site-packages/nvidia/cublas/{sub}, .../cudnn/{sub}) on {var}, or install "
                "NVIDIA's CUDA {major} toolkit."
            ).format(major=major or 12, sub="bin" if windows else "lib", var=path_var)
        )
        fix.append(
            _(
                "Or, on a machine that has only CUDA 11 libraries, install ctranslate2=={cuda11}, "
                "the release faster-whisper names for CUDA 11 and cuDNN 8."
            ).format(cuda11=CTRANSLATE2_LAST_CUDA11)
        )
    if k.os == "Windows" or lib.lower().endswith(".dll"):
        # Windows torch wheels carry their CUDA DLLs in torch\lib, not as nvidia-* packages.
        fix.append(
            _(
                "Check what is installed: `python -m pip show ctranslate2` and `where "
                "{lib}` (the folders on PATH that hold it; torch's own copies in torch\\lib "
                "are not on PATH)."
            ).format(lib=lib)
        )
    else:
        fix.append(
            _(
                "Check what is installed: `python -m pip show ctranslate2` and `python -m pip "
                "list | grep nvidia` (torch brings its own nvidia-cublas of its CUDA major, "
                '"cu11" or "cu12").'
            )
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


_FELL_BACK = re.compile(r"Falling back to compute_type=(?P<type>\w{1,20})")
_DEVICE = re.compile(r"device=['\"](?P<device>cpu|cuda|auto)['\"]")


@FAMILY.entry(
    code="ctranslate2-compute-type-unsupported",
    keywords=("compute type, but the target device", "falling back to compute_type"),
    title=N_("CTranslate2 cannot run this compute type on this GPU (faster-whisper)"),
    # CTranslate2's check of the requested compute_type against the device.
    patterns=(
        rx(
            r"Requested (?P<type>int8|int8_float16|int8_bfloat16|float16|bfloat16) compute "
            r"type, but the target device or backend do not"
        ),
    ),
    specificity=3,
)
def _advise_compute_type(m: re.Match[str], ctx: Context) -> Advice | None:
    wanted = m.group("type")
    if ctx.near(_FELL_BACK, "falling back to compute_type", before=0) is not None:
        return None  # the application chose another type and went on
    device = ctx.near(_DEVICE, "device=", before=0, reach=20)
    on_cpu = (device is not None and device.group("device") == "cpu") or ctx.has(
        "get_cuda_device_count()"
    )
    cause = _(
        "The program asked CTranslate2 (faster-whisper, WhisperX) for {type} computation, "
        "and this GPU (or the CPU backend) has no fast kernels for it: older GPUs lack "
        "efficient int8 and float16 paths. The installation is fine."
    ).format(type=wanted)
    fix: tuple[str, ...] = (
        _(
            'Ask for a type the device supports: compute_type="float16" on a GPU without '
            'fast int8 (and instead of bfloat16 on GPUs before Ampere), "float32" on one '
            'without fast float16, or "default" to let CTranslate2 choose (the '
            "application's setting, e.g. WHISPER_COMPUTE_TYPE)."
        ),
    )
    if on_cpu:
        fix = (
            _(
                'It runs on the CPU: use compute_type="int8" or "float32" there; float16 '
                'needs a GPU. If a GPU was meant, device="cuda" needs CTranslate2 to see it '
                "(`ctranslate2.get_cuda_device_count()` must not be 0)."
            ),
        )
    return Advice(cause, fix, {"compute_type": wanted}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
