"""A library found at run time of another (older) version than the one a program was built
against: glibc's link-time reference, dyld's compatibility version, onnxruntime's C API
version, an undefined symbol whose name is cut off."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def test_link_time_reference_cut_before_symbol_names_an_older_cuda_runtime() -> None:
    # lmdeploy's FAQ quotes glibc's message from "symbol" on: a CUDA toolkit too old.
    (result,) = explain(_blind("errors_blind128/env__undefsym_lmdeploy4.txt"))
    assert result.code == "cuda-library-symbol-mismatch"
    assert result.facts["loaded_library"] == "libcudart.so.11.0"
    assert "older" in result.title
    assert any("nvidia-cuda-runtime-cu11" in step for step in result.fix)


def test_link_time_reference_of_any_library_is_an_older_copy() -> None:
    # glibc 2.27-2.29's words (elf/dl-lookup.c before commit f0b2132b35), with and without
    # the comma of earlier releases.
    for text in (
        "ImportError: /opt/app/lib/libfoo.so.1: symbol png_set_longjmp_fn, version PNG16_0 "
        "not defined in file libpng16.so.16 with link time reference",
        "/opt/app/bin/tool: relocation error: /opt/app/bin/tool: symbol xmlFoo version "
        "LIBXML2_2.9.1 not defined in file libxml2.so.2 with link time reference",
    ):
        (result,) = explain(text)
        assert result.code == "shared-library-symbol-missing"
        assert "older" in result.cause
        assert not any("pip" in step for step in result.fix)


def test_dyld_incompatible_library_version() -> None:
    (result,) = explain(
        "dyld: Library not loaded: /usr/local/opt/libpng/lib/libpng16.16.dylib\n"
        "  Referenced from: /usr/local/bin/app\n"
        "  Reason: Incompatible library version: app requires version 54.0.0 or later, but "
        "libpng16.16.dylib provides version 49.0.0"
    )
    assert result.code == "shared-library-symbol-missing"
    assert (result.facts["required_version"], result.facts["found_version"]) == (
        "54.0.0",
        "49.0.0",
    )


def test_onnxruntime_api_version_refused() -> None:
    (result,) = explain(_blind("errors_blind130/env__dll_sherpa4.txt"))
    assert result.code == "shared-library-symbol-missing"
    assert (result.facts["onnxruntime_api"], result.facts["loaded_api_max"]) == ("17", "10")
    assert any("onnxruntime.dll" in step for step in result.fix)
    # Current releases' words (the strings of libonnxruntime.so 1.30.0).
    (result,) = explain(
        "The requested API version [23] is not available, only API versions [1, 16] are "
        "supported in this build. Current ORT Version is: 1.16.3"
    )
    assert result.facts["onnxruntime_api"] == "23"


def test_undefined_symbol_cut_off_in_a_conda_library() -> None:
    (result,) = explain(_blind("errors_blind131/env__undefsym_mambadocs1.txt"))
    assert result.code == "shared-library-symbol-missing"
    assert result.facts["symbol_cut"] is True
    assert "conda-forge" in result.fix[1]


def test_cut_symbol_needs_the_library_and_the_line_end() -> None:
    assert not explain("we saw an undefined symbol somewhere")
    found = explain("ImportError: /usr/lib/libbar.so.3: undefined symbol\nTraceback")
    assert [e.code for e in found] == ["shared-library-symbol-missing"]
    assert "conda" not in found[0].cause


def test_nvccs_launch_symbols_say_nvcc_and_the_cuda_runtime_differ() -> None:
    # errors_blind132 (DeepLearningExamples' MaskRCNN TROUBLESHOOTING.md).
    (result,) = explain(_blind("errors_blind132/env__undefsym_dle3.txt"))
    assert result.code == "shared-library-symbol-missing"
    assert result.facts["symbol"] == "__cudaPopCallConfiguration"
    assert "nvcc --version" in result.fix[0]
    (named,) = explain(
        "ImportError: /tmp/ext/_C.cpython-37m-x86_64-linux-gnu.so: undefined symbol: "
        "__cudaPushCallConfiguration"
    )
    assert named.facts["symbol"] == "__cudaPushCallConfiguration"
    assert "nvcc" in named.cause


def test_torchs_dlopen_of_a_model_so_names_the_aot_export() -> None:
    # errors_blind132 (TorchServe's C++ README).
    (result,) = explain(_blind("errors_blind132/env__undefsym_serve4.txt"))
    assert result.code == "shared-library-symbol-missing"
    assert result.facts["aot_model"] is True
    assert "PyTorch version" in result.fix[0]


def test_an_extension_built_in_the_users_folder_is_first_its_own_source() -> None:
    text = (
        "ImportError: /home/me/proj/build/lib.linux-x86_64-cpython-311/"
        "myext.cpython-311-x86_64-linux-gnu.so: undefined symbol: _Z10my_helperPfi"
    )
    (result,) = explain(text)
    assert result.code == "shared-library-symbol-missing"
    assert result.facts["own_build"] is True
    assert result.cause.index("not compiled or linked") < result.cause.index("another version")
    assert "nm -C" in result.fix[0]
    # An installed package's library keeps the version reading alone.
    installed = text.replace("/home/me/proj/build/", "/venv/lib/python3.11/site-packages/")
    (result,) = explain(installed)
    assert "own_build" not in result.facts
    assert "not compiled or linked" not in result.cause
