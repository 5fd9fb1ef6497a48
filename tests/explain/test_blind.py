"""Real messages collected blind (tests/fixtures/errors_blind, errors_blind2), with answers.

Each set was scored before any entry was written for it (first runs: 23/29 and 8/10
environment errors recognised, no code error given an environment fix; see their
SOURCES.md); the expectations below guard the entries written afterwards from the misses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = ("errors_blind", "errors_blind2")
ENV_FIX = re.compile(
    r"pip install|pip uninstall|--index-url|conda install|apt install|nvidia-driver|"
    r"upgrade the (?:nvidia )?driver|reinstall torch",
    re.IGNORECASE,
)

EXPECTED_ENV = {
    "env__804_onnxruntime": "cuda-forward-compat-unsupported",
    "env__container_dashdot": "container-cuda-requirement",
    "env__container_nvdocker536": "container-cuda-requirement",
    "env__cudnn_dadetection": "cudnn-version-mismatch",
    "env__cudnn_mem2seq": "cudnn-version-mismatch",
    "env__cudnn_pytorch5369": "cudnn-version-mismatch",
    "env__driver_chatglm3": "driver-too-old",
    "env__extbuild_hupor": "cuda-version-mismatch-build",
    "env__glibcxx_armbuild": "glibc-version-missing",
    "env__glibcxx_youtokentome": "glibc-version-missing",
    "env__lightning_gptsovits": "lightning-gpu-unavailable",
    "env__lightning_mattergen": "lightning-gpu-unavailable",
    "env__mmcv_airnet": "mmcv-ext-missing",
    "env__nms_cogs": "torchvision-ops-missing",
    "env__nms_vision8985": "torchvision-ops-missing",
    "env__nomodule_ipython909": "torch-not-found",
    "env__nomodule_vegans": "torch-not-found",
    "env__pip_rwkv": "pip-no-matching-torch",
    "env__pip_trellis_cu131": "pip-no-matching-torch",
    "env__shm_videodiffusion": "nccl-shm-exhausted",
    "env__sm120_alltalk": "gpu-arch-not-in-build",
    "env__sm120_hifisampler": "gpu-arch-not-in-build",
    "env__smi_cachyos": "driver-not-loaded",
    "env__smi_qixuema": "driver-not-loaded",
    "env__unknown_krita": "cuda-unknown-error",
    "env__unknown_lawgpt": "cuda-unknown-error",
    "env__wheel_deeptextedit": "wheel-not-supported",
    "env__wheel_machnix": "wheel-not-supported",
    "env__wheel_rocmlab": "wheel-not-supported",
    # errors_blind2
    "env__bnb_basaran": "bitsandbytes-no-gpu",
    "env__bnb_qlora": "bitsandbytes-no-gpu",
    "env__bnb_textgen3128": "bitsandbytes-no-gpu",
    "env__cudahome_deepspeed2337": "cuda-home-missing",
    "env__cudahome_hunyuan": "cuda-home-missing",
    "env__cudahome_minimind": "cuda-home-missing",
    "env__gcc_cudamemtest": "extension-gcc-unsupported",
    "env__gcc_instantngp": "extension-gcc-unsupported",
    "env__gcc_torchprotein": "extension-gcc-unsupported",
    "env__nccl_adaface": "nccl-not-built",
}


def _files(prefix: str) -> list[Path]:
    return sorted(p for folder in SETS for p in (FIXTURES / folder).glob(f"{prefix}__*.txt"))


def _text(name: str) -> str:
    (path,) = [p for p in _files(name.split("__", maxsplit=1)[0]) if p.stem == name]
    return path.read_text(encoding="utf-8")


def test_every_blind_file_has_an_expectation_and_a_source() -> None:
    assert sorted(p.stem for p in _files("env")) == sorted(EXPECTED_ENV)
    assert len(_files("code")) >= 15
    for path in _files("env") + _files("code"):
        table = (path.parent / "SOURCES.md").read_text(encoding="utf-8")
        assert f"| {path.name} | https://github.com/" in table, path.name


@pytest.mark.parametrize("name", sorted(EXPECTED_ENV))
def test_environment_error_recognised(name: str) -> None:
    results = explain(_text(name))
    assert results, f"{name} was not recognised"
    assert results[0].code == EXPECTED_ENV[name]
    assert results[0].kind == "environment"


@pytest.mark.parametrize("name", [p.stem for p in _files("code")])
def test_code_error_gets_no_environment_fix(name: str) -> None:
    results = explain(_text(name))
    assert results, name
    for result in results:
        assert result.kind == "code", (name, result.code)
        assert not any(ENV_FIX.search(step) for step in result.fix), (name, result.fix)
