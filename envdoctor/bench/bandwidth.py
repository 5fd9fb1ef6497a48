"""Device memory bandwidth and host<->device transfers.

The judged device figure is an SM kernel, a triad c = a + s * b counted as 3x its
buffer (read a, read b, write c), as STREAM and nvbandwidth's SM copies do: a
same-dtype `dst.copy_(src)` takes the driver's memcpy path, which NVIDIA measures at
about 2/3 of HBM peak on H200 (NVIDIA/cccl#1672). That figure is still reported, as
information. Pinned host->device copies are judged against the PCIe link.
"""

from __future__ import annotations

from envdoctor.bench.judge import judge_fraction, judge_pcie
from envdoctor.bench.peaks import PeakEntry
from envdoctor.bench.result import BandwidthResult, Status
from envdoctor.bench.stats import rates
from envdoctor.bench.throughput import (
    MIN_GPU_COPY_BYTES,
    Bench,
    fit_bytes,
    is_oom,
    line,
    release,
)
from envdoctor.i18n import _

TRIAD = "triad c=a+s*b, 3x bytes"
MEMCPY = "copy_ (memcpy), 2x bytes"


def device_bandwidth(
    bench: Bench, *, free_bytes: int | None, peak: PeakEntry | None
) -> tuple[BandwidthResult, ...]:
    """Device memory bandwidth: the SM-kernel triad (judged) and the driver memcpy
    (information). Three fp32 buffers of `copy_bytes` each, >= 1 GiB on a GPU."""
    torch = bench.torch
    on_cuda = bench.device.startswith("cuda")
    fitted = fit_bytes(bench.sizes.copy_bytes, free_bytes, buffers=3)
    size = fitted // 4 * 4  # whole fp32 elements
    kind, memcpy_kind = ("d2d", "d2d_memcpy") if on_cuda else ("host_copy", "host_memcpy")
    try:
        gen = torch.Generator(device=bench.device).manual_seed(1)
        a = torch.randn(size // 4, device=bench.device, generator=gen)
        b = torch.randn(size // 4, device=bench.device, generator=gen)
        c = torch.empty_like(a)
        triad = bench.measure(lambda: torch.add(a, b, alpha=0.5, out=c), f"{kind} triad")
        memcpy = bench.measure(lambda: c.copy_(a), f"{kind} memcpy")
    except Exception as exc:  # noqa: BLE001
        release(torch, on_cuda)
        return (_error_bw(kind, size, exc),)
    triad_gbs = rates(3.0 * size, triad.seconds, unit=1e9)
    memcpy_gbs = rates(2.0 * size, memcpy.seconds, unit=1e9)
    reference = None if peak is None else peak.mem_bw_gbs
    # Shrunk below 1 GiB to fit free memory: the buffers may partly sit in L2.
    small = on_cuda and fitted < bench.sizes.copy_bytes and size < MIN_GPU_COPY_BYTES
    info = BandwidthResult(
        kind=memcpy_kind,
        size_bytes=size,
        status=Status.PASS,
        gbs=memcpy_gbs,
        reference_gbs=reference if on_cuda else None,
        fraction=memcpy_gbs.median / reference if on_cuda and reference else None,
        message=_("driver memcpy path: information only, not judged"),
        method=MEMCPY,
        judged=False,
    )
    if not on_cuda or reference is None or peak is None:
        main = BandwidthResult(
            kind=kind,
            size_bytes=size,
            status=Status.PASS,
            gbs=triad_gbs,
            method=TRIAD,
            judged=False,
        )
        return main, info
    if peak.confidence == "estimate" or small:
        why = (
            _("buffer below 1 GiB (little free memory): may sit in L2, reported only")
            if small
            else _("compared with an estimated bandwidth: reported only, never judged")
        )
        main = BandwidthResult(
            kind=kind,
            size_bytes=size,
            status=Status.PASS,
            gbs=triad_gbs,
            reference_gbs=reference,
            fraction=triad_gbs.median / reference,
            message=why,
            method=TRIAD,
            judged=False,
        )
        return main, info
    verdict = judge_fraction(triad_gbs.median, reference, peak.gpu_class, "d2d")
    main = BandwidthResult(
        kind=kind,
        size_bytes=size,
        status=verdict.status,
        gbs=triad_gbs,
        reference_gbs=reference,
        fraction=verdict.fraction,
        message=verdict.message,
        method=TRIAD,
        judged=verdict.band_pass is not None,
    )
    return main, info


def _time_transfer(bench: Bench, size: int, *, pinned: bool) -> tuple[list[float], list[float]]:
    """Seconds per copy host->device and device->host; pinned copies run asynchronously
    (non_blocking), which is what makes pinned memory fast, and the timer syncs."""
    torch = bench.torch
    host = torch.empty(size, dtype=torch.uint8, pin_memory=pinned).random_(0, 255)
    dev = torch.empty(size, dtype=torch.uint8, device=bench.device)
    # Copies of a few hundred MiB settle at once (no clocks to ramp up on the link):
    # a short warm-up keeps --quick quick, the repeats keep their length.
    warm = min(0.2, bench.sizes.warmup_s)
    suffix = "pinned" if pinned else "pageable"
    h2d = bench.measure(
        lambda: dev.copy_(host, non_blocking=pinned), f"h2d {suffix}", warmup_s=warm
    ).seconds
    d2h = bench.measure(
        lambda: host.copy_(dev, non_blocking=pinned), f"d2h {suffix}", warmup_s=warm
    ).seconds
    return h2d, d2h


def transfers(
    bench: Bench, *, pcie_gbs: float | None, free_bytes: int | None = None
) -> tuple[BandwidthResult, ...]:
    """Host->device and device->host, pinned and pageable; pinned H2D judged vs PCIe."""
    size = fit_bytes(bench.sizes.transfer_bytes, free_bytes, buffers=1)
    out: list[BandwidthResult] = []
    for pinned in (True, False):
        suffix = "pinned" if pinned else "pageable"
        try:
            h2d, d2h = _time_transfer(bench, size, pinned=pinned)
        except Exception as exc:  # noqa: BLE001
            release(bench.torch, bench.device.startswith("cuda"))
            out.append(_error_bw(f"h2d_{suffix}", size, exc))
            continue
        for kind, seconds in ((f"h2d_{suffix}", h2d), (f"d2h_{suffix}", d2h)):
            gbs = rates(float(size), seconds, unit=1e9)
            if kind == "h2d_pinned":
                verdict = judge_pcie(gbs.median, pcie_gbs)
                out.append(
                    BandwidthResult(
                        kind=kind,
                        size_bytes=size,
                        status=verdict.status,
                        gbs=gbs,
                        reference_gbs=pcie_gbs,
                        fraction=verdict.fraction,
                        message=verdict.message,
                        judged=pcie_gbs is not None,
                    )
                )
            else:
                out.append(
                    BandwidthResult(
                        kind=kind, size_bytes=size, status=Status.PASS, gbs=gbs, judged=False
                    )
                )
    return tuple(out)


def _error_bw(kind: str, size: int, exc: BaseException) -> BandwidthResult:
    if is_oom(exc):
        msg = _("out of memory with a {mib} MiB buffer").format(mib=size >> 20)
    else:
        msg = _("transfer failed: {kind}: {detail}").format(
            kind=type(exc).__name__, detail=line(exc)
        )
    return BandwidthResult(kind=kind, size_bytes=size, status=Status.ERROR, message=msg)


__all__ = ["MEMCPY", "TRIAD", "device_bandwidth", "transfers"]
