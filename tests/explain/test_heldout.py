"""Recognition measured on held-out real messages (tests/fixtures/errors_heldout).

Those messages were collected from public threads but not used to write the patterns.
Environment errors must be recognised as such (>= 90%); no error in the user's code may
be answered with an environment fix (reinstalling packages, changing the driver).
"""

from __future__ import annotations

import re
from pathlib import Path

from envdoctor.explain import explain

HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "errors_heldout"
# Steps that change the installation: never acceptable for a bug in the user's code.
ENV_FIX = re.compile(
    r"pip install|pip uninstall|--index-url|conda install|apt install|nvidia-driver|"
    r"upgrade the (?:nvidia )?driver|reinstall torch",
    re.IGNORECASE,
)


def _text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# source:"))


def _files(prefix: str) -> list[Path]:
    return sorted(HELDOUT.glob(f"{prefix}__*.txt"))


def test_the_held_out_set_is_large_enough() -> None:
    assert len(_files("env")) >= 40
    assert len(_files("code")) >= 12


def test_at_least_90_percent_of_environment_errors_are_recognised() -> None:
    files = _files("env")
    recognised = [f.name for f in files if any(e.kind == "environment" for e in explain(_text(f)))]
    assert len(recognised) / len(files) >= 0.9, sorted({f.name for f in files} - set(recognised))


def test_no_user_code_error_gets_an_environment_fix() -> None:
    for path in _files("code"):
        results = explain(_text(path))
        assert results, path.name
        for result in results:
            assert result.kind == "code", (path.name, result.code)
            assert result.finding_code is None
            assert not any(ENV_FIX.search(step) for step in result.fix), (path.name, result.fix)


def test_every_held_out_file_names_its_source() -> None:
    table = (HELDOUT / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted(HELDOUT.glob("*.txt")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        url = first.removeprefix("# source: ").strip()
        assert url.startswith("https://github.com/"), path.name
        assert f"| {path.name} | {url} |" in table, path.name
