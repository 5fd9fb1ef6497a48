"""Every command's human output, laid out at 80 and 120 columns in English and Chinese.

Each screen is rendered from recorded results (factories, fixtures, fakes; no GPU, no
network) twice: on a terminal of the given width, and piped. The rules checked are the
ones people notice: nothing cut off with "…", no line wider than the terminal (except a
command or a name too long for any line, which the terminal folds and which stays one
line when copied), no command broken over two lines, no "None" or lone "?" where a value
is unknown; and piped, no line ends in padding spaces.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from factories import make_snapshot
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from envdoctor.analyse.check import analyse
from envdoctor.i18n import current_language, set_language
from envdoctor.matrix import load_matrix
from envdoctor.render import console as console_module
from envdoctor.render.check import render_check
from envdoctor.render.console import make_console
from envdoctor.render.layout import is_prose
from envdoctor.snapshot import Snapshot, TorchState

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WIDTHS = (80, 120)
LANGS = ("en", "zh_CN")
Screen = Callable[[Console, Path], None]


def terminal(width: int) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=True,
        color_system=None,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    return console, buf


def piped() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return make_console(file=buf), buf


# --------------------------------------------------------------------------- screens


def _no_device_count(snapshot: Snapshot) -> Snapshot:
    # A report that says CUDA works but not how many devices it sees.
    return replace(snapshot, torch=replace(snapshot.torch, device_count=None))


def _check(
    verbose: bool = False, tweak: Callable[[Snapshot], Snapshot] | None = None, **facts: object
) -> Screen:
    def screen(console: Console, tmp_path: Path) -> None:
        del tmp_path
        snapshot = make_snapshot(**facts)  # type: ignore[arg-type]
        if tweak is not None:
            snapshot = tweak(snapshot)
        render_check(console, analyse(snapshot, load_matrix()), verbose=verbose)

    return screen


def _cli(*args: str, snapshot: dict[str, object] | None = None) -> Screen:
    """A command run through the CLI, its stdout console replaced by the one under test."""

    def screen(console: Console, tmp_path: Path) -> None:
        argv = list(args)
        tmp_path.mkdir(parents=True, exist_ok=True)
        if snapshot is not None:
            path = tmp_path / "snapshot.json"
            path.write_text(json.dumps(make_snapshot(**snapshot).to_dict()))  # type: ignore[arg-type]
            argv += ["--from", str(path)]
        with pytest.MonkeyPatch.context() as mp:

            def factory(*, stderr: bool = False, file: object = None) -> Console:
                return Console(file=io.StringIO()) if stderr or file is not None else console

            mp.setattr(console_module, "make_console", factory)
            mp.setattr("envdoctor.render.wheel.make_console", factory)
            lang = ["--lang", current_language()]
            result = CliRunner().invoke(__import__("envdoctor.cli").cli.app, [*lang, *argv])
        assert result.exit_code in {0, 1}, result.output
        assert result.stdout == "", result.stdout  # everything went through the console

    return screen


def _explain(*names: str) -> Screen:
    def screen(console: Console, tmp_path: Path) -> None:
        del tmp_path
        from envdoctor.explain import explain
        from envdoctor.render.explain import render_explanations

        text = "\n".join((FIXTURES / "errors" / f"{n}.txt").read_text() for n in names)
        render_explanations(console, explain(text), local_facts="none")

    return screen


def _mirrors_show(console: Console, tmp_path: Path) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    from mirrors.conftest import make_machine, write

    from envdoctor.mirrors.catalog import load_catalog
    from envdoctor.mirrors.effective import effective_configs
    from envdoctor.render.mirrors import render_show

    write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://mirrors.ustc.edu.cn/pypi/simple\n",
    )
    render_show(console, effective_configs(make_machine(tmp_path)), load_catalog())


def _mirrors_snippets(name: str) -> Screen:
    def screen(console: Console, tmp_path: Path) -> None:
        del tmp_path
        from envdoctor.mirrors.catalog import load_catalog, resolve_mirror
        from envdoctor.mirrors.snippets import all_snippets
        from envdoctor.render.mirrors import render_snippets

        mirror = resolve_mirror(name, load_catalog())
        render_snippets(console, mirror, all_snippets(mirror, ("pip", "conda", "uv")))

    return screen


def _mirrors_probe(console: Console, tmp_path: Path) -> None:
    del tmp_path
    from envdoctor.mirrors.probe import ProbeResult, Verdict
    from envdoctor.render.mirrors import render_probe

    ok = ProbeResult("nju", "u", Verdict.OK, latency_s=0.08, throughput_bps=12 * 1024 * 1024)
    slow = ProbeResult("aliyun", "u", Verdict.SLOW, latency_s=0.9, throughput_bps=40 * 1024)
    bad = ProbeResult("tuna", "u", Verdict.BLOCKED, http_status=403, detail="HTTP 403 Forbidden")
    render_probe(console, [ok, slow, bad], ok)


def _mirrors_apply(console: Console, tmp_path: Path) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    from mirrors.conftest import make_machine

    from envdoctor.mirrors.apply import Scope, make_plan
    from envdoctor.mirrors.catalog import load_catalog, resolve_mirror
    from envdoctor.render.mirrors import render_plan

    plan = make_plan(
        make_machine(tmp_path), resolve_mirror("sjtu", load_catalog()), ("pip", "uv"), Scope.USER
    )
    render_plan(console, plan, dry_run=True)


def _bench(console: Console, tmp_path: Path) -> None:
    del tmp_path
    from bench.fakes import sample_report

    from envdoctor.bench.result import Status
    from envdoctor.render.bench import render_report

    render_report(sample_report(device_status=Status.FAIL), console)


def _bench_recorded(console: Console, tmp_path: Path) -> None:
    """The JSON of a real numpy-less `bench --device cpu --quick` run, shown again."""
    del tmp_path
    from bench.fakes import recorded

    from envdoctor.render.bench import render_report

    render_report(recorded("cpu_quick_nonumpy_2026-12-04.json")[1], console)


def _bench_gpu(console: Console, tmp_path: Path) -> None:
    """A `bench --full` H200 report shaped as torch 2.13 / nvidia-ml-py 13.x give it."""
    del tmp_path
    from bench.fakes import h200_report

    from envdoctor.render.bench import render_report

    render_report(h200_report(), console)


WHEELS = (
    "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
    "torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl",
    "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl",
)

SCREENS: dict[str, Screen] = {
    "check-cpu-build": _check(torch="2.13.0+cpu", torch_cuda=None, available=False),
    "check-healthy-verbose": _check(verbose=True),
    "check-device-count-unknown": _check(tweak=_no_device_count),
    "check-os-unknown": _check(os_release=None, os=None),  # type: ignore[arg-type]
    "check-old-driver": _check(driver="470.82.01", driver_cuda="11.4"),
    "check-torch-version-unknown": _check(torch=None),
    "install-fits": _cli("install", snapshot={"torch_state": TorchState.MISSING}),
    "install-old-driver": _cli(
        "install", snapshot={"driver": "450.51.06", "driver_cuda": "11.0", "torch": None}
    ),
    "matrix-summary": _cli("matrix"),
    "matrix-fits": _cli(
        "matrix", "--driver", "535.104.05", "--gpu", "RTX 3060", "--python", "3.11", "--all"
    ),
    "wheel": _cli(
        "wheel",
        "--python-version",
        "3.11",
        "--platform",
        "linux_x86_64",
        "--glibc",
        "2.35",
        "--driver",
        "470.82.01",
        "--gpu",
        "RTX 3060",
        *WHEELS,
    ),
    "explain-driver": _explain("driver-too-old__fooocus", "cuda-out-of-memory__cads"),
    "explain-unknown": _explain(),
    "mirrors-show": _mirrors_show,
    "mirrors-tuna": _mirrors_snippets("tuna"),
    "mirrors-sjtu": _mirrors_snippets("sjtu"),
    "mirrors-probe": _mirrors_probe,
    "mirrors-apply": _mirrors_apply,
    "bench": _bench,
    "bench-cpu-recorded": _bench_recorded,
    "bench-gpu": _bench_gpu,
}

# Screens with tables, whose layout (not only line breaks) depends on the width.
TABLES = {
    "check-healthy-verbose",
    "matrix-fits",
    "mirrors-show",
    "mirrors-probe",
    "bench",
    "bench-cpu-recorded",
    "bench-gpu",
}


@pytest.fixture(params=LANGS)
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param


# ------------------------------------------------------------------------ the rules

_BACKTICKED = re.compile(r"`([^`\n]+)`")
# A value left as Python's None, or a lone "?" standing for one.
_NONE = re.compile(r"(?<![\w.`])None(?![\w`])")
_LONE_QUESTION = re.compile(r"(?<=[\s(,:=，（：])\?(?=[\s),;.，、；）]|$)")


_COMMAND = re.compile(
    r"(python3? -[mc]|pip3? (install|config|uninstall)|sudo|conda (config|install|clean)"
    r"|envdoctor [a-z]|uv (pip|add)|export|set) "
)


def commands_in(text: str) -> set[str]:
    """Commands the screen shows: lines that are commands, and `commands` in sentences."""
    found = {m.group(1) for m in _BACKTICKED.finditer(text)}
    for line in text.splitlines():
        body = re.sub(r"^\s*(\d+\. )?", "", line)
        if _COMMAND.match(body):
            found.add(body.split("  #")[0].strip())
    return {c for c in found if " " in c}


def _unwrapped(text: str) -> str:
    return "".join(text.split())


def check_screen(text: str, width: int | None, reference: str) -> None:
    """The layout rules; `reference` is the piped rendering of the same screen."""
    assert "…" not in text, "a cell or name was cut off:\n" + text
    for line in text.splitlines():
        if width is not None and cell_len(line) > width:
            body = line.strip()
            # Only a command or a single unbreakable piece may exceed the width.
            assert not is_prose(body) or " " not in body.split(": ", 1)[-1], (
                f"line wider than {width}: {line!r}"
            )
        assert not _NONE.search(line) or "torch.version.cuda" in line, line
        content = line.strip()
        if not content.startswith("? "):  # wheel's marker for "cannot tell"
            assert not _LONE_QUESTION.search(line), line
    # Every command of the piped screen appears whole, on one line, on the terminal too.
    lines = text.splitlines()
    for command in commands_in(reference):
        assert any(command in line for line in lines), f"command broken: {command!r}\n{text}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_on_a_terminal(name: str, width: int, lang: str, tmp_path: Path) -> None:
    del lang
    console, buf = terminal(width)
    SCREENS[name](console, tmp_path / "t")
    ref_console, ref = piped()
    SCREENS[name](ref_console, tmp_path / "p")
    assert buf.getvalue().strip()
    check_screen(buf.getvalue(), width, ref.getvalue())


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_piped(name: str, lang: str, tmp_path: Path) -> None:
    del lang
    console, buf = piped()
    SCREENS[name](console, tmp_path)
    text = buf.getvalue()
    check_screen(text, None, text)
    assert all(line == line.rstrip() for line in text.splitlines()), "padding at line ends"
    # Piped, a sentence is never cut: the terminal rendering reflows to the same words.
    if name not in TABLES:
        term, tbuf = terminal(80)
        SCREENS[name](term, tmp_path)
        assert _unwrapped(tbuf.getvalue()) == _unwrapped(text)


# ------------------------------------------------------------------ specific slips


def _render(width: int, screen: Screen) -> str:
    console, buf = terminal(width)
    screen(console, Path())
    return buf.getvalue()


def test_unknown_device_count_is_said_in_words() -> None:
    out = _render(120, SCREENS["check-device-count-unknown"])
    assert "CUDA available, device count unknown" in out
    set_language("zh_CN")
    assert "设备数量未知" in _render(120, SCREENS["check-device-count-unknown"])


def test_unknown_os_is_said_in_words() -> None:
    out = _render(120, SCREENS["check-os-unknown"])
    assert "OS unknown" in out and "[•] ?" not in out


def test_mirror_names_are_whole_at_80_columns_in_both_languages(tmp_path: Path) -> None:
    from envdoctor.mirrors.catalog import load_catalog

    for language in LANGS:
        set_language(language)
        console, buf = terminal(80)
        _mirrors_show(console, tmp_path / language)
        out = buf.getvalue()
        for mirror in load_catalog().active():
            # Name and operator together on one line, the name first.
            assert any(
                line.startswith(mirror.name + " ") and mirror.title in line
                for line in out.splitlines()
            ), (mirror.name, mirror.title, out)
            assert mirror.pypi in out


def test_mirror_list_is_one_row_per_mirror_when_wide(tmp_path: Path) -> None:
    console, buf = terminal(200)
    _mirrors_show(console, tmp_path)
    row = next(line for line in buf.getvalue().splitlines() if line.startswith("sjtu "))
    assert "Shanghai Jiao Tong University" in row and "https://mirror.sjtu.edu.cn" in row


def test_bench_rows_are_whole_at_80_columns_in_both_languages() -> None:
    """Each speed row on one line, its median and p10-p90 whole; an unknown reading said
    in words and a figure that does not apply left out, never a bare "-"."""
    from bench.fakes import h200_report, recorded

    from envdoctor.render.bench import figure

    for language in LANGS:
        set_language(language)
        for name, report in (
            ("bench-cpu-recorded", recorded("cpu_quick_nonumpy_2026-12-04.json")[1]),
            ("bench-gpu", h200_report()),
        ):
            lines = _render(80, SCREENS[name]).splitlines()
            (device,) = report.devices
            factor = 1000.0 if device.info.kind == "cpu" else 1.0
            spreads = [(m.tflops, factor) for m in report.devices[0].matmul]
            spreads += [(b.gbs, 1.0) for b in device.bandwidth]
            for spread, scale in spreads:
                assert spread is not None
                median = figure(spread.median * scale)
                cell = f"{figure(spread.p10 * scale)}-{figure(spread.p90 * scale)}"
                assert any(median in line and cell in line for line in lines), (cell, lines)
            for line in lines:
                assert not re.search(r"(^|\s)-(\s|$)", line), line
                assert cell_len(line) <= 80, line


# ------------------------------------------------------------------- golden screens

GOLDEN = Path(__file__).resolve().parent / "golden"
# Few, because any change of wording, data or catalog changes them: after such a merge,
# regenerate with UPDATE_GOLDEN=1 and read the diff.
GOLDEN_SCREENS = ("check-old-driver", "mirrors-show", "bench-gpu")


def _golden_text(name: str, tmp_path: Path) -> str:
    console, buf = terminal(80)
    SCREENS[name](console, tmp_path)
    text = "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
    if name == "mirrors-show":  # the part that does not name tmp_path
        text = text[text.index("\n\n", text.index(str(tmp_path).split("/")[-1])) :]
        text = text[text.rindex("\n\n", 0, text.index("https://pypi.org/simple  +")) + 2 :]
    return text


@pytest.mark.parametrize("name", GOLDEN_SCREENS)
def test_golden_screens_at_80_columns(name: str, lang: str, tmp_path: Path) -> None:
    """Whole screens as reviewed by eye; regenerate with UPDATE_GOLDEN=1 and look again."""
    text = _golden_text(name, tmp_path)
    path = GOLDEN / f"{name}.{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# ------------------------------------------------------------- the layout helpers


def test_wrap_keeps_commands_whole_and_respects_the_width() -> None:
    from rich.text import Text

    from envdoctor.render.layout import wrap_text

    text = Text("envdoctor found 1 problem(s). Run `envdoctor check -v` to see every fact.")
    for width in range(20, 80):
        lines = [line.plain for line in wrap_text(text, width, indent=2, hanging=4)]
        assert any("`envdoctor check -v`" in line for line in lines), (width, lines)
        assert all(cell_len(line) <= width or "`" in line for line in lines), (width, lines)
        assert all(line == line.rstrip() for line in lines)
        assert _unwrapped(" ".join(lines)) == _unwrapped(text.plain)


def test_wrap_breaks_chinese_between_characters_but_not_before_closing_punctuation() -> None:
    from rich.text import Text

    from envdoctor.render.layout import wrap_text

    text = Text("查看某个镜像的配置命令，写入配置：再加参数，测速。" * 3)
    lines = [line.plain for line in wrap_text(text, 21)]
    assert len(lines) > 3
    assert all(cell_len(line) <= 22 for line in lines)  # a comma may stick to its word
    assert not any(line.startswith(("，", "。", "：")) for line in lines)


def test_is_prose_tells_sentences_from_commands() -> None:
    from envdoctor.render.layout import is_prose

    assert is_prose("Install the NVIDIA driver from https://www.nvidia.com")
    assert is_prose("将 NVIDIA 驱动升级到 580")
    assert is_prose("(runs through NVIDIA's minor-version compatibility)")
    assert not is_prose("sudo apt install nvidia-driver-580  # then reboot")
    assert not is_prose("/home/a/venv/bin/python -m pip install torch")
    assert not is_prose("$env:CUDA_VISIBLE_DEVICES = 0")


def test_print_command_moves_a_long_command_to_its_own_line() -> None:
    from envdoctor.render.layout import print_command, print_commands

    console, buf = terminal(40)
    print_command(console, "Apply it with:", "envdoctor mirrors --mirror nju --apply")
    assert buf.getvalue().splitlines() == [
        "Apply it with:",
        "  envdoctor mirrors --mirror nju --apply",
    ]
    console, buf = terminal(80)
    print_commands(console, [("Show:", "envdoctor a"), ("Measure them:", "envdoctor b --x")])
    assert buf.getvalue().splitlines() == [
        "Show:         envdoctor a",
        "Measure them: envdoctor b --x",
    ]
