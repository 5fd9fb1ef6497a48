"""The same causes in the wordings of other loaders, installers and wrappers.

Each text is the exact wording the emitting software prints (glibc ld.so, macOS dyld,
Windows LoadLibrary, TensorFlow's dso_loader, pip, uv, poetry, conda/mamba, nvcc,
torch.utils.cpp_extension, bitsandbytes, vLLM, transformers, Accelerate, OpenMMLab),
with the values of a real report; a fixture in tests/fixtures/errors proves each entry.
"""

from __future__ import annotations

import pytest

from envdoctor.explain import explain

WORDINGS = [
    # loaders
    (
        "ImportError: /usr/local/lib/python3.10/dist-packages/torch/lib/../../nvidia/cusparse/lib/"
        "libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12",
        "cuda-library-symbol-mismatch",
    ),
    (
        "ImportError: dlopen(/Users/me/venv/lib/python3.9/site-packages/torchaudio/lib/libtorchaudio.so, 6):"
        " Symbol not found: __ZN2at8internal15invoke_parallelExxxRKNSt3__18functionIFvxxEEE",
        "torch-extension-abi-mismatch",
    ),
    (
        "ImportError: dlopen(/Users/me/venv/lib/python3.8/site-packages/numpy/core/"
        "_multiarray_umath.cpython-38-darwin.so, 2): no suitable image found.  Did find:\n\t"
        "/Users/me/venv/lib/python3.8/site-packages/numpy/core/_multiarray_umath.cpython-38-darwin.so:"
        " mach-o, but wrong architecture",
        "binary-wrong-architecture",
    ),
    ("OSError: [WinError 193] %1 is not a valid Win32 application", "windows-dll-load-failed"),
    (
        "OSError: [WinError 127] The specified procedure could not be found",
        "windows-dll-load-failed",
    ),
    (
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic "
        "library 'cudart64_110.dll'; dlerror: cudart64_110.dll not found",
        "cuda-library-missing",
    ),
    (
        "Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open "
        "shared object file: No such file or directory",
        "cudnn-library-missing",
    ),
    (
        "OSError: libgomp.so.1: cannot open shared object file: No such file",
        "shared-library-missing",
    ),
    # installers
    (
        "  × No solution found when resolving dependencies:\n  ╰─▶ Because torch==2.1.0 has no "
        "wheels with a matching Python ABI tag (e.g., `cp313`) and you require torch==2.1.0, we "
        "can conclude that your requirements are unsatisfiable.",
        "pip-no-matching-torch",
    ),
    (
        "  x No solution found when resolving dependencies:\n  `-> Because torch==2.1.1 is unusable "
        "because no wheels are available with a matching platform and you require torch==2.1.1",
        "pip-no-matching-torch",
    ),
    (
        "╰─▶ Because there is no version of torch{platform_machine == 'x86_64'}==2.6.0+cpu and your "
        "project depends on torch{platform_machine == 'x86_64'}==2.6.0+cpu, we can conclude",
        "pip-no-matching-torch",
    ),
    ("Unable to find installation candidates for torch (2.1.0+cu118)", "pip-no-matching-torch"),
    (
        "ERROR: Package 'torch' requires a different Python: 3.7.9 not in '>=3.8.0'",
        "pip-no-matching-torch",
    ),
    (
        "LibMambaUnsatisfiableError: Encountered problems while solving:\n  - nothing provides "
        "__cuda needed by pytorch-cuda-12.1-ha16c6d3_5",
        "conda-solver-conflict",
    ),
    (
        "ResolvePackageNotFound: \n  - pytorch==2.0.1=py3.10_cuda11.8_cudnn8.7.0_0\n  - "
        "pytorch-cuda==11.8=h7e8668a_5",
        "conda-package-not-found",
    ),
    # extension builds
    ("nvcc fatal   : Unsupported gpu architecture 'compute_35'", "nvcc-arch-unsupported"),
    ("/bin/sh: 1: nvcc: not found", "nvcc-missing"),
    (
        "subprocess.CalledProcessError: Command '['where', 'cl']' returned non-zero exit status 1.",
        "msvc-build-tools-missing",
    ),
    ("ModuleNotFoundError: No module named 'flash_attn_2_cuda'", "extension-not-built"),
    ("ModuleNotFoundError: No module named 'vllm._C'", "extension-not-built"),
    # framework wrappers
    ("RuntimeError: No GPU found. A GPU is needed for quantization.", "app-gpu-check-failed"),
    ("ValueError: fp16 mixed precision requires a GPU (not 'mps').", "app-gpu-check-failed"),
    (
        "ImportError: Using the `Trainer` with `PyTorch` requires `accelerate>=0.21.0`: Please run "
        "`pip install transformers[torch]` or `pip install accelerate -U`",
        "accelerate-missing",
    ),
    (
        "RuntimeError: Configured CUDA binary not found at /usr/lib/python3/site-packages/"
        "bitsandbytes/libbitsandbytes_cuda124.so",
        "bitsandbytes-no-gpu",
    ),
    (
        "AttributeError: 'NoneType' object has no attribute 'cadam32bit_grad_fp32'",
        "bitsandbytes-no-gpu",
    ),
]


@pytest.mark.parametrize(("text", "code"), WORDINGS)
def test_wording_is_recognised_as_its_cause(text: str, code: str) -> None:
    results = explain(text)
    assert results, text
    assert results[0].code == code
    assert results[0].kind == "environment"


def test_wrong_architecture_names_the_side_that_is_x86() -> None:
    rosetta = explain(
        "ImportError: dlopen(/x/_C.cpython-310-darwin.so, 0x0002): tried: '/x/_C.cpython-310-"
        "darwin.so' (mach-o file, but is an incompatible architecture (have 'arm64', need 'x86_64'))"
    )[0]
    assert rosetta.facts == {"binary_arch": "arm64", "process_arch": "x86_64"}
    assert "Rosetta" in rosetta.cause


def test_a_dropped_architecture_is_told_apart_from_a_too_new_one() -> None:
    old = explain("nvcc fatal   : Unsupported gpu architecture 'compute_35'")[0]
    assert "last_cuda_for_arch" in old.facts
    new = explain("nvcc fatal   : Unsupported gpu architecture 'compute_120'")[0]
    assert "last_cuda_for_arch" not in new.facts


def test_the_generic_loader_entry_leaves_cuda_and_torch_libraries_to_theirs() -> None:
    for lib in ("libcudart.so.12", "libcuda.so.1", "libtorch_cuda.so", "libnvidia-ml.so.1"):
        codes = [
            e.code for e in explain(f"OSError: {lib}: cannot open shared object file: No such file")
        ]
        assert "shared-library-missing" not in codes, (lib, codes)


def test_conda_without_a_driver_is_not_called_a_conflict_of_pins() -> None:
    found = explain(
        "Encountered problems while solving:\n  - nothing provides __cuda needed by "
        "pytorch-cuda-11.8-h7e8668a_5"
    )[0]
    assert "CONDA_OVERRIDE_CUDA" in " ".join(found.fix)


@pytest.mark.parametrize(
    "text",
    [
        # user code and healthy logs that share words with these entries
        "Successfully installed ninja-1.11.1 accelerate-0.30.1",
        "Requirement already satisfied: torch==2.4.1 in ./venv/lib/python3.10/site-packages",
        "ValueError: mixed precision requires a GPU index to be set",
    ],
)
def test_near_misses_stay_unrecognised(text: str) -> None:
    assert explain(text) == ()


def test_a_missing_pyg_is_not_installed_not_a_pyg_extension_error() -> None:
    # PyG's extension entries stay quiet; the package itself is simply not installed.
    (result,) = explain("ModuleNotFoundError: No module named 'torch_geometric'")
    assert result.code == "package-not-installed"
    assert "-m pip install torch_geometric" in " ".join(result.fix)


def test_vllm_warning_about_its_optional_ops_is_not_an_error() -> None:
    text = (
        "WARNING 11-14 02:19:07 _custom_ops.py:20] Failed to import from vllm._C with "
        "ModuleNotFoundError(\"No module named 'vllm._C'\")"
    )
    assert explain(text) == ()
