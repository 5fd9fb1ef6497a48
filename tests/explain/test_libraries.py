"""CUDA libraries that cannot be loaded (explain.families.libraries)."""

from __future__ import annotations

from pathlib import Path

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


def test_libraries_that_number_themselves_name_no_cuda_major() -> None:
    # CUDA 12 ships libcufft.so.11: the number is not a CUDA major.
    text = (
        "ImportError: libcufft.so.11: cannot open shared object file: No such file or "
        "directory\nI am using CUDA 12.2"
    )
    (result,) = explain(text)
    assert "library_cuda_major" not in result.facts
    assert "CUDA 11" not in result.cause


def test_a_python_packages_traceback_keeps_the_packages_answer() -> None:
    text = (
        'File "/home/u/venv/lib/python3.10/site-packages/flash_attn/flash_attn_interface.py", '
        "line 10, in <module>\n    import flash_attn_2_cuda as flash_attn_cuda\n"
        "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or "
        "directory"
    )
    (result,) = explain(text)
    assert "A program built against CUDA 11" not in result.cause


def test_a_chained_traceback_names_the_package_whose_import_needed_the_library() -> None:
    # errors_blind83 (vllm#1716): vLLM's wheel for CUDA 12 beside a CUDA 11 torch; only the
    # chained traceback after the loader's message shows which import failed.
    text = (
        Path(__file__).parents[1] / "fixtures/errors_blind83/env__libcudart_vllm1716.txt"
    ).read_text()
    (result,) = explain(text)
    assert result.facts["package"] == "vllm"
    assert "Reinstalling torch does not change it" in result.cause
    assert not any("--force-reinstall torch" in step for step in result.fix)


def test_a_chained_import_of_torch_itself_names_no_other_package() -> None:
    text = (
        "ImportError: libcudart.so.12: cannot open shared object file: No such file or "
        "directory\n\nDuring handling of the above exception, another exception occurred:\n\n"
        'Traceback (most recent call last):\n  File "train.py", line 1, in <module>\n'
        "    import torch\nImportError: cannot load torch"
    )
    results = explain(text)
    assert results and "package" not in results[0].facts


def test_torchs_own_import_failing_does_not_blame_the_next_import() -> None:
    # review: the chained traceback's next import (numpy) is not who needed the library.
    text = (
        '  File "/x/site-packages/torch/__init__.py", line 235, in <module>\n'
        "    from torch._C import *\nImportError: libcudart.so.12: cannot open shared object "
        "file: No such file or directory\n\nDuring handling of the above exception, another "
        'exception occurred:\n\nTraceback (most recent call last):\n  File "a.py", line 2, '
        "in <module>\n    import numpy as np\nModuleNotFoundError: No module named 'numpy'"
    )
    results = explain(text)
    assert results and "package" not in results[0].facts


def test_an_l4t_container_gets_the_nvidia_runtime_not_a_pip_reinstall() -> None:
    # errors_blind100 (jetson-containers#93): JetPack 4's images take CUDA from the host.
    text = Path("tests/fixtures/errors_blind100/env__solib_jetson93.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.facts["jetson_container"] is True
    assert "--runtime nvidia" in result.fix[0]


def test_windows_dialogs_and_loaders_that_name_a_cuda_dll() -> None:
    # errors_blind99 (darknet#1488) lists four DLLs after Windows' dialog; errors_blind101
    # (Deep-Live-Cam#1063) has the loader's "Could not locate ... library path!".
    darknet = Path("tests/fixtures/errors_blind99/env__dll_darknet1488.txt").read_text(
        encoding="utf-8"
    )
    (first,) = explain(darknet)
    assert first.facts["library"] == "cublas64_91.dll"
    (second,) = explain(
        "Could not locate cublas64_10.dll. Please make sure it is in your library path!"
    )
    assert second.facts["library_cuda_major"] == 10


def test_conda_torch_missing_its_cudatoolkit_runtime_names_the_cudatoolkit() -> None:
    text = (
        '  File "/home/me/miniconda3/envs/dl/lib/python3.7/site-packages/torch/__init__.py", '
        "line 81, in <module>\n    from torch._C import *\n"
        "ImportError: libcudart.so.10.0: cannot open shared object file: No such file or directory"
    )
    result = explain(text)[0]
    assert result.code == "cuda-library-missing"
    assert result.facts["cudatoolkit"] == "10.0"
    assert "conda install cudatoolkit=10.0" in " ".join(result.fix)


def test_a_pip_venvs_old_runtime_is_not_called_condas() -> None:
    text = (
        '  File "/home/me/venv/lib/python3.7/site-packages/mmcv/__init__.py", line 4\n'
        "ImportError: libcudart.so.10.0: cannot open shared object file: No such file or directory"
    )
    assert "cudatoolkit" not in explain(text)[0].facts
