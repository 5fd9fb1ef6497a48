"""`--help` in the chosen language: Chinese with zh_CN, English otherwise, nothing cut off.

Help texts are translated when the commands are registered, so the language must be known
before `envdoctor.cli` is imported: these tests run the real entry point in subprocesses,
all started at once to keep the suite fast.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from envdoctor.cli import app, requested_language

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _tree() -> dict[tuple[str, ...], TyperCommand | TyperGroup]:
    """Every command path Typer builds from the app, nested groups (`matrix update`) included."""
    found: dict[tuple[str, ...], TyperCommand | TyperGroup] = {}
    todo: list[tuple[tuple[str, ...], object]] = [((), typer.main.get_command(app))]
    while todo:
        path, command = todo.pop()
        assert isinstance(command, TyperCommand | TyperGroup), command
        found[path] = command
        if isinstance(command, TyperGroup):
            todo += [((*path, name), sub) for name, sub in command.commands.items()]
    return dict(sorted(found.items()))


COMMANDS = _tree()


def _option_names(command: TyperCommand | TyperGroup) -> list[str]:
    return [
        opt
        for param in command.params
        if isinstance(param, TyperOption)
        for opt in (*param.opts, *param.secondary_opts)
    ]


def _clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "ENVDOCTOR_")) and k not in {"LANG", "LANGUAGE"}
    }
    env.update(
        {"HOME": str(home), "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"}
    )
    return env


# Renders the help of many commands in one process through the console-script entry point;
# the language is chosen at import, from the environment (there is no --lang in argv), as
# for a real `envdoctor <command> --help`.
_MANY_HELPS = """
import json, sys
paths = json.loads(sys.argv[1])
sys.argv = ["envdoctor", "--help"]
from envdoctor.cli import main
for path in paths:
    print("@@help " + json.dumps(path), flush=True)
    sys.argv = ["envdoctor", *path, "--help"]
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
"""


@pytest.fixture(scope="module")
def helps(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, tuple[str, ...]], str]:
    """(mode, command path) -> the --help output, from processes run in parallel.

    `python -m envdoctor --lang zh_CN <command> --help` runs once per command; the
    environment-chosen languages render every command in one process each (startup is
    most of the cost).
    """
    home = tmp_path_factory.mktemp("home")
    env = _clean_env(home)
    paths = list(COMMANDS)
    argv_runs = {
        path: subprocess.Popen(
            [sys.executable, "-m", "envdoctor", "--lang", "zh_CN", *path, "--help"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    }
    env_runs = {
        mode: subprocess.Popen(
            [sys.executable, "-c", _MANY_HELPS, json.dumps(paths)],
            env={**env, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode, extra in (("en", {}), ("zh-env", {"ENVDOCTOR_LANG": "zh_CN"}))
    }
    out: dict[tuple[str, tuple[str, ...]], str] = {}
    for path, proc in argv_runs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, (path, stderr)
        out["zh-argv", path] = stdout
    for mode, proc in env_runs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, (mode, stderr)
        for chunk in stdout.split("@@help ")[1:]:
            header, _, text = chunk.partition("\n")
            out[mode, tuple(json.loads(header))] = text
    assert len(out) == 3 * len(paths)
    return out


def test_every_command_is_covered() -> None:
    """The walk finds the nested `matrix update` as well as every top-level command."""
    assert {("check",), ("install",), ("mirrors",), ("matrix", "update"), ()} <= set(COMMANDS)
    assert len(COMMANDS) >= 9


@pytest.mark.parametrize("mode", ["zh-argv", "zh-env"])
@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "envdoctor")
def test_chinese_help(
    helps: dict[tuple[str, tuple[str, ...]], str], mode: str, path: tuple[str, ...]
) -> None:
    text = helps[mode, path]
    assert len(CJK.findall(text)) > 10, text
    for opt in _option_names(COMMANDS[path]):
        assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text), (opt, text)
    # Rich wraps only at spaces: a Chinese clause wider than its column must be folded,
    # never cut off with an ellipsis.
    assert "…" not in text, text
    # Typer's own frame follows: panel titles and the --help option's text.
    assert "选项" in text
    assert "Show this message" not in text


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "envdoctor")
def test_english_help(helps: dict[tuple[str, tuple[str, ...]], str], path: tuple[str, ...]) -> None:
    text = helps["en", path]
    assert not CJK.search(text), text
    for opt in _option_names(COMMANDS[path]):
        assert opt in text
    # The command's own help text is there, not just Typer's frame around the options.
    assert len(re.findall(r"[A-Za-z]{4,}", text)) > 20, text


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "envdoctor")
def test_chinese_help_keeps_exit_codes(
    helps: dict[tuple[str, tuple[str, ...]], str], path: tuple[str, ...]
) -> None:
    """Where the English help lists exit codes, the Chinese one lists the same codes."""
    english = re.search(r"Exit codes: (.*?)\.(?: |$)", " ".join(helps["en", path].split()))
    chinese = re.search(r"退出码：(.*?)。", "".join(helps["zh-argv", path].split()))
    if english is None:
        assert chinese is None
        return
    assert chinese is not None, helps["zh-argv", path]
    assert re.findall(r"\b\d\b", english.group(1)) == re.findall(
        r"(?<!\d)\d(?!\d)", chinese.group(1)
    )
    assert path in {("check",), ("install",), ("wheel",), ("explain",), ("matrix",)} | {
        ("matrix", "update")
    }


def test_locale_variables_choose_chinese_and_lang_overrides_them() -> None:
    env = {**_clean_env(Path(os.environ["HOME"])), "LANG": "zh_CN.UTF-8"}
    zh = subprocess.run(
        [sys.executable, "-m", "envdoctor", "mirrors", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert CJK.search(zh.stdout), zh.stdout
    en = subprocess.run(
        [sys.executable, "-m", "envdoctor", "--lang=en", "mirrors", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert not CJK.search(en.stdout), en.stdout


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "zh_CN", "check", "--help"], {}, "zh_CN"),
        (["--lang=zh-CN", "check"], {}, "zh-CN"),
        (["check", "--lang", "zh", "--help"], {}, "zh"),
        (["--lang", "en", "--lang", "zh_CN", "check"], {}, "zh_CN"),
        (["--lang", "zh_CN"], {"ENVDOCTOR_LANG": "en"}, "zh_CN"),
        (["check"], {"ENVDOCTOR_LANG": "zh_CN"}, "zh_CN"),
        # Unsupported values are the root callback's to reject; the help falls back.
        (["--lang", "fr", "check"], {"ENVDOCTOR_LANG": "zh_CN"}, "zh_CN"),
        (["--lang", "fr"], {}, None),
        # After `--` it is an argument, not an option.
        (["explain", "--", "--lang", "zh_CN"], {}, None),
        (["--lang"], {}, None),
        ([], {"LANG": "zh_CN.UTF-8"}, None),
    ],
)
def test_requested_language(argv: list[str], environ: dict[str, str], expected: str | None) -> None:
    assert requested_language(argv, environ) == expected


def test_chinese_runs_that_print_no_help_do_not_load_typers_help_renderer() -> None:
    """Localising Typer's help frame costs 0.1 s of imports: only help pages pay it."""
    code = (
        "import sys\n"
        "sys.argv = ['envdoctor', '--lang', 'zh_CN', 'matrix', '--json']\n"
        "from envdoctor.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='envdoctor')\nexcept SystemExit:\n    pass\n"
        "print('LOADED' if 'typer.rich_utils' in sys.modules else 'NOT-LOADED')\n"
    )
    env = _clean_env(Path(os.environ["HOME"]))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert proc.stdout.strip().endswith("NOT-LOADED"), proc.stdout
