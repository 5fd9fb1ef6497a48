"""The compatibility rules one by one, against NVIDIA's and PyTorch's own tables."""

from __future__ import annotations

import pytest

from envdoctor.compat.arch import (
    arch_entries_from_variant,
    build_cuda_ceiling,
    gpu_supported,
    gpu_supported_by_build,
)
from envdoctor.compat.builds import identify_torch
from envdoctor.compat.driver import driver_supports_cuda, native_cuda_of_driver
from envdoctor.compat.gpus import gpu_capability
from envdoctor.compat.python import newest_python, python_supported
from envdoctor.compat.versions import Verdict, cuda_from_int, parse_arch_entry
from envdoctor.matrix import load_matrix


@pytest.fixture(scope="module")
def m():  # type: ignore[no-untyped-def]
    return load_matrix()


@pytest.mark.parametrize(
    ("driver", "driver_cuda", "os", "cuda", "verdict", "reason"),
    [
        # NVML's own CUDA version is the best fact
        ("535.104.05", "12.2", "linux", "12.1", Verdict.OK, "driver-cuda"),
        ("535.104.05", "12.2", "linux", "12.6", Verdict.CAVEAT, "minor-compat"),
        ("575.57.08", "12.9", "linux", "13.0", Verdict.NO, "too-old"),
        (None, "12.9", "linux", "13.0", Verdict.NO, "too-old"),  # major never crossed
        # without NVML: the toolkit table (Table 3) and the floors (Table 2)
        ("560.28.03", None, "linux", "12.6", Verdict.OK, "native"),
        ("560.28.02", None, "linux", "12.6", Verdict.CAVEAT, "minor-compat"),
        ("525.60.13", None, "linux", "12.9", Verdict.CAVEAT, "minor-compat"),
        ("525.60.12", None, "linux", "12.0", Verdict.NO, "too-old"),
        ("528.33", None, "windows", "12.4", Verdict.CAVEAT, "minor-compat"),
        (
            "528.32",
            None,
            "windows",
            "12.0",
            Verdict.OK,
            "native",
        ),  # 12.0 GA shipped 527.41 on Windows
        ("527.40", None, "windows", "12.1", Verdict.NO, "too-old"),
        ("580.65.06", None, "linux", "13.0", Verdict.OK, "native"),
        ("580.65.06", None, "linux", "13.2", Verdict.CAVEAT, "minor-compat"),
        ("579.99", None, "linux", "13.0", Verdict.NO, "too-old"),
        ("450.80.02", None, "linux", "11.8", Verdict.CAVEAT, "minor-compat"),
        ("450.36.06", None, "linux", "11.0", Verdict.OK, "native"),
        # before CUDA 11 there is no minor-version compatibility
        ("418.67", None, "linux", "10.2", Verdict.NO, "too-old"),
        ("440.33", None, "linux", "10.2", Verdict.OK, "native"),
        (None, None, "linux", "12.1", Verdict.UNKNOWN, "no-driver-version"),
        ("not-a-version", None, "linux", "12.1", Verdict.UNKNOWN, "no-driver-version"),
    ],
)
def test_driver_supports_cuda(m, driver, driver_cuda, os, cuda, verdict, reason) -> None:  # type: ignore[no-untyped-def]
    check = driver_supports_cuda(m, driver=driver, driver_cuda=driver_cuda, os_name=os, cuda=cuda)
    assert (check.verdict, check.reason) == (verdict, reason)
    if verdict is not Verdict.UNKNOWN:
        assert check.sources


@pytest.mark.parametrize(
    ("cc", "arch", "verdict", "served_by"),
    [
        ("8.6", ("sm_80", "sm_86"), Verdict.OK, "sm_86"),
        ("8.9", ("sm_80", "sm_86", "sm_90"), Verdict.OK, "sm_86"),  # same major, lower minor
        ("8.7", ("sm_80", "sm_86"), Verdict.OK, "sm_86"),
        ("8.0", ("sm_86",), Verdict.NO, None),  # higher minor SASS does not run
        ("12.0", ("sm_90", "sm_100"), Verdict.NO, None),  # other major
        ("12.0", ("sm_90", "compute_90"), Verdict.CAVEAT, "compute_90"),  # PTX JIT
        ("7.5", ("sm_80", "compute_80"), Verdict.NO, None),  # PTX only runs on newer GPUs
        ("9.0", ("sm_90a",), Verdict.OK, "sm_90a"),
        ("10.0", ("sm_90a", "sm_80"), Verdict.NO, None),  # arch-specific is not forward compatible
        ("10.3", ("sm_100", "sm_120"), Verdict.OK, "sm_100"),
        ("12.1", ("sm_120", "compute_120"), Verdict.OK, "sm_120"),
        (None, ("sm_80",), Verdict.UNKNOWN, None),
        ("8.6", None, Verdict.UNKNOWN, None),
    ],
)
def test_gpu_supported(cc, arch, verdict, served_by) -> None:  # type: ignore[no-untyped-def]
    check = gpu_supported(cc, arch)
    assert check.verdict is verdict
    assert check.served_by == served_by


KEPLER_TO_HOPPER = ("sm_37", "sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90")


@pytest.mark.parametrize(
    ("cc", "arch", "build_cuda", "verdict", "reason"),
    [
        # pytorch/pytorch#153944: a cu118 build reaches an RTX 5080 only through compute_37 PTX
        ("12.0", (*KEPLER_TO_HOPPER, "compute_37"), "11.8", Verdict.NO, "ptx-predates-arch"),
        # the same list without a CUDA version: sm_37 means CUDA 11.x or older
        ("12.0", (*KEPLER_TO_HOPPER, "compute_37"), None, Verdict.NO, "ptx-predates-arch"),
        ("10.0", ("sm_80", "sm_90", "compute_90"), "12.4", Verdict.NO, "ptx-predates-arch"),
        ("9.0", ("sm_80", "sm_86", "compute_86"), "11.7", Verdict.NO, "ptx-predates-arch"),
        # the build's CUDA knows the architecture: PTX JIT stays a caveat
        ("12.0", ("sm_90", "compute_90"), "12.8", Verdict.CAVEAT, "ptx-jit"),
        ("9.0", ("sm_80", "sm_86", "compute_86"), "11.8", Verdict.CAVEAT, "ptx-jit"),
        # Ada runs the sm_80 code of every CUDA 11 library: a cu113 PTX build is no worse off
        ("8.9", ("sm_75", "compute_75"), "11.3", Verdict.CAVEAT, "ptx-jit"),
        # neither the CUDA nor a ceiling known: unknown stays a caveat, never a guess
        ("12.0", ("sm_75", "sm_90", "compute_90"), None, Verdict.CAVEAT, "ptx-jit"),
        # native code is never second-guessed
        ("12.0", ("sm_120",), "11.8", Verdict.OK, "sass-exact"),
    ],
)
def test_ptx_from_a_build_older_than_the_architecture(  # type: ignore[no-untyped-def]
    m, cc, arch, build_cuda, verdict, reason
) -> None:
    check = gpu_supported_by_build(m, cc, arch, build_cuda)
    assert (check.verdict, check.reason) == (verdict, reason)
    if verdict is Verdict.NO:
        assert check.needs_cuda and check.sources


def test_build_cuda_ceiling_from_the_arch_list(m) -> None:  # type: ignore[no-untyped-def]
    assert build_cuda_ceiling(m, ("sm_37", "sm_90", "compute_37")) == (11, 8)
    assert build_cuda_ceiling(m, ("sm_50", "sm_90")) == (12, 9)
    assert build_cuda_ceiling(m, ("sm_75", "sm_120")) is None


def test_parse_arch_entry() -> None:
    assert parse_arch_entry("sm_86") == ("sm", 8, 6, False)
    assert parse_arch_entry("compute_120") == ("compute", 12, 0, False)
    assert parse_arch_entry("sm_100a") == ("sm", 10, 0, True)
    assert parse_arch_entry("gfx90a") is None


def test_arch_entries_from_variant_ptx_linux_only(m) -> None:  # type: ignore[no-untyped-def]
    v = m.release("2.13").variant("cu130")
    assert "compute_120" in arch_entries_from_variant(v, "linux")
    assert "compute_120" not in arch_entries_from_variant(v, "windows")


def test_cuda_from_int() -> None:
    assert cuda_from_int(12020) == "12.2"
    assert cuda_from_int(11040) == "11.4"
    assert cuda_from_int(13000) == "13.0"


def test_native_cuda_of_driver(m) -> None:  # type: ignore[no-untyped-def]
    assert native_cuda_of_driver(m, "535.104.05") == "12.2"
    assert native_cuda_of_driver(m, "470.82.01") == "11.4"
    assert native_cuda_of_driver(m, "580.95.05") == "13.0"
    assert native_cuda_of_driver(m, "garbage") is None


@pytest.mark.parametrize(
    ("release", "python", "verdict"),
    [
        ("2.13", "3.10.0", Verdict.OK),
        ("2.13", "3.14.2", Verdict.OK),
        ("2.13", "3.9.18", Verdict.NO),
        ("2.13", "3.15.0", Verdict.UNKNOWN),  # announced, not verified
        ("2.15", "3.10.12", Verdict.NO),  # 2.15 requires >= 3.11
        ("2.0", "3.12.0", Verdict.NO),
        ("2.0", "3.11.9", Verdict.OK),
        ("2.5", "3.13.1", Verdict.OK),
        ("2.13", None, Verdict.UNKNOWN),
    ],
)
def test_python_supported(m, release, python, verdict) -> None:  # type: ignore[no-untyped-def]
    assert python_supported(m.release(release), python) is verdict


@pytest.mark.parametrize(
    ("release", "newest"),
    # 2.5's 3.13 wheels are Linux x86_64 only (python_platforms): not the newest everywhere.
    [("1.13", "3.10"), ("2.0", "3.11"), ("2.5", "3.12")],
)
def test_newest_python_is_the_last_verified_minor(m, release, newest) -> None:  # type: ignore[no-untyped-def]
    # 2.13's 3.15 is announced, not verified: never offered as "the newest it supports".
    assert newest_python(m.release(release)) == newest
    assert newest_python(m.release("2.13")) == "3.14"


@pytest.mark.parametrize(
    ("version", "cuda", "os", "release", "variant"),
    [
        ("2.4.1+cu121", "12.1", "Linux", "2.4", "cu121"),
        ("2.8.0", "12.8", "Linux", "2.8", "cu128"),  # plain PyPI wheel
        ("2.13.0", "13.0", "Linux", "2.13", "cu130"),
        ("2.13.0+cpu", None, "Linux", "2.13", "cpu"),
        ("2.13.0", None, "Windows", "2.13", "cpu"),
        ("2.16.0+cu132", "13.2", "Linux", None, None),
    ],
)
def test_identify_torch(m, version, cuda, os, release, variant) -> None:  # type: ignore[no-untyped-def]
    build = identify_torch(m, version, cuda, os)
    assert (build.release.release if build.release else None) == release
    assert (build.variant.name if build.variant else None) == variant


@pytest.mark.parametrize(
    ("name", "cc"),
    [
        ("NVIDIA GeForce RTX 3060", "8.6"),
        ("GeForce RTX 3090", "8.6"),  # older drivers omit "NVIDIA "
        ("NVIDIA GeForce RTX 3080 Laptop GPU", "8.6"),
        ("NVIDIA GeForce RTX 4070 Ti SUPER", "8.9"),
        ("NVIDIA GeForce RTX 5090 D", "12.0"),
        ("Tesla V100-SXM2-32GB", "7.0"),
        ("NVIDIA A100-SXM4-40GB", "8.0"),
        ("NVIDIA H100 80GB HBM3", "9.0"),
        ("Tesla T4", "7.5"),
        ("NVIDIA GeForce GTX 1080 Ti", "6.1"),
        ("NVIDIA B200", "10.0"),
        ("Definitely Not A GPU", None),
    ],
)
def test_gpu_capability(m, name, cc) -> None:  # type: ignore[no-untyped-def]
    match = gpu_capability(m, name)
    assert (match.capability if match else None) == cc
