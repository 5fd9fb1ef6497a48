"""CUDA libraries that cannot be loaded (explain.families.libraries)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_cuda_runtime_asked_for_with_nothing_of_torch_is_the_programs_cuda() -> None:
    # errors_blind73 (darknet): a CUDA 11 build on a machine with CUDA 10.2.
    text = (
        "OSError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n"
        "I am using CUDA 10.2 with cudnn 7 and ubuntu"
    )
    (result,) = explain(text)
    assert result.code == "cuda-library-missing"
    assert result.facts["system_cuda"] == "10.2"
    assert not any("torch" in step for step in result.fix)


def test_a_comma_typed_for_the_dot_is_still_the_library() -> None:
    (result,) = explain(
        "error while loading shared libraries: libcudart,so.11.0: cannot open shared object "
        "file: No such file or directory"
    )
    assert result.facts["library"] == "libcudart.so.11.0"


def test_with_torch_in_the_paste_the_answer_stays_torchs() -> None:
    text = (
        'File "/venv/lib/python3.10/site-packages/torch/__init__.py", line 1\n'
        "OSError: libcudart.so.12: cannot open shared object file: No such file or directory"
    )
    (result,) = explain(text)
    assert "system_cuda" not in result.facts
    assert any("torch" in step for step in result.fix)
