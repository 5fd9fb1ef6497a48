"""`envdoctor explain`: map error messages people actually hit to cause and fix.

`engine.explain(text, snapshot)` is pure; `catalog` holds the known errors;
`decode` turns the numbers inside messages into meaning.
"""

from __future__ import annotations

from envdoctor.explain.engine import explain, normalise
from envdoctor.explain.model import Explanation

__all__ = ["Explanation", "explain", "normalise"]
