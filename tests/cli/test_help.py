"""Help pages into a pipe or file: headings and aligned columns, no boxes, no padding."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from envdoctor.cli._help import _LineEndTrimmer, asks_for_help, help_goes_to_terminal

BOX = set("╭╮╰╯│─")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], True),
        (["--help"], True),
        (["check", "-h"], True),
        (["check", "-vh"], True),
        (["explain", "--", "--help"], False),
        (["check", "--json"], False),
    ],
)
def test_asks_for_help(argv: list[str], expected: bool) -> None:
    assert asks_for_help(argv) is expected


def test_a_pipe_is_not_a_terminal_unless_colour_is_forced() -> None:
    pipe = io.StringIO()
    assert not help_goes_to_terminal(pipe, {})
    assert help_goes_to_terminal(pipe, {"FORCE_COLOR": "1"})
    assert help_goes_to_terminal(pipe, {"TTY_COMPATIBLE": "1"})


def test_trimmer_drops_only_the_spaces_at_line_ends() -> None:
    out = io.StringIO()
    trimmer = _LineEndTrimmer(out)
    trimmer.write(" --json   Print one   \n   \n --tim")
    trimmer.write("eout  x  \n")
    trimmer.write("tail  ")
    trimmer.flush()
    assert out.getvalue() == " --json   Print one\n\n --timeout  x\ntail  "
    assert trimmer.isatty() is False


def _help(*argv: str, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE"}}
    env.update({"HOME": str(Path.cwd()), "NO_COLOR": "1", "COLUMNS": "80", **extra})
    done = subprocess.run(
        [sys.executable, "-m", "envdoctor", *argv, "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("argv", [(), ("check",), ("--lang", "zh_CN", "mirrors")])
def test_piped_help_has_headings_and_no_box_or_padding(argv: tuple[str, ...]) -> None:
    text = _help(*argv)
    assert not BOX & set(text), text
    assert not any(line.endswith(" ") for line in text.splitlines()), text
    heading = "选项" if "zh_CN" in argv else "Options"
    assert heading in text.splitlines()
    assert max(len(line) for line in text.splitlines()) <= 80


def test_forced_terminal_output_keeps_the_panels() -> None:
    assert BOX & set(_help("check", FORCE_COLOR="1"))
