"""An extension built against another torch, in each loader's wording: glibc's "undefined
symbol", macOS dyld's "Symbol not found" (older) and "symbol not found in flat namespace"
(macOS 12 on), for torch's mangled C++ names and its stable C ABI's extern "C" names."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_macos_stable_abi_symbol_is_an_extension_for_a_newer_torch() -> None:
    # TaterTotterson/microWakeWord-Trainer-AppleSilicon#16: the newest torchaudio next to
    # torch 2.9.0 on macOS.
    text = (FIXTURES / "errors_blind85" / "env__undefsym_microwakeword16.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "torch-extension-abi-mismatch"
    assert result.facts["symbol"] == "torch_library_impl"
    assert "newer torch" in result.cause


@pytest.mark.parametrize(
    "text",
    [
        # mudler/LocalAI#9798 (Linux's form of the same symbol).
        "OSError: /backends/cpu-neutts/venv/lib/python3.10/site-packages/torchaudio/lib/"
        "libtorchaudio.so: undefined symbol: torch_library_impl",
        # macOS 12+ dyld: the name quoted after "flat namespace", the image on the next line.
        "ImportError: dlopen(/Users/me/env/lib/python3.11/site-packages/torchaudio/lib/"
        "_torchaudio.so, 0x0002): symbol not found in flat namespace "
        "'__ZN3c1017RegisterOperatorsD1Ev'",
        "ImportError: dlopen(/Users/me/env/lib/python3.11/site-packages/torchaudio/lib/"
        "libtorchaudio.so, 0x0002): Symbol not found: __ZN2at4_ops5zeros4callEv\n"
        "  Referenced from: <5E1C7D2A-7C4B-3F55-9E3A-1B0E0F7A9C11> /Users/me/env/lib/"
        "python3.11/site-packages/torchaudio/lib/libtorchaudio.so\n"
        "  Expected in:     <0C9A3B7E-1D2F-3A44-8B5C-6D7E8F9A0B1C> /Users/me/env/lib/"
        "python3.11/site-packages/torch/lib/libtorch_cpu.dylib",
    ],
)
def test_each_loader_wording_names_the_companion(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "torch-extension-abi-mismatch"
    assert result.facts["package"] == "torchaudio"


def test_other_libraries_missing_c_names_are_not_torch() -> None:
    # A C symbol of another library (protobuf's, a user's own module) is not torch's ABI.
    text = (
        "ImportError: dlopen(/x/site-packages/google/protobuf/pyext/_message.cpython-310-"
        "darwin.so, 0x0002): symbol not found in flat namespace "
        "(__ZN6google8protobuf15FieldDescriptor12TypeOnceInitEPKS1_)"
    )
    assert all(r.code != "torch-extension-abi-mismatch" for r in explain(text))


def test_torchs_own_library_lacking_a_torch_symbol_is_a_second_copy_of_torch() -> None:
    # errors_blind89 (pytorch#15800): an old source build's libc10.so in /usr/local/lib.
    (result,) = explain(
        '  File "~/.local/lib/python3.6/site-packages/torch/__init__.py", line 84, in <module>\n'
        "    from torch._C import *\nImportError: ~/.local/lib/python3.6/site-packages/torch/"
        "lib/libcaffe2.so: undefined symbol: _ZTIN3c1010TensorImplE"
    )
    assert result.facts["package"] == "torch"
    assert result.title.startswith("torch's own libraries disagree")
    assert "/usr/local/lib" in result.fix[0]
    assert not any("Reinstall the extension" in step for step in result.fix)


def test_a_projects_own_symbol_is_not_called_torchs() -> None:
    # review: "12attention" contains "2at"; the symbol is the project's own function.
    text = (
        "ImportError: /home/u/proj/myops/_ext.cpython-310-x86_64-linux-gnu.so: undefined "
        "symbol: _ZN6myops12attention_fwdEPKfPfi"
    )
    assert all(r.code != "torch-extension-abi-mismatch" for r in explain(text))
    # A project function taking an at::Tensor is still the project's own symbol.
    own = "undefined symbol: _ZN6myops3fwdERKN2at6TensorE"
    assert all(r.code != "torch-extension-abi-mismatch" for r in explain(own))
    torchs = "undefined symbol: _ZNK3c1010TensorImpl36is_contiguous_nondefault_policy_implENS_12MemoryFormatE"
    assert explain(torchs)[0].code == "torch-extension-abi-mismatch"


def test_a_flash_attn_symbol_cut_inside_its_mangled_name_is_still_torchs() -> None:
    # errors_blind96 (flash-attention#1019): the quote ends "undefined symbol: _ZN".
    text = (
        "ImportError: /x/site-packages/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so: "
        "undefined symbol: _ZN"
    )
    first = explain(text)[0]
    assert first.code == "torch-extension-abi-mismatch"
    assert first.facts["package"] == "flash-attn"


def test_a_packages_own_torch_check_names_both_torch_versions() -> None:
    # errors_blind (k2#2): k2's __init__ compares the torch it was built with.
    text = (
        "ImportError: k2 was built using PyTorch 1.11.0+cu102\n"
        "But you are using PyTorch 1.10.0+cu102 to run it"
    )
    (result,) = explain(text)
    assert result.code == "torch-extension-abi-mismatch"
    assert result.facts["built_for_torch"] == "1.11.0+cu102"
    assert result.facts["torch_version"] == "1.10.0+cu102"
    assert result.facts["package"] == "k2"


def test_a_flash_attn_undefined_symbol_said_in_words() -> None:
    # errors_blind109 (text-generation-webui#4182, a title).
    (result,) = explain("flash_attn_2 undefined symbol")
    assert result.code == "torch-extension-abi-mismatch"
    assert explain("my_module undefined symbol") == ()


def test_an_extension_file_named_before_undefined_symbol_in_words() -> None:
    # errors_blind115 (mamba#28).
    (result,) = explain(
        "ImportError causal_conv1d_cuda.cpython-310-x86_64-linux-gnu.so undefined symbol"
    )
    assert result.code == "torch-extension-abi-mismatch"
