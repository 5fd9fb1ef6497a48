"""Helpers for the explain tests: real error text from tests/fixtures/errors."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "errors"


def fixture_text(name: str) -> str:
    """The fixture's text without its `# source:` line (the URL stays in the file)."""
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return "\n".join(line for line in raw.splitlines() if not line.startswith("# source:"))


def fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.txt"))


def allow_cli_import_without_sibling_commands() -> None:
    """Let `envdoctor.cli` import while a sibling command module has not landed yet.

    envdoctor/cli/__init__.py imports every module in _COMMAND_MODULES; commands are
    written in parallel, so a listed module may still be missing from this checkout.
    Only a missing file gets a do-nothing stand-in; a present module is imported for
    real (and its errors surface).
    """
    import importlib.util
    import sys
    import types

    spec = importlib.util.find_spec("envdoctor")
    assert spec is not None and spec.submodule_search_locations
    cli_dir = Path(next(iter(spec.submodule_search_locations))) / "cli"
    source = (cli_dir / "__init__.py").read_text(encoding="utf-8")
    start = source.index("_COMMAND_MODULES = (")
    names = source[start : source.index(")", start)].split("(", 1)[1]
    for name in (n.strip().strip("\"'") for n in names.split(",")):
        if name and not (cli_dir / f"{name}.py").exists():
            stand_in = types.ModuleType(f"envdoctor.cli.{name}")
            stand_in.register = lambda app: None  # type: ignore[attr-defined]
            sys.modules.setdefault(f"envdoctor.cli.{name}", stand_in)
