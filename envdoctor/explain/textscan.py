"""Searching a pasted text that may be a 10 MB log, without scanning all of it with a regex.

A case-insensitive regex over megabytes costs tenths of a second per pattern; a plain
substring search of the lower-cased text costs milliseconds. So every regex that reads a
fact from the whole paste runs only next to a literal anchor the fact must contain.
"""

from __future__ import annotations

import re

# Anchor occurrences tried per search, and how far past an anchor the regex may read.
ANCHOR_TRIES = 200
ANCHOR_REACH = 200


def lowercase(flat: str) -> str:
    """`flat.lower()` with the same length, so offsets found in it index `flat` too.

    A few characters lower-case to two ('İ' -> 'i̇'); those are kept as they are.
    """
    lower = flat.lower()
    if len(lower) == len(flat):
        return lower
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in flat)


def search_near(
    flat: str,
    lower: str,
    pattern: re.Pattern[str],
    anchors: tuple[str, ...],
    *,
    before: int = 40,
    reach: int = ANCHOR_REACH,
) -> re.Match[str] | None:
    """The first match of `pattern` that starts within `before` characters ahead of an
    anchor (lower-case literal) and ends within `reach` after it, in anchor order."""
    for anchor in anchors:
        at, tries = lower.find(anchor), 0
        while at != -1 and tries < ANCHOR_TRIES:
            m = pattern.search(flat, max(0, at - before), at + len(anchor) + reach)
            if m:
                return m
            at, tries = lower.find(anchor, at + 1), tries + 1
    return None


__all__ = ["ANCHOR_REACH", "ANCHOR_TRIES", "lowercase", "search_near"]
