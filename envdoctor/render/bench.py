"""Human output of `envdoctor bench`: progress on stderr while it runs, tables at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from envdoctor.bench.result import (
    BenchReport,
    DeviceReport,
    DistributedReport,
    Spread,
    Status,
    overall,
)
from envdoctor.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import Console

_STATUS_TEXT = {
    Status.PASS: N_("pass"),
    Status.WARN: N_("warn"),
    Status.FAIL: N_("FAIL"),
    Status.SKIP: N_("skip"),
    Status.ERROR: N_("ERROR"),
}
_STATUS_STYLE = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "bold red",
    Status.SKIP: "dim",
    Status.ERROR: "bold red",
}
_KIND_TEXT = {
    "d2d": N_("device memory, SM-kernel triad"),
    "d2d_memcpy": N_("device memory, memcpy (info)"),
    "host_copy": N_("host memory, triad"),
    "host_memcpy": N_("host memory, memcpy (info)"),
    "h2d_pinned": N_("host -> device, pinned"),
    "h2d_pageable": N_("host -> device, pageable"),
    "d2h_pinned": N_("device -> host, pinned"),
    "d2h_pageable": N_("device -> host, pageable"),
}


def status_text(status: Status) -> Any:
    from rich.text import Text

    return Text(_(_STATUS_TEXT[status]), style=_STATUS_STYLE[status])


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _spread(s: Spread | None, factor: float = 1.0, digits: int = 1) -> tuple[str, str]:
    if s is None:
        return "-", "-"
    return _num(
        s.median * factor, digits
    ), f"{s.p10 * factor:,.{digits}f} - {s.p90 * factor:,.{digits}f}"


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GiB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MiB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KiB"
    return f"{n} B"


def _table(title: str, *columns: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for i, col in enumerate(columns):
        table.add_column(
            col, justify="left" if i == 0 else "right", overflow="fold", no_wrap=i == 0
        )
    return table


def _render_speed(report: DeviceReport, console: Console) -> None:
    cpu = report.info.kind == "cpu"
    if report.matmul or report.bandwidth:
        unit = "GFLOP/s" if cpu else "TFLOPS"
        factor = 1000.0 if cpu else 1.0
        table = _table(
            _("Speed (matmul in {unit}, copies in GB/s)").format(unit=unit),
            _("test"),
            _("size"),
            _("median"),
            _("p10 - p90"),
            _("peak"),
            _("of peak"),
            _("verdict"),
        )
        for m in report.matmul:
            median, spread = _spread(m.tflops, factor)
            peak = _num(None if m.peak_tflops is None else m.peak_tflops * factor)
            if m.peak_tflops is not None and m.peak_estimated:
                peak += "*"
            table.add_row(
                f"matmul {m.dtype}",
                f"{m.size}" if m.size else "-",
                median,
                spread,
                peak,
                _pct(m.fraction),
                status_text(m.status),
            )
            if m.best_tflops is not None:
                median, spread = _spread(m.best_tflops, factor)
                table.add_row(
                    _("  best shape {shape}").format(shape=m.best_shape),
                    "",
                    median,
                    spread,
                    "",
                    _pct(None if not m.peak_tflops else m.best_tflops.median / m.peak_tflops),
                    "",
                )
            if m.sustained_tflops is not None:
                median, spread = _spread(m.sustained_tflops, factor)
                table.add_row(
                    _("  sustained {s:.1f} s").format(s=m.sustained_s or 0.0),
                    "",
                    median,
                    spread,
                    "",
                    _pct(None if not m.peak_tflops else m.sustained_tflops.median / m.peak_tflops),
                    "",
                )
        for b in report.bandwidth:
            median, spread = _spread(b.gbs)
            table.add_row(
                _(_KIND_TEXT.get(b.kind, b.kind)),
                _size(b.size_bytes),
                median,
                spread,
                _num(b.reference_gbs),
                _pct(b.fraction),
                status_text(b.status),
            )
        console.print(table)
        notes = [(m.dtype, m.status, m.message) for m in report.matmul]
        notes += [(b.kind, b.status, b.message) for b in report.bandwidth]
        for label, status, message in notes:
            if message and status is not Status.PASS:
                console.print(f"  {label}: {message}")
        if any(m.peak_estimated and m.peak_tflops is not None for m in report.matmul):
            console.print(_("  * estimated peak, not a datasheet figure"))


def _render_telemetry(report: DeviceReport, console: Console) -> None:
    tele = report.telemetry
    if not tele.available:
        console.print(_("NVML telemetry unavailable: {reason}").format(reason=tele.reason))
        return
    console.print(
        _(
            "NVML: SM clock median {clock} MHz in timed windows (max {limit}), "
            "temperature max {temp} C, power max {power} W (1 s average) / {instant} W "
            "(instant), PCIe Gen{gen} x{width} under load (max Gen{gmax} x{wmax}), "
            "clock events: {reasons}"
        ).format(
            clock=_num(tele.sm_clock_mhz_median, 0),
            limit=_num(tele.sm_clock_mhz_limit, 0),
            temp=_num(tele.temp_c_max, 0),
            power=_num(tele.power_w_max, 0),
            instant=_num(tele.power_w_instant_max, 0),
            gen=tele.pcie_gen_seen or "?",
            width=tele.pcie_width_seen or "?",
            gmax=tele.pcie_gen_max or "?",
            wmax=tele.pcie_width_max or "?",
            reasons=", ".join(tele.throttle_reasons) or _("none"),
        )
    )
    for w in tele.windows:
        if not w.label.endswith("sustained"):
            continue
        console.print(
            _(
                "  {label} ({s:.1f} s): SM clock median {clock} MHz (min {low}), "
                "power max {power} W / {instant} W instant, clock events: {reasons}"
            ).format(
                label=w.label,
                s=w.seconds,
                clock=_num(w.sm_clock_mhz_median, 0),
                low=_num(w.sm_clock_mhz_min, 0),
                power=_num(w.power_w_max, 0),
                instant=_num(w.power_w_instant_max, 0),
                reasons=", ".join(w.throttle_reasons) or _("none"),
            )
        )
    rows = {True: _("pending"), False: _("none pending"), None: _("not reported")}
    console.print(
        _("Memory health: remapped rows {remap}, retired pages {pages}").format(
            remap=_("FAILED") if tele.remapped_rows_failure else rows[tele.remapped_rows_pending],
            pages=rows[tele.retired_pages_pending],
        )
    )


def render_device(report: DeviceReport, console: Console) -> None:
    from rich.text import Text

    info = report.info
    head = Text(f"{info.device}: {info.name}", style="bold")
    if info.compute_capability:
        head.append(f"  (sm_{info.compute_capability.replace('.', '')})")
    head.append("  ")
    head.append_text(status_text(report.status))
    console.print(head)

    if report.smoke:
        passed = sum(1 for s in report.smoke if s.status is Status.PASS)
        console.print(
            _("Tensor smoke tests: {passed}/{total} passed (each compared with the CPU)").format(
                passed=passed, total=len(report.smoke)
            )
        )
        for s in report.smoke:
            if s.status is not Status.PASS:
                line = Text("  ")
                line.append_text(status_text(s.status))
                line.append(f" {s.op} [{s.dtype}]: {s.message}")
                console.print(line)

    _render_speed(report, console)

    if report.training:
        table = _table(
            _("Training smoke (synthetic data, overfit one batch)"),
            _("model"),
            _("precision"),
            _("loss: first -> last"),
            _("samples/s"),
            _("CPU parity"),
            _("verdict"),
        )
        for t in report.training:
            loss = "-" if t.initial_loss is None else f"{t.initial_loss:.3f} -> {t.final_loss:.3f}"
            parity = "-" if t.cpu_parity_rel_err is None else f"{t.cpu_parity_rel_err:.1e}"
            table.add_row(
                t.model, t.precision, loss, _num(t.samples_per_s, 0), parity, status_text(t.status)
            )
        console.print(table)
        for t in report.training:
            if t.message:
                console.print(f"  {t.model} [{t.precision}]: {t.message}")

    if info.kind == "cuda":
        _render_telemetry(report, console)
    for note in report.notes:
        console.print(Text(_("note: {text}").format(text=note), style="dim"))
    for w in report.warnings:
        console.print(Text(_("warning: {text}").format(text=w), style="yellow"))
    for e in report.errors:
        console.print(Text(_("error: {text}").format(text=e), style="bold red"))


def render_distributed(d: DistributedReport, console: Console) -> None:
    from rich.text import Text

    head = Text(
        _("torch.distributed: {world} ranks on {backend}  ").format(
            world=d.world_size, backend=d.backend
        ),
        style="bold",
    )
    head.append_text(status_text(d.status))
    console.print(head)
    table = _table(
        _("All-reduce (nccl-tests busbw = algbw x 2(n-1)/n; n/a at one rank)"),
        _("size"),
        _("time (ms)"),
        _("algbw GB/s"),
        _("busbw GB/s"),
        _("correct"),
    )
    for a in d.allreduce:
        table.add_row(
            _size(a.size_bytes),
            _num(a.seconds.median * 1000.0, 3),
            _num(a.algbw_gbs, 2),
            _("n/a") if a.busbw_gbs is None else _num(a.busbw_gbs, 2),
            _("yes") if a.correct else _("NO"),
        )
    console.print(table)
    line = Text(_("DDP training step: "))
    line.append_text(status_text(d.ddp_status))
    if d.ddp_message:
        line.append(f" {d.ddp_message}")
    console.print(line)
    fleet = _table(
        _("Fleet"),
        _("rank"),
        _("host"),
        _("device"),
        _("driver"),
        _("torch"),
        _("TFLOPS"),
        _("odd one out"),
    )
    for r in d.fleet:
        style = "yellow" if r.odd else ""
        fleet.add_row(
            str(r.rank),
            r.host,
            f"{r.device} {r.device_name}",
            r.driver or "-",
            r.torch,
            _num(r.matmul_tflops, 3),
            ", ".join(r.odd) or "-",
            style=style,
        )
    console.print(fleet)


def render_report(report: BenchReport, console: Console) -> None:
    from rich.text import Text

    host = report.host
    console.print(
        Text(
            _(
                "envdoctor bench ({mode}): torch {torch}, CUDA {cuda}, "
                "driver {driver}, Python {python}"
            ).format(
                mode=report.mode,
                torch=host.torch,
                cuda=host.cuda_runtime or "-",
                driver=host.driver or "-",
                python=host.python,
            ),
            style="bold",
        )
    )
    for note in report.warnings:
        console.print(Text(note, style="yellow"))
    for device in report.devices:
        console.print()
        render_device(device, console)
    if report.distributed is not None:
        console.print()
        render_distributed(report.distributed, console)
    console.print()
    final = Text(_("Result: "), style="bold")
    final.append_text(status_text(overall(report)))
    final.append(_("  ({seconds:.1f} s)").format(seconds=report.wall_s))
    console.print(final)


class ProgressReporter:
    """A Rich progress bar on stderr; a no-op when stderr is not a terminal."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self._console = console
        self._enabled = enabled and console.is_terminal
        self._progress: Any = None
        self._task: Any = None

    def begin(self, total: int) -> None:
        if not self._enabled:
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=self._console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(_("starting"), total=max(1, total))

    def step(self, label: str) -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, description=label)
        self._progress.advance(self._task)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


__all__ = [
    "ProgressReporter",
    "render_device",
    "render_distributed",
    "render_report",
    "status_text",
]
