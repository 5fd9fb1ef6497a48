"""CUDA extensions that fetch a prebuilt wheel from their GitHub releases
(explain.families.extension_wheels)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_failed_causal_conv1d_wheel_is_no_prebuilt_wheel_for_this_torch() -> None:
    # googlecolab/colabtools#4950: Colab's torch had no matching causal-conv1d wheel.
    text = (FIXTURES / "errors_blind88/env__extbuild_colab4950.txt").read_text("utf-8")
    (e,) = explain(text)
    assert e.code == "extension-prebuilt-wheel-missing" and e.kind == "environment"
    assert e.facts == {"package": "causal-conv1d"}
    assert "CAUSAL_CONV1D_FORCE_BUILD" in e.fix[2] and "--no-build-isolation" in e.fix[2]


def test_the_wheel_setup_py_looked_for_is_quoted() -> None:
    # state-spaces/mamba#615: an NGC torch (2.5.0a0) had no release asset.
    text = (
        "Building wheel for mamba-ssm (setup.py): finished with status 'error'\n"
        "  torch.__version__  = 2.5.0a0+e000cf0ad9.nv24.10\n  running bdist_wheel\n"
        "  Guessing wheel URL:  https://github.com/state-spaces/mamba/releases/download/v2.2.2/"
        "mamba_ssm-2.2.2+cu122torch2.5cxx11abiTRUE-cp310-cp310-linux_x86_64.whl\n"
        "  Precompiled wheel not found. Building from source...\n"
        "  building 'selective_scan_cuda' extension\n"
    )
    (e,) = explain(text)
    assert e.code == "extension-prebuilt-wheel-missing"
    assert e.facts["wheel_url"].endswith("cu122torch2.5cxx11abiTRUE-cp310-cp310-linux_x86_64.whl")
    assert "Precompiled wheel not found" in e.cause
    assert "MAMBA_FORCE_BUILD" in e.fix[2]


def test_a_named_build_failure_wins() -> None:
    text = (
        "  ERROR: Failed building wheel for flash-attn\n"
        "  OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA "
        "install root.\n"
    )
    codes = [e.code for e in explain(text)]
    assert "extension-prebuilt-wheel-missing" not in codes and codes


def test_other_packages_failing_to_build_are_not_this() -> None:
    assert explain("ERROR: Failed building wheel for pycocotools") == ()
