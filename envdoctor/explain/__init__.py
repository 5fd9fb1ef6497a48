"""`envdoctor explain`: map error messages people actually hit to cause and fix.

`engine.explain(text, snapshot)` is pure; `catalog` holds the known errors;
`decode` turns the numbers inside messages into meaning.

The package's names load the engine (and with it every family) only when asked for:
`check` reads the table in `explain.cuda_errors` without paying for the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from envdoctor.explain.engine import explain, normalise
    from envdoctor.explain.model import Explanation

__all__ = ["Explanation", "explain", "normalise"]


def __getattr__(name: str) -> Any:
    if name in ("explain", "normalise"):
        from envdoctor.explain import engine

        return getattr(engine, name)
    if name == "Explanation":
        from envdoctor.explain.model import Explanation

        return Explanation
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
