"""Containers: the Docker client's --gpus flag, NGC images' GPU check."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize(
    "path",
    [
        "tests/fixtures/errors_blind34/env__docker_nvdocker1199.txt",
        "tests/fixtures/errors_blind34/env__docker_serve627.txt",
    ],
)
def test_unknown_gpus_flag_is_an_old_docker_client(path: str) -> None:
    (result,) = explain(_blind(path))
    assert result.code == "docker-gpus-flag-unknown"
    assert result.kind == "environment"
    assert "19.03" in result.cause


def test_gpus_and_its_value_in_one_argument_is_the_programs_mistake() -> None:
    # As pasted in https://github.com/NVIDIA/nvidia-docker/issues/1200 (subprocess.run).
    (result,) = explain("unknown flag: --gpus all\nSee 'docker run --help'.\n")
    assert result.code == "docker-gpus-flag-unknown"
    assert result.kind == "code"
    assert result.facts == {"gpus_value": "all"}
    assert not any("docker-ce-cli" in step for step in result.fix)


def test_ngc_image_on_a_kepler_gpu_names_cudas_last_kepler_toolkit() -> None:
    (result,) = explain(_blind("tests/fixtures/errors_blind33/env__oldgpu_fauxpilot1.txt"))
    assert result.code == "container-gpu-unsupported"
    assert result.facts["compute_capability"] == "3.5"
    assert result.facts["last_cuda"] == "11.8"


def test_the_next_lines_word_is_not_a_joined_gpus_value() -> None:
    (result,) = explain("unknown flag: --gpus\nUsage: docker run [OPTIONS] IMAGE [COMMAND]")
    assert result.code == "docker-gpus-flag-unknown"
    assert result.kind == "environment"


def test_nvidia_docker_1s_own_cuda_check_is_the_image_newer_than_the_driver() -> None:
    # errors_blind87 (ec2-setup#1): nvidia-docker 1.x compared the image's CUDA label itself.
    (result,) = explain("Error: unsupported CUDA version: driver 8.0 < image 9.0.176")
    assert result.code == "container-cuda-requirement"
    assert result.facts == {"image_cuda": "9.0", "driver_cuda": "8.0"}
    assert "supports CUDA up to 8.0" in result.cause


def test_singularity_nv_without_a_host_driver() -> None:
    text = (
        "INFO:    Could not find any NVIDIA binaries on this host!\n"
        "WARNING: Could not find any NVIDIA libraries on this host!\n"
        "WARNING: You may need to edit /usr/local/etc/singularity/nvliblist.conf"
    )
    (result,) = explain(text)
    assert result.code == "apptainer-nv-no-driver"
    assert "nvidia-smi" in result.fix[0]
    (wsl,) = explain(text + "\nLinux 5.15.90.1-microsoft-standard-WSL2")
    assert "--nvccli" in wsl.fix[0]


def test_the_device_plugin_without_nvml_needs_the_nvidia_runtime_on_the_node() -> None:
    # errors_blind97 (k8s-device-plugin#23): nvidia was not Docker's default runtime.
    text = "Loading NVML\nFailed to start nvml with error:  could not load NVML library"
    first = explain(text)[0]
    assert first.code == "container-toolkit-missing"
    assert first.facts["kubernetes_device_plugin"] is True
    assert "--set-as-default" in first.fix[1]


def test_a_requirement_line_cut_before_its_condition_takes_the_cuda_named_elsewhere() -> None:
    # errors_blind101 (text-generation-inference#1391): the log line stops at "cu"; the
    # issue's title names cuda>=12.1.
    cut = "nvidia-container-cli: requirement error: unsatisfied condition: cu"
    (result,) = explain("cuda>=12.1 error running TGI using docker on 2x A100s\n" + cut)
    assert result.code == "container-cuda-requirement"
    assert result.facts["image_cuda"] == "12.1"
    (alone,) = explain(cut)
    assert alone.code == "container-cuda-requirement"
    assert "image_cuda" not in alone.facts
    assert "NVIDIA_REQUIRE_CUDA" in alone.fix[0]


def test_the_device_driver_refusal_retyped_without_its_quotes() -> None:
    # errors_blind108 (LocalAI#4511): `could not select device driver with capabilities`.
    (result,) = explain(_blind("tests/fixtures/errors_blind108/env__container_localai4511.txt"))
    assert result.code == "container-toolkit-missing"


def test_the_device_driver_refusal_for_compute_utility_capabilities() -> None:
    # errors_blind117 (stable-diffusion-webui-docker#743).
    text = 'Error response from daemon: could not select device driver "nvidia" with capabilities: [[compute utility]]'
    (result,) = explain(text)
    assert result.code == "container-toolkit-missing"


def test_docker_build_has_no_gpus_flag_in_any_version() -> None:
    (result,) = explain(
        "$ docker build --gpus all -t img .\nunknown flag: --gpus\nSee 'docker build --help'."
    )
    assert result.facts["subcommand"] == "build"


def test_nvml_unknown_error_bare_is_a_container_that_lost_its_gpus() -> None:
    # errors_blind127 (k8s-device-plugin docs/cdi.md): the bare form, opening the paste.
    (result,) = explain(_blind("tests/fixtures/errors_blind127/env__container_k8sdp2.txt"))
    assert result.code == "container-gpu-lost"
    assert any("cdi-annotations" in step for step in result.fix)
    (result,) = explain("root@0123456789ab:/# nvidia-smi\nNVML: Unknown error")
    assert result.code == "container-gpu-lost"
    # Inside another program's sentence it is that call's failure, not this one.
    assert explain("Failed to get the device count from NVML: Unknown Error") == ()


def test_apptainer_contain_without_visible_devices() -> None:
    # Apptainer's userdocs gpu.rst: the warning wraps after NVIDIA_VISIBLE_DEVICES.
    text = (FIXTURES / "errors_blind134/env__container_apptainer2.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "apptainer-contain-no-gpus"
    assert "NVIDIA_VISIBLE_DEVICES=all" in result.fix[0]


def test_apptainer_encrypted_image_needs_userns() -> None:
    text = (FIXTURES / "errors_blind134/env__userns_apptainer4.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "apptainer-encrypted-needs-userns"
    assert "--userns" in result.fix[0]


_BLIND137 = Path(__file__).parent.parent / "fixtures/errors_blind137"


def test_docker_py_refused_connection_is_the_daemon_not_running() -> None:
    (result,) = explain((_BLIND137 / "env__container_kftrainer1.txt").read_text())
    assert result.code == "docker-daemon-unreachable"
    assert "systemctl start docker" in result.fix[0]
    (result,) = explain(
        "docker.errors.DockerException: Error while fetching server API version: "
        "('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))"
    )
    assert result.code == "docker-daemon-unreachable"


def test_the_docker_socket_refusing_the_user_is_the_docker_group() -> None:
    (result,) = explain((_BLIND137 / "env__container_kftrainer2.txt").read_text())
    assert result.code == "docker-daemon-unreachable"
    assert "usermod -aG docker" in result.fix[0]
    (result,) = explain(
        "Error while fetching server API version: ('Connection aborted.', "
        "PermissionError(13, 'Permission denied'))"
    )
    assert "usermod -aG docker" in result.fix[0]


def test_docker_desktops_missing_pipe_on_windows_says_start_docker_desktop() -> None:
    (result,) = explain(
        "docker.errors.DockerException: Error while fetching server API version: "
        "(2, 'CreateFile', 'The system cannot find the file specified.')"
    )
    assert result.code == "docker-daemon-unreachable"
    assert "Docker Desktop" in result.fix[0]


def test_a_stray_word_retyped_into_dockers_sentence_keeps_its_answer() -> None:
    text = 'docker: Error response from daemon: could not select device foo device driver "" '
    text += "with capabilities: [[gpu]]."
    assert explain(text)[0].code == "container-toolkit-missing"
