"""onnxruntime's TensorRT execution provider, which cannot load TensorRT: the reading of
the onnxruntime-cuda-unavailable entry (families/cudnn.py) for the TensorRT provider."""

from __future__ import annotations

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import _


def onnxruntime_tensorrt(ctx: Context) -> Advice:
    # optimum's GPU guide (843bd5d0): the TensorRT provider needs the CUDA toolkit, cuDNN and
    # TensorRT, found through CUDA_PATH and LD_LIBRARY_PATH.
    cause = _(
        "onnxruntime's TensorRT provider could not be loaded: it needs NVIDIA TensorRT's own "
        "libraries (nvinfer) of the version that onnxruntime release was built with, besides "
        "the CUDA and cuDNN libraries, and they are not installed or not on the library "
        "path. onnxruntime then falls back to the CUDA provider, which still runs on the GPU."
    )
    fix = (
        _(
            "If TensorRT is not needed, leave TensorrtExecutionProvider out of the providers "
            "list (CUDAExecutionProvider first)."
        ),
        _(
            "Otherwise install the TensorRT version the onnxruntime release lists on its "
            "TensorRT Execution Provider page and put its lib folder on PATH (Windows) or "
            "LD_LIBRARY_PATH (Linux)."
        ),
        _(
            "Linux: `export CUDA_PATH=/usr/local/cuda` and `export LD_LIBRARY_PATH="
            "$LD_LIBRARY_PATH:/usr/local/cuda/lib64:/path/to/TensorRT-<version>/lib` (cuDNN's "
            "lib folder too if it is elsewhere), in the shell that starts the program."
        ),
    )
    title = _("onnxruntime's TensorRT provider cannot load TensorRT")
    facts = {"provider": "TensorRT"}
    return Advice(cause, fix, facts, title=title, key="tensorrt", used_local_facts=ctx.known.local)


__all__ = ["onnxruntime_tensorrt"]
