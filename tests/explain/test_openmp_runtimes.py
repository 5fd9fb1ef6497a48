"""OpenMP runtimes: two in one process, one loaded too late for static TLS, none linked
(explain.families.openmp_runtimes)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_two_openmp_runtimes_name_both_and_warn_off_the_env_switch() -> None:
    # errors_blind134 (LightGBM's FAQ).
    (result,) = explain(_read("errors_blind134/env__openmp_lightgbm1.txt"))
    assert result.code == "openmp-runtime-duplicate"
    assert result.facts == {"library": "libiomp5.dylib", "already_loaded": "libomp.dylib"}
    assert "conda install nomkl" in result.fix[0]
    assert "KMP_DUPLICATE_LIB_OK" in result.fix[-1]


def test_static_tls_says_preload_the_library_named() -> None:
    # errors_blind134 (LightGBM's FAQ).
    (result,) = explain(_read("errors_blind134/env__tls_lightgbm3.txt"))
    assert result.code == "static-tls-exhausted"
    assert "LD_PRELOAD=libgomp.so.1" in result.fix[0]
    (lgbm,) = explain(
        "OSError: /home/u/env/lib/libgomp.so.1: cannot allocate memory in static TLS block\n"
        '  File "/home/u/env/lib/python3.10/site-packages/lightgbm/basic.py", line 9'
    )
    assert "4.6.0" in lgbm.fix[0]
    assert "LD_PRELOAD=/home/u/env/lib/libgomp.so.1" in lgbm.fix[1]


def test_undefined_openmp_runtime_calls_say_link_openmp() -> None:
    # errors_blind134 (ncnn's FAQ).
    (result,) = explain(_read("errors_blind134/env__openmp_ncnn3.txt"))
    assert result.code == "openmp-not-linked"
    assert "-fopenmp" in result.fix[0]
    (gnu,) = explain("foo.cpp:(.text+0x2a): undefined reference to `omp_get_num_threads'")
    assert gnu.code == "openmp-not-linked"


def test_user_code_calling_other_undefined_functions_is_not_openmp() -> None:
    assert explain("main.c:(.text+0x1a): undefined reference to `my_omp_helper'") == ()


def test_apple_clang_rejecting_fopenmp() -> None:
    # errors_blind135 (THUDM/ChatGLM2-6B's FAQ): the quantized kernels compiled on a Mac.
    (result,) = explain(_read("errors_blind135/env__gcc_chatglm2n1.txt"))
    assert result.code == "apple-clang-no-openmp"
    assert any("brew install libomp" in step for step in result.fix)
    (cxx,) = explain("clang++: error: unsupported option '-fopenmp=libomp'")
    assert cxx.facts["flag"] == "-fopenmp=libomp"


def test_other_unsupported_options_are_not_openmp() -> None:
    assert not [
        e
        for e in explain("clang: error: unsupported option '-fPIC-foo'")
        if e.code == "apple-clang-no-openmp"
    ]


def test_a_mac_named_by_its_clues_gets_the_mac_cause_and_no_symlinks() -> None:
    text = (
        "OMP: Error #15: Initializing libiomp5.so, but found libomp.so already initialized.\n"
        '  File "/Users/me/miniconda3/lib/python3.11/site-packages/x.py", line 1\n'
    )
    (result,) = explain(text)
    assert "On macOS" in result.cause
    assert not any("symlink" in step for step in result.fix)
