"""Rendering of check reports, printed into a fixed-width captured console."""

from __future__ import annotations

import io

from factories import make_snapshot
from rich.console import Console

from envdoctor.analyse.check import analyse
from envdoctor.matrix import load_matrix
from envdoctor.render.check import check_markdown, render_check


def render(snapshot, *, verbose: bool = False, encoding: str = "utf-8") -> str:  # type: ignore[no-untyped-def]
    buf = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    console = Console(
        file=buf, width=100, color_system=None, legacy_windows=False, highlight=False, markup=False
    )
    render_check(console, analyse(snapshot, load_matrix()), verbose=verbose)
    buf.flush()
    buf.seek(0)
    return buf.read()


def test_sections_glyphs_and_fix() -> None:
    out = render(
        make_snapshot(
            driver="535.104.05",
            driver_cuda="12.2",
            torch="2.13.0+cpu",
            torch_cuda=None,
            available=False,
        )
    )
    assert out.splitlines()[0] == "envdoctor check"
    assert "[✓] NVIDIA driver 535.104.05, supports CUDA up to 12.2" in out
    assert "[✗] PyTorch" in out
    assert "✗ torch 2.13.0+cpu is a CPU-only build" in out
    assert "Fix:" in out
    # The command is printed whole on one line, never wrapped.
    line = next(x for x in out.splitlines() if "-m pip install" in x)
    assert line.strip().endswith("--index-url https://download.pytorch.org/whl/cu126")
    assert out.rstrip().splitlines()[-1].startswith("envdoctor found 1 problem(s)")


def test_healthy_summary() -> None:
    out = render(make_snapshot())
    assert "No problems found" in out
    assert "✗" not in out and "Fix:" not in out


def test_ascii_fallback_on_legacy_encodings() -> None:
    out = render(
        make_snapshot(torch="2.13.0+cpu", torch_cuda=None, available=False), encoding="cp1252"
    )
    assert "[X] PyTorch" in out
    assert "✓" not in out


def test_verbose_lists_facts_and_sources() -> None:
    out = render(
        make_snapshot(
            driver="535.104.05", driver_cuda="12.2", torch="2.8.0+cu126", torch_cuda="12.6"
        ),
        verbose=True,
    )
    assert "sources:" in out
    assert "driver.version" in out and "535.104.05" in out


def test_markdown_has_table_problems_and_facts() -> None:
    md = check_markdown(
        analyse(make_snapshot(torch="2.13.0+cpu", torch_cuda=None, available=False), load_matrix()),
        matrix_version="x",
    )
    assert "| X | `torch-cpu-only` |" in md
    assert "### Problems and fixes" in md
    assert '"schema": "envdoctor.snapshot/1"' in md
    assert "/home/alice" not in md


def test_markdown_names_the_analysing_envdoctor_and_where_the_facts_come_from() -> None:
    from dataclasses import replace

    from envdoctor import __version__

    snapshot = replace(make_snapshot(origin="collect_env"), envdoctor_version=None)
    md = check_markdown(analyse(snapshot, load_matrix()), matrix_version="2026.11.27")
    assert f"Analysed by envdoctor {__version__} with matrix 2026.11.27." in md
    assert "read from a `python -m torch.utils.collect_env` report" in md
    assert "the envdoctor version that gathered them is not recorded" in md
    assert "envdoctor ," not in md
    live = check_markdown(analyse(make_snapshot(), load_matrix()), matrix_version="m")
    assert "Facts collected live on the machine by envdoctor test." in live
