"""A library's own words about a package it needs (families/library_requirements.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _codes(text: str) -> list[str]:
    return [r.code for r in explain(text)]


@pytest.mark.parametrize(
    ("text", "package", "minimum"),
    [
        ("ValueError: TP requires transformers >= 4.52.0", "transformers", "4.52.0"),
        ("ImportError: requires the peft version>=0.10", "peft", "0.10"),
        ("RuntimeError: this feature requires diffusers 0.30 or newer", "diffusers", "0.30"),
        ("ImportError: DeepSpeed version must be >= 0.14.0 to use MOE", "deepspeed", "0.14.0"),
        ("ValueError: `sentence_transformers` version should be at least 3.0", "sentence-transformers", "3.0"),
    ],
)  # fmt: skip
def test_a_library_that_asks_for_a_newer_package(text: str, package: str, minimum: str) -> None:
    (first, *_rest) = explain(text)
    assert first.code == "library-requires-newer-package"
    assert first.facts == {"package": package, "minimum": minimum}
    assert f'"{package}>={minimum}"' in first.fix[0]


@pytest.mark.parametrize(
    "text",
    [
        # The torch itself: python_env's entry, with the install command for this machine.
        "ImportError: FSDP2 requires PyTorch >= 2.6.0",
        "ValueError: fp16 mixed precision with MPS device requires a Pytorch >= 2.5.0",
    ],
)
def test_torch_goes_to_the_torch_entry(text: str) -> None:
    assert _codes(text)[0] == "torch-too-old-for-code"


@pytest.mark.parametrize(
    "text",
    [
        # A range with an upper bound in a report that goes on: the torch is too new there.
        " [WARNING]  sparse_attn requires a torch version >= 1.5 and < 2.0 but detected 2.0",
        "[WARNING] this op requires transformers >= 4.0, < 4.30 but detected 4.40",
        # Not pip packages: the toolkit, the driver, Python, compilers, the OS.
        "RuntimeError: FlashAttention requires CUDA >= 11.6",
        "error: this build requires gcc >= 9",
        "RuntimeError: requires Python >= 3.9",
        "requires macOS 12.3 or later",
        "RuntimeError: requires a GPU with compute capability 7.0 or higher",
    ],
)
def test_not_a_python_package_too_old(text: str) -> None:
    assert "library-requires-newer-package" not in _codes(text)
    assert "torch-too-old-for-code" not in _codes(text)


@pytest.mark.parametrize(
    ("text", "package", "command"),
    [
        (
            "ImportError: DeepSpeed is not installed => run `pip install deepspeed` or build it",
            "deepspeed",
            "pip install deepspeed",
        ),
        ("ImportError: Please install tiktoken to use this tokenizer.", "tiktoken", None),
        (
            "ValueError: The `einops` package is required but not installed. pip install einops",
            "einops",
            "pip install einops",
        ),
        ("ImportError: This pipeline requires sentencepiece to be installed.", "sentencepiece", None),
        (
            "ImportError: LlamaTokenizer requires the SentencePiece library but it was not found in your environment.",
            "sentencepiece",
            None,
        ),
    ],
)  # fmt: skip
def test_a_library_that_asks_for_a_missing_package(
    text: str, package: str, command: str | None
) -> None:
    (first, *_rest) = explain(text)
    assert first.code == "library-requires-missing-package"
    assert first.facts == {"package": package}
    # The message's own command when it gives one, else pip into the failing interpreter.
    assert (command or f"-m pip install {package}") in first.fix[1]
    # A package that is there but fails to import is reported as missing by many libraries.
    assert f"import {package.replace('-', '_')}" in first.fix[2]


@pytest.mark.parametrize(
    "text",
    [
        # Programs and system packages: pip is not their fix.
        "RuntimeError: ffmpeg is not installed",
        "Microsoft Visual C++ Redistributable is not installed, this may lead to the DLL load failure.",
        "Please install the linux-headers-4.4.0-19041-Microsoft package,",
        "Error: The NVIDIA driver is not installed",
        "CUDA is not installed. Please install the CUDA toolkit.",
        # A notice that runs on, not the failure.
        "Xformers is not installed!",
        # The pronoun, not a package.
        "ImportError: Could not import vllm python package. Please install it with `pip install vllm`.",
    ],
)  # fmt: skip
def test_not_a_missing_python_package(text: str) -> None:
    assert "library-requires-missing-package" not in _codes(text)


def test_the_specific_entry_wins_over_the_general_rule() -> None:
    text = (
        "ImportError: Using `low_cpu_mem_usage=True` or a `device_map` requires Accelerate: "
        "`pip install 'accelerate>=0.26.0'`"
    )
    codes = _codes(text)
    assert codes[0] == "accelerate-missing"
    assert "library-requires-missing-package" not in codes


def test_an_unknown_name_on_an_error_line_gets_both_readings() -> None:
    # Megatron-LM's docs quote 'Error: "griffe is not installed"' (its scripts print
    # "Error: requests is not installed"): a package or a program, the words do not say.
    path = "errors_blind128/env__nomodule_megatron1.txt"
    (result,) = explain((FIXTURES / path).read_text(encoding="utf-8"))
    assert result.code == "library-requires-missing-package"
    assert result.facts == {"package": "griffe"}
    assert "-m pip install griffe" in result.fix[0]
    assert "system's package manager" in result.fix[1]
    # Not a notice that runs on, nor a sentence's noun.
    assert "library-requires-missing-package" not in _codes("INFO: sox is not installed")
    assert not explain("Error: the model is not installed")


def test_the_error_words_must_be_near_the_notice_not_anywhere_in_the_log() -> None:
    # The engine's text is one line: "the notice's own line" is the words around it, so an
    # error far away in a long log does not turn a notice that runs on into the failure.
    log = "Xformers is not installed!\n" + "step 1 loss 0.5\n" * 2000 + "RuntimeError: boom\n"
    assert "library-requires-missing-package" not in _codes(log)
    near = "RuntimeError: Error: xformers is not installed\n" + "step 1 loss 0.5\n" * 2000
    assert "library-requires-missing-package" in _codes(near)


def test_the_terse_pkg_at_least_version_required_form() -> None:
    text = (FIXTURES / "errors_blind135/env__pkgversion_minicpm1.txt").read_text()
    (result,) = explain(text)
    assert result.code == "library-requires-newer-package"
    assert result.facts["minimum"] == "4.55"
    assert "virtual environment" in result.fix[-1]


def test_a_library_refusing_a_too_new_package_pins_it_below() -> None:
    text = (FIXTURES / "errors_blind135/env__pkgversion_minicpm4.txt").read_text()
    (result,) = explain(text)
    assert result.code == "library-requires-newer-package"
    assert result.facts["below"] == "5.0.0"
    assert '"transformers<5.0.0"' in result.fix[0]
    # unsloth's full message names the release to go back to.
    (result,) = explain(
        "RuntimeError: Unsloth: vLLM with version 0.10.1 does not yet support "
        "transformers>=5.0.0. Please downgrade to transformers==4.57.3 via pip install "
        '--force-reinstall "transformers==4.57.3".'
    )
    assert result.facts["pin"] == "4.57.3"


@pytest.mark.parametrize(
    "text",
    [
        # Settings, programs and GPU generations are not pip packages (a review's cases).
        "ValueError: this layer requires num_layers > 0",
        "ValueError: model requires max_position_embeddings >= 4096",
        "RuntimeError: requires rustc 1.70 or newer",
        "RuntimeError: this kernel requires Hopper >= 9.0",
        "ImportError raised by the audio module. Please install ffmpeg to read mp3 files.",
        "ImportError: DLL load failed while importing x. Please install Visual C++ Redistributable",
        # A notice that the run goes on without it.
        "WARNING:root:apex is not installed, please install it for faster training. Falling "
        "back to the PyTorch implementation.",
    ],
)  # fmt: skip
def test_no_pip_advice_for_settings_programs_or_notices(text: str) -> None:
    codes = _codes(text)
    assert "library-requires-newer-package" not in codes
    assert "library-requires-missing-package" not in codes


def test_an_unknown_name_gets_both_readings_not_a_pip_command_alone() -> None:
    (first, *_rest) = explain("RuntimeError: requires foobarlib >= 2.0")
    assert first.code == "library-requires-newer-package"
    assert "If foobarlib is a Python package" in first.fix[0]
    assert "program or system library" in first.fix[1]


def test_the_messages_own_command_stops_where_the_prose_goes_on() -> None:
    (first, *_rest) = explain(
        "ImportError: Please install sentencepiece with pip install sentencepiece and then "
        "restart your program. Traceback (most recent call last): File x.py"
    )
    assert first.code == "library-requires-missing-package"
    assert "`pip install sentencepiece`" in first.fix[1]


def test_pips_conflict_line_is_pips_answer_alone() -> None:
    codes = _codes(
        "accelerate 0.20.0 requires huggingface-hub>=0.21.0, but you have huggingface-hub "
        "0.19.0 which is incompatible."
    )
    assert codes == ["pip-requirements-conflict"]


def test_accelerates_backend_not_available_is_a_missing_package() -> None:
    # accelerate's state.py (round 144, LlamaFactory#4694) raises ImportError; older
    # releases assert the same words.
    blind = (FIXTURES / "errors_blind144/env__nomodule_llamafactory4694.txt").read_text()
    older = (
        "AssertionError: DeepSpeed is not available => install it using `pip3 install "
        "deepspeed` or build it from source"
    )
    for text in (blind, older):
        (first, *_rest) = explain(text)
        assert first.code == "library-requires-missing-package"
        assert first.facts == {"package": "deepspeed"}
        assert "`pip3 install deepspeed`" in first.fix[1]


def test_a_required_range_and_the_version_got_pin_that_range_quoted() -> None:
    # xformers' ops/fmha/flash.py (round 146, unsloth#2763): flash-attn outside its range.
    blind = (FIXTURES / "errors_blind146/env__flashattn_unsloth2763.txt").read_text()
    (first, *_rest) = explain(blind)
    assert first.code == "library-requires-newer-package"
    assert first.facts == {
        "package": "flash-attn",
        "required": ">=2.7.1,<=2.7.4",
        "installed": "2.8.0.post2",
    }
    assert '`python -m pip install "flash-attn>=2.7.1,<=2.7.4"`' in first.fix[0]
    # The same form for any package name.
    (other, *_rest) = explain("ImportError: Requires einops version >=0.6.1 but got 0.4.0.")
    assert other.facts == {"package": "einops", "required": ">=0.6.1", "installed": "0.4.0"}
