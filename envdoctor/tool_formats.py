"""How tools print environment facts: nvidia-smi's header, its list of GPUs and torch's
collect_env report.

Pure text formats, read by two sides: collect's readers of pasted text (the nvidia-smi
table and `-L` list in `collect/readers/tables`, the collect_env layout in
`collect/collect_env_report` and its facts in `collect/collect_env_facts`) and explain's
clues (`explain/clues`), which look for the same fields in a flattened paste. Each format
is written down here once; a reader that needs a stricter or a looser form builds it from
these pieces. Standard library only, beside `envdoctor/values.py` and `envdoctor/messages.py`.
"""

from __future__ import annotations

import re

from envdoctor.messages import DEVICE_NAME_STARTS

# The shapes of the two versions nvidia-smi's header prints: the driver ("535.104.05",
# "528.33") and the newest CUDA that driver supports ("12.2").
DRIVER_NUMBER = r"\d{3}\.\d+(?:\.\d+)?"
CUDA_NUMBER = r"\d{1,2}\.\d{1,2}"

# nvidia-smi's header line, as a table reader sees it:
# "| NVIDIA-SMI 535.54.03    Driver Version: 535.54.03    CUDA Version: 12.2 |"
# (older drivers have no CUDA Version; some print N/A).
SMI_HEADER = re.compile(
    rf"NVIDIA-SMI\s+(?P<smi>{DRIVER_NUMBER})\s*(?:\|\s*)?"
    rf"Driver Version:\s*(?P<driver>{DRIVER_NUMBER})\s*(?:\|\s*)?"
    rf"(?:CUDA Version:\s*(?P<cuda>{CUDA_NUMBER}|N/A))?"
)

# Label printed by collect_env -> the field it states. Labels are matched exactly.
COLLECT_ENV_LABELS: dict[str, str] = {
    "PyTorch version": "torch_version",
    "Is debug build": "debug_build",
    "CUDA used to build PyTorch": "cuda_build",
    "ROCM used to build PyTorch": "rocm_build",
    "OS": "os",
    "GCC version": "gcc",
    "Clang version": "clang",
    "CMake version": "cmake",
    "Libc version": "libc",
    "Python version": "python_version",
    "Python platform": "python_platform",
    "Is CUDA available": "cuda_available",
    "CUDA runtime version": "cuda_runtime",
    "CUDA_MODULE_LOADING set to": "cuda_module_loading",
    "GPU models and configuration": "gpu_models",
    "Nvidia driver version": "driver",
    "cuDNN version": "cudnn",
    "Is XPU available": "xpu_available",
    "XPU used to build PyTorch": "xpu_build",
    "Intel GPU driver version": "intel_gpu_driver",
    "Intel GPU models onboard": "intel_gpu_onboard",
    "Intel GPU models detected": "intel_gpu_detected",
    "HIP runtime version": "hip_runtime",
    "MIOpen runtime version": "miopen_runtime",
    "Is XNNPACK available": "xnnpack",
    "Caching allocator config": "caching_allocator",
    "CPU": "cpu",
    "Versions of relevant libraries": "libraries",
}


def collect_env_label(field: str) -> str:
    """The label collect_env prints for `field` ("cuda_build" -> "CUDA used to build PyTorch")."""
    return next(label for label, key in COLLECT_ENV_LABELS.items() if key == field)


def collect_env_field(field: str, value: str) -> re.Pattern[str]:
    """`field`'s line anywhere in a text, `value` (a pattern) its one group; the space that
    vLLM's and SGLang's copies pad the label with allowed before the colon."""
    return re.compile(re.escape(collect_env_label(field)) + r"\s*:\s*(" + value + ")")


# The driver's version wherever a paste states it: nvidia-smi's header ("Driver Version:"),
# collect_env's line ("Nvidia driver version:"), or a hand-written one.
DRIVER_VERSION_FIELD = re.compile(
    rf"(?:Driver Version|{re.escape(collect_env_label('driver'))}|driver version)\s*:\s*"
    rf"({DRIVER_NUMBER})",
    re.IGNORECASE,
)
# The header's CUDA version on its own (a header cut in pieces, re-typed, or wrapped).
SMI_CUDA_FIELD = re.compile(rf"CUDA Version\s*:\s*({CUDA_NUMBER})")


# A GPU's name as NVML gives it (nvidia-smi's table and list, torch's get_device_name)
# begins with one of these words: "NVIDIA GeForce RTX 3090", "Tesla T4", "TITAN Xp",
# "Graphics Device" (not "NVIDIA-SMI"). A reader of free text requires it; a reader of a labelled field need not
# (old drivers print a bare "A100-SXM4-40GB").
GPU_NAME_START = (
    "(?:" + "|".join(re.escape(start.strip()) for start in DEVICE_NAME_STARTS) + r")(?![\w-])"
)
# The start of one entry of nvidia-smi's list, without groups: where the next entry begins.
GPU_LIST_ENTRY = r"GPU\s+\d{1,2}:"
# The UUID `nvidia-smi -L` prints after the name ("(UUID: GPU-5d07f495-51f1-...)"),
# whatever a paste's redaction put inside the brackets.
_GPU_UUID = r"\s+\(UUID:\s*(?P<uuid>[^)]*?)\s*\)"


def gpu_list_entry(name: str = r".+?", *, uuid: bool | None = None) -> str:
    """One GPU of `nvidia-smi -L` ("GPU 0: NVIDIA GeForce RTX 3090 (UUID: GPU-...)"), which
    collect_env's "GPU models and configuration" repeats with the UUID cut out; groups
    `index`, `name` (the pattern `name`) and, unless `uuid` is False, `uuid`.

    `uuid`: True, the UUID must follow (a list as nvidia-smi prints it); None, it may; False,
    the pattern ends with the name and the caller says what may follow it. No anchors.
    """
    entry = r"GPU\s+(?P<index>\d{1,2}):\s*(?P<name>" + name + ")"
    if uuid is None:
        return entry + "(?:" + _GPU_UUID + ")?"
    return entry + _GPU_UUID if uuid else entry


__all__ = [
    "COLLECT_ENV_LABELS",
    "CUDA_NUMBER",
    "DRIVER_NUMBER",
    "DRIVER_VERSION_FIELD",
    "GPU_LIST_ENTRY",
    "GPU_NAME_START",
    "SMI_CUDA_FIELD",
    "SMI_HEADER",
    "collect_env_field",
    "collect_env_label",
    "gpu_list_entry",
]
