"""The wordings of PyTorch's, NVIDIA's and pip's messages that more than one reader looks for.

`check --from` reads a paste with collect's signature reader (`collect/readers/signatures`)
and `envdoctor explain` with its catalogue (`explain/families/*`) and clues
(`explain/clues`): both recognise the same messages, so each wording is written here once
and a wording added here reaches both commands (and the live readers of the same
messages: nvidia-smi's output, check's rule for a torch warning). CUDA's own error texts
(what cudaGetErrorString prints) have their one table in `explain/cuda_errors`.

Each constant is a regex source read with re.IGNORECASE. A space in it stands for the
whitespace between two words: explain reads a text flattened to single spaces, collect's
reader turns each space into "spaces or a line break" so a message a terminal wrapped still
matches; an optional space is therefore written `\\s?`, never ` ?`, and a space inside a
character class `\\s`. Named groups carry the facts a message states. `*_ANCHOR(S)` are
lower-case substrings every match contains: the cheap test before a regex runs (explain's
keywords, the reader's gates). Pure, standard library only.
"""

from __future__ import annotations

# --- PyTorch about the driver ---------------------------------------------------------------

# c10/cuda: "The NVIDIA driver on your system is too old (found version 11040). Please
# update your GPU driver ...": the number is the newest CUDA the driver supports, in CUDA's
# integer encoding (1000 * major + 10 * minor).
DRIVER_TOO_OLD = r"NVIDIA driver on your system is too old"
DRIVER_TOO_OLD_ANCHOR = "driver on your system is too old"
DRIVER_FOUND_VERSION = r" \(found version (?P<found>\d+)\)"

# torch/cuda (libcuda cannot be loaded): "Found no NVIDIA driver on your system. Please
# check that you have an NVIDIA GPU and installed a driver ...".
NO_DRIVER = r"Found no NVIDIA driver on your system"
NO_DRIVER_ANCHOR = "found no nvidia driver"

# torch/cuda: "Torch not compiled with CUDA enabled" (a CPU-only build asked for CUDA).
NOT_COMPILED_WITH_CUDA = r"Torch not compiled with CUDA enabled"
NOT_COMPILED_WITH_CUDA_ANCHOR = "not compiled with cuda"

# CUDA's cudaErrorInsufficientDriver (35): the runtime a program ships is newer than the
# driver supports. Its row in explain's CUDA error table takes this text from here; check's
# signature reader gates on the anchor without loading that table.
CUDA_INSUFFICIENT_DRIVER = r"CUDA driver version is insufficient for CUDA runtime version"
CUDA_INSUFFICIENT_DRIVER_ANCHOR = "insufficient for cuda runtime"

# --- NVIDIA's tools ---------------------------------------------------------------------------

# nvidia-smi when the kernel module is not loaded. Any apostrophe: pastes carry typographic
# ones (couldn‘t, couldn’t) or none at all.
SMI_NO_DRIVER = r"NVIDIA-SMI has failed because it couldn.?t communicate with the NVIDIA driver"
SMI_NO_DRIVER_ANCHOR = "t communicate with the nvidia driver"

# NVML (nvidia-smi, nvtop, the container toolkit) when the user-space libraries are of
# another version than the loaded kernel module.
NVML_INIT_FAILED = r"Failed to initialize NVML: "
NVML_MISMATCH = r"Driver\s?/\s?library version mismatch"
NVML_MISMATCH_ANCHORS = ("driver/library version mismatch", "driver / library version mismatch")

# --- PyTorch about the GPU's architecture ------------------------------------------------------

# How get_device_name() starts (NVML's names; "Graphics Device" is a GPU NVML has no name
# for): the words before it in a pasted sentence are prose, not the GPU.
DEVICE_NAME_STARTS = ("NVIDIA ", "Tesla ", "Quadro ", "GeForce ", "TITAN ", "Graphics Device")

# torch/cuda's warning for a GPU the build has no code for: "NVIDIA GeForce RTX 5090 with
# CUDA capability sm_120 is not compatible with the current PyTorch installation. The
# current PyTorch install supports CUDA capabilities sm_50 sm_60 ... compute_37."
ARCH_NAME = r"(?:sm|compute)_\d{2,3}[a-z]?"
SM_NOT_COMPATIBLE = r"with CUDA capability (?P<sm>sm_\d{2,3}) is not compatible"
SM_NOT_COMPATIBLE_ANCHOR = "with cuda capability"
SM_CURRENT_INSTALLATION = r"with the current PyTorch installation"
SM_BUILD_SUPPORTS = r"The current PyTorch install supports CUDA capabilities"

# torch/cuda's warning for a GPU older than the build's oldest: "Found GPU0 Tesla K40c which
# is of cuda capability 3.5. PyTorch no longer supports this GPU because it is too old. The
# minimum cuda capability supported by this library is 3.7." (1.x: "... that we support is").
OLD_GPU_FOUND = (
    r"Found GPU\s?(?P<index>\d+) (?P<gpu>.{1,80}?) which is of cuda capability "
    r"(?P<cc>\d{1,2}\.\d)"
)
OLD_GPU_FOUND_ANCHOR = "which is of cuda capability"
OLD_GPU_MINIMUM = (
    r"The minimum cuda capability (?:supported by this library|that we support) is "
    r"(?P<min>\d{1,2}\.\d)"
)

# --- applications ------------------------------------------------------------------------------

# Ultralytics' select_device() when torch cannot use the CUDA device asked for: "Invalid CUDA
# 'device=0' requested. Use 'device=cpu' or pass valid CUDA device(s) ..." (older releases:
# "'--device 0'"). The device follows.
ULTRALYTICS_INVALID_DEVICE = r"Invalid CUDA '(?:--)?device(?:=|\s)"
ULTRALYTICS_INVALID_DEVICE_ANCHOR = "invalid cuda"

# --- pip ---------------------------------------------------------------------------------------

# pip's refusal: "ERROR: Could not find a version that satisfies the requirement torch==1.4
# (from versions: 2.2.0, 2.2.1)" then "ERROR: No matching distribution found for torch==1.4".
# The first letter may be cut off by a copy ("ould not find"). pip 26.0+ says "a final
# version" when only final releases are allowed for the package (pip c50f39a5f).
PIP_NO_VERSION = (
    r"(?<![A-Za-z])[Cc]?ould not find a (?:final )?version that satisfies the requirement "
)
PIP_NO_VERSION_ANCHOR = "satisfies the requirement"
PIP_FROM_VERSIONS = r"\(from versions: "
PIP_NO_MATCHING = r"No matching distribution found for "
PIP_NO_MATCHING_ANCHOR = "no matching distribution found for"


__all__ = [
    "ARCH_NAME",
    "CUDA_INSUFFICIENT_DRIVER",
    "CUDA_INSUFFICIENT_DRIVER_ANCHOR",
    "DEVICE_NAME_STARTS",
    "DRIVER_FOUND_VERSION",
    "DRIVER_TOO_OLD",
    "DRIVER_TOO_OLD_ANCHOR",
    "NOT_COMPILED_WITH_CUDA",
    "NOT_COMPILED_WITH_CUDA_ANCHOR",
    "NO_DRIVER",
    "NO_DRIVER_ANCHOR",
    "NVML_INIT_FAILED",
    "NVML_MISMATCH",
    "NVML_MISMATCH_ANCHORS",
    "OLD_GPU_FOUND",
    "OLD_GPU_FOUND_ANCHOR",
    "OLD_GPU_MINIMUM",
    "PIP_FROM_VERSIONS",
    "PIP_NO_MATCHING",
    "PIP_NO_MATCHING_ANCHOR",
    "PIP_NO_VERSION",
    "PIP_NO_VERSION_ANCHOR",
    "SMI_NO_DRIVER",
    "SMI_NO_DRIVER_ANCHOR",
    "SM_BUILD_SUPPORTS",
    "SM_CURRENT_INSTALLATION",
    "SM_NOT_COMPATIBLE",
    "SM_NOT_COMPATIBLE_ANCHOR",
    "ULTRALYTICS_INVALID_DEVICE",
    "ULTRALYTICS_INVALID_DEVICE_ANCHOR",
]
