"""`compat.commands`: the interpreter named in advice for another machine."""

from __future__ import annotations

import pytest

from envdoctor.compat.commands import generic_python


@pytest.mark.parametrize(
    ("os_name", "version", "expected"),
    [
        ("windows", "3.8", ("py", "-3.8")),
        ("windows", "3.8.10", ("py", "-3.8")),
        ("windows", "3.13t", ("py", "-3.13t")),  # the launcher's free-threaded selector
        ("windows", None, ("py",)),
        ("windows", "junk", ("py",)),  # unreadable: no version guessed
        ("linux", "3.8", ("python",)),
        ("macos", None, ("python",)),
    ],
)
def test_generic_python(os_name: str, version: str | None, expected: tuple[str, ...]) -> None:
    assert generic_python(os_name, version) == expected
