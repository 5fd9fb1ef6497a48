"""The shared value types (`envdoctor.values`): one parser per kind of version, used by every layer."""

from __future__ import annotations

import pytest

from envdoctor import values
from envdoctor.compat import versions


def test_the_core_re_exports_the_shared_types() -> None:
    # One definition: the core's names are the shared module's objects, not copies.
    for name in versions.__all__:
        assert getattr(versions, name) is getattr(values, name)


def test_cudnn_integer_of_every_era() -> None:
    assert values.cudnn_from_int(91002) == "9.10.2"
    assert values.cudnn_from_int(8902) == "8.9.2"
    assert values.cudnn_from_int(7102) == "7.1.2"
    assert values.cudnn_from_int(0) is None
    assert values.cudnn_from_int(True) is None


def test_gpu_name_key_is_shared_by_the_matrix_and_bench() -> None:
    from envdoctor.bench import peaks
    from envdoctor.matrix import model

    assert model.normalise_name is values.normalise_name
    assert peaks.normalise_name is values.normalise_name
    assert values.normalise_name("NVIDIA  GeForce RTX 3060 ") == "geforce rtx 3060"


def test_cuda_labels_and_ints_decode_alike_everywhere() -> None:
    from envdoctor.collect.readers.packages import cuda_of_torch_version
    from envdoctor.explain.decode import decode_cuda_api_version, parse_cuda_version
    from envdoctor.wheelcheck.torchfit import cuda_of_local

    assert cuda_of_torch_version("2.1.0+cu121") == cuda_of_local("cu121") == "12.1"
    assert cuda_of_torch_version("2.1.0+cpu") == ""
    assert cuda_of_torch_version("2.1.0") is None and cuda_of_local("rocm6.4") is None
    assert parse_cuda_version("cu92") == values.CudaVersion(9, 2)
    assert decode_cuda_api_version(11040) == values.CudaVersion.parse("11.4")


@pytest.mark.parametrize(
    ("kernel", "wsl"),
    [
        ("5.15.90.1-microsoft-standard-WSL2", 2),
        ("Linux version 5.10.16.3-microsoft-standard-WSL2 (oe-user@oe-host)", 2),
        ("4.4.0-19041-Microsoft", 1),
        ("Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0)", 1),
        ("6.8.0-45-generic", None),
        (None, None),
    ],
)
def test_the_wsl_version_of_a_kernel(kernel: str | None, wsl: int | None) -> None:
    from envdoctor.values import wsl_of_kernel

    assert wsl_of_kernel(kernel) == wsl
