from __future__ import annotations

from types import SimpleNamespace

import pytest

from envdoctor.bench.device import DeviceRequest, cuda_state, parse_device, resolve
from envdoctor.errors import UsageError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, DeviceRequest("auto")),
        ("cpu", DeviceRequest("cpu")),
        ("CUDA", DeviceRequest("cuda")),
        ("gpu", DeviceRequest("cuda")),
        ("cuda:3", DeviceRequest("cuda", 3)),
        (" all ", DeviceRequest("all")),
    ],
)
def test_parse_device(text: str | None, expected: DeviceRequest) -> None:
    assert parse_device(text) == expected


@pytest.mark.parametrize("text", ["cuda:", "cuda:-1", "tpu", "cuda:x", "mps", ""])
def test_parse_device_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="invalid device"):
        parse_device(text)


def test_resolve_auto_falls_back_to_cpu_with_a_reason() -> None:
    r = resolve(DeviceRequest("auto"), 0, "no driver")
    assert r.devices == ("cpu",)
    assert "no driver" in r.note
    assert resolve(DeviceRequest("auto"), 2, "").devices == ("cuda:0",)


def test_resolve_explicit_cuda() -> None:
    assert resolve(DeviceRequest("all"), 3, "").devices == ("cuda:0", "cuda:1", "cuda:2")
    assert resolve(DeviceRequest("cuda", 1), 2, "").devices == ("cuda:1",)
    assert resolve(DeviceRequest("cuda"), 1, "").devices == ("cuda:0",)
    assert resolve(DeviceRequest("cpu"), 4, "").devices == ("cpu",)


def test_resolve_missing_index_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"cuda:2 does not exist.*2 GPU"):
        resolve(DeviceRequest("cuda", 2), 2, "")
    with pytest.raises(UsageError, match=r"no CUDA device.*CPU-only"):
        resolve(DeviceRequest("all"), 0, "a CPU-only wheel")


def _torch(cuda: str | None, available: bool | Exception, count: int = 1) -> SimpleNamespace:
    def is_available() -> bool:
        if isinstance(available, Exception):
            raise available
        return available

    return SimpleNamespace(
        version=SimpleNamespace(cuda=cuda),
        cuda=SimpleNamespace(is_available=is_available, device_count=lambda: count),
    )


def test_cuda_state_explains_why_no_gpu() -> None:
    assert cuda_state(_torch(None, True))[0] == 0
    assert "CPU-only" in cuda_state(_torch(None, True))[1]
    assert "no usable" in cuda_state(_torch("12.8", False))[1]
    count, why = cuda_state(
        _torch("12.8", RuntimeError("CUDA driver version is insufficient\nmore"))
    )
    assert count == 0
    assert why.endswith("CUDA driver version is insufficient")
    assert cuda_state(_torch("12.8", True, 4)) == (4, "")
