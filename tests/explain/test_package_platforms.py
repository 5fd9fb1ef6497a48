"""A package with no wheel for this machine's platform (explain.families.package_platforms)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

_BLIND = Path(__file__).resolve().parents[1] / "fixtures"


def test_another_cpu_architecture_is_named() -> None:
    # errors_blind89 (UniLab#632): triton 3.3.0 has x86_64 wheels only, the host is aarch64.
    results = explain((_BLIND / "errors_blind89/env__wheel_unilab632.txt").read_text())
    first = results[0]
    assert first.code == "package-no-wheel-for-platform"
    assert first.facts["missing"] == "arch" and first.facts["package"] == "triton"
    assert "x86_64 only" in first.cause and "aarch64" in first.cause


def test_the_pytorch_indexs_partial_copy_is_the_cause_not_the_package() -> None:
    (result,) = explain(
        "error: Distribution `markupsafe==3.0.2 @ registry+https://download.pytorch.org/whl/"
        "cu129` can't be installed because it doesn't have a source distribution or wheel for "
        "the current platform\n\nhint: You're on Windows (`win_amd64`), but `markupsafe` "
        "(v3.0.2) only has wheels for the following platforms: `manylinux_2_17_x86_64`, "
        "`manylinux2014_x86_64`"
    )
    assert result.facts["index"] == "pytorch"
    assert "explicit = true" in result.fix[0]


def test_a_newer_glibc_than_this_linux_for_the_same_cpu() -> None:
    (result,) = explain(
        "hint: You're on Linux (`manylinux_2_17_x86_64`), but `onnx` (v1.18.0) only has "
        "wheels for the following platforms: `manylinux_2_28_x86_64`, `win_amd64`"
    )
    assert result.facts["missing"] == "glibc" and result.facts["glibc_needed"] == "2.28"


def test_a_secondary_index_is_named_but_a_pypi_mirror_is_not() -> None:
    hint = (
        "hint: You're on Windows (`win_amd64`), but `pandas` (v2.3.2) only has wheels for the "
        "following platforms: `manylinux_2_17_x86_64`, `macosx_11_0_arm64`"
    )
    private = explain(
        "error: Distribution `pandas==2.3.2 @ registry+https://pkgs.example.com/simple` can't "
        "be installed because it doesn't have a source distribution or wheel for the current "
        "platform\n" + hint
    )[0]
    assert private.facts["index"] == "https://pkgs.example.com/simple"
    mirror = explain(
        "error: Distribution `pandas==2.3.2 @ registry+https://pypi.tuna.tsinghua.edu.cn/simple` "
        "can't be installed because it doesn't have a source distribution or wheel for the "
        "current platform\n" + hint
    )[0]
    assert "index" not in mirror.facts and mirror.facts["missing"] == "os"


def test_torch_itself_is_left_to_the_resolver_answers() -> None:
    results = explain(
        "hint: You're on macOS (`macosx_15_0_arm64`), but `torch` (v2.8.0+cu128) only has "
        "wheels for the following platforms: `manylinux_2_28_x86_64`, `win_amd64`"
    )
    assert all(r.code != "package-no-wheel-for-platform" for r in results)


def test_the_refusal_cut_before_the_package_still_says_what_it_means() -> None:
    # errors_blind91 (uv#10236): an issue title quoting only the end of uv's refusal.
    (result,) = explain(
        "`@ registry+https://pypi.org/simple` can't be installed because it doesn't have a "
        "source distribution or wheel for the current platform"
    )
    assert result.code == "package-no-wheel-for-platform"
    assert "hint:" in result.fix[0]


_CUDNN_ON_MACOS = (
    "error: Distribution `nvidia-cudnn-cu12==9.1.0.70 @ registry+https://download.pytorch.org/"
    "whl/cu124` can't be installed because it doesn't have a source distribution or wheel for "
    "the current platform\n\nhint: You're on macOS (`macosx_14_0_arm64`), but "
    "`nvidia-cudnn-cu12` (v9.1.0.70) only has wheels for the following platforms: "
    "`manylinux2014_x86_64`, `win_amd64`"
)


def test_torchs_cuda_dependency_on_macos_is_a_cuda_torch_locked_there() -> None:
    # uv's PyTorch guide: gate the CUDA index with a marker on torch's source; PyPI has no
    # macOS wheel of any nvidia-* package, so "PyPI has the files" would be false here.
    (result,) = explain(_CUDNN_ON_MACOS)
    assert result.code == "package-no-wheel-for-platform"
    assert result.facts["torch_gpu_dependency"] == "CUDA"
    assert result.facts["platform"] == "macosx_14_0_arm64"
    assert "PyPI has" not in result.cause and "macOS" in result.cause
    assert "marker = \"sys_platform == 'linux' or sys_platform == 'win32'\"" in result.fix[0]
    assert "environments" in result.fix[1]


def test_triton_from_the_pytorch_index_without_a_hint_is_torchs_dependency_too() -> None:
    for pkg in ("triton==3.1.0", "pytorch-triton==3.2.0+git4b3bb1f8"):
        (result,) = explain(
            f"error: Distribution `{pkg} @ registry+https://download.pytorch.org/whl/cu124` "
            "can't be installed because it doesn't have a source distribution or wheel for the "
            "current platform"
        )
        assert result.facts["torch_gpu_dependency"] == "CUDA"
        assert "PyPI has" not in result.cause


def test_rocm_triton_gets_the_linux_only_marker() -> None:
    (result,) = explain(
        "error: Distribution `pytorch-triton-rocm==3.1.0 @ registry+https://download.pytorch.org"
        "/whl/rocm6.2` can't be installed because it doesn't have a source distribution or "
        "wheel for the current platform"
    )
    assert result.facts["torch_gpu_dependency"] == "ROCm"
    assert "marker = \"sys_platform == 'linux'\"" in result.fix[0]


def test_a_copied_ordinary_package_only_normally_has_pypi_files() -> None:
    (result,) = explain(
        "error: Distribution `markupsafe==3.0.2 @ registry+https://download.pytorch.org/whl/"
        "cu129` can't be installed because it doesn't have a source distribution or wheel for "
        "the current platform"
    )
    assert "torch_gpu_dependency" not in result.facts
    assert "PyPI normally has files" in result.cause


def test_a_cuda_library_from_pypi_on_another_os_is_named_as_torchs_dependency() -> None:
    (result,) = explain(
        "hint: You're on macOS (`macosx_14_0_arm64`), but `nvidia-nccl-cu12` (v2.21.5) only "
        "has wheels for the following platforms: `manylinux2014_x86_64`, "
        "`manylinux2014_aarch64`"
    )
    assert result.facts["missing"] == "os" and result.facts["torch_gpu_dependency"] is True
    assert "CUDA build of torch" in result.cause


def test_torchs_cuda_dependency_on_arm_linux_leads_with_the_architecture() -> None:
    (result,) = explain(
        "error: Distribution `triton==3.3.0 @ registry+https://download.pytorch.org/whl/cu128` "
        "can't be installed because it doesn't have a source distribution or wheel for the "
        "current platform\n\nhint: You're on Linux (`manylinux_2_39_aarch64`), but `triton` "
        "(v3.3.0) only has wheels for the following platforms: `manylinux_2_28_x86_64`"
    )
    assert result.facts["torch_gpu_dependency"] == "CUDA"
    assert "aarch64" in result.fix[0] and "platform_machine == 'x86_64'" in result.fix[0]
    assert "macOS" not in result.cause


def test_uvs_refusal_quoted_without_its_package_gets_the_generic_reading() -> None:
    (result,) = explain("it doesn't have a source distribution or wheel for the current platform")
    assert result.code == "package-no-wheel-for-platform"
    assert "uv python pin" in " ".join(result.fix)
