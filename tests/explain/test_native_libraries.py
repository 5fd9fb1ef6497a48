"""A package's own compiled library missing (explain.families.native_libraries)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

BLIND = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind111"


def test_an_unbuilt_checkout_with_an_override_is_told_to_build_and_unset_it() -> None:
    results = explain((BLIND / "env__bnb_bitsandbytes1559.txt").read_text())
    assert [r.code for r in results] == ["bitsandbytes-native-library-missing"]
    (result,) = results
    assert result.facts["source_checkout"] is True
    assert result.facts["bnb_cuda_version"] == "124"
    assert "cmake -DCOMPUTE_BACKEND=cuda" in result.fix[0]
    assert "export BNB_CUDA_VERSION=" in result.fix[-1]


def test_an_installed_copy_without_its_libraries_is_reinstalled() -> None:
    # https://github.com/bitsandbytes-foundation/bitsandbytes/issues/1584
    (result,) = explain(
        "Could not load bitsandbytes native library: /home/u/.pyenv/versions/my_venv/lib/"
        "python3.10/site-packages/bitsandbytes/libbitsandbytes_cpu.so: cannot open shared "
        "object file: No such file or directory"
    )
    assert "source_checkout" not in result.facts
    assert "--force-reinstall" in result.fix[0]


def test_a_missing_cuda_library_of_the_native_library_is_not_this() -> None:
    # https://github.com/bitsandbytes-foundation/bitsandbytes/issues/1452
    codes = [
        r.code
        for r in explain(
            "Could not load bitsandbytes native library: libcusparse.so.11: cannot open "
            "shared object file: No such file or directory"
        )
    ]
    assert "bitsandbytes-native-library-missing" not in codes


def test_the_newer_cuda_binary_warning_alone_is_the_cpu_fallback() -> None:
    (result,) = explain(
        "Could not find the bitsandbytes CUDA binary at PosixPath('/usr/local/lib/python3.12/"
        "dist-packages/bitsandbytes/libbitsandbytes_cuda128.so')\nThe installed version of "
        "bitsandbytes was compiled without GPU support."
    )
    assert result.code == "bitsandbytes-no-gpu"
