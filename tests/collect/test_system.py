from __future__ import annotations

from pathlib import Path

from envdoctor.collect.runner import CommandResult
from envdoctor.collect.system import (
    container_kind,
    os_release,
    read_system,
    read_toolkit,
    wsl_version,
)


def test_os_release(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text(
        'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\n'
    )
    assert os_release(tmp_path) == "Ubuntu 22.04.4 LTS"


def test_wsl_detection(tmp_path: Path) -> None:
    assert wsl_version("5.15.153.1-microsoft-standard-WSL2", tmp_path) == 2
    assert wsl_version("4.4.0-19041-Microsoft", tmp_path) == 1
    assert wsl_version("6.8.0-45-generic", tmp_path) is None


def test_container_detection(tmp_path: Path) -> None:
    assert container_kind({}, tmp_path) is None
    assert container_kind({"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, tmp_path) == "kubernetes"
    (tmp_path / ".dockerenv").write_text("")
    assert container_kind({}, tmp_path) == "docker"


def test_read_system_on_this_machine() -> None:
    facts = read_system()
    assert facts.os
    assert facts.machine


def test_toolkit_version_from_nvcc(tmp_path: Path) -> None:
    nvcc = tmp_path / "cuda" / "bin" / "nvcc"
    nvcc.parent.mkdir(parents=True)
    nvcc.write_text("")
    out = "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 12.4, V12.4.131\n"

    def runner(argv: list[str], *, timeout: float) -> CommandResult:
        return CommandResult(tuple(argv), 0, out)

    facts = read_toolkit(runner=runner, environ={"CUDA_HOME": str(tmp_path / "cuda"), "PATH": ""})
    # nvcc may be on this machine's PATH; the version parse is what matters.
    assert facts.nvcc_version == "12.4"
