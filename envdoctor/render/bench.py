"""Human output of `envdoctor bench`: progress on stderr while it runs, tables at the end."""

from __future__ import annotations

from collections.abc import Sequence
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
from envdoctor.render.layout import print_prose

if TYPE_CHECKING:
    from rich.console import Console

_STATUS = {
    Status.PASS: (N_("pass"), "green"),
    Status.WARN: (N_("warn"), "yellow"),
    Status.FAIL: (N_("FAIL"), "bold red"),
    Status.SKIP: (N_("skip"), "dim"),
    Status.ERROR: (N_("ERROR"), "bold red"),
}
_KIND_TEXT = {
    "d2d": N_("device memory, triad"),
    "d2d_memcpy": N_("device memory, memcpy"),
    "host_copy": N_("host memory, triad"),
    "host_memcpy": N_("host memory, memcpy"),
    "h2d_pinned": N_("host -> device, pinned"),
    "h2d_pageable": N_("host -> device, pageable"),
    "d2h_pinned": N_("device -> host, pinned"),
    "d2h_pageable": N_("device -> host, pageable"),
}


def status_text(status: Status) -> Any:
    from rich.text import Text

    word, style = _STATUS[status]
    return Text(_(word), style=style)


def verdict_text(status: Status, judged: bool) -> Any:
    """A row's verdict: "reported" for a figure shown but never compared with a band."""
    from rich.text import Text

    if status is Status.PASS and not judged:
        return Text(_("reported"), style="dim")
    return status_text(status)


def figure(value: float) -> str:
    """A measured rate with the digits its size needs: 790, 84.3, 0.52 (the spread of
    repeats makes more digits noise, and they cost columns at 80 cells)."""
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2
    return f"{value:,.{digits}f}"


def peak_text(value: float) -> str:
    """A datasheet figure as printed there: 989.5, 4,800."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _num(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def _spread(s: Spread | None, factor: float = 1.0) -> tuple[str, str]:
    """(median, "p10-p90"); empty cells when there is no measurement (a skipped row)."""
    if s is None:
        return "", ""
    return figure(s.median * factor), f"{figure(s.p10 * factor)}-{figure(s.p90 * factor)}"


def _size(n: int) -> str:
    for unit, shift, digits in (("GiB", 30, 1), ("MiB", 20, 0), ("KiB", 10, 0)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.{digits}f} {unit}"
    return f"{n} B"


def _print_table(
    console: Console,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    optional: Sequence[int] = (),
    left: Sequence[int] = (0,),
) -> None:
    """A titled table of whole cells that fits the console: boxed when it fits (the wide look),
    else without box lines, else without the `optional` columns (least useful first).
    Cells are never folded: a number or a name split over two lines is misread."""
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    def fits(table: Table) -> bool:
        # Measured without a limit: Measurement.get clamps to the width it is given.
        options = console.options.update_width(1 << 20)
        return Measurement.get(console, options, table).maximum <= console.width

    def build(boxed: bool, dropped: Sequence[int]) -> Table:
        keep = [i for i in range(len(headers)) if i not in dropped]
        table = Table(
            show_edge=False,
            pad_edge=False,
            box=box.HEAVY_HEAD if boxed else None,
            header_style="bold",
        )
        for i in keep:
            table.add_column(headers[i], justify="left" if i in left else "right", no_wrap=True)
        for row in rows:
            table.add_row(*(row[i] for i in keep))
        return table

    table = build(True, ())
    for n in range(len(optional) + 1):
        if fits(table):
            break
        table = build(False, optional[:n])
    # The title as prose: as a table title it would wrap at the table's width.
    print_prose(console, Text(title, style="italic"))
    console.print(table)


def _matmul_rows(report: DeviceReport, factor: float) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for m in report.matmul:
        peak = m.peak_tflops
        star = "*" if peak is not None and m.peak_estimated else ""
        median, spread = _spread(m.tflops, factor)
        # With a best shape the JSON `fraction` is the best shape's: each row shows its own.
        own = m.fraction
        if m.best_tflops is not None and m.tflops is not None and peak:
            own = m.tflops.median / peak
        rows.append(
            (
                f"matmul {m.dtype}",
                str(m.size) if m.size else "",
                median,
                spread,
                "" if peak is None else peak_text(peak * factor) + star,
                _pct(own),
                verdict_text(m.status, m.judged),
            )
        )
        extra = (
            (_("  best {shape}").format(shape=m.best_shape), m.best_tflops),
            (_("  sustained {s:.1f} s").format(s=m.sustained_s or 0.0), m.sustained_tflops),
        )
        for label, spread_of in extra:
            if spread_of is None:
                continue
            median, spread = _spread(spread_of, factor)
            pct = _pct(spread_of.median / peak) if peak else ""
            rows.append((label, "", median, spread, "", pct, ""))
    return rows


def _render_speed(report: DeviceReport, console: Console) -> None:
    if not (report.matmul or report.bandwidth):
        return
    cpu = report.info.kind == "cpu"
    factor = 1000.0 if cpu else 1.0
    rows = _matmul_rows(report, factor)
    for b in report.bandwidth:
        median, spread = _spread(b.gbs)
        rows.append(
            (
                _(_KIND_TEXT.get(b.kind, b.kind)),
                _size(b.size_bytes),
                median,
                spread,
                "" if b.reference_gbs is None else peak_text(b.reference_gbs),
                _pct(b.fraction),
                verdict_text(b.status, b.judged),
            )
        )
    headers = (
        _("test"),
        _("size"),
        _("median"),
        _("p10-p90"),
        _("peak"),
        _("of peak"),
        _("verdict"),
    )
    title = _("Speed (matmul in {unit}, copies in GB/s)").format(
        unit="GFLOP/s" if cpu else "TFLOPS"
    )
    _print_table(console, title, headers, rows, optional=(4, 3))
    _render_speed_notes(report, console)


def _render_speed_notes(report: DeviceReport, console: Console) -> None:
    """Why a row is not a plain pass: its message, once per message (the same reason for
    four dtypes is one line), and what "reported" and "*" mean."""
    notes: dict[str, list[str]] = {}
    reported = False
    rows = [(f"matmul {m.dtype}", m.status, m.judged, m.message) for m in report.matmul]
    rows += [
        (_(_KIND_TEXT.get(b.kind, b.kind)), b.status, b.judged, b.message) for b in report.bandwidth
    ]
    for label, status, judged, message in rows:
        reported = reported or (status is Status.PASS and not judged)
        if message and (status is not Status.PASS or not judged):
            notes.setdefault(message, []).append(label)
    for message, labels in notes.items():
        print_prose(console, f"{', '.join(labels)}: {message}", indent=2, hanging=4)
    if reported:
        print_prose(
            console,
            _(
                "reported: measured and shown, not compared with an expected band; "
                "it changes no verdict"
            ),
            indent=2,
            hanging=4,
        )
    if any(m.peak_estimated and m.peak_tflops is not None for m in report.matmul):
        print_prose(console, _("* estimated peak, not a datasheet figure"), indent=2, hanging=4)


def _known(value: float | None, unit: str) -> str:
    """A reading with its unit, or the word "unknown": NVML does not report every field."""
    return _("unknown") if value is None else f"{value:,.0f} {unit}"


def _link(gen: int | None, width: int | None) -> str:
    if not gen:
        return _("unknown")
    return f"Gen{gen} x{width}" if width else f"Gen{gen}"


def _render_telemetry(report: DeviceReport, console: Console) -> None:
    tele = report.telemetry
    if not tele.available:
        print_prose(console, _("NVML telemetry unavailable: {reason}").format(reason=tele.reason))
        return
    print_prose(
        console,
        _(
            "NVML: SM clock median {clock} in timed windows (max {limit}), "
            "temperature max {temp}, power max {power} (1 s average) / {instant} "
            "(instant), PCIe {seen} under load (max {link}), clock events: {reasons}"
        ).format(
            clock=_known(tele.sm_clock_mhz_median, "MHz"),
            limit=_known(tele.sm_clock_mhz_limit, "MHz"),
            temp=_known(tele.temp_c_max, "C"),
            power=_known(tele.power_w_max, "W"),
            instant=_known(tele.power_w_instant_max, "W"),
            seen=_link(tele.pcie_gen_seen, tele.pcie_width_seen),
            link=_link(tele.pcie_gen_max, tele.pcie_width_max),
            reasons=", ".join(tele.throttle_reasons) or _("none"),
        ),
    )
    for w in tele.windows:
        if not w.label.endswith("sustained"):
            continue
        print_prose(
            console,
            _(
                "{label} ({s:.1f} s): SM clock median {clock} (min {low}), "
                "power max {power} / {instant} instant, clock events: {reasons}"
            ).format(
                label=w.label,
                s=w.seconds,
                clock=_known(w.sm_clock_mhz_median, "MHz"),
                low=_known(w.sm_clock_mhz_min, "MHz"),
                power=_known(w.power_w_max, "W"),
                instant=_known(w.power_w_instant_max, "W"),
                reasons=", ".join(w.throttle_reasons) or _("none"),
            ),
            indent=2,
            hanging=4,
        )
    rows = {True: _("pending"), False: _("none pending"), None: _("not reported")}
    print_prose(
        console,
        _("Memory health: remapped rows {remap}, retired pages {pages}").format(
            remap=_("FAILED") if tele.remapped_rows_failure else rows[tele.remapped_rows_pending],
            pages=rows[tele.retired_pages_pending],
        ),
    )


def _render_training(report: DeviceReport, console: Console) -> None:
    rows = []
    for t in report.training:
        loss = ""
        if t.initial_loss is not None and t.final_loss is not None:
            loss = f"{t.initial_loss:.3f} -> {t.final_loss:.3f}"
        parity = "" if t.cpu_parity_rel_err is None else f"{t.cpu_parity_rel_err:.1e}"
        rows.append(
            (t.model, t.precision, loss, _num(t.samples_per_s, 0), parity, status_text(t.status))
        )
    headers = (
        _("model"),
        _("precision"),
        _("loss: first -> last"),
        _("samples/s"),
        _("CPU parity"),
        _("verdict"),
    )
    title = _("Training smoke (synthetic data, overfit one batch)")
    _print_table(console, title, headers, rows, optional=(3,))
    for t in report.training:
        if t.message:
            print_prose(console, f"{t.model} [{t.precision}]: {t.message}", indent=2, hanging=4)


def render_device(report: DeviceReport, console: Console) -> None:
    from rich.text import Text

    info = report.info
    head = Text(f"{info.device}: {info.name}", style="bold")
    if info.compute_capability:
        head.append(f"  (sm_{info.compute_capability.replace('.', '')})")
    head.append("  ")
    head.append_text(status_text(report.status))
    console.print(head, soft_wrap=True)

    said: set[str] = set()
    if report.smoke:
        passed = sum(1 for s in report.smoke if s.status is Status.PASS)
        skipped = sum(1 for s in report.smoke if s.status is Status.SKIP)
        text = _("Tensor smoke tests: {passed}/{total} passed (each compared with the CPU)")
        if skipped:
            text = _(
                "Tensor smoke tests: {passed}/{total} passed, {skipped} skipped "
                "(each compared with the CPU)"
            )
        print_prose(console, text.format(passed=passed, total=len(report.smoke), skipped=skipped))
        for s in report.smoke:
            if s.status is not Status.PASS:
                line = status_text(s.status)
                line.append(f" {s.op} [{s.dtype}]: {s.message}")
                print_prose(console, line, indent=2, hanging=4)
                said.add(s.message)

    _render_speed(report, console)
    if report.training:
        _render_training(report, console)
    if info.kind == "cuda":
        _render_telemetry(report, console)
    # A note that repeats a skipped smoke test's message (numpy missing) is said once.
    for note in report.notes:
        if note not in said:
            print_prose(console, Text(_("note: {text}").format(text=note), style="dim"))
    for w in report.warnings:
        print_prose(console, Text(_("warning: {text}").format(text=w), style="yellow"))
    for e in report.errors:
        print_prose(console, Text(_("error: {text}").format(text=e), style="bold red"))


def render_distributed(d: DistributedReport, console: Console) -> None:
    from rich.text import Text

    head = Text(
        _("torch.distributed: {world} ranks on {backend}  ").format(
            world=d.world_size, backend=d.backend
        ),
        style="bold",
    )
    head.append_text(status_text(d.status))
    console.print(head, soft_wrap=True)
    rows = [
        (
            _size(a.size_bytes),
            _num(a.seconds.median * 1000.0, 3),
            _num(a.algbw_gbs, 2),
            _("n/a") if a.busbw_gbs is None else _num(a.busbw_gbs, 2),
            _("yes") if a.correct else _("NO"),
        )
        for a in d.allreduce
    ]
    title = _("All-reduce (nccl-tests busbw = algbw x 2(n-1)/n; n/a at one rank)")
    columns = (_("size"), _("time (ms)"), _("algbw GB/s"), _("busbw GB/s"), _("correct"))
    _print_table(console, title, columns, rows)
    line = Text(_("DDP training step: "))
    line.append_text(status_text(d.ddp_status))
    if d.ddp_message:
        line.append(f" {d.ddp_message}")
    print_prose(console, line)
    fleet = [
        (
            str(r.rank),
            Text(r.host, style="yellow" if r.odd else ""),
            f"{r.device} {r.device_name}",
            r.driver or _("unknown"),
            r.torch,
            "" if r.matmul_tflops is None else figure(r.matmul_tflops),
            ", ".join(r.odd),
        )
        for r in d.fleet
    ]
    headers = (
        _("rank"),
        _("host"),
        _("device"),
        _("driver"),
        _("torch"),
        _("TFLOPS"),
        _("odd one out"),
    )
    _print_table(console, _("Fleet"), headers, fleet, optional=(5,), left=(1, 2, 6))


def _header(report: BenchReport) -> str:
    # CUDA and the driver only where they apply: a CPU build of torch has neither.
    host = report.host
    parts = [_("torch {version}").format(version=host.torch)]
    if host.cuda_runtime or host.driver:
        parts.append(_("CUDA {version}").format(version=host.cuda_runtime or _("unknown")))
        parts.append(_("driver {version}").format(version=host.driver or _("unknown")))
    parts.append(_("Python {version}").format(version=host.python))
    return _("envdoctor bench ({mode}): {facts}").format(
        mode=report.mode, facts=_(", ").join(parts)
    )


def render_report(report: BenchReport, console: Console) -> None:
    from rich.text import Text

    print_prose(console, Text(_header(report), style="bold"))
    for note in report.warnings:
        print_prose(console, Text(note, style="yellow"))
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
    console.print(final, soft_wrap=True)


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
    "figure",
    "peak_text",
    "render_device",
    "render_distributed",
    "render_report",
    "status_text",
    "verdict_text",
]
