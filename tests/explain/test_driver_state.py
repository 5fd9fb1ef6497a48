"""The driver-state family's advice (explain.families.driver_state)."""

from __future__ import annotations

from envdoctor.explain import explain

NO_GPUS = "RuntimeError: No CUDA GPUs are available"


def test_a_gpu_working_outside_the_program_makes_no_gpus_a_code_problem() -> None:
    text = f"torch.cuda.is_available(): True\n\nbut:\n{NO_GPUS}"
    (result,) = explain(text)
    assert result.code == "no-cuda-device"
    assert result.kind == "code"
    assert result.finding_code is None
    # No driver or torch step: the program's own setting is the fix.
    assert not any("driver" in step or "pip install" in step for step in result.fix)
    assert any("CUDA_VISIBLE_DEVICES" in step for step in result.fix)


def test_a_program_that_sets_cuda_visible_devices_is_told_its_value() -> None:
    text = f'os.environ["CUDA_VISIBLE_DEVICES"] = "3"\n{NO_GPUS}'
    (result,) = explain(text)
    assert result.kind == "code"
    assert result.facts["sets_cuda_visible_devices"] == "3"
    assert "'3'" in result.cause


def test_the_bare_message_stays_an_environment_question() -> None:
    (result,) = explain(NO_GPUS)
    assert result.kind == "environment"
    # The program's own setting is named first among the checks.
    assert "launch scripts" in result.fix[0]


def test_wsl_libcuda_copy_warning_and_readlink() -> None:
    with open("tests/fixtures/errors_blind34/env__wsl_wsl5548.txt", encoding="utf-8") as f:
        (warning,) = explain(f.read())
    assert warning.code == "wsl-libcuda-link"
    assert warning.finding_code is None  # a harmless ldconfig warning, no install fault
    assert any("mklink" in step for step in warning.fix)
    assert any("Never install a Linux NVIDIA driver" in step for step in warning.fix)
    with open("tests/fixtures/errors_blind34/env__wsl_neutrino2.txt", encoding="utf-8") as f:
        (readlink,) = explain(f.read())
    assert readlink.code == "wsl-libcuda-link"
    assert readlink.facts["readlink"] is True
    assert "os.path.realpath" in readlink.fix[0]


def test_a_cpu_tools_libcuda_warning_is_not_tritons_assertion() -> None:
    assert explain("WARNING: libcuda.so not found, running on CPU") == ()


def test_gpu_zero_or_a_container_keeps_the_environment_answer() -> None:
    # GPU 0 exists wherever there is a GPU: setting it hides nothing.
    (zero,) = explain(f"os.environ['CUDA_VISIBLE_DEVICES'] = '0'\n{NO_GPUS}")
    assert zero.kind == "environment"
    # True on the host, nothing inside the container: the container lacks the GPU.
    (inside,) = explain(
        "On the host torch.cuda.is_available() returns True, but inside docker run the "
        f"script fails:\n{NO_GPUS}"
    )
    assert inside.kind == "environment"


def test_no_device_under_wsl_names_a_linux_driver_inside_wsl() -> None:
    # errors_blind72 (cuML): numba's cuInit found no device; the /mnt/c path says WSL.
    text = (
        'File "/mnt/c/Users/me/project/.venv/lib/python3.12/site-packages/numba_cuda/numba/'
        'cuda/cudadrv/driver.py", line 258, in ensure_initialized\n'
        "numba.cuda.cudadrv.error.CudaSupportError: Error at driver init: Call to cuInit "
        "results in CUDA_ERROR_NO_DEVICE (100)"
    )
    (result,) = explain(text)
    assert result.code == "no-cuda-device"
    assert "WSL 2" in result.cause and "/usr/lib/wsl/lib" in result.cause


def test_busy_or_unavailable_on_a_desktop_says_reinstall_the_driver() -> None:
    (result,) = explain(
        "RuntimeError: CUDA error: all CUDA-capable devices are busy or unavailable"
    )
    assert "damaged driver installation" in result.cause
    assert "reinstall the NVIDIA driver" in result.fix[-1]


def test_nvcuda_dll_on_windows_gets_windows_driver_steps_only() -> None:
    text = (
        'File "C:\\\\Users\\\\me\\\\venv\\\\lib\\\\site-packages\\\\cpm_kernels\\\\library\\\\base.py", '
        "line 72\nFileNotFoundError: Could not find module 'nvcuda.dll' (or one of its "
        "dependencies). Try using the full path with constructor syntax."
    )
    (result,) = explain(text)
    assert result.code == "driver-library-missing"
    assert not any("lspci" in step or "ubuntu-drivers" in step for step in result.fix)


def test_libcuda_missing_in_a_podman_container_gets_the_runtimes_steps() -> None:
    # errors_blind105 (whisper-asr-webservice#205): the image run with podman, no GPU given.
    text = (
        "I'm getting this error when running the `latest-gpu` variant of the image using "
        "`podman`:\nCould not load library libcudnn_cnn_infer.so.8. Error: libcuda.so: cannot "
        "open shared object file: No such file or directory"
    )
    (result,) = explain(text)
    assert result.code == "driver-library-missing"
    assert result.facts["container_runtime"] == "Podman"
    assert any("nvidia.com/gpu=all" in step for step in result.fix)
    assert not any("ubuntu-drivers" in step for step in result.fix)
    (host,) = explain("OSError: libcuda.so: cannot open shared object file")
    assert "container_runtime" not in host.facts
