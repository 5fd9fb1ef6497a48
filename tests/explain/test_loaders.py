"""The general undefined-symbol entry: only where no specific entry explains the symbol."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_stale_library_in_usr_local() -> None:
    # facebookresearch/Detectron#502: an old build's copy in /usr/local/lib.
    text = (FIXTURES / "errors_blind33/env__undefsym_detectron1.txt").read_text(encoding="utf-8")
    found = explain(text)
    assert [e.code for e in found] == ["shared-library-symbol-missing"]
    assert "/usr/local/lib/" in found[0].cause
    assert found[0].fix[0].startswith("See which copy")


def test_library_built_against_another_opencv() -> None:
    # https://github.com/facebookresearch/Detectron/issues/428
    found = explain(
        "OSError: /usr/local/lib/libcaffe2_gpu.so: undefined symbol: _ZN2cv12_OutputArrayC1ERNS_3MatE"
    )
    assert [e.code for e in found] == ["shared-library-symbol-missing"]


def test_specific_entries_keep_their_symbols() -> None:
    torch_symbol = (
        "ImportError: /usr/lib/python3/site-packages/torchvision/_C.so: undefined symbol: "
        "_ZN3c106detail19maybe_wrap_dim_slowEllb"
    )
    assert [e.code for e in explain(torch_symbol)] == ["torch-extension-abi-mismatch"]
    cuda_symbol = (
        "ImportError: /usr/local/lib/python3.10/dist-packages/torch/lib/../../nvidia/cusparse/"
        "lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1, version "
        "libnvJitLink.so.12"
    )
    assert [e.code for e in explain(cuda_symbol)] == ["cuda-library-symbol-mismatch"]
    driver_symbol = "ImportError: /opt/app/libfoo.so: undefined symbol: cuGetProcAddress_v2"
    assert "shared-library-symbol-missing" not in [e.code for e in explain(driver_symbol)]
    # Two lines, one of them torch's: the specific entry answers for the paste.
    both = torch_symbol + "\nOSError: /opt/x/libbar.so: undefined symbol: _ZN3bar3bazEv"
    assert "shared-library-symbol-missing" not in [e.code for e in explain(both)]


def test_a_non_torch_symbol_gets_the_general_answer_not_torchs() -> None:
    # Once a near miss of the torch entry (commit 70cdafe): now the general entry, with no
    # torch or CUDA step.
    found = explain("ImportError: libfoo.so: undefined symbol: _ZN5boost4math6detail3fooEv")
    assert [e.code for e in found] == ["shared-library-symbol-missing"]
    assert not any("torch" in step or "pip" in step for step in found[0].fix)


def test_cuda_symbols_of_other_libraries_get_the_general_answer() -> None:
    (result,) = explain(
        "ImportError: /usr/lib/python3/dist-packages/cv2.so: undefined symbol: cudaGetDeviceCount"
    )
    assert result.code == "shared-library-symbol-missing"


def test_a_conda_environments_torch_is_not_called_a_stale_system_copy() -> None:
    (result,) = explain(
        "OSError: /opt/conda/lib/python3.10/site-packages/mypkg/_ext.so: undefined symbol: "
        "foo_bar_init"
    )
    assert "system folder" not in result.cause


def test_mkl_2024_1_next_to_torch_is_named() -> None:
    (result,) = explain(
        "ImportError: /home/u/miniforge3/envs/a/lib/python3.11/site-packages/torch/lib/"
        "libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent"
    )
    assert result.code == "mkl-ijit-symbol-missing"
    assert any('"mkl<2024.1"' in step for step in result.fix)


def test_macos_linker_skipping_an_x86_64_libtorch_on_apple_silicon() -> None:
    # errors_blind94 (tch-rs#881): torch in a micromamba env of the other architecture.
    text = (
        "ld: warning: ignoring file '/Users/a/micromamba/envs/x/lib/python3.10/site-packages/"
        "torch/lib/libtorch.dylib': found architecture 'x86_64', required architecture 'arm64'"
    )
    first = explain(text)[0]
    assert first.code == "binary-wrong-architecture"
    assert first.facts["linker"] is True
    assert first.facts["binary_arch"] == "x86_64"
    assert first.facts["process_arch"] == "arm64"
    assert "platform.machine()" in first.fix[0]


def test_older_and_newer_macos_linker_wordings() -> None:
    older = (
        "ld: warning: ignoring file libfoo.dylib, file was built for x86_64 which is not the "
        "architecture being linked (arm64): libfoo.dylib"
    )
    newer = "ld: building for macOS-arm64 but attempting to link with file built for macOS-x86_64"
    for text in (older, newer):
        first = explain(text)[0]
        assert first.code == "binary-wrong-architecture"
        assert (first.facts["binary_arch"], first.facts["process_arch"]) == ("x86_64", "arm64")


def test_exec_format_error_is_a_program_for_another_cpu_or_no_program() -> None:
    # errors_blind79 (LocalAI's docs): a binary downloaded for the wrong architecture.
    for text in (
        "bash: ./local-ai: cannot execute binary file: Exec format error",
        "OSError: [Errno 8] Exec format error: '/usr/bin/ollama'",
    ):
        first = explain(text)[0]
        assert first.code == "binary-wrong-architecture"
        assert first.facts["exec_format"] is True
        assert "uname -m" in first.fix[0]


def test_exec_format_error_names_a_script_without_its_interpreter_line() -> None:
    first = explain("OSError: [Errno 8] Exec format error: './build.sh'")[0]
    assert any("#!/bin/sh" in step for step in first.fix)


def test_a_dyld_path_holding_link_is_no_linker_message() -> None:
    first = explain("/Users/me/symlinks/_C.so: mach-o, but wrong architecture")[0]
    assert "linker" not in first.facts


def test_bitsandbytes_cpu_library_symbol_is_answered_once() -> None:
    text = "/x/libbitsandbytes_cpu.so: undefined symbol: cadam32bit_grad_fp32"
    assert [r.code for r in explain(text)] == ["bitsandbytes-no-gpu"]


def test_a_packages_own_library_names_the_package_not_the_system() -> None:
    blind = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind113"
    (result,) = explain((blind / "env__libmissing_sherpaonnx2791.txt").read_text())
    assert result.code == "shared-library-missing"
    assert result.facts["package"] == "sherpa_onnx"
    assert (
        result.fix[0]
        == "Install it into the same environment: `python -m pip install sherpa-onnx-core`."
    )
    assert not any("apt-file" in step for step in result.fix)


def test_a_library_outside_a_site_packages_frame_keeps_the_system_answer() -> None:
    (result,) = explain("ImportError: libsndfile.so.1: cannot open shared object file")
    assert "package" not in result.facts
    assert "apt-file search" in result.fix[0]


def test_a_system_library_of_a_package_is_not_called_the_packages_own() -> None:
    text = (
        '  File "/venv/lib/python3.10/site-packages/psycopg2/__init__.py", line 51, in <module>\n'
        "ImportError: libpq.so.5: cannot open shared object file: No such file or directory"
    )
    (result,) = explain(text)
    assert "package" not in result.facts


def test_a_library_named_not_found_goes_to_its_missing_library_entry() -> None:
    # lmdeploy's FAQ heading, a program's own check, and ldd's "=> not found".
    found = explain(
        (FIXTURES / "errors_blind128/env__nccl_lmdeploy3.txt").read_text(encoding="utf-8")
    )
    assert [e.code for e in found] == ["cuda-library-missing"]
    assert "nvidia/nccl/lib" in found[0].fix[0]
    for text, code in (
        ("\tlibcudnn.so.8 => not found", "cudnn-library-missing"),
        ("\tlibcuda.so.1 => not found", "driver-library-missing"),
        ("\tlibportaudio.so.2 => not found", "shared-library-missing"),
    ):
        assert [e.code for e in explain(text)] == [code], text
    # A library that was found, or a sentence about something else, is no answer.
    assert not explain("\tlibportaudio.so.2 => /lib/x86_64-linux-gnu/libportaudio.so.2")
    assert not explain("model.so not found in the cache, downloading")


def test_macos_dyld_library_not_loaded() -> None:
    # k2-fsa/k2's FAQ: conda's MKL without the soname k2 was linked against.
    found = explain((FIXTURES / "errors_blind130/env__dylib_k23.txt").read_text(encoding="utf-8"))
    assert [e.code for e in found] == ["shared-library-missing"]
    assert found[0].facts["library"] == "@rpath/libmkl_intel_ilp64.2.dylib"
    assert found[0].facts["needed_by"].endswith("_k2.cpython-38-darwin.so")
    assert "LC_RPATH" in found[0].fix[0]
    # dyld 4's words (sherpa-onnx's Pascal API docs, k2-fsa/sherpa@6e00e3b), a UUID before
    # the binary, and pytorch/serve's cpp/README (libomp).
    (result,) = explain(
        "dyld[23162]: Library not loaded: @rpath/libsherpa-onnx-c-api.dylib\n"
        "  Referenced from: <3AE58F60-4925-335D-89A5-B30FD7D97D7E> /Users/fangjun/open-source/"
        "sherpa-onnx/pascal-api-examples/non-streaming-asr/whisper\n"
        "  Reason: tried: '/usr/local/lib/libsherpa-onnx-c-api.dylib' (no such file)"
    )
    assert result.facts["needed_by"].endswith("/whisper")
    assert any("DYLD_LIBRARY_PATH" in step for step in result.fix)
    (result,) = explain("Build on Mac fails with `Library not loaded: @rpath/libomp.dylib`")
    assert result.code == "shared-library-missing"
    # torch's own dylibs keep their answer.
    codes = [e.code for e in explain("Library not loaded: @rpath/libc10.dylib")]
    assert codes == ["torch-library-missing"]


def test_a_python_package_finds_no_system_library() -> None:
    # k2-fsa/sherpa's FAQ: sounddevice's own search (src/sounddevice.py) on Linux.
    found = explain(
        (FIXTURES / "errors_blind130/env__sharedlib_sherpa1.txt").read_text(encoding="utf-8")
    )
    assert [e.code for e in found] == ["shared-library-missing"]
    assert found[0].facts == {"library": "PortAudio", "package": "sounddevice"}
    assert "libportaudio2" in found[0].fix[0]
    # soundfile's words (soundfile.py); on Windows its wheel brings the library.
    (result,) = explain(
        '  File "C:\\Python311\\Lib\\site-packages\\soundfile.py", line 1\n'
        "OSError: sndfile library not found using ctypes.util.find_library"
    )
    assert result.facts["package"] == "soundfile"
    assert "--only-binary" in result.fix[0]
    # Any other library a package looks for in the same words.
    (result,) = explain("OSError: Cairo library not found")
    assert result.facts == {"library": "Cairo"}
    assert not explain("OSError: CUDA library not found")


def test_apptainer_image_of_another_architecture() -> None:
    text = (FIXTURES / "errors_blind134/env__arch_apptainer3.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "binary-wrong-architecture"
    assert (result.facts["image_arch"], result.facts["host_arch"]) == ("ppc64le", "amd64")
    assert "--arch amd64" in result.fix[0]
    assert "binfmt" in result.fix[1]


def test_libpython_with_its_version_is_the_interpreters_library() -> None:
    # errors_blind135 (PaddlePaddle/docs FAQ): paddle 3.0.0b0 links libpython; conda's lib
    # folder is not on the loader's path.
    path = FIXTURES / "errors_blind135/env__sharedlib_paddle1.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "shared-library-missing"
    assert result.facts["library"] == "libpython3.12.so.1.0"
    assert "LD_LIBRARY_PATH=$CONDA_PREFIX/lib" in result.fix[0]
    (ldd,) = explain("\tlibpython3.9.so.1.0 => not found\n")
    assert ldd.facts["library"] == "libpython3.9.so.1.0"


def test_mkls_missing_ijit_symbol_quoted_without_the_library() -> None:
    (result,) = explain("undefined symbol: iJIT_NotifyEvent")
    assert result.code == "mkl-ijit-symbol-missing"


def test_a_projects_own_library_by_a_relative_path_is_built_not_installed() -> None:
    # A TensorRT plugin a tensorrtx-style project builds (cmake + make) and loads with ctypes.
    text = (
        "Traceback (most recent call last):\n"
        '  File "yolov7_trt.py", line 21, in <module>\n'
        "    ctypes.CDLL(PLUGIN_LIBRARY)\n"
        "OSError: build/libmyplugins.so: cannot open shared object file: No such file or directory"
    )
    (result,) = explain(text)
    assert result.code == "shared-library-missing"
    assert result.kind == "environment"
    assert result.facts == {"library": "libmyplugins.so", "path": "build/libmyplugins.so"}
    steps = " ".join(result.fix)
    assert "cmake" in steps and "apt-file" not in steps and "pip install" not in steps
    assert "same TensorRT" in steps
    assert "started in" in result.cause


def test_a_library_inside_the_programs_own_folder_is_the_projects() -> None:
    text = (
        '  File "/home/u/work/pointnet2/tools/train.py", line 9, in <module>\n'
        '    lib = ctypes.CDLL("/home/u/work/pointnet2/build/libsampling.so")\n'
        "OSError: /home/u/work/pointnet2/build/libsampling.so: cannot open shared object file"
    )
    (result,) = explain(text)
    assert result.facts["path"] == "/home/u/work/pointnet2/build/libsampling.so"
    assert "apt-file" not in " ".join(result.fix)
    assert "started in" not in result.cause  # an absolute path does not depend on the folder


def test_system_and_environment_folders_keep_the_system_answer() -> None:
    for text in (
        "OSError: /usr/lib/x86_64-linux-gnu/libsndfile.so.1: cannot open shared object file",
        "OSError: /home/u/miniconda3/envs/a/lib/libsndfile.so.1: cannot open shared object file",
        # Absolute, and no frame of the program's own folder says it is the project's.
        '  File "/home/u/app/run.py", line 3\nOSError: /srv/libs/libsndfile.so.1: cannot open '
        "shared object file",
    ):
        (result,) = explain(text)
        assert "path" not in result.facts, text
        assert "apt-file search" in result.fix[0], text
