"""render/console.py: output never crashes on the stream's encoding; piped output is unwrapped."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.text import Text

from envdoctor.render.console import (
    UNWRAPPED_WIDTH,
    make_console,
    print_error,
    print_json,
    print_text,
    printable,
)

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshots" / "debian12-docker-cpu-torch2.13.json"


def _ascii_stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


def _read(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return str(raw.decode("ascii"))


def _run(*args: str, encoding: str = "ascii") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    return subprocess.run(
        [sys.executable, "-m", "envdoctor", *args], capture_output=True, env=env, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "zh_CN", "mirrors"),
        ("--lang", "zh_CN", "check", "--from", str(SNAPSHOT)),
        ("--lang", "zh_CN", "matrix", "--driver", "535.104.05"),
        ("--lang", "zh_CN", "--help"),
        ("--lang", "zh_CN", "check", "--from", "/nonexistent/report.json"),
    ],
)
def test_chinese_on_an_ascii_stdout_is_escaped_not_a_crash(args: tuple[str, ...]) -> None:
    proc = _run(*args)
    out, err = proc.stdout.decode("ascii"), proc.stderr.decode("ascii")
    assert proc.returncode in {0, 1, 2}, out + err
    assert "UnicodeEncodeError" not in out + err and "Traceback" not in err
    assert "\\u" in out + err  # the Chinese text is there, as escapes


def test_json_on_an_ascii_stdout_stays_valid_json() -> None:
    proc = _run("--lang", "zh_CN", "check", "--json", "--from", str(SNAPSHOT))
    assert proc.returncode in {0, 1}, proc.stderr
    doc = json.loads(proc.stdout.decode("ascii"))
    titles = " ".join(f["title"] for f in doc["findings"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in titles)  # decoded back to Chinese


def test_print_json_escapes_only_where_the_stream_needs_it() -> None:
    ascii_out = _ascii_stream()
    print_json({"name": "清华 😀"}, file=ascii_out)
    assert json.loads(_read(ascii_out)) == {"name": "清华 😀"}
    utf8_out = io.StringIO()
    print_json({"name": "清华"}, file=utf8_out)
    assert "清华" in utf8_out.getvalue()


def test_print_error_and_text_escape_on_ascii() -> None:
    err = _ascii_stream()
    print_error("无法读取文件\nsecond line", file=err)
    assert _read(err) == "envdoctor: error: \\u65e0\\u6cd5\\u8bfb\\u53d6\\u6587\\u4ef6\n"
    out = _ascii_stream()
    print_text("✓ ok", file=out)
    assert _read(out) == "\\u2713 ok\n"


def test_console_on_ascii_stream_escapes_and_uses_ascii_boxes() -> None:
    out = _ascii_stream()
    console = make_console(file=out)
    console.print(Text("镜像 ✓"))
    assert _read(out) == "\\u955c\\u50cf \\u2713\n"


def test_a_stream_without_reconfigure_is_wrapped() -> None:
    class Bare:
        encoding = "ascii"
        errors = "strict"

        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            text.encode("ascii")  # raises like a strict stream would
            self.parts.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    bare = Bare()
    printable(bare).write("é")  # type: ignore[arg-type]
    assert bare.parts == ["\\xe9"]


def test_piped_console_neither_wraps_nor_pads() -> None:
    from rich.table import Table

    buf = io.StringIO()
    console = make_console(file=buf)
    assert console.width == UNWRAPPED_WIDTH
    sentence = "word " * 60
    console.print(Text(sentence.strip()))
    table = Table(box=None, show_header=True)
    table.add_column("name")
    table.add_column("title")
    table.add_row("tuna", "Tsinghua University TUNA")
    table.add_row("ustc-long-name", "USTC")
    console.print(table)
    lines = buf.getvalue().splitlines()
    assert lines[0] == sentence.strip()  # one line, however long
    assert all(line == line.rstrip() for line in lines)  # no padding at line ends
    assert "ustc-long-name  USTC" in lines[-1]


def test_piped_cli_output_is_one_line_per_sentence() -> None:
    proc = _run("mirrors", "--mirror", "tuna", encoding="utf-8")
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert all(line == line.rstrip() for line in out.splitlines())
    assert "Write this for you (with a backup): envdoctor mirrors --mirror tuna --apply" in out


def test_piped_padding_is_dropped_around_style_codes_but_a_prompt_keeps_its_space() -> None:
    buf = io.StringIO()
    console = make_console(file=buf)
    stream = console.file
    stream.write("\x1b[1mname\x1b[0m   \x1b[2m\x1b[0m\nnext  ")
    assert buf.getvalue() == "\x1b[1mname\x1b[0m\x1b[2m\x1b[0m\nnext"
    stream.write("\n")
    assert buf.getvalue().endswith("\nnext\n")
    stream.write("Apply? [y/N] ")
    stream.flush()
    assert buf.getvalue().endswith("Apply? [y/N] ")
