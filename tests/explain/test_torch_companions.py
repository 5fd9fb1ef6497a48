"""torchvision/torchaudio of another torch variant: the library of that variant they ask for."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_rocm_library_asked_for_is_another_variant() -> None:
    # k2-fsa/icefall's FAQ: torchaudio==0.10.0 (bare) next to torch==1.10.0+cu111.
    text = (FIXTURES / "errors_blind130/env__wheel_icefall1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torch-library-missing"
    assert result.facts["variant"] == "ROCm"
    assert "+cu111" in result.fix[1]


def test_cuda_library_asked_for_by_torchaudio() -> None:
    (result,) = explain(
        'File "/venv/lib/python3.10/site-packages/torchaudio/_extension/utils.py", line 60, '
        "in _load_lib\n"
        "    torch.ops.load_library(path)\n"
        '  File "/venv/lib/python3.10/site-packages/torch/_ops.py", line 1295, in load_library\n'
        "    ctypes.CDLL(path)\n"
        "OSError: libc10_cuda.so: cannot open shared object file: No such file or directory"
    )
    assert (result.facts["package"], result.facts["variant"]) == ("torchaudio", "CUDA")


def test_an_extension_asking_for_torch_cuda_keeps_its_answer() -> None:
    (result,) = explain(
        "ImportError: libtorch_cuda.so: cannot open shared object file: No such file or directory"
    )
    assert result.code == "torch-library-missing"
    assert "variant" not in result.facts
