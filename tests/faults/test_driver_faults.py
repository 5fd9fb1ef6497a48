"""Issue 11.4: an answer about the driver that cannot be read is unknown, never "ready".

A fake `nvidia-smi` on PATH that exits 0 with text that is no CSV row (a wrapper's banner,
a changed format, binary junk) used to give "[✓] NVIDIA driver (version unknown)" and hide
the `no-gpu` warning; a damaged /sys/module/nvidia/version was taken verbatim as the
driver version.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from envdoctor.analyse.check import analyse
from envdoctor.analyse.findings import Status
from envdoctor.collect import Probes, collect_snapshot
from envdoctor.collect.driver_files import kernel_module_version, plausible_driver_version
from envdoctor.collect.nvidia_smi import read_nvidia_smi
from envdoctor.collect.nvml import NvmlResult
from envdoctor.matrix import load_matrix
from envdoctor.snapshot import DriverFacts, DriverState, SystemFacts, ToolkitFacts
from tests.faults.fakes import fake_program

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a shebang script as nvidia-smi")

UNREADABLE = [
    "",
    "\n\n",
    "NVIDIA-SMI has failed because it couldn't... just kidding, all fine\n",
    "Welcome to the GPU cluster! Please cite us.",
    "0, NVIDIA GeForce RTX 3060, GPU-1, 12288, [N/A], Disabled, 00000000:01:00.0, 8.6\n",
    "0, NVIDIA GeForce RTX 3060, GPU-1, 12288, 535.x.05, Disabled, 00000000:01:00.0, 8.6\n",
    "\x00\x01\x02garbage\xff",
    "index, name\n",
]


def _no_nvml() -> NvmlResult:
    return NvmlResult(
        DriverFacts(
            state=DriverState.NO_DRIVER, source="nvml", error="NVML Shared Library Not Found"
        ),
        (),
    )


@pytest.mark.parametrize("stdout", UNREADABLE)
def test_unparsable_nvidia_smi_is_not_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdout: str
) -> None:
    fake_program(tmp_path / "bin", "nvidia-smi", stdout=stdout, code=0)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = read_nvidia_smi(timeout=30)
    assert result.driver.state is not DriverState.OK
    assert result.driver.version is None
    assert result.driver.error


@pytest.mark.parametrize("stdout", UNREADABLE[:4])
def test_unparsable_nvidia_smi_on_a_gpu_less_machine_warns_no_gpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdout: str
) -> None:
    fake_program(tmp_path / "bin", "nvidia-smi", stdout=stdout, code=0)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    probes = Probes(
        nvml=_no_nvml,
        smi=lambda: read_nvidia_smi(timeout=30),
        kernel_module=lambda: None,
        pci_count=lambda: 0,
        system=lambda: SystemFacts(os="Linux", machine="x86_64"),
        toolkit=ToolkitFacts,
    )
    env = {"PATH": str(tmp_path / "bin"), "ENVDOCTOR_PROBE_SKIP_TORCH": "1"}
    snapshot = collect_snapshot(sys.executable, probes=probes, timeout=30, environ=env)
    report = analyse(snapshot, load_matrix())
    driver = [f for f in report.findings if f.area.value == "driver"]
    assert not any(f.status is Status.OK for f in driver), driver
    assert any(f.code == "no-gpu" for f in driver), driver


def test_readable_nvidia_smi_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = "0, NVIDIA GeForce RTX 3060, GPU-1, 12288, 535.104.05, Disabled, 00000000:01:00.0, 8.6\n"
    fake_program(tmp_path / "bin", "nvidia-smi", stdout=row, code=0)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = read_nvidia_smi(timeout=30)
    assert result.driver.state is DriverState.OK
    assert result.driver.version == "535.104.05"
    assert result.gpus[0].compute_capability == "8.6"


@pytest.mark.parametrize(
    "content",
    [
        b"535.104.05\x00\x00garbage\n",
        b"\x00\x00\x00\x00",
        b"not a version\n",
        b"535.104.05; rm -rf /\n",
        b"\xff\xfe5\x003\x005\x00",
        b"9" * 100_000,
        b"1.2.3.4.5.6.7.8.9.10.11.12\n",
    ],
)
def test_garbage_sys_module_version_is_rejected(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "sys/module/nvidia").mkdir(parents=True)
    (tmp_path / "sys/module/nvidia/version").write_bytes(content)
    assert kernel_module_version(tmp_path) is None
    # /proc, when readable, is the fallback.
    (tmp_path / "proc/driver/nvidia").mkdir(parents=True)
    (tmp_path / "proc/driver/nvidia/version").write_text(
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n"
    )
    assert kernel_module_version(tmp_path) == "535.104.05"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("535.104.05", "535.104.05"),
        (" 580.95.05\n", "580.95.05"),
        ("528.33", "528.33"),
        ("535", None),
        ("535.104.05a", None),
        ("٥٣٥.١٠٤", None),  # digits, but not ASCII ones
        ("", None),
        (None, None),
    ],
)
def test_plausible_driver_version(text: str | None, expected: str | None) -> None:
    assert plausible_driver_version(text) == expected
