"""Judge measured speed against the dense peak, with expected bands per class of card.

Bands (fraction of the DENSE datasheet peak a large torch.mm / copy_ reaches when
the machine is healthy) come from published measurements collected in the project's
reference notes: datacenter HBM parts reach ~0.75-0.87 of dense bf16, power-capped
boards far less, and GeForce cards often exceed 1.0 because they boost above the
rated clock the datasheet uses - that is not an error. Below the pass threshold is a
warning; below half of it is a failure. Pure functions only.
"""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.bench.result import Status
from envdoctor.i18n import _

# class -> metric -> pass threshold (fraction of dense peak)
PASS_THRESHOLDS: dict[str, dict[str, float]] = {
    "datacenter_hbm": {"bf16": 0.65, "fp16": 0.65, "tf32": 0.55, "fp32": 0.65, "d2d": 0.75},
    "pcie_pro": {"bf16": 0.60, "fp16": 0.60, "tf32": 0.55, "fp32": 0.45, "d2d": 0.75},
    "low_power": {"bf16": 0.35, "fp16": 0.35, "tf32": 0.30, "fp32": 0.35, "d2d": 0.70},
    "geforce": {"bf16": 0.80, "fp16": 0.80, "tf32": 0.80, "fp32": 0.50, "d2d": 0.75},
}
# A non-GeForce part measured this far above its dense peak points at a timing or
# table problem (a sparse peak, an L2-resident buffer), not at a fast GPU.
SUSPICIOUS_ABOVE = 1.25
# Pinned host<->device copies should reach this share of the PCIe link's theoretical rate.
PCIE_PASS = 0.70
# GB/s per lane and direction after encoding overhead, by PCIe generation.
PCIE_LANE_GBS = {1: 0.25, 2: 0.5, 3: 0.985, 4: 1.969, 5: 3.938, 6: 7.563}


# A measurement judged against its peak (status + the numbers behind it), not a
# command's outcome: only its `status` (bench.result.Status) feeds the run's verdict.
@dataclass(frozen=True)
class Verdict:
    status: Status
    fraction: float | None
    band_pass: float | None
    message: str = ""


def judge_fraction(
    measured: float, peak: float | None, gpu_class: str | None, metric: str
) -> Verdict:
    """Compare a measured rate with its peak for a class of card and a metric."""
    if peak is None or peak <= 0.0:
        return Verdict(Status.PASS, None, None, _("no datasheet peak to compare with"))
    fraction = measured / peak
    band = PASS_THRESHOLDS.get(gpu_class or "", {}).get(metric)
    if band is None:
        # Laptops, Jetson and unknown classes: power policy dominates, report only.
        return Verdict(
            Status.PASS, fraction, None, _("reported only: no expected band for this class")
        )
    if fraction < band / 2.0:
        return Verdict(
            Status.FAIL,
            fraction,
            band,
            _("{pct:.0f}% of peak is far below the expected {band:.0f}%").format(
                pct=fraction * 100, band=band * 100
            ),
        )
    if fraction < band:
        return Verdict(
            Status.WARN,
            fraction,
            band,
            _(
                "{pct:.0f}% of peak is below the expected {band:.0f}%: "
                "check clocks, power and cooling"
            ).format(pct=fraction * 100, band=band * 100),
        )
    if fraction > SUSPICIOUS_ABOVE and gpu_class != "geforce":
        return Verdict(
            Status.WARN,
            fraction,
            band,
            _(
                "{pct:.0f}% of the dense peak is implausible: the peak table or the timing is off"
            ).format(pct=fraction * 100),
        )
    return Verdict(Status.PASS, fraction, band)


def pcie_theoretical_gbs(gen: int | None, width: int | None) -> float | None:
    """One direction of a PCIe link in GB/s, or None when gen/width are unknown."""
    if not gen or not width or gen not in PCIE_LANE_GBS:
        return None
    return PCIE_LANE_GBS[gen] * width


def judge_pcie(measured_gbs: float, theoretical_gbs: float | None) -> Verdict:
    if theoretical_gbs is None:
        return Verdict(Status.PASS, None, None, _("PCIe link speed unknown: reported only"))
    fraction = measured_gbs / theoretical_gbs
    if fraction < PCIE_PASS:
        return Verdict(
            Status.WARN,
            fraction,
            PCIE_PASS,
            _("pinned transfer reaches {pct:.0f}% of the PCIe link (expected {band:.0f}%)").format(
                pct=fraction * 100, band=PCIE_PASS * 100
            ),
        )
    return Verdict(Status.PASS, fraction, PCIE_PASS)


def dtypes_for(cc: tuple[int, int] | None) -> tuple[tuple[str, str], ...]:
    """Matmul dtypes worth measuring on a compute capability, with a skip reason or "".

    bf16 before Ampere is emulated (about 10x slower than fp16), so it is not measured
    as if it were native; Pascal and older have no tensor cores at all.
    """
    if cc is None:  # the CPU
        return (("fp32", ""),)
    out: list[tuple[str, str]] = [("fp32", "")]
    out.append(("tf32", "") if cc >= (8, 0) else ("tf32", _("no TF32 before Ampere (sm_80)")))
    out.append(
        ("fp16", "") if cc >= (7, 0) else ("fp16", _("no tensor cores before Volta (sm_70)"))
    )
    out.append(
        ("bf16", "")
        if cc >= (8, 0)
        else ("bf16", _("bf16 is emulated before Ampere (sm_80): not measured as native"))
    )
    return tuple(out)


__all__ = [
    "PASS_THRESHOLDS",
    "PCIE_LANE_GBS",
    "PCIE_PASS",
    "SUSPICIOUS_ABOVE",
    "Verdict",
    "dtypes_for",
    "judge_fraction",
    "judge_pcie",
    "pcie_theoretical_gbs",
]
