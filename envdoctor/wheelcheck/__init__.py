"""`envdoctor wheel`: will a downloaded wheel install into the target Python, and fit its GPU?

Pure logic (names, tags, verdicts) plus one small I/O module (`archive`) that looks
inside a wheel file; the CLI gathers the facts and chooses the exit code.
"""

from __future__ import annotations

__all__: list[str] = []
