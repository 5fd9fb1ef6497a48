from __future__ import annotations

from typing import Any

from envdoctor.collect.nvidia_smi import FIELDS, FIELDS_WITH_CC, parse_query_csv, read_nvidia_smi
from envdoctor.collect.runner import CommandResult
from envdoctor.snapshot import DriverState

# Real `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` output shapes.
TWO_GPUS = (
    "0, NVIDIA GeForce RTX 4090, GPU-5e1b2c3d-aaaa-bbbb-cccc-111111111111, 24564, 550.54.14, Disabled, 00000000:01:00.0, 8.9\n"
    "1, NVIDIA GeForce RTX 3060, GPU-9f8e7d6c-aaaa-bbbb-cccc-222222222222, 12288, 550.54.14, Enabled, 00000000:02:00.0, 8.6\n"
)


def fake_runner(*results: CommandResult) -> Any:
    calls: list[tuple[str, ...]] = []
    queue = list(results)

    def runner(argv: list[str], *, timeout: float) -> CommandResult:
        calls.append(tuple(argv))
        return queue.pop(0)

    runner.calls = calls  # type: ignore[attr-defined]
    return runner


def test_parse_two_gpus() -> None:
    driver, gpus = parse_query_csv(TWO_GPUS, FIELDS_WITH_CC)
    assert driver == "550.54.14"
    assert [g.name for g in gpus] == ["NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 3060"]
    assert gpus[0].compute_capability == "8.9"
    assert gpus[0].persistence_mode is False and gpus[1].persistence_mode is True
    assert gpus[1].memory_total_mib == 12288
    assert gpus[0].compute_capability_source == "nvidia-smi"


def test_not_supported_fields_are_unknown() -> None:
    text = "0, Tesla K80, GPU-1, [N/A], 470.239.06, [Not Supported], 00000000:04:00.0\n"
    driver, gpus = parse_query_csv(text, FIELDS)
    assert driver == "470.239.06"
    assert gpus[0].memory_total_mib is None
    assert gpus[0].persistence_mode is None
    assert gpus[0].compute_capability is None


def test_old_smi_without_compute_cap_retries() -> None:
    bad = CommandResult(
        ("nvidia-smi",), 2, "", 'Field "compute_cap" is not a valid field to query.'
    )
    good = CommandResult(
        ("nvidia-smi",), 0, "0, Tesla T4, GPU-1, 15109, 470.82.01, Enabled, 00000000:00:04.0\n"
    )
    runner = fake_runner(bad, good)
    result = read_nvidia_smi(runner=runner, exe="nvidia-smi")
    assert result.driver.state is DriverState.OK
    assert result.driver.version == "470.82.01"
    assert result.gpus[0].name == "Tesla T4"
    assert len(runner.calls) == 2
    assert "compute_cap" not in runner.calls[1][1]


def test_missing_binary() -> None:
    runner = fake_runner(CommandResult(("nvidia-smi",), None, not_found=True, error="No such file"))
    assert read_nvidia_smi(runner=runner, exe="nvidia-smi").driver.state is DriverState.NO_DRIVER


def test_hang_is_a_record() -> None:
    runner = fake_runner(CommandResult(("nvidia-smi",), None, timed_out=True, seconds=10.0))
    result = read_nvidia_smi(runner=runner, exe="nvidia-smi", timeout=10)
    assert result.driver.state is DriverState.ERROR
    assert "10 s" in (result.driver.error or "")


def test_failure_messages_are_classified() -> None:
    mismatch = CommandResult(
        ("nvidia-smi",), 18, "Failed to initialize NVML: Driver/library version mismatch\n"
    )
    assert (
        read_nvidia_smi(runner=fake_runner(mismatch), exe="x").driver.state
        is DriverState.LIBRARY_MISMATCH
    )
    not_loaded = CommandResult(
        ("nvidia-smi",),
        9,
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
    )
    assert (
        read_nvidia_smi(runner=fake_runner(not_loaded), exe="x").driver.state
        is DriverState.NOT_LOADED
    )


def test_real_runner_with_missing_program(tmp_path: Any) -> None:
    result = read_nvidia_smi(exe=str(tmp_path / "nvidia-smi"), timeout=5)
    assert result.driver.state is DriverState.NO_DRIVER
