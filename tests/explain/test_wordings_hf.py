"""Environment checks of the Hugging Face libraries, DeepSpeed and flash-attn in their own words.

Each text is the wording the emitting source prints (transformers' configuration_auto,
utils/versions, utils/import_utils, modeling_utils and integrations/accelerate; Accelerate's
Accelerator; diffusers' attention processor; DeepSpeed's op_builder/builder.py; flash-attn's
flash_api.cpp), older releases' wordings included; a fixture in tests/fixtures/errors proves
each entry. The near misses are the same programs' harmless prints and user-code errors.
"""

from __future__ import annotations

import pytest

from envdoctor.explain import explain

WORDINGS = [
    # transformers before the device list (4.3x): the same check in other words.
    (
        "ValueError: FlashAttention2 has been toggled on, but it cannot be used due to the "
        "following error: Flash Attention 2 is not available on CPU. Please make sure torch "
        "can access a CUDA device.",
        "app-gpu-check-failed",
    ),
    (
        "ValueError: The checkpoint you are trying to load has model type `gemma3` but "
        "Transformers does not recognize",
        "transformers-too-old-for-model",
    ),
    (
        "ImportError: huggingface-hub>=0.30.0,<1.0 is required for a normal functioning of "
        "this module, but found huggingface-hub==1.0.1.\nTry: `pip install transformers -U` "
        "or `pip install -e '.[dev]'` if you're working with git main",
        "package-version-required",
    ),
    (
        "ImportError: accelerate>=0.26.0 is required for a normal functioning of this module, "
        "but found accelerate==0.21.0.",
        "package-version-required",
    ),
    (
        "Disabling PyTorch because PyTorch >= 2.1 is required but found 2.0.1",
        "transformers-needs-newer-torch",
    ),
    (
        "RuntimeError: Unable to JIT load the fused_adam op due to ninja not being installed.",
        "ninja-missing",
    ),
    ("RuntimeError: FlashAttention only supports Ampere GPUs or newer.", "gpu-too-old-for-feature"),
]


@pytest.mark.parametrize(("text", "code"), WORDINGS)
def test_wording_is_recognised_as_its_cause(text: str, code: str) -> None:
    results = explain(text)
    assert results, text
    assert results[0].code == code
    assert results[0].kind == "environment"


@pytest.mark.parametrize(
    "text",
    [
        # DeepSpeed's prints when it accepts the pair: no error.
        "Installed CUDA version 11.7 does not match the version torch was compiled with 11.8 "
        "but since the APIs are compatible, accepting this combination",
        " [WARNING]  DeepSpeed Op Builder: Installed CUDA version 12.4 does not match the "
        "version torch was compiled with 12.1.Detected `DS_SKIP_CUDA_CHECK=1`: Allowing this "
        "combination of CUDA, but it may result in unexpected behavior.",
        # flash-attn's checks of the tensors the code passes: user code.
        "RuntimeError: FlashAttention only support fp16 and bf16 data type",
        "RuntimeError: FlashAttention forward only supports head dimension at most 256",
        # healthy logs
        "Successfully installed transformers-4.57.1 tokenizers-0.22.1",
        "model_type: qwen3, architectures: ['Qwen3ForCausalLM']",
    ],
)
def test_near_misses_stay_unrecognised(text: str) -> None:
    assert explain(text) == ()


def test_deepspeed_same_major_mismatch_is_not_called_a_major_one() -> None:
    found = explain(
        ">- DeepSpeed Op Builder: Installed CUDA version 12.9 does not match the version torch "
        "was compiled with 12.8, unable to compile cuda/cpp extensions without a matching cuda "
        "version."
    )[0]
    assert found.code == "cuda-version-mismatch-build"
    assert "major" not in found.cause
    assert any("DS_SKIP_CUDA_CHECK=1" in step for step in found.fix)


def test_a_dependency_range_is_installed_as_written() -> None:
    found = explain(
        "ImportError: tokenizers>=0.11.1,!=0.11.3,<0.14 is required for a normal functioning of "
        "this module, but found tokenizers==0.14.1."
    )[0]
    assert any('pip install "tokenizers>=0.11.1,!=0.11.3,<0.14"' in step for step in found.fix)


def test_an_unknown_model_type_is_fixed_by_transformers_not_torch() -> None:
    found = explain(
        "ValueError: The checkpoint you are trying to load has model type `qwen3` but "
        "Transformers does not recognize this architecture."
    )[0]
    assert found.facts == {"model_type": "qwen3"}
    assert not any("torch" in step.split("transformers")[0] for step in found.fix[:1])
    assert "pip install -U transformers" in found.fix[0]
