"""Compilers, linkers and build helpers (explain.families.build_tools)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_conda_linker_missing_cublas_names_its_dev_package() -> None:
    text = (
        "../../x86_64-conda-linux-gnu/bin/ld: cannot find -lcublas: No such file or directory\n"
        "collect2: error: ld returned 1 exit status"
    )
    first = explain(text)[0]
    assert first.code == "cuda-library-link-missing"
    assert first.facts["library"] == "libcublas.so"
    assert first.facts["conda_toolchain"] is True
    assert any("libcublas-dev" in step for step in first.fix)
    assert not any("cuda-cudart-dev" in step for step in first.fix)


def test_system_linker_gets_the_toolkit_folder_not_conda() -> None:
    first = explain("/usr/bin/ld: cannot find -lnvrtc\ncollect2: error: ld returned 1")[0]
    assert first.code == "cuda-library-link-missing"
    assert "conda_toolchain" not in first.facts
    assert "LIBRARY_PATH=$CUDA_HOME/lib64" in first.fix[0]
    assert not any("conda install" in step for step in first.fix)


def test_the_drivers_libcuda_is_not_a_toolkit_library() -> None:
    # -lcuda is the driver's library: its own entry, never "install the toolkit's -dev".
    first = explain("/usr/bin/ld: cannot find -lcuda\ncollect2: error: ld returned 1")[0]
    assert first.code == "libcuda-link-missing"
    assert all(r.code != "cuda-library-link-missing" for r in explain("ld: cannot find -lcuda"))


def test_a_library_name_that_only_starts_like_cudart_is_not_read() -> None:
    assert all(r.code != "cuda-library-link-missing" for r in explain("ld: cannot find -lcudartx"))


def test_a_setup_py_refusing_without_a_gpu_names_force_cuda() -> None:
    text = (
        '  File "setup.py", line 47, in get_extensions\n'
        "    raise NotImplementedError('Cuda is not availabel')\n"
        "NotImplementedError: Cuda is not availabel"
    )
    (result,) = explain(text)
    assert result.code == "extension-build-sees-no-cuda"
    assert any("FORCE_CUDA=1" in step for step in result.fix)
    # The same words from a program at run time are no build.
    assert not explain("NotImplementedError: Cuda is not available")


def test_a_posix_assignment_typed_in_cmd_keeps_its_value_in_the_fix() -> None:
    # errors_blind105 (llama-cpp-python#2068).
    text = (
        'CMAKE_ARGS="-DGGML_CUDA=ON -DLLAMA_LLAVA=OFF" pip install llama-cpp-python\n'
        "'CMAKE_ARGS' is not recognized as an internal or external command,\n"
        "operable program or batch file."
    )
    (result,) = explain(text)
    assert result.code == "posix-env-syntax-on-windows"
    assert 'set "CMAKE_ARGS=-DGGML_CUDA=ON -DLLAMA_LLAVA=OFF"' in result.fix[0]
    # A program that is simply not installed is not a variable.
    assert explain("'cmake' is not recognized as an internal or external command") == ()


def test_the_linker_line_retyped_with_can_not() -> None:
    # errors_blind112 (DeepSpeed#5659).
    (result,) = explain(
        "RuntimeError: Error building extension 'cpu_adam', because /usr/bin/ld: can not find -lcurand"
    )
    assert result.code == "cuda-library-link-missing"


def test_the_msvc_message_cut_to_its_link() -> None:
    # errors_blind112 (sd-webui-reactor#324).
    text = (
        "udio.microsoft.com/visual-cpp-build-tools/\n      [end of output]\n"
        "  ERROR: Failed building wheel for insightface"
    )
    (result,) = explain(text)
    assert result.code == "msvc-build-tools-missing"
