"""The whole catalogue of known errors, gathered from the family modules.

Entries live in `envdoctor/explain/families/`, each registered next to the function
that advises on it; this module only gathers them for the engine and the tests.
"""

from __future__ import annotations

from envdoctor.explain.families import CATALOG, FAMILIES
from envdoctor.explain.spec import ErrorKind, ErrorSpec

__all__ = ["CATALOG", "FAMILIES", "ErrorKind", "ErrorSpec"]
