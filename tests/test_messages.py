"""The shared wordings (envdoctor/messages.py, explain's CUDA error table) reach both readers:
`check --from`'s signature reader and `explain` recognise each message the same way."""

from __future__ import annotations

import pytest

from envdoctor.collect.readers.signatures import read_signatures
from envdoctor.collect.readers.text import make_document
from envdoctor.explain import explain

# A message as its program prints it -> (the reader's signal, explain's entry).
BOTH_READ = [
    (
        "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).",
        "driver-too-old",
        "driver-too-old",
    ),
    (
        "RuntimeError: Found no NVIDIA driver on your system. Please check that you have an "
        "NVIDIA GPU and installed a driver",
        "no-driver",
        "no-nvidia-driver",
    ),
    (
        "NVIDIA-SMI has failed because it couldn’t communicate with the NVIDIA driver. Make "
        "sure that the latest NVIDIA driver is installed and running.",
        "nvidia-smi-failed",
        "driver-not-loaded",
    ),
    (
        "Failed to initialize NVML: Driver / library version mismatch",
        "driver-library-mismatch",
        "nvml-driver-library-mismatch",
    ),
    (
        "AssertionError: Torch not compiled with CUDA enabled",
        "torch-cpu-only",
        "torch-not-compiled-with-cuda",
    ),
    (
        "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the "
        "current PyTorch installation.\nThe current PyTorch install supports CUDA "
        "capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90.",
        "gpu-arch-warning",
        "gpu-arch-not-in-build",
    ),
    (
        "Found GPU0 Tesla K40c which is of cuda capability 3.5.\n    PyTorch no longer "
        "supports this GPU because it is too old.\n    The minimum cuda capability supported "
        "by this library is 3.7.",
        "gpu-arch-warning",
        "gpu-too-old-for-build",
    ),
    (
        "ERROR: Could not find a version that satisfies the requirement torch==1.4.0 (from "
        "versions: 2.2.0, 2.2.1)\nERROR: No matching distribution found for torch==1.4.0",
        "pip-no-matching-torch",
        "pip-no-matching-torch",
    ),
    (
        "RuntimeError: CUDA error: CUDA driver version is insufficient for CUDA runtime version",
        "driver-too-old",
        "cuda-driver-insufficient",
    ),
    (
        "UserWarning: CUDA initialization: Unexpected error from cudaGetDeviceCount(). Did "
        "you run some cuda functions before calling NumCudaDevices() that might have already "
        "set an error? Error 804: forward compatibility was attempted on non supported HW",
        "cuda-unavailable",
        "cuda-forward-compat-unsupported",
    ),
]


@pytest.mark.parametrize(("text", "signal", "entry"), BOTH_READ)
def test_both_readers_recognise_the_message(text: str, signal: str, entry: str) -> None:
    _obs, sigs = read_signatures(make_document("paste", text))
    assert signal in {s.code for s in sigs}
    assert entry in {e.code for e in explain(text)}


def test_the_reader_takes_a_message_a_terminal_wrapped() -> None:
    # explain flattens the text; the reader lets a line break stand for any space.
    text = "NVIDIA-SMI has failed because\nit couldn't communicate with the NVIDIA driver."
    _obs, sigs = read_signatures(make_document("paste", text))
    assert {s.code for s in sigs} == {"nvidia-smi-failed"}
