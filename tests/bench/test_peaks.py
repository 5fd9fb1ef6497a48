from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from envdoctor.bench import peaks
from envdoctor.errors import DataError


@pytest.fixture
def table() -> peaks.PeakTable:
    return peaks.load_table()


def _raw() -> dict:  # type: ignore[type-arg]
    text = (
        resources.files("envdoctor").joinpath("data", "gpu_peaks.json").read_text(encoding="utf-8")
    )
    return json.loads(text)  # type: ignore[no-any-return]


def test_bundled_table_is_versioned_and_every_entry_sourced(table: peaks.PeakTable) -> None:
    assert table.version >= 1
    assert len(table.entries) >= 50
    for e in table.entries:
        assert e.source and e.confidence in {"high", "med", "low"}, e.id
        assert e.gpu_class in peaks.CLASSES
        # dense bf16 is never above dense fp16 (a sparse figure slipped in otherwise)
        if e.tflops["bf16"] is not None and e.tflops["fp16"] is not None:
            assert e.tflops["bf16"] <= e.tflops["fp16"]


def test_lookup_by_nvml_name_with_and_without_prefix(table: peaks.PeakTable) -> None:
    h100 = peaks.lookup(table, "NVIDIA H100 80GB HBM3")
    assert h100 is not None
    assert h100.id == "h100_sxm"
    assert h100.tflops["bf16"] == 989.5  # dense, not the 1979 sparse figure
    old = peaks.lookup(table, "GeForce RTX 2080 Ti")
    assert old is not None and old.id == "rtx2080ti"
    assert peaks.lookup(table, "nvidia  geforce rtx 4090") is not None


@pytest.mark.parametrize(
    "name",
    ["NVIDIA GeForce RTX 4090 D", "NVIDIA GeForce RTX 4090 Laptop GPU", "NVIDIA H20X", "Radeon"],
)
def test_lookup_rejects_other_skus(table: peaks.PeakTable, name: str) -> None:
    assert peaks.lookup(table, name) is None


@pytest.mark.parametrize(
    ("name", "bf16", "cc"),
    [
        ("NVIDIA H20", 148.0, "9.0"),
        ("NVIDIA H20-3e", 148.0, "9.0"),
        ("NVIDIA H800", 989.5, "9.0"),
        ("NVIDIA H800 PCIe", 756.5, "9.0"),
        ("NVIDIA A800-SXM4-80GB", 312.0, "8.0"),
        ("NVIDIA A800-SXM4-40GB", 312.0, "8.0"),
        ("NVIDIA A800 80GB PCIe", 312.0, "8.0"),
        ("NVIDIA L20", 119.5, "8.9"),
        ("NVIDIA L2", 96.5, "8.9"),
        ("NVIDIA GH200 480GB", 989.5, "9.0"),
        ("NVIDIA GB200", 2500.0, "10.0"),
        ("NVIDIA B300", 2250.0, "10.3"),
        ("NVIDIA GB300", 2500.0, "10.3"),
    ],
)
def test_china_market_and_new_datacenter_parts_have_dense_rows(
    table: peaks.PeakTable, name: str, bf16: float, cc: str
) -> None:
    # Defect: these fell back to an estimate (an H20 to ~630 instead of 148 TFLOPS).
    entry = peaks.lookup(table, name)
    assert entry is not None, name
    assert entry.tflops["bf16"] == bf16 and entry.cc == cc
    assert entry.source and entry.confidence in {"high", "med", "low"}
    assert not entry.estimated


def test_mig_slice_is_scaled_by_sm_count(table: peaks.PeakTable) -> None:
    full = peaks.lookup(table, "NVIDIA A100-SXM4-40GB")
    mig = peaks.lookup(table, "NVIDIA A100-SXM4-40GB MIG 3g.20gb", sm_count=42)
    assert full is not None and mig is not None
    assert mig.estimated
    assert mig.tflops["bf16"] == pytest.approx(312 * 42 / 108, rel=1e-3)
    assert mig.mem_bw_gbs == pytest.approx(1555 * 42 / 108, rel=1e-3)
    # without an SM count, the slice count out of 7 is used
    guess = peaks.lookup(table, "NVIDIA A100-SXM4-40GB MIG 1g.5gb")
    assert guess is not None
    assert guess.tflops["bf16"] == pytest.approx(312 / 7, rel=1e-3)


def test_split_mig() -> None:
    assert peaks.split_mig("NVIDIA H100 80GB HBM3 MIG 7g.80gb") == ("NVIDIA H100 80GB HBM3", 7)
    assert peaks.split_mig("NVIDIA L4") == ("NVIDIA L4", None)


def test_estimate_reproduces_datasheet_rates() -> None:
    h100 = peaks.estimate("NVIDIA H100 Something New", (9, 0), 132, 1830.0)
    assert h100 is not None and h100.estimated
    assert h100.tflops["bf16"] == pytest.approx(989.5, rel=0.01)
    rtx = peaks.estimate("NVIDIA GeForce RTX 4090 D", (8, 9), 128, 2520.0)
    assert rtx is not None
    assert rtx.gpu_class == "geforce"
    assert rtx.tflops["bf16"] == pytest.approx(165.2, rel=0.01)  # half-rate FP32 accumulate


def test_estimate_makes_no_bf16_claim_before_ampere() -> None:
    t4like = peaks.estimate("Tesla T9", (7, 5), 40, 1590.0)
    assert t4like is not None
    assert t4like.tflops["bf16"] is None
    assert t4like.tflops["fp16"] == pytest.approx(65.1, rel=0.01)
    assert peaks.estimate("x", (5, 0), 10, 1000.0) is None  # unknown arch
    assert peaks.estimate("x", (9, 0), 132, None) is None  # no clock


def test_parse_table_rejects_corrupt_documents() -> None:
    with pytest.raises(DataError, match="schema"):
        peaks.parse_table({"schema": "other"})
    doc = copy.deepcopy(_raw())
    del doc["gpus"][3]["bf16_tc_dense_tflops"]
    with pytest.raises(DataError, match=r"gpus\[3\]"):
        peaks.parse_table(doc)
    doc = copy.deepcopy(_raw())
    doc["gpus"][0]["class"] = "quantum"
    with pytest.raises(DataError, match="quantum"):
        peaks.parse_table(doc)


def test_cpu_estimate() -> None:
    assert peaks.cpu_estimate_gflops(2, 3.0, avx512=False, fma=True) == 192.0
    assert peaks.cpu_estimate_gflops(4, None, avx512=True, fma=True) == 4 * 2.5 * 64
    assert peaks.cpu_estimate_gflops(0, 2.0, avx512=False, fma=False) == 16.0


def test_estimate_bandwidth_from_memory_clock_and_bus() -> None:
    assert peaks.estimate_bandwidth(2_619_000, 5120) == pytest.approx(3352, rel=0.001)
    assert peaks.estimate_bandwidth(10_501_000, 384) == pytest.approx(1008, rel=0.001)
    assert peaks.estimate_bandwidth(None, 384) is None
    entry = peaks.estimate("x", (9, 0), 132, 1830.0, mem_bw_gbs=3352.0)
    assert entry is not None and entry.mem_bw_gbs == 3352.0
