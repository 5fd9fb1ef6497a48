"""cpm_kernels (ChatGLM / BMInf quantization) loading CUDA libraries by itself."""

from __future__ import annotations

from envdoctor.explain import explain

LINE = "RuntimeError: Library cublasLt is not initialized\n"


def test_platform_unknown_gets_both_library_paths() -> None:
    (result,) = explain(LINE)
    assert result.code == "cpm-kernels-cuda-missing"
    assert [step.split(":")[0] for step in result.fix[:2]] == ["Windows", "Linux"]


def test_a_windows_paste_gets_the_path_step_only() -> None:
    text = 'File "C:\\Users\\me\\glm\\quantization.py", line 19, in <module>\n' + LINE
    (result,) = explain(text)
    assert result.fix[0].startswith("Windows") and not any(
        step.startswith("Linux") for step in result.fix
    )
    assert "cublasLt64_*.dll" in result.fix[0]
