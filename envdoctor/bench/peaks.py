"""Dense datasheet peaks: the bundled table, name matching, MIG scaling, estimates.

All numbers are DENSE (no 2:4 sparsity) and fp16/bf16 means tensor cores with FP32
accumulate, the rate PyTorch uses. A GPU that is not in the table gets a peak derived
from its SM count, compute capability and clock; such a peak is flagged `estimated`.
Everything here is pure except `load_table`, which reads the bundled JSON once.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from envdoctor.errors import DataError
from envdoctor.i18n import _
from envdoctor.values import normalise_name

CLASSES = ("datacenter_hbm", "pcie_pro", "low_power", "geforce", "embedded")
DTYPE_FIELDS = {
    "fp32": "fp32_tflops",
    "tf32": "tf32_tc_dense_tflops",
    "fp16": "fp16_tc_dense_tflops",
    "bf16": "bf16_tc_dense_tflops",
}


@dataclass(frozen=True)
class PeakEntry:
    id: str
    display: str
    nvml_names: tuple[str, ...]
    cc: str
    gpu_class: str
    tflops: dict[str, float | None]  # fp32/tf32/fp16/bf16 -> dense peak, None = not native
    mem_bw_gbs: float | None
    confidence: str
    source: str
    sm_count: int | None = None
    estimated: bool = False


@dataclass(frozen=True)
class PeakTable:
    version: int
    entries: tuple[PeakEntry, ...]


def _entry(raw: dict[str, Any], where: str) -> PeakEntry:
    try:
        gpu_class = str(raw["class"])
        if gpu_class not in CLASSES:
            msg = f"unknown class {gpu_class!r}"
            raise ValueError(msg)
        tflops: dict[str, float | None] = {}
        for dtype, key in DTYPE_FIELDS.items():
            value = raw[key]
            tflops[dtype] = None if value is None else float(value)
        bw = raw.get("mem_bw_gbs")
        sms = raw.get("sm_count")
        return PeakEntry(
            id=str(raw["id"]),
            display=str(raw["display"]),
            nvml_names=tuple(str(n) for n in raw["nvml_names"]),
            cc=str(raw["cc"]),
            gpu_class=gpu_class,
            tflops=tflops,
            mem_bw_gbs=None if bw is None else float(bw),
            confidence=str(raw["conf"]),
            source=str(raw["src"]),
            sm_count=None if sms is None else int(sms),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            _("corrupt GPU peak table at {where}: {problem}").format(where=where, problem=exc)
        ) from None


def parse_table(doc: Any) -> PeakTable:
    """Validate the peak-table document (as loaded from JSON)."""
    if not isinstance(doc, dict) or doc.get("schema") != "envdoctor.gpu_peaks.v1":
        raise DataError(_("corrupt GPU peak table: unknown schema"))
    gpus = doc.get("gpus")
    if not isinstance(gpus, list):
        raise DataError(_("corrupt GPU peak table: no gpus list"))
    entries = tuple(_entry(g, f"gpus[{i}]") for i, g in enumerate(gpus))
    return PeakTable(version=int(doc.get("version", 1)), entries=entries)


@functools.lru_cache(maxsize=1)
def load_table() -> PeakTable:
    """The bundled table (envdoctor/data/gpu_peaks.json)."""
    path = resources.files("envdoctor").joinpath("data").joinpath("gpu_peaks.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(_("cannot read the GPU peak table: {error}").format(error=exc)) from None
    return parse_table(doc)


_MIG_RE = re.compile(r"\s+MIG\s+(\d+)g\.\d+gb\s*$", re.IGNORECASE)


def split_mig(name: str) -> tuple[str, int | None]:
    """`NVIDIA A100-SXM4-40GB MIG 3g.20gb` -> (`NVIDIA A100-SXM4-40GB`, 3)."""
    match = _MIG_RE.search(name)
    if not match:
        return name, None
    return name[: match.start()], int(match.group(1))


def lookup(table: PeakTable, name: str, *, sm_count: int | None = None) -> PeakEntry | None:
    """The entry for an NVML / torch device name, scaled when it is a MIG slice.

    Matching is exact after the one GPU-name key (`envdoctor.values.normalise_name`,
    the matrix's too), so `RTX 4090 D` or a `Laptop GPU` never
    borrows a desktop card's peak. A MIG slice exposes only some SMs: its peaks are
    the full chip's times sm_seen / sm_full (memory bandwidth scales likewise, close
    enough for a report that says it is scaled).
    """
    base, slices = split_mig(name)
    wanted = normalise_name(base)
    for entry in table.entries:
        if any(normalise_name(n) == wanted for n in entry.nvml_names):
            if slices is None:
                return entry
            return _scale_mig(entry, slices, sm_count)
    return None


def _scale_mig(entry: PeakEntry, slices: int, sm_count: int | None) -> PeakEntry:
    # Without an SM count, a compute slice is one of 7 (A100/H100 class parts).
    share = sm_count / entry.sm_count if sm_count and entry.sm_count else slices / 7.0
    factor = min(1.0, share)

    def scaled(value: float | None) -> float | None:
        return None if value is None else round(value * factor, 3)

    return replace(
        entry,
        id=f"{entry.id}_mig{slices}g",
        display=f"{entry.display} MIG {slices}g",
        tflops={k: scaled(v) for k, v in entry.tflops.items()},
        mem_bw_gbs=scaled(entry.mem_bw_gbs),
        estimated=True,
    )


# Dense FLOP per clock per SM (FMA = 2 FLOP), from the datasheet-implied per-SM rates:
# (fp32, fp16/bf16 tensor with FP32 accumulate, tf32 tensor). GeForce parts of Turing,
# Ampere 8.6, Ada and Blackwell 12.0 run tensor math at half the pro rate.
_PER_SM: dict[tuple[int, int], tuple[int, int | None, int | None]] = {
    (6, 0): (128, None, None),
    (6, 1): (256, None, None),
    (7, 0): (128, 1024, None),
    (7, 5): (128, 1024, None),
    (8, 0): (128, 2048, 1024),
    (8, 6): (256, 1024, 512),
    (8, 7): (256, 2048, 1024),
    (8, 9): (256, 1024, 512),
    (9, 0): (256, 4096, 2048),
    (10, 0): (256, 8192, 4096),
    (12, 0): (256, 1024, 512),
}
_HALF_RATE_GEFORCE = {(7, 5), (8, 6), (8, 9), (12, 0)}


def estimate_bandwidth(mem_clock_khz: float | None, bus_width_bits: int | None) -> float | None:
    """Theoretical memory bandwidth in GB/s: memory clock x bus bytes x 2 (double data rate).

    With the values CUDA reports this gives H100 SXM 2.619 GHz x 640 B x 2 = 3352 GB/s and
    RTX 4090 10.501 GHz x 48 B x 2 = 1008 GB/s, matching the datasheets.
    """
    if not mem_clock_khz or not bus_width_bits:
        return None
    return round(mem_clock_khz * 1e3 * (bus_width_bits / 8) * 2 / 1e9, 1)


def estimate(
    name: str,
    cc: tuple[int, int],
    sm_count: int,
    clock_mhz: float | None,
    *,
    mem_bw_gbs: float | None = None,
) -> PeakEntry | None:
    """A peak derived from device properties, or None when the arch or clock is unknown."""
    rates = _PER_SM.get(cc)
    if rates is None or not clock_mhz or sm_count <= 0:
        return None
    # Consumer cards say GeForce (or TITAN) in their NVML name; pro RTX cards do not.
    low = name.casefold()
    geforce = "geforce" in low or "titan" in low
    fp32, tensor, tf32 = rates
    if geforce and cc in _HALF_RATE_GEFORCE:
        tensor = None if tensor is None else tensor // 2
        tf32 = None if tf32 is None else tf32 // 2
    ghz_sms = sm_count * clock_mhz / 1e6  # -> TFLOPS when multiplied by FLOP/clk/SM

    def tf(rate: int | None) -> float | None:
        return None if rate is None else round(rate * ghz_sms, 1)

    bf16 = tf(tensor) if cc >= (8, 0) else None
    return PeakEntry(
        id="estimate",
        display=name,
        nvml_names=(name,),
        cc=f"{cc[0]}.{cc[1]}",
        gpu_class="geforce" if geforce else "pcie_pro",
        tflops={"fp32": tf(fp32), "tf32": tf(tf32), "fp16": tf(tensor), "bf16": bf16},
        mem_bw_gbs=mem_bw_gbs,
        confidence="estimate",
        source=_("estimated from SM count x clock x per-SM rate of the architecture"),
        estimated=True,
    )


def cpu_estimate_gflops(cores: int, ghz: float | None, *, avx512: bool, fma: bool) -> float:
    """Rough fp32 GFLOP/s ceiling of a CPU: cores x clock x FLOP per cycle (SIMD FMA).

    An estimate, stated as such: turbo, SMT, shared cloud cores and thermal policy all
    move the real number. 2 FMA units x 8 (AVX2) or 16 (AVX-512) fp32 lanes x 2 FLOP.
    """
    clock = ghz if ghz and ghz > 0 else 2.5
    per_cycle = 64 if avx512 else 32 if fma else 8
    return max(1, cores) * clock * per_cycle


__all__ = [
    "CLASSES",
    "PeakEntry",
    "PeakTable",
    "cpu_estimate_gflops",
    "estimate",
    "estimate_bandwidth",
    "load_table",
    "lookup",
    "parse_table",
    "split_mig",
]
