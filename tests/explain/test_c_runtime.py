"""C runtime wordings: the loader's GLIBC line cut to its quoted tag."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_glibc_tag_alone_with_ldd_version() -> None:
    # Triton-distributed#95: the tag without "version" and library, ldd's line below it.
    text = (FIXTURES / "errors_blind32/env__glibc_tritondist1.txt").read_text(encoding="utf-8")
    found = explain(text)
    assert [e.code for e in found] == ["glibc-version-missing"]
    assert found[0].facts["missing_version"] == "GLIBC_2.38"
    assert found[0].facts["system_glibc"] == "2.35"
    assert "2.35" in found[0].cause


def test_a_quoted_word_that_is_no_glibc_tag_is_not_read() -> None:
    assert not explain("KeyError: 'GLIBC_VERSION' not found in config")


def test_a_system_glibc_new_enough_points_at_another_libc() -> None:
    text = "ldd (Ubuntu GLIBC 2.35-0ubuntu3.8) 2.35\nImportError: `GLIBC_2.34' not found"
    (result,) = explain(text)
    assert "another, older libc" in result.cause


def test_mkls_intel_threading_next_to_libgomp() -> None:
    (result,) = explain(
        "Error: mkl-service + Intel(R) MKL: MKL_THREADING_LAYER=INTEL is incompatible with "
        "libgomp.so.1 library.\nTry to import numpy first or set the threading layer "
        "accordingly. Set MKL_SERVICE_FORCE_INTEL to force it."
    )
    assert result.code == "mkl-threading-layer-conflict"
    assert "MKL_THREADING_LAYER=GNU" in result.fix[0]


def test_a_glibcxx_message_without_a_path_does_not_blame_the_systems_runtime() -> None:
    # errors_blind84 (anaconda-issues#483): the copy loaded was the Anaconda environment's.
    (result,) = explain("libstdc++.so.6: version `GLIBCXX_3.4.20' not found")
    assert result.facts["runtime_path_unknown"] is True
    assert "does not say which copy" in result.cause
    assert "libstdcxx-ng" in result.fix[1]


def test_a_binary_built_for_a_newer_macos_is_not_an_abi_mismatch_of_torch() -> None:
    # errors_blind89 (mlverse/torch#1002): liblantern built for macOS 12.6, an older Mac.
    text = (
        Path(__file__).parents[1] / "fixtures/errors_blind89/env__macosabi_rtorch1002.txt"
    ).read_text()
    (result,) = explain(text)
    assert result.code == "macos-too-old-for-binary"
    assert result.facts["built_for_macos"] == "12.6"
    assert "sw_vers" in result.fix[0]


def test_a_symbol_of_another_library_on_macos_is_not_macos_itself() -> None:
    text = (
        "dyld: Symbol not found: __ZN5torch3jit6tracer9getTracerEv Referenced from: "
        "/x/site-packages/torchvision/_C.so Expected in: flat namespace"
    )
    assert all(r.code != "macos-too-old-for-binary" for r in explain(text))


def test_one_answer_per_runtime_library_with_the_newest_version_it_needs() -> None:
    # errors_blind107 (llama.cpp#11392): four GLIBC and three GLIBCXX/CXXABI lines.
    text = Path("tests/fixtures/errors_blind107/env__glibc_llamacpp11392.txt").read_text(
        encoding="utf-8"
    )
    results = explain(text)
    assert [r.facts["missing_version"] for r in results] == ["GLIBC_2.38", "GLIBCXX_3.4.32"]


def test_javas_quote_with_a_space_before_the_tag() -> None:
    # errors_blind113 (sherpa-onnx#2792).
    text = (
        "java.lang.UnsatisfiedLinkError: libsherpa-onnx-jni.so: /usr/lib64/libstdc++.so.6: "
        "version ' GLIBCXX_3.4.17' not found"
    )
    (result,) = explain(text)
    assert result.facts["missing_version"] == "GLIBCXX_3.4.17"


def test_the_newest_missing_tag_is_not_read_from_the_users_strings_output() -> None:
    text = (
        "ImportError: /usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.29' not "
        "found (required by /env/lib/python3.10/site-packages/scipy/_lib/_x.so)\n"
        "$ strings $CONDA_PREFIX/lib/libstdc++.so.6 | grep GLIBCXX_3.4.3\nGLIBCXX_3.4.30\n"
        "GLIBCXX_3.4.31\nGLIBCXX_3.4.32\nGLIBCXX_3.4.33\n"
    )
    (result,) = explain(text)
    assert result.facts["missing_version"] == "GLIBCXX_3.4.29"


def test_a_bare_tag_not_found_is_read() -> None:
    # errors_blind137 (triton-inference-server/python_backend README): the tag retold with
    # neither quotes nor a library; the conda runtime advice comes with it.
    for name, tag in (("1", "GLIBCXX_3.4.30"), ("2", "GLIBCXX_3.4.32")):
        path = FIXTURES / f"errors_blind137/env__glibcxx_pythonbackend{name}.txt"
        found = explain(path.read_text(encoding="utf-8"))
        assert [e.code for e in found] == ["glibc-version-missing"]
        assert found[0].facts["missing_version"] == tag
        assert any("libstdcxx-ng" in step for step in found[0].fix)
    (result,) = explain("ImportError: CXXABI_1.3.13 not found")
    assert result.facts["library"] == "libstdc++.so.6"


def test_a_bare_tag_inside_a_word_or_a_setting_is_not_read() -> None:
    assert not explain("MY_GLIBCXX_3.4.30 not found")
    assert not explain("KeyError: GLIBC_VERSION not found")
