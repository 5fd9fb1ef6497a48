"""Windows' DLL loader (explain.families.windows_dlls): torch's own DLLs against another
package's compiled module."""

from __future__ import annotations

from pathlib import Path

from explain.errortext import fixture_text

from envdoctor.explain import explain


def test_another_packages_module_is_not_blamed_on_torch() -> None:
    (result,) = explain(fixture_text("windows-dll-load-failed__ortgenai97"))
    assert result.title == "Windows could not load another package's compiled module"
    assert "other than PyTorch" in result.cause
    # Not torch's finding: torch itself is fine.
    assert result.finding_code is None
    assert any("os.add_dll_directory" in step for step in result.fix)
    assert any("CUDA toolkit version the package was built for" in step for step in result.fix)


def test_a_dll_in_another_package_folder_is_that_packages() -> None:
    text = (
        'OSError: [WinError 126] Error loading "C:\\py\\lib\\site-packages\\somepkg\\lib\\'
        'kernels.dll" or one of its dependencies.'
    )
    (result,) = explain(text)
    assert "other than PyTorch" in result.cause


def test_torchs_own_dlls_and_modules_keep_the_torch_answer() -> None:
    for text in (
        'OSError: [WinError 126] Error loading "C:\\py\\lib\\site-packages\\torch\\lib\\'
        'c10.dll" or one of its dependencies.',
        "ImportError: DLL load failed while importing _C: The specified module could not be found.",
    ):
        (result,) = explain(text)
        assert result.title == "Windows could not load a PyTorch DLL", text
        assert result.finding_code == "torch-broken"


def test_another_runtimes_dll_failure_is_not_blamed_on_torch() -> None:
    # errors_blind51 (Real-Time-Voice-Cloning): TensorFlow's own module failed to load.
    text = (
        '  File "C:\\Python37\\lib\\site-packages\\tensorflow\\python\\'
        'pywrap_tensorflow_internal.py", line 24, in swig_import_helper\n'
        "ImportError: DLL load failed: The specified procedure could not be found."
    )
    (result,) = explain(text)
    assert result.facts["runtime"] == "TensorFlow"
    assert "PyTorch is not involved" in result.cause
    assert not result.finding_code
    assert "CUDA and cuDNN" in result.fix[0]  # a DLL of another version: the GPU build's


def test_a_bare_winerror_126_names_the_package_that_loaded_the_dll() -> None:
    text = (
        'File "C:\\Users\\u\\venv\\lib\\site-packages\\shapely\\geos.py", line 88, in <module>\n'
        "    _lgeos = CDLL(os.path.join(sys.prefix, 'Library', 'bin', 'geos_c.dll'))\n"
        'File "C:\\Python39\\lib\\ctypes\\__init__.py", line 374, in __init__\n'
        "OSError: [WinError 126] The specified module could not be found"
    )
    (result,) = explain(text)
    assert result.title == "Windows could not find a DLL a program loads"
    assert result.facts["package"] == "shapely"
    assert result.finding_code is None


_INIT_FAILED = (
    "OSError: [WinError 1114] A dynamic link library (DLL) initialization routine failed. "
    'Error loading "C:\\env\\Lib\\site-packages\\torch\\lib\\c10.dll" or one of its '
    "dependencies."
)


def test_winerror_1114_from_torch_2_9_names_the_runtime_it_needs() -> None:
    # pytorch#169429: 2.9+ wheels need msvcp140.dll 14.40+; an older one loaded first fails.
    (result,) = explain("torch==2.9.1+cpu\n" + _INIT_FAILED)
    assert "14.40" in result.cause and result.facts["msvc_runtime_needed"] == "14.40"
    assert "vc_redist.x64.exe" in result.fix[0]
    assert any("torch 2.8" in step for step in result.fix)


def test_winerror_1114_before_torch_2_9_keeps_the_general_runtime_answer() -> None:
    (result,) = explain("torch==2.3.1+cu121\n" + _INIT_FAILED)
    assert "14.40" not in result.cause and "msvc_runtime_needed" not in result.facts
    assert not any("torch 2.8" in step for step in result.fix)


def test_winerror_1114_with_qt_bindings_in_the_paste_says_import_torch_first() -> None:
    (result,) = explain("PyQt5 5.15.10\n" + _INIT_FAILED)
    assert result.facts["bundles_msvc_runtime"] is True
    assert "import torch first" in result.fix[0]
    (plain,) = explain(_INIT_FAILED)
    assert "vc_redist.x64.exe" in plain.fix[0]


# --- TensorFlow's native runtime on Windows (blind round 85) -------------------------------


def test_tensorflow_initialisation_failure_puts_avx_first() -> None:
    # tensorflow/tensorflow#79041 (closed as a duplicate of #19584): an old CPU without AVX.
    path = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind85"
    text = (path / "env__illegal_tf79041.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "windows-dll-load-failed"
    assert result.facts["runtime"] == "TensorFlow"
    assert result.facts["dll_init_failed"] is True
    assert "AVX" in result.fix[0]
    assert any("msvcp140_1.dll" in step for step in result.fix)
    assert any("64-bit Python" in step for step in result.fix)


def test_tensorflow_on_windows_7_says_the_illegal_instruction_as_a_code() -> None:
    # fo40225/tensorflow-windows-wheel's README: Windows 7's wording of the same failure.
    text = (
        "ImportError: DLL load failed with error code -1073741795\n"
        "Failed to load the native TensorFlow runtime."
    )
    (result,) = explain(text)
    assert result.facts.get("dll_init_failed") is True
    assert "AVX" in result.fix[0]


def test_tensorflow_module_not_found_puts_the_redistributable_first() -> None:
    text = (
        "ImportError: DLL load failed while importing _pywrap_tensorflow_internal: The "
        "specified module could not be found.\nFailed to load the native TensorFlow runtime."
    )
    (result,) = explain(text)
    assert "dll_init_failed" not in result.facts
    assert "Redistributable" in result.fix[0]


def test_another_packages_module_may_be_built_for_another_python() -> None:
    # errors_blind95 (openai-cpa#69): a .pyd for another Python version, in Chinese Windows.
    (result,) = explain("DLL load failed while importing auth_core: 找不到指定的模块。")
    assert "python3XY.dll" in result.cause
    assert any("cpXY in its file name" in step for step in result.fix)


def test_winerror_1114_on_a_cuda_11_dll_is_not_the_torch_2_9_runtime() -> None:
    # review (sdnext#598): cufft64_10.dll belongs to a torch far older than 2.9.
    (result,) = explain(
        "Could not load torch: [WinError 1114] A dynamic link library (DLL) initialization "
        'routine failed. Error loading "C:\\AV\\automatic\\venv\\lib\\site-packages\\torch\\lib'
        '\\cufft64_10.dll" or one of its dependencies.'
    )
    assert "14.40" not in result.cause and "msvc_runtime_needed" not in result.facts


def test_python_37s_bare_dll_failure_without_torch_is_not_called_torchs() -> None:
    # errors_blind95 (fg-data-profiling#610): one line, fixed by reinstalling all packages.
    (result,) = explain("ImportError: DLL load failed: 找不到指定的程序")
    assert result.code == "windows-dll-load-failed"
    assert "PyTorch's DLLs" not in result.cause
    assert result.facts["procedure_not_found"] is True
    assert "--force-reinstall" in result.fix[0]


def test_bare_module_not_found_without_torch_leads_with_the_runtime() -> None:
    (result,) = explain("ImportError: DLL load failed: The specified module could not be found.")
    assert "procedure_not_found" not in result.facts
    assert "vc_redist" in result.fix[0]


def test_the_same_words_under_torchs_import_stay_torchs() -> None:
    text = (
        '  File "C:\\Python37\\lib\\site-packages\\torch\\__init__.py", line 81, in <module>\n'
        "    from torch._C import *\n"
        "ImportError: DLL load failed: The specified module could not be found."
    )
    (result,) = explain(text)
    assert "PyTorch's DLLs" in result.cause


def test_not_a_valid_win32_application_is_a_word_size_mix_not_a_missing_procedure() -> None:
    # "应用程序" holds 程序 ("procedure"): only the whole phrase 找不到指定的程序 is error 127.
    (result,) = explain("ImportError: DLL load failed: %1 不是有效的 Win32 应用程序。")
    assert result.facts["winerror"] == "193"
    assert "procedure_not_found" not in result.facts
    assert "calcsize" in result.fix[0]


def test_a_dll_that_is_not_torchs_gets_no_pytorch_answer() -> None:
    (result,) = explain(
        "FileNotFoundError: Could not find module 'geos_c.dll' (or one of its dependencies). "
        "Try using the full path with constructor syntax."
    )
    assert result.title == "Windows could not load a DLL that is not PyTorch's"
    assert "PyTorch" not in " ".join(result.fix)


def test_numbas_nvvm_dll_is_the_cuda_toolkits() -> None:
    # NVIDIA/numba-cuda#69: the toolkit is not installed.
    text = Path("tests/fixtures/errors_blind109/env__nvvm_numbacuda69.txt").read_text()
    (result,) = explain(text)
    assert result.code == "numba-nvvm-missing"
    assert "numba-cuda[cu12]" in " ".join(result.fix)


def test_a_blender_addons_own_torch_is_the_addons_install() -> None:
    blind = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind111"
    (result,) = explain((blind / "env__dll_dreamtextures293.txt").read_text())
    assert result.code == "windows-dll-load-failed"
    assert result.facts["blender_version"] == "3.0"
    assert result.facts["blender_addon"] == "dream_textures"
    assert "bundled_app" not in result.facts
    assert "Blender version the add-on supports" in result.fix[0]
    assert not any("pip install" in step for step in result.fix)


def test_winerror_1114_with_nothing_of_torch_in_the_paste() -> None:
    # errors_blind119 (koboldcpp#1123): its hipBLAS DLL on a CPU without AVX.
    (result,) = explain(
        "[WinError 1114] A dynamic link library (DLL) initialization routine failed"
    )
    assert result.code == "windows-dll-load-failed"
    assert "one of PyTorch's DLLs" not in result.cause
    assert "AVX" in result.fix[0]


def test_a_program_windows_could_not_start_for_a_dll() -> None:
    # PyO3's FAQ names the status; cargo prints it after the code (cargo-util's
    # process_error.rs), other parents the signed or unsigned number.
    text = (
        Path(__file__).resolve().parent.parent / "fixtures/errors_blind131/env__dll_pyo4.txt"
    ).read_text(encoding="utf-8")
    (result,) = explain(text)
    assert (result.code, result.facts["ntstatus"]) == ("windows-dll-load-failed", "0xC0000135")
    assert not result.finding_code  # not torch-broken
    for said in (
        "error: process didn't exit successfully: `target\\debug\\app.exe` (exit code: "
        "0xc0000135, STATUS_DLL_NOT_FOUND)",
        "Process finished with exit code -1073741515 (0xC0000135)",
        "Command '['tool.exe']' returned non-zero exit status 3221225781.",
    ):
        (result,) = explain(said)
        assert result.facts["ntstatus"] == "0xC0000135", said
    (result,) = explain("pyo3 embedding: (exit code: 0xc0000139, STATUS_ENTRYPOINT_NOT_FOUND)")
    assert result.facts == {"ntstatus": "0xC0000139", "python_dll": True}
    assert not explain("offset -10737415150 in the table")


def test_triton_windows_modules_get_its_readmes_answers() -> None:
    # errors_blind133 (triton-windows' README, "Troubleshoot").
    path = Path(__file__).resolve().parents[1] / "fixtures/errors_blind133/env__dll_tritonwin4.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "windows-dll-load-failed"
    assert "vc14_runtime" in result.fix[0]
    (cache,) = explain(
        "ImportError: DLL load failed while importing cuda_utils: The specified module could "
        "not be found."
    )
    assert ".triton" in cache.fix[0]


def test_llvmlite_dll_is_the_visual_cpp_runtime() -> None:
    # errors_blind135 (RVC's FAQ): llvmlite's own OSError and ctypes' line, its quotes lost.
    path = Path(__file__).resolve().parents[1] / "fixtures/errors_blind135/env__dll_rvc2.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "windows-dll-load-failed"
    assert "Visual C++" in result.cause
    assert any("vc_redist" in step for step in result.fix)
    # Each wording llvmlite/binding/ffi.py has printed.
    for text in (
        "OSError: Could not load shared object file: llvmlite.dll",
        "OSError: Could not find/load shared object file: llvmlite.dll\n Error was: [WinError 126]",
        "OSError: Could not find/load shared object file 'llvmlite.dll' from resource "
        "location: 'llvmlite.binding'. This could mean that the library literally cannot be found",
    ):
        assert [e.code for e in explain(text)] == ["windows-dll-load-failed"], text
        assert "llvmlite.dll" in explain(text)[0].cause


def test_ctypes_module_line_without_quotes_still_names_the_package() -> None:
    text = (
        "FileNotFoundError: Could not find module C:\\env\\Lib\\site-packages\\shapely\\"
        "geos_c.dll (or one of its dependencies). Try using the full path with constructor syntax."
    )
    (result,) = explain(text)
    assert result.facts["dll"].endswith("geos_c.dll")
    assert "PyTorch" not in result.title


def test_a_hip_dll_of_torch_is_a_rocm_build_needing_amds_driver() -> None:
    text = (
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\\\AI\\\\venv\\\\Lib\\\\site-packages\\\\torch\\\\lib\\\\torch_hip.dll" or one of '
        "its dependencies."
    )
    (result,) = explain(text)
    assert result.code == "windows-dll-load-failed"
    assert result.facts["build"] == "rocm"
    assert "amdhip64" in result.fix[0]
    assert not any("Visual C++" in step for step in result.fix)
