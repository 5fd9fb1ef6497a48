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
